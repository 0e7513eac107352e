-- Privacy: retention per messaging account, purged message content, erased LINE users.

ALTER TABLE line_accounts ADD COLUMN retention_days INTEGER;
ALTER TABLE messages ADD COLUMN purged_at BIGINT;
ALTER TABLE social_profiles ADD COLUMN erased_at BIGINT;
