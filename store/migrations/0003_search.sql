-- Full-text search: one FTS5 table holding two views of every item (search/analyze.py),
-- a compact row per item for filters and sorting, and one row per (item, facet label).
-- Written by the "search" ingest stage in the ingest transaction; `huibian reindex`
-- rebuilds all three. Safe to run twice.

-- docid is the FTS rowid. item_id is deliberately not a foreign key: when items are
-- deleted by a cascade, the row stays (with the tokens needed to delete the FTS
-- entries of a contentless table) until search.index.purge_orphans() removes both.
CREATE TABLE IF NOT EXISTS search_docs (
    docid      INTEGER PRIMARY KEY,
    item_id    TEXT NOT NULL UNIQUE,
    date       TEXT,
    year       INTEGER,
    chars      INTEGER NOT NULL,
    terms      BLOB NOT NULL          -- zlib(JSON list of the 6 indexed column texts)
);
CREATE INDEX IF NOT EXISTS search_docs_date ON search_docs(date);
CREATE INDEX IF NOT EXISTS search_docs_year ON search_docs(year);
CREATE INDEX IF NOT EXISTS search_docs_chars ON search_docs(chars);

-- axis: genre, sector, theme, carrier (effective labels), named_carrier, region, year,
-- unit, collection.
CREATE TABLE IF NOT EXISTS search_facets (
    axis  TEXT NOT NULL,
    label TEXT NOT NULL,
    docid INTEGER NOT NULL,
    PRIMARY KEY (axis, label, docid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS search_facets_docid ON search_facets(docid);

-- Word view (search-mode tokens) and gram view (character bigrams) of the title, of
-- the unit and named carriers, and of the body. Contentless: the text is in items.
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
    title_w, named_w, body_w, title_g, named_g, body_g,
    content = '',
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TABLE IF NOT EXISTS search_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Keep the label facets current when labels change after ingest (a human label, a
-- re-analysis): the effective labels of an axis are the human ones if any, else the
-- final ones (as nlp/analysis_store.py reads them). Rows of items not yet indexed are
-- skipped; the search stage writes them when it indexes the item.
CREATE TRIGGER IF NOT EXISTS search_labels_ins AFTER INSERT ON labels
WHEN NEW.source IN ('final', 'human') AND NEW.axis IN ('genre', 'sector', 'theme', 'carrier')
BEGIN
    DELETE FROM search_facets WHERE axis = NEW.axis
        AND docid = (SELECT docid FROM search_docs WHERE item_id = NEW.item_id);
    INSERT OR IGNORE INTO search_facets(axis, label, docid)
        SELECT l.axis, l.label, d.docid FROM labels l JOIN search_docs d ON d.item_id = l.item_id
        WHERE l.item_id = NEW.item_id AND l.axis = NEW.axis
          AND (l.source = 'human' OR (l.source = 'final' AND NOT EXISTS (
              SELECT 1 FROM labels h WHERE h.item_id = l.item_id AND h.axis = l.axis
                AND h.source = 'human')));
END;

CREATE TRIGGER IF NOT EXISTS search_labels_del AFTER DELETE ON labels
WHEN OLD.source IN ('final', 'human') AND OLD.axis IN ('genre', 'sector', 'theme', 'carrier')
BEGIN
    DELETE FROM search_facets WHERE axis = OLD.axis
        AND docid = (SELECT docid FROM search_docs WHERE item_id = OLD.item_id);
    INSERT OR IGNORE INTO search_facets(axis, label, docid)
        SELECT l.axis, l.label, d.docid FROM labels l JOIN search_docs d ON d.item_id = l.item_id
        WHERE l.item_id = OLD.item_id AND l.axis = OLD.axis
          AND (l.source = 'human' OR (l.source = 'final' AND NOT EXISTS (
              SELECT 1 FROM labels h WHERE h.item_id = l.item_id AND h.axis = l.axis
                AND h.source = 'human')));
END;

CREATE TRIGGER IF NOT EXISTS search_named_ins AFTER INSERT ON named_carriers
BEGIN
    INSERT OR IGNORE INTO search_facets(axis, label, docid)
        SELECT 'named_carrier', NEW.name, docid FROM search_docs WHERE item_id = NEW.item_id;
END;

CREATE TRIGGER IF NOT EXISTS search_named_del AFTER DELETE ON named_carriers
BEGIN
    DELETE FROM search_facets WHERE axis = 'named_carrier' AND label = OLD.name
        AND docid = (SELECT docid FROM search_docs WHERE item_id = OLD.item_id);
END;
