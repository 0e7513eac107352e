-- A signed-in request reads its session row and its user in one query: the session keeps the
-- user's id and the sign-in epoch beside its data, and when it was last saved (unix seconds).
-- Sessions saved before this migration have none of them and are read the old way until their
-- next save.
ALTER TABLE sessions ADD COLUMN user_id BIGINT;
ALTER TABLE sessions ADD COLUMN session_epoch BIGINT;
ALTER TABLE sessions ADD COLUMN saved_at BIGINT;
