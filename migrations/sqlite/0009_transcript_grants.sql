-- Auditors read conversations only while an administrator's grant lasts. Grants are kept after
-- they end (revoked or expired) so the record of who could read what stays.
CREATE TABLE transcript_grants (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    granted_by BIGINT NOT NULL REFERENCES users (id),
    granted_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by BIGINT REFERENCES users (id)
);
CREATE INDEX transcript_grants_by_user ON transcript_grants (user_id, expires_at);
