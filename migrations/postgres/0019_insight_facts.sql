-- Insights: what a report needs to know of a conversation's path that later changes overwrite.
-- queued_at and assigned_at move on every transfer; these keep the first time, set in the same
-- statement as the change they record.
ALTER TABLE conversations ADD COLUMN first_queued_at BIGINT;
ALTER TABLE conversations ADD COLUMN first_assigned_at BIGINT;
-- The workstream's bot answered it at some point (bot_active says only whether it still does).
ALTER TABLE conversations ADD COLUMN bot_served SMALLINT NOT NULL DEFAULT 0;
-- Moves to another queue or another agent after the first assignment.
ALTER TABLE conversations ADD COLUMN transfers INTEGER NOT NULL DEFAULT 0;
-- Conversations from before this migration: the best that is known.
UPDATE conversations SET first_queued_at = queued_at, first_assigned_at = assigned_at, bot_served = bot_active;
-- Reports select conversations by when they opened.
CREATE INDEX conversations_by_opened ON conversations (opened_at);
CREATE INDEX survey_responses_by_sent ON survey_responses (sent_at);
