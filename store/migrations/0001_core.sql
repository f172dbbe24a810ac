-- Files, their names, and the items split out of them.
CREATE TABLE files (
    sha256      TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    pages       INTEGER,
    raw_text    TEXT NOT NULL,
    norm_text   TEXT NOT NULL,
    offset_map  BLOB NOT NULL,          -- zlib(uint32[]): normalized offset -> raw offset
    furniture   TEXT NOT NULL DEFAULT '[]',
    blob_path   TEXT,                   -- the original, under its content-hash name
    ingested_at TEXT NOT NULL
);

CREATE TABLE file_names (
    sha256     TEXT NOT NULL REFERENCES files(sha256) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (sha256, name)
);

CREATE TABLE items (
    id            TEXT PRIMARY KEY,     -- sha256(file sha256 ":" seq)[:16]
    file_sha256   TEXT NOT NULL REFERENCES files(sha256) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    title         TEXT NOT NULL,
    unit          TEXT,
    authors       TEXT NOT NULL DEFAULT '[]',
    doc_number    TEXT,
    date          TEXT,
    region        TEXT,
    subject_words TEXT NOT NULL DEFAULT '[]',
    chars         INTEGER NOT NULL,
    page_first    INTEGER,
    page_last     INTEGER,
    line_first    INTEGER,
    line_last     INTEGER,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    body_start    INTEGER NOT NULL DEFAULT 0,
    kind_hint     TEXT,
    outline       TEXT NOT NULL DEFAULT '[]',
    text          TEXT NOT NULL,
    collection    TEXT NOT NULL DEFAULT 'default',
    created_at    TEXT NOT NULL,
    UNIQUE (file_sha256, seq)
);

CREATE INDEX items_date ON items(date);
CREATE INDEX items_unit ON items(unit);
CREATE INDEX items_chars ON items(chars);
