-- A SQLite database belongs to one process, whose one event worker applies what it claims in id
-- order; so a chat's later event only has to wait for its earlier events that are in flight or
-- waiting to be retried (claimed, not yet processed), not for every unprocessed one. The index of
-- every pending event by chat cost the callback a random page per stored event (half of what it
-- wrote under load); this one holds only claimed events, a handful, and is written by the worker.
-- PostgreSQL, shared by processes, keeps webhook_events_chat_pending.
DROP INDEX webhook_events_chat_pending;
CREATE INDEX webhook_events_chat_claimed ON webhook_events (account_id, chat_key, id)
    WHERE processed_at IS NULL AND claimed_until IS NOT NULL;
