-- Rewording check (issue 22): per-item winnowed hashes of the synonym-class view
-- (similarity/classgrams.py). version names the class parameters and the thesaurus
-- digest; rows of another version are recomputed on load (an edited domain list).
CREATE TABLE sim_class_signatures (
    item_id  TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    version  TEXT NOT NULL,
    grams    BLOB NOT NULL              -- uint32 little-endian, sorted winnowed class 5-gram hashes
);
