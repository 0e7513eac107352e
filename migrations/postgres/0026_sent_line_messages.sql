-- LINE's id and quote token of each message the desk sent (LINE answers every reply and push
-- with them): a customer quoting an agent's message is shown what they quoted.
CREATE TABLE sent_line_messages (
    line_message_id TEXT   NOT NULL PRIMARY KEY,
    message_id      BIGINT NOT NULL REFERENCES messages (id),
    quote_token     TEXT
);
CREATE INDEX sent_line_messages_by_message ON sent_line_messages (message_id);
