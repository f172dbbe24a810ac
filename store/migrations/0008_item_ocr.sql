-- Items whose text came from OCR (scanned PDF pages, image files; ingest/ocr.py):
-- the engine, the mean word confidence of the item's OCR pages (0-100, weighted by
-- characters), and which of its pages were read by OCR and fell below the
-- low-confidence threshold. Items read from a text layer have no row.
CREATE TABLE item_ocr (
    item_id    TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    engine     TEXT NOT NULL,
    confidence REAL NOT NULL,
    pages      TEXT NOT NULL DEFAULT '[]',  -- JSON: the item's pages read by OCR (1-based)
    low_pages  TEXT NOT NULL DEFAULT '[]'   -- JSON: those below the threshold
);
