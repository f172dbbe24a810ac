-- The label facets follow every axis of the taxonomy, not the four 0003 named: the
-- labels table holds nothing but taxonomy axes (models/taxonomy.json; a user may add
-- an axis there), so the triggers keeping search_facets current no longer filter by
-- axis. Otherwise the same as 0003's: the effective labels of an axis are the human
-- ones if any, else the final ones; rows of items not yet indexed are skipped.
DROP TRIGGER IF EXISTS search_labels_ins ON labels;
DROP TRIGGER IF EXISTS search_labels_del ON labels;

CREATE TRIGGER search_labels_ins AFTER INSERT OR UPDATE ON labels FOR EACH ROW
WHEN (NEW.source IN ('final', 'human'))
EXECUTE FUNCTION search_labels_ins();

CREATE TRIGGER search_labels_del AFTER DELETE ON labels FOR EACH ROW
WHEN (OLD.source IN ('final', 'human'))
EXECUTE FUNCTION search_labels_del();
