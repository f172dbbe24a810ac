-- Sessions of the web app (issue 17): the browser keeps a cookie naming a session
-- (its id and an HMAC signature by the key in the store folder, session.key); the
-- row says who, since when, when last seen, and whether it was revoked (signed out,
-- account disabled, password changed). A reload, a new tab or a link resumes the
-- session while it is neither idle too long nor too old (HUIBIAN_SESSION_IDLE_MIN,
-- HUIBIAN_SESSION_MAX_HOURS).
CREATE TABLE IF NOT EXISTS app_sessions (
    id             TEXT PRIMARY KEY,     -- 32 random hex digits
    account        TEXT NOT NULL,
    started        REAL NOT NULL,        -- unix seconds
    last_seen      REAL NOT NULL,        -- unix seconds
    stamp          TEXT,                 -- the account's credential stamp at sign-in
    revoked_at     REAL,
    revoked_reason TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS app_sessions_account ON app_sessions(account);

-- Review rounds (初评, 复评 …): an admin opens a round, picks its items and assigns each
-- to N reviewers (never one of the item's unit); each reviewer scores their queue in
-- the round. A round's scores are its own (a reviewer may score an item again in the
-- next round); the blind rule holds within a round: a reviewer sees the others' scores
-- of an item only after submitting their own, and from then on their own is locked
-- (round_assignments.seen_at).
CREATE TABLE IF NOT EXISTS review_rounds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    per_item    INTEGER NOT NULL DEFAULT 0,   -- reviewers per item asked for
    method      TEXT NOT NULL DEFAULT 'even', -- even | random
    seeded_from INTEGER,                       -- the round whose shortlist seeded it
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    closed_at   TEXT
);
CREATE TABLE IF NOT EXISTS round_items (
    round_id INTEGER NOT NULL REFERENCES review_rounds(id),
    item_id  TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (round_id, item_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS round_assignments (
    round_id    INTEGER NOT NULL REFERENCES review_rounds(id),
    item_id     TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    assigned_at TEXT NOT NULL,
    seen_at     TEXT,              -- when the reviewer first saw the others' scores
    PRIMARY KEY (round_id, item_id, reviewer)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS round_assignments_reviewer ON round_assignments(reviewer, round_id);
CREATE TABLE IF NOT EXISTS round_scores (
    round_id     INTEGER NOT NULL REFERENCES review_rounds(id),
    item_id      TEXT NOT NULL,
    reviewer     TEXT NOT NULL,
    scores       TEXT NOT NULL,    -- JSON {criterion id: number}
    weighted     REAL NOT NULL,
    comment      TEXT NOT NULL DEFAULT '',
    rubric       TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (round_id, item_id, reviewer)
) WITHOUT ROWID;
