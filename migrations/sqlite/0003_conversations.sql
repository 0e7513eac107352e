-- The conversation engine: LINE profiles, contacts, conversations, messages and the outbox.
-- Events are claimed by a worker (claimed_until) and marked processed once applied.

ALTER TABLE webhook_events ADD COLUMN claimed_until BIGINT;
ALTER TABLE webhook_events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_events ADD COLUMN last_error TEXT;

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT   NOT NULL,
    email      TEXT,
    phone      TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A LINE user as one account sees them (user IDs differ per provider).
CREATE TABLE social_profiles (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     BIGINT   NOT NULL REFERENCES line_accounts (id),
    line_user_id   TEXT     NOT NULL,
    display_name   TEXT,
    picture_url    TEXT,
    language       TEXT,
    status_message TEXT,
    blocked        SMALLINT NOT NULL DEFAULT 0,
    friend_since   BIGINT,
    contact_id     BIGINT   REFERENCES contacts (id),
    fetched_at     BIGINT,
    created_at     BIGINT   NOT NULL,
    updated_at     BIGINT   NOT NULL,
    UNIQUE (account_id, line_user_id)
);

CREATE TABLE conversations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id       BIGINT NOT NULL REFERENCES line_accounts (id),
    chat_kind        TEXT   NOT NULL CHECK (chat_kind IN ('user', 'group', 'room')),
    chat_id          TEXT   NOT NULL,
    profile_id       BIGINT REFERENCES social_profiles (id),
    contact_id       BIGINT REFERENCES contacts (id),
    state            TEXT   NOT NULL CHECK (state IN ('open', 'active', 'waiting', 'wrapup', 'closed')),
    assigned_user_id BIGINT,
    reply_token      TEXT,
    reply_token_at   BIGINT,
    opened_at        BIGINT NOT NULL,
    last_message_at  BIGINT NOT NULL,
    closed_at        BIGINT
);
-- One open conversation per account and chat.
CREATE UNIQUE INDEX conversations_one_open ON conversations (account_id, chat_id) WHERE state <> 'closed';

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id BIGINT   NOT NULL REFERENCES conversations (id),
    direction       TEXT     NOT NULL CHECK (direction IN ('in', 'out', 'system')),
    kind            TEXT     NOT NULL,
    line_message_id TEXT,
    sender_id       TEXT,
    author_user_id  BIGINT,
    body            TEXT,
    payload         TEXT     NOT NULL,
    sent_at         BIGINT   NOT NULL,
    created_at      BIGINT   NOT NULL,
    unsent          SMALLINT NOT NULL DEFAULT 0,
    edited_at       BIGINT,
    delivery        TEXT     CHECK (delivery IN ('queued', 'sent', 'failed')),
    failure         TEXT
);
CREATE UNIQUE INDEX messages_line_id ON messages (conversation_id, line_message_id);
CREATE INDEX messages_by_conversation ON messages (conversation_id, sent_at, id);

-- Outbound messages wait here until LINE accepted them (or refused them for good).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id      BIGINT  NOT NULL REFERENCES messages (id),
    account_id      BIGINT  NOT NULL REFERENCES line_accounts (id),
    to_id           TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    retry_key       TEXT    NOT NULL UNIQUE,
    reply_token     TEXT,
    reply_token_at  BIGINT,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    claimed_until   BIGINT,
    last_error      TEXT,
    created_at      BIGINT  NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
