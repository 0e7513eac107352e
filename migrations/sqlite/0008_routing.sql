-- Routing and distribution: queue members, agents' presence/capacity/skills, offers made to
-- agents (push), routing rules per workstream (a JSON document, like settings), bots.

CREATE TABLE queue_members (
    queue_id BIGINT NOT NULL REFERENCES queues (id),
    user_id  BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (queue_id, user_id)
);

-- One row per staff user once they set a presence or an admin sets their capacity.
CREATE TABLE agents (
    user_id          BIGINT  NOT NULL PRIMARY KEY REFERENCES users (id),
    presence         TEXT    NOT NULL DEFAULT 'offline',
    capacity         INTEGER NOT NULL DEFAULT 3,
    -- Lower-case skill names separated by commas.
    skills           TEXT    NOT NULL DEFAULT '',
    presence_at      BIGINT,
    -- "Longest idle first": the agent whose last assignment is oldest is offered work first.
    last_assigned_at BIGINT
);

CREATE TABLE offers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    state           TEXT   NOT NULL CHECK (state IN ('offered', 'accepted', 'declined', 'expired', 'withdrawn')),
    offered_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    decided_at      BIGINT
);
-- A conversation is offered to one agent at a time.
CREATE UNIQUE INDEX offers_one_pending ON offers (conversation_id) WHERE state = 'offered';
CREATE INDEX offers_by_user ON offers (user_id, state);

ALTER TABLE workstreams ADD COLUMN routing TEXT NOT NULL DEFAULT '{}';

ALTER TABLE conversations ADD COLUMN assigned_at BIGINT;
ALTER TABLE conversations ADD COLUMN queued_at BIGINT;
ALTER TABLE conversations ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN required_skills TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN routed_by TEXT;
-- The bot is answering (the conversation reaches a queue when it hands off).
ALTER TABLE conversations ADD COLUMN bot_active SMALLINT NOT NULL DEFAULT 0;
CREATE INDEX conversations_waiting ON conversations (state, queue_id);
CREATE INDEX conversations_by_agent ON conversations (assigned_user_id, state);

CREATE TABLE bots (
    workstream_id BIGINT NOT NULL PRIMARY KEY REFERENCES workstreams (id),
    kind          TEXT   NOT NULL CHECK (kind IN ('builtin', 'external')),
    enabled       SMALLINT NOT NULL DEFAULT 0,
    config        TEXT   NOT NULL,
    -- The external bot's shared secret, sealed with the master key.
    secret_sealed BLOB,
    updated_at    BIGINT NOT NULL
);
