-- Read receipts (LINE's "Read" mark): when each account marks a customer's messages read, what
-- LINE says about the account's chat mode, how far each conversation has been marked, and
-- outbox calls that are not messages.
ALTER TABLE line_accounts ADD COLUMN mark_read TEXT NOT NULL DEFAULT 'on_view'
    CHECK (mark_read IN ('on_view', 'on_reply', 'never'));
ALTER TABLE line_accounts ADD COLUMN bot_chat_mode TEXT CHECK (bot_chat_mode IN ('chat', 'bot'));
ALTER TABLE line_accounts ADD COLUMN bot_mark_read_mode TEXT CHECK (bot_mark_read_mode IN ('auto', 'manual'));
-- The newest customer message whose read mark was queued: each token is used once.
ALTER TABLE conversations ADD COLUMN marked_read_message_id BIGINT;
-- 'send' calls carry messages (reply or push); 'mark_read' calls carry a markAsReadToken and
-- point at the customer's message they mark.
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'send' CHECK (kind IN ('send', 'mark_read'));
