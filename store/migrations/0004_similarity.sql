-- Similarity check: per-item signatures and the user's reference texts.
-- version names the signature parameters (similarity/signatures.py params_version);
-- rows of another version are recomputed on load.
CREATE TABLE sim_signatures (
    item_id  TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    version  TEXT NOT NULL,
    chars    INTEGER NOT NULL,          -- length of the punctuation-free view
    minhash  BLOB NOT NULL,             -- uint32 little-endian [num_perm], datasketch affine32
    grams    BLOB NOT NULL              -- uint32 little-endian, sorted winnowed 8-gram hashes
);

-- Reference texts (central documents of a campaign, templates): passages matching
-- them are common text, shown apart and outside the main ratio.
CREATE TABLE sim_references (
    id        INTEGER PRIMARY KEY,
    title     TEXT NOT NULL,
    sha256    TEXT NOT NULL UNIQUE,     -- of the text, so adding one twice is a no-op
    text      TEXT NOT NULL,
    added_at  TEXT NOT NULL
);
