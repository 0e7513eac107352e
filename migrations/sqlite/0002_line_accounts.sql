-- LINE messaging accounts and the raw webhook events their callback stores.
-- Secrets are sealed with AES-256-GCM (nonce || ciphertext); only their last four characters
-- are kept in clear, for masked display. A deleted account keeps its row (history links to it)
-- with secrets wiped and no callback key.

CREATE TABLE line_accounts (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    name                   TEXT   NOT NULL,
    channel_id             TEXT   NOT NULL DEFAULT '',
    secret_sealed          BLOB,
    secret_last4           TEXT,
    token_sealed           BLOB,
    token_last4            TEXT,
    webhook_key            TEXT   UNIQUE,
    status                 TEXT   NOT NULL CHECK (status IN ('draft', 'verified', 'unverified', 'inactive')),
    bot_user_id            TEXT,
    bot_display_name       TEXT,
    bot_basic_id           TEXT,
    bot_picture_url        TEXT,
    verified_at            BIGINT,
    verify_error           TEXT,
    last_webhook_at        BIGINT,
    privacy_ack_user_id    BIGINT,
    privacy_ack_email      TEXT,
    privacy_ack_at         BIGINT,
    privacy_notice_version TEXT,
    created_by             BIGINT,
    created_by_email       TEXT,
    created_at             BIGINT NOT NULL,
    updated_at             BIGINT NOT NULL,
    deleted_at             BIGINT
);
-- Names (any case) and channel IDs are unique among live accounts; drafts and deleted rows
-- do not block anyone.
CREATE UNIQUE INDEX line_accounts_live_name ON line_accounts (lower(name)) WHERE deleted_at IS NULL AND status <> 'draft';
CREATE UNIQUE INDEX line_accounts_live_channel ON line_accounts (channel_id) WHERE deleted_at IS NULL AND status <> 'draft';

CREATE TABLE webhook_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     BIGINT   NOT NULL REFERENCES line_accounts (id),
    event_id       TEXT     NOT NULL,
    event_type     TEXT     NOT NULL,
    source_user_id TEXT,
    event_time     BIGINT,
    redelivery     SMALLINT NOT NULL DEFAULT 0,
    body           TEXT     NOT NULL,
    received_at    BIGINT   NOT NULL,
    processed_at   BIGINT,
    UNIQUE (account_id, event_id)
);
CREATE INDEX webhook_events_unprocessed ON webhook_events (processed_at, id);
