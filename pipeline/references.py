"""Reference texts for the similarity check read from files: any format ingest reads,
stored as its normalized text (``huibian.similarity.common.add_reference``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from huibian.core.errors import InputError
from huibian.core.records import SourceFile
from huibian.pipeline.ingestor import process_file
from huibian.similarity.common import add_reference


def add_reference_file(conn: sqlite3.Connection, path: str | Path) -> int:
    """A reference from a file of any format ingest reads (its normalized text)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", file=str(p), code="E106") from exc
    doc = process_file(SourceFile.from_bytes(str(p), data))
    return add_reference(conn, p.name, doc.normalized.text)
