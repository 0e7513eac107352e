-- Backups taken with `linedesk backup`: the doctor reports the last one, and a migration that
-- may lose data runs only after a fresh one (db/migrations.rs).
CREATE TABLE backups (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    taken_at BIGINT  NOT NULL,
    file     TEXT    NOT NULL,
    bytes    BIGINT  NOT NULL
);
CREATE INDEX backups_by_time ON backups (taken_at);
