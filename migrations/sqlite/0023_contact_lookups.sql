-- A contact's profiles and conversations, counted on every line of the Contacts list and
-- listed on the contact's page: found by the contact, not by reading every row (at 100,000
-- messages the Contacts search took 140 ms reading them; bench/ANALYSIS.md, session 26).
CREATE INDEX social_profiles_by_contact ON social_profiles (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX conversations_by_contact ON conversations (contact_id) WHERE contact_id IS NOT NULL;
