-- Conflict of interest for items whose unit was not found: such an item is "unknown"
-- and no reviewer may score it until an admin says which unit it is from (or that it
-- is from none). The admin's answer is kept here, not written into items.unit (which
-- the analysis derives from the text).
CREATE TABLE IF NOT EXISTS review_units (
    item_id     TEXT PRIMARY KEY,
    unit        TEXT NOT NULL,        -- '' : the admin found no unit (no conflict)
    resolved_by TEXT NOT NULL,
    resolved_at TEXT NOT NULL
) WITHOUT ROWID;
