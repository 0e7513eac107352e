-- Each person's own display language and time zone (NULL: not chosen; the browser's
-- Accept-Language and the organisation's defaults in `settings` decide). Language tags are the
-- portal's (en, ja, th, zh-TW, it); zones are IANA names (Asia/Tokyo).
ALTER TABLE users ADD COLUMN language TEXT;
ALTER TABLE users ADD COLUMN time_zone TEXT;
