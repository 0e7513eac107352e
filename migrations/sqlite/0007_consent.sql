-- End-user notice and consent per messaging account, and each LINE user's decisions.

ALTER TABLE line_accounts ADD COLUMN recording_notice SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE line_accounts ADD COLUMN consent_required SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE line_accounts ADD COLUMN notice_text TEXT;

CREATE TABLE consents (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     BIGINT NOT NULL REFERENCES line_accounts (id),
    line_user_id   TEXT   NOT NULL,
    decision       TEXT   NOT NULL CHECK (decision IN ('granted', 'declined')),
    notice_version TEXT   NOT NULL,
    decided_at     BIGINT NOT NULL
);
CREATE INDEX consents_by_user ON consents (account_id, line_user_id, id);
