-- Media of LINE messages: downloaded from LINE's data API into a content-addressed store under
-- DATA_DIR/attachments (provider "line"), or kept as the sender's URLs (provider "external").

CREATE TABLE attachments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id      BIGINT  NOT NULL REFERENCES messages (id),
    account_id      BIGINT  NOT NULL REFERENCES line_accounts (id),
    line_message_id TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'stored', 'failed', 'external')),
    external_url    TEXT,
    content_type    TEXT,
    size            BIGINT,
    file_name       TEXT,
    sha256          TEXT,
    error           TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    claimed_until   BIGINT,
    created_at      BIGINT  NOT NULL,
    UNIQUE (message_id)
);
CREATE INDEX attachments_due ON attachments (state, next_attempt_at);
