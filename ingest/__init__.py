"""Ingest: readers (PDF, DOCX, text, legacy Word via LibreOffice, zip), Chinese
normalization with an offset map, volume splitting and metadata."""
