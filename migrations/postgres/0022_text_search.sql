-- Message text search for languages without spaces (Japanese, Thai, Chinese): a GIN index of
-- every character trigram of the lower-cased text. The trigrams are made here, not by pg_trgm,
-- whose word splitting depends on the database's locale (under C it drops every CJK and Thai
-- character). Queries of 3+ characters need all their trigrams, then LIKE checks the order;
-- a 2-character query is a prefix of trigrams ('配送':*), so each text gets a newline after it
-- ("…配送" ends in the trigram "配送\n"). db/text_search.rs builds the queries.
CREATE FUNCTION linedesk_trigrams(t TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_tsvector(ARRAY(
        SELECT substr(s, i, 3)
        FROM (SELECT lower(t) || chr(10) AS s) AS x, generate_series(1, greatest(length(s) - 2, 1)) AS i
    ))
$$;
CREATE INDEX message_search ON messages USING gin (linedesk_trigrams(body))
    WHERE body IS NOT NULL AND body <> '';

-- The same for contacts: name, email, phone and folded reading, one line each (the query in
-- db/text_search.rs repeats this expression so the planner finds the index).
CREATE INDEX contact_search ON contacts USING gin (linedesk_trigrams(
    COALESCE(name, '') || chr(10) || COALESCE(email, '') || chr(10)
    || COALESCE(phone, '') || chr(10) || COALESCE(reading_fold, '')
));
