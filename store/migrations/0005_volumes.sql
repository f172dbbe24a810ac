-- Compiled volumes (汇编): a title page, a preface, sections and the ordered items in
-- each. An item appears at most once in a volume (primary key below), whatever its
-- section. Per-volume title/unit overrides leave the stored submission unchanged.
--
-- volume_items.item_id deliberately has no foreign key to items: re-ingesting a file
-- replaces its item rows, and a volume must not silently lose its items when that
-- happens; export reports an item that is no longer stored (E310) instead.
CREATE TABLE volumes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    subtitle    TEXT,
    date        TEXT,
    preface     TEXT NOT NULL DEFAULT '',
    sectioning  TEXT NOT NULL DEFAULT 'award'
                CHECK (sectioning IN ('award', 'region', 'manual')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE volume_sections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    volume_id   INTEGER NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    UNIQUE (volume_id, title),
    UNIQUE (id, volume_id)
);

CREATE TABLE volume_items (
    volume_id      INTEGER NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
    section_id     INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    item_id        TEXT NOT NULL,
    title_override TEXT,
    unit_override  TEXT,
    added_at       TEXT NOT NULL,
    PRIMARY KEY (volume_id, item_id),
    -- the section must belong to the same volume
    FOREIGN KEY (section_id, volume_id) REFERENCES volume_sections(id, volume_id)
        ON DELETE CASCADE
);

CREATE INDEX volume_items_order ON volume_items(section_id, position);
CREATE INDEX volume_sections_order ON volume_sections(volume_id, position);
