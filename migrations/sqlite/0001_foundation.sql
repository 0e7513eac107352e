-- Foundation: people, sessions, sign-in throttling, the one-time setup link, settings and the
-- Flags are 0/1 integers in both dialects: sqlx's Any driver cannot read SQLite booleans.
-- audit log. Timestamps are Unix milliseconds (BIGINT) in both dialects.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'auditor')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    session_epoch BIGINT  NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    last_login_at BIGINT
);

CREATE TABLE sessions (
    id_hash    TEXT   PRIMARY KEY,
    data       BLOB   NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE login_attempts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    email          TEXT    NOT NULL,
    client_address TEXT,
    succeeded      INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
    at             BIGINT  NOT NULL
);
CREATE INDEX login_attempts_email_at ON login_attempts (email, at);

CREATE TABLE setup_tokens (
    token_hash TEXT   PRIMARY KEY,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE settings (
    key        TEXT   PRIMARY KEY,
    value      TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             BIGINT NOT NULL,
    actor_id       BIGINT,
    actor_email    TEXT,
    action         TEXT   NOT NULL,
    entity         TEXT   NOT NULL,
    entity_id      TEXT,
    client_address TEXT,
    detail         TEXT   NOT NULL,
    prev_hash      TEXT   NOT NULL,
    hash           TEXT   NOT NULL
);
CREATE INDEX audit_log_action ON audit_log (action);
