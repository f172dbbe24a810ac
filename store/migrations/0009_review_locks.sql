-- The blind rule: a reviewer sees the other reviewers' scores for an item only after
-- submitting their own, and from the moment they see them their own score for the item
-- is locked (they could otherwise move it towards the others'). An admin may unlock it
-- for one change (audited); the change locks it again. Kept beside review_scores (not
-- a column of it) so exports and imports of scores keep their shape.
CREATE TABLE IF NOT EXISTS review_locks (
    item_id     TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    locked_at   TEXT NOT NULL,       -- when the reviewer first saw the others' scores
    unlocked_by TEXT,                -- the admin who allowed one more change, or NULL
    unlocked_at TEXT,
    changes     INTEGER NOT NULL DEFAULT 0,  -- changes made after seeing the others
    PRIMARY KEY (item_id, reviewer)
) WITHOUT ROWID;
