-- Analysis of each item: labels on the four taxonomy axes (rule, model, final and human,
-- side by side), keywords, entities and named carriers; the collection's document
-- frequencies for TF-IDF keywords.
CREATE TABLE labels (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    axis    TEXT NOT NULL,
    label   TEXT NOT NULL,
    score   REAL NOT NULL,
    reason  TEXT NOT NULL DEFAULT '',
    source  TEXT NOT NULL CHECK (source IN ('rule', 'model', 'final', 'human')),
    who     TEXT,
    at      TEXT NOT NULL,
    PRIMARY KEY (item_id, axis, label, source)
);
CREATE INDEX labels_axis_label ON labels(axis, label, source);

CREATE TABLE keywords (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    rank    INTEGER NOT NULL,
    word    TEXT NOT NULL,
    score   REAL NOT NULL,
    PRIMARY KEY (item_id, rank)
);

CREATE TABLE entities (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    label   TEXT NOT NULL,
    text    TEXT NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    PRIMARY KEY (item_id, start, end, label)
);

-- the collection index: named carrier -> items
CREATE TABLE named_carriers (
    item_id  TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    label    TEXT,
    sentence TEXT NOT NULL,
    PRIMARY KEY (item_id, name)
);
CREATE INDEX named_carriers_name ON named_carriers(name);

CREATE TABLE term_df (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
);
CREATE TABLE term_df_items (
    item_id TEXT PRIMARY KEY,       -- items counted in term_df (so a delete can uncount)
    terms   TEXT NOT NULL           -- JSON list
);
