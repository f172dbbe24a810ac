"""How later stages plug into ingest.

Ingest reads, normalizes and splits a file into a ``Document`` (no store). Then each
``Stage`` may ``prepare`` per-file results outside the write lock (CPU work: analysis,
index tokens, fingerprints), and ``write`` them inside the same transaction that
stores the file's items, so an item's text, labels, index entries and fingerprint are
all stored or none are. ``delete`` removes a stage's rows for items being removed."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from huibian.core.records import Document


@dataclass(frozen=True)
class Prepared:
    """One file ready to write: the document, the ids its items will have, and each
    stage's prepared results by stage name."""

    document: Document
    item_ids: tuple[str, ...]
    results: Mapping[str, Any] = field(default_factory=dict)
    # the file's offset map as stored (``huibian.store.documents.pack_offsets``), packed where
    # the file was prepared; None: packed when written
    offsets_blob: bytes | None = None


@dataclass(frozen=True)
class Stage:
    """``uses``: names of earlier stages whose prepared results ``prepare`` needs; it
    is then called as ``prepare(document, item_ids, {name: result})``."""

    name: str
    prepare: Callable[..., Any] | None = None
    write: Callable[[sqlite3.Connection, Prepared], None] | None = None
    delete: Callable[[sqlite3.Connection, tuple[str, ...]], None] | None = None
    uses: tuple[str, ...] = ()
