-- Workstreams, their fallback queues and their LINE channel instance. Settings and channel
-- configuration are JSON documents (every field has a default in the domain crate), so adding a
-- setting needs no migration. Survey answers are kept per conversation.

CREATE TABLE queues (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL UNIQUE,
    priority   INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);

CREATE TABLE workstreams (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT   NOT NULL,
    mode              TEXT   NOT NULL CHECK (mode IN ('push', 'pick')),
    fallback_queue_id BIGINT NOT NULL REFERENCES queues (id),
    settings          TEXT   NOT NULL,
    created_by_email  TEXT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    deleted_at        BIGINT
);
-- Deleted workstreams keep their row (conversations name them) but free their name.
CREATE UNIQUE INDEX workstreams_live_name ON workstreams (name) WHERE deleted_at IS NULL;

CREATE TABLE line_channels (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    workstream_id BIGINT   NOT NULL UNIQUE REFERENCES workstreams (id),
    account_id    BIGINT   REFERENCES line_accounts (id),
    config        TEXT     NOT NULL,
    active        SMALLINT NOT NULL DEFAULT 0,
    created_at    BIGINT   NOT NULL,
    updated_at    BIGINT   NOT NULL
);
-- An account feeds one workstream's LINE channel at most.
CREATE UNIQUE INDEX line_channels_one_per_account ON line_channels (account_id) WHERE account_id IS NOT NULL;

ALTER TABLE conversations ADD COLUMN workstream_id BIGINT REFERENCES workstreams (id);
ALTER TABLE conversations ADD COLUMN queue_id BIGINT REFERENCES queues (id);
CREATE INDEX conversations_open_by_activity ON conversations (state, last_message_at);

CREATE TABLE survey_responses (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id BIGINT  NOT NULL UNIQUE REFERENCES conversations (id),
    account_id      BIGINT  NOT NULL REFERENCES line_accounts (id),
    chat_id         TEXT    NOT NULL,
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    comment         TEXT,
    -- Until then, the customer's next text is taken as the survey comment.
    comment_open_until BIGINT,
    sent_at         BIGINT  NOT NULL,
    answered_at     BIGINT
);
CREATE INDEX survey_responses_by_chat ON survey_responses (account_id, chat_id);
