-- Message text search for languages without spaces (Japanese, Thai, Chinese): an FTS5 index of
-- every character trigram, kept in step with messages by triggers (so the sqlx path and the
-- direct writer in db/sqlite/ both feed it). Queries of 3+ characters are a phrase of trigrams;
-- a 2-character query is served by the trigrams that start with it (db/text_search.rs), so
-- each text is indexed with a newline after it: "…配送" ends in the trigram "配送\n".
-- Contentless (the text lives in messages); contentless_delete and secure-delete make an
-- unsent, edited, purged or erased text leave the index at once, not at the next merge.
CREATE VIRTUAL TABLE message_search USING fts5(
    body, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1);
CREATE VIRTUAL TABLE message_search_terms USING fts5vocab(message_search, 'row');

CREATE TRIGGER message_search_insert AFTER INSERT ON messages
WHEN new.body IS NOT NULL AND new.body <> '' BEGIN
    INSERT INTO message_search (rowid, body) VALUES (new.id, new.body || char(10));
END;
CREATE TRIGGER message_search_update AFTER UPDATE OF body ON messages
WHEN old.body IS NOT new.body BEGIN
    DELETE FROM message_search WHERE rowid = old.id;
    INSERT INTO message_search (rowid, body)
        SELECT new.id, new.body || char(10) WHERE new.body IS NOT NULL AND new.body <> '';
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
    DELETE FROM message_search WHERE rowid = old.id;
END;

INSERT INTO message_search (rowid, body)
    SELECT id, body || char(10) FROM messages WHERE body IS NOT NULL AND body <> '';

-- The same for contacts: name, email, phone and folded reading, one line each.
CREATE VIRTUAL TABLE contact_search USING fts5(
    body, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO contact_search (contact_search, rank) VALUES ('secure-delete', 1);
CREATE VIRTUAL TABLE contact_search_terms USING fts5vocab(contact_search, 'row');

CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_search (rowid, body) VALUES (new.id,
        COALESCE(new.name, '') || char(10) || COALESCE(new.email, '') || char(10)
        || COALESCE(new.phone, '') || char(10) || COALESCE(new.reading_fold, '') || char(10));
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name, email, phone, reading_fold ON contacts BEGIN
    DELETE FROM contact_search WHERE rowid = old.id;
    INSERT INTO contact_search (rowid, body) VALUES (new.id,
        COALESCE(new.name, '') || char(10) || COALESCE(new.email, '') || char(10)
        || COALESCE(new.phone, '') || char(10) || COALESCE(new.reading_fold, '') || char(10));
END;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contact_search WHERE rowid = old.id;
END;

INSERT INTO contact_search (rowid, body)
    SELECT id, COALESCE(name, '') || char(10) || COALESCE(email, '') || char(10)
        || COALESCE(phone, '') || char(10) || COALESCE(reading_fold, '') || char(10)
    FROM contacts;
