-- Agents' load counts conversations closed within the wrap-up horizon: found by when they
-- closed, not by reading every closed conversation. (PostgreSQL's 0021 also puts the rollup
-- counts in insight_hours' key index; SQLite's WITHOUT ROWID table is stored in key order.)
CREATE INDEX conversations_by_closed ON conversations (closed_at) WHERE closed_at IS NOT NULL;
