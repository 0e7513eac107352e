-- Kept in step with migrations/sqlite/0012 (where the per-chat index of pending events is
-- replaced by one of claimed events). PostgreSQL keeps webhook_events_chat_pending: several
-- processes claim at once there, and a chat's next event must wait for every earlier unprocessed
-- one, claimed by another process's uncommitted transaction or not.
SELECT 1;
