-- How a contact's name is read (furigana for a Japanese name: やまだ for 山田), as typed, and
-- the same folded for searching (lower case, katakana as hiragana: domain::contact::search_fold).
-- NULL: no reading. Contact and History searches match either the name or the reading.
ALTER TABLE contacts ADD COLUMN reading TEXT;
ALTER TABLE contacts ADD COLUMN reading_fold TEXT;
