-- The ranked index (tantivy, search/tantivy_index.py) is derived from search_docs and
-- search_facets, which stay the transactional truth. Every change to them journals the
-- item here, in the same transaction; the ranked index applies the journal after the
-- commit (search.tantivy_index.sync) and records the last applied seq in its own
-- atomic commit, so a crash between the two is repaired by replaying the journal.
-- AUTOINCREMENT: a seq is never reused after the applied part is trimmed.

CREATE TABLE IF NOT EXISTS search_journal (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id TEXT NOT NULL
);

CREATE TRIGGER IF NOT EXISTS search_journal_doc_ins AFTER INSERT ON search_docs
BEGIN
    INSERT INTO search_journal(item_id) VALUES (NEW.item_id);
END;

CREATE TRIGGER IF NOT EXISTS search_journal_doc_del AFTER DELETE ON search_docs
BEGIN
    INSERT INTO search_journal(item_id) VALUES (OLD.item_id);
END;

-- label and named-carrier changes reach search_facets through the triggers of 0003
CREATE TRIGGER IF NOT EXISTS search_journal_facet_ins AFTER INSERT ON search_facets
BEGIN
    INSERT INTO search_journal(item_id)
        SELECT item_id FROM search_docs WHERE docid = NEW.docid;
END;

CREATE TRIGGER IF NOT EXISTS search_journal_facet_del AFTER DELETE ON search_facets
BEGIN
    INSERT INTO search_journal(item_id)
        SELECT item_id FROM search_docs WHERE docid = OLD.docid;
END;

-- the FTS5 table of 0003 is replaced by the ranked index
DROP TABLE IF EXISTS search_fts;

-- a store indexed before this migration: index every item once
INSERT INTO search_journal(item_id) SELECT item_id FROM search_docs;
