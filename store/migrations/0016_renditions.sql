-- One submission, one item (issue 17). A file whose item is the same text (at least
-- 98% of each text in passages shared with the other) as a stored item of the same
-- unit is kept as another rendition of that item, not as a new item: the file stays
-- in files (its text and original, downloadable), the item's place in it is here.
-- Merging two items on the near-duplicate page makes one a rendition of the other.
CREATE TABLE item_renditions (
    file_sha256 TEXT NOT NULL REFERENCES files(sha256) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,       -- the item's place in that file
    item_id     TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,          -- as split out of that file
    unit        TEXT,
    chars       INTEGER NOT NULL,
    ratio       REAL NOT NULL,          -- min of both texts' shares in shared passages
    how         TEXT NOT NULL,          -- 'ingest' | 'merge'
    actor       TEXT,                   -- who merged ('merge')
    added_at    TEXT NOT NULL,
    PRIMARY KEY (file_sha256, seq)
);
CREATE INDEX item_renditions_item ON item_renditions(item_id);

-- Pairs of items marked "not duplicates" on the near-duplicate page (item_a < item_b):
-- the page no longer offers them.
CREATE TABLE dupe_verdicts (
    item_a  TEXT NOT NULL,
    item_b  TEXT NOT NULL,
    verdict TEXT NOT NULL,              -- 'distinct'
    actor   TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (item_a, item_b)
);
