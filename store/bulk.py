"""Items with no file behind them, written many at a time: the generated corpora of the
benchmarks and test collections (100,000 items or a million) go into a real store
without reading, splitting and analysing a file for each.

Each item gets a pseudo-file row of its own (key ``"f" + id``, kind ``text``, no raw
or normalized text: the items hold their text) and, when it has a ``name``, that name
in ``file_names`` (what ``huibian ls`` shows as its source). Nothing else is written:
the caller adds what it needs through the floors' own writers (the search views with
``huibian.search.index.write_views``, fingerprints with
``huibian.similarity.signatures.write_signatures``, analysis rows with
``huibian.nlp.analysis_store.copy_analysis``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from huibian.core.records import count_chinese
from huibian.store.db import now_iso


@dataclass(frozen=True)
class BareItem:
    """One item to store: ``text`` is what ``items.text`` holds (the title line, then
    the body from ``body_start``); ``chars`` its Chinese characters (None: counted
    here)."""

    id: str
    title: str
    text: str
    unit: str | None = None
    date: str | None = None
    region: str | None = None
    chars: int | None = None
    body_start: int = 0
    name: str | None = None


def bare_file_key(item_id: str) -> str:
    """The ``files.sha256`` key of a bare item's pseudo-file."""
    return "f" + item_id


def write_bare_items(conn: sqlite3.Connection, items: Iterable[BareItem], *,
                     collection: str = "default") -> list[str]:
    """Store ``items`` (each with its pseudo-file, seq 0) in ``collection``; returns
    their ids in order. Call inside a transaction (``store.transaction``): an id
    already stored fails the whole batch (``sqlite3.IntegrityError``)."""
    items = list(items)
    now = now_iso()
    conn.executemany(
        "INSERT INTO files (sha256, kind, size, raw_text, norm_text, offset_map, ingested_at) "
        "VALUES (?, 'text', 0, '', '', x'', ?)", [(bare_file_key(it.id), now) for it in items])
    conn.executemany("INSERT INTO file_names (sha256, name, first_seen) VALUES (?,?,?)",
                     [(bare_file_key(it.id), it.name, now) for it in items if it.name])
    conn.executemany(
        "INSERT INTO items (id, file_sha256, seq, title, unit, date, region, chars, start, "
        "end, body_start, text, collection, created_at) VALUES (?,?,0,?,?,?,?,?,0,?,?,?,?,?)",
        [(it.id, bare_file_key(it.id), it.title, it.unit, it.date, it.region,
          count_chinese(it.text) if it.chars is None else it.chars, len(it.text),
          it.body_start, it.text, collection, now) for it in items])
    return [it.id for it in items]
