-- The label facets follow every axis of the taxonomy, not the four 0003 named: the
-- labels table holds nothing but taxonomy axes (models/taxonomy.json; a user may add
-- an axis there), so the triggers keeping search_facets current no longer filter by
-- axis. Otherwise the same as 0003's: the effective labels of an axis are the human
-- ones if any, else the final ones; rows of items not yet indexed are skipped.
DROP TRIGGER IF EXISTS search_labels_ins;
DROP TRIGGER IF EXISTS search_labels_del;

CREATE TRIGGER search_labels_ins AFTER INSERT ON labels
WHEN NEW.source IN ('final', 'human')
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

CREATE TRIGGER search_labels_del AFTER DELETE ON labels
WHEN OLD.source IN ('final', 'human')
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
