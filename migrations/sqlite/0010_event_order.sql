-- Events of one chat (a LINE user, group or room of an account) are applied in the order LINE
-- sent them, also when several processes share the database: a worker claims only the oldest
-- unprocessed event of each chat. Rows stored before this migration have no key and are
-- applied in id order as before.
ALTER TABLE webhook_events ADD COLUMN chat_key TEXT;
CREATE INDEX webhook_events_chat_pending ON webhook_events (account_id, chat_key, id) WHERE processed_at IS NULL;

-- An event applied again after a crash looks its message up by LINE's id across conversations.
CREATE INDEX messages_by_line_id ON messages (line_message_id);
