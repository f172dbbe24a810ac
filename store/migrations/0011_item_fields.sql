-- The confidence of each metadata field of an item (ingest/confidence.py): where the
-- field came from (ingest.layout's source: header, signature, body, absent, …) and the
-- precision that source had on the development set's train split. A field below the
-- threshold is shown as 待定 (pending) and listed by `huibian ls --pending`.
CREATE TABLE item_fields (
    item_id    TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    source     TEXT NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (item_id, field)
);
CREATE INDEX item_fields_confidence ON item_fields(confidence);
