"""Export the whole collection as JSON Lines: one JSON object per line (UTF-8), each
with a ``"type"``, readable without huibian.

Types, in this order:

- ``meta``: format name and version, the schema migrations applied;
- ``file``: a submitted file (sha256, kind, size, pages, every name it was submitted
  under with first-seen time, removed page furniture, where the original is kept under
  its content-hash name), its text as extracted (``raw_text``), the normalized text
  (``norm_text``) and the offset map (``offset_map``: for each normalized character,
  its offset in ``raw_text``);
- ``item``: an item with all its metadata and its full text;
- ``label``: a label on an item (axis, label, score, reason, source: rule / model /
  final / human, ``who`` set it and when);
- ``keyword``, ``entity``, ``named_carrier``: the other analysis results; ``terms``:
  the words an item counts in the collection's document frequencies;
- ``ocr``: an item whose text came from OCR: the engine, its mean confidence, its
  pages read by OCR and those below the low-confidence threshold;
- ``score``: a reviewer's scores for an item (per criterion), weighted score, comment,
  rubric version, times;
- ``volume``: a compiled volume with its sections and their ordered items (overrides
  included);
- ``reference``: a reference text of the similarity check;
- ``signature``: an item's similarity signature (``version`` of the parameters,
  ``chars``, ``minhash`` and ``grams`` as base64 of little-endian uint32 arrays);
- ``audit``: the audit log (who changed which label, score, user or volume, and when).

Everything is read in one read transaction, so the export is one consistent
snapshot even while ingests and reviews go on. The export holds no time of its own:
the same collection always exports to the same bytes, and ``huibian import`` of an
export into an empty store exports again identically (``store/jsonl_import.py``).
Accounts (password hashes) and the originals' bytes are not exported; ``huibian
backup`` keeps them."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path
from typing import IO, Iterator

from huibian.store.db import table_names
from huibian.store.documents import unpack_offsets

FORMAT = "huibian-export"
VERSION = 1


def _tables(conn: sqlite3.Connection) -> set[str]:
    return table_names(conn)


def _rows(conn: sqlite3.Connection, sql: str, args=()) -> Iterator[sqlite3.Row]:
    cur = conn.execute(sql, args)
    cur.row_factory = sqlite3.Row
    yield from cur


def records(conn: sqlite3.Connection) -> Iterator[dict]:
    """Every record of the export, as dicts (call inside a read transaction)."""
    tables = _tables(conn)
    yield {"type": "meta", "format": FORMAT, "version": VERSION,
           "migrations": [r[0] for r in conn.execute(
               "SELECT name FROM schema_migrations ORDER BY name")]}
    names: dict[str, list] = {}
    for r in _rows(conn, "SELECT sha256, name, first_seen FROM file_names "
                         "ORDER BY first_seen, name"):
        names.setdefault(r["sha256"], []).append({"name": r["name"],
                                                  "first_seen": r["first_seen"]})
    for r in _rows(conn, "SELECT * FROM files ORDER BY rowid"):
        yield {"type": "file", "sha256": r["sha256"], "kind": r["kind"], "size": r["size"],
               "pages": r["pages"], "names": names.get(r["sha256"], []),
               "furniture": json.loads(r["furniture"]), "original": r["blob_path"],
               "ingested_at": r["ingested_at"], "raw_text": r["raw_text"],
               "norm_text": r["norm_text"],
               "offset_map": list(unpack_offsets(r["offset_map"]))}
    for r in _rows(conn, "SELECT * FROM items ORDER BY rowid"):
        yield {"type": "item", "id": r["id"], "file_sha256": r["file_sha256"], "seq": r["seq"],
               "title": r["title"], "unit": r["unit"], "authors": json.loads(r["authors"]),
               "doc_number": r["doc_number"], "date": r["date"], "region": r["region"],
               "subject_words": json.loads(r["subject_words"]), "chars": r["chars"],
               "pages": [r["page_first"], r["page_last"]] if r["page_first"] is not None
               else None,
               "lines": [r["line_first"], r["line_last"]] if r["line_first"] is not None
               else None,
               "start": r["start"], "end": r["end"], "body_start": r["body_start"],
               "kind_hint": r["kind_hint"], "outline": json.loads(r["outline"]),
               "collection": r["collection"], "created_at": r["created_at"], "text": r["text"]}
    if "labels" in tables:
        for r in _rows(conn, "SELECT * FROM labels ORDER BY item_id, axis, source, label"):
            yield {"type": "label", "item_id": r["item_id"], "axis": r["axis"],
                   "label": r["label"], "score": r["score"], "reason": r["reason"],
                   "source": r["source"], "who": r["who"], "at": r["at"]}
    if "keywords" in tables:
        for r in _rows(conn, "SELECT * FROM keywords ORDER BY item_id, rank"):
            yield {"type": "keyword", "item_id": r["item_id"], "rank": r["rank"],
                   "word": r["word"], "score": r["score"]}
    if "entities" in tables:
        for r in _rows(conn, "SELECT * FROM entities ORDER BY item_id, start, end, label"):
            yield {"type": "entity", "item_id": r["item_id"], "label": r["label"],
                   "text": r["text"], "start": r["start"], "end": r["end"]}
    if "named_carriers" in tables:
        for r in _rows(conn, "SELECT * FROM named_carriers ORDER BY item_id, name"):
            yield {"type": "named_carrier", "item_id": r["item_id"], "name": r["name"],
                   "label": r["label"], "sentence": r["sentence"]}
    if "item_ocr" in tables:
        for r in _rows(conn, "SELECT * FROM item_ocr ORDER BY item_id"):
            yield {"type": "ocr", "item_id": r["item_id"], "engine": r["engine"],
                   "confidence": r["confidence"], "pages": json.loads(r["pages"]),
                   "low_pages": json.loads(r["low_pages"])}
    if "term_df_items" in tables:
        for r in _rows(conn, "SELECT * FROM term_df_items ORDER BY item_id"):
            yield {"type": "terms", "item_id": r["item_id"], "terms": json.loads(r["terms"])}
    if "review_scores" in tables:
        for r in _rows(conn, "SELECT * FROM review_scores ORDER BY item_id, reviewer"):
            yield {"type": "score", "item_id": r["item_id"], "reviewer": r["reviewer"],
                   "scores": json.loads(r["scores"]), "weighted": r["weighted"],
                   "comment": r["comment"], "rubric": r["rubric"],
                   "submitted_at": r["submitted_at"], "updated_at": r["updated_at"]}
    if "volumes" in tables:
        yield from _volumes(conn)
    if "sim_references" in tables:
        for r in _rows(conn, "SELECT * FROM sim_references ORDER BY id"):
            yield {"type": "reference", "id": r["id"], "title": r["title"],
                   "sha256": r["sha256"], "added_at": r["added_at"], "text": r["text"]}
    if "sim_signatures" in tables:
        for r in _rows(conn, "SELECT * FROM sim_signatures ORDER BY item_id"):
            yield {"type": "signature", "item_id": r["item_id"], "version": r["version"],
                   "chars": r["chars"], "minhash": _b64(r["minhash"]), "grams": _b64(r["grams"])}
    if "audit_log" in tables:
        for r in _rows(conn, "SELECT * FROM audit_log ORDER BY id"):
            yield {"type": "audit", "id": r["id"], "at": r["at"], "actor": r["actor"],
                   "action": r["action"], "target_kind": r["target_kind"],
                   "target": r["target"], "detail": json.loads(r["detail"])}


def _b64(blob: bytes) -> str:
    return base64.b64encode(blob).decode("ascii")


def _volumes(conn: sqlite3.Connection) -> Iterator[dict]:
    items: dict[int, list] = {}
    for r in _rows(conn, "SELECT * FROM volume_items ORDER BY section_id, position"):
        items.setdefault(r["section_id"], []).append({
            "item_id": r["item_id"], "position": r["position"],
            "title_override": r["title_override"], "unit_override": r["unit_override"],
            "added_at": r["added_at"]})
    sections: dict[int, list] = {}
    for r in _rows(conn, "SELECT * FROM volume_sections ORDER BY volume_id, position"):
        sections.setdefault(r["volume_id"], []).append({
            "id": r["id"], "position": r["position"], "title": r["title"],
            "items": items.get(r["id"], [])})
    for r in _rows(conn, "SELECT * FROM volumes ORDER BY id"):
        yield {"type": "volume", "id": r["id"], "title": r["title"], "subtitle": r["subtitle"],
               "date": r["date"], "preface": r["preface"], "sectioning": r["sectioning"],
               "created_at": r["created_at"], "updated_at": r["updated_at"],
               "sections": sections.get(r["id"], [])}


def write_jsonl(conn: sqlite3.Connection, out: IO[str]) -> Counter:
    """Write every record to ``out``; returns the count of lines per type."""
    counts: Counter = Counter()
    in_tx = conn.in_transaction
    if not in_tx:
        conn.execute("BEGIN")  # deferred: one read snapshot for the whole export
    try:
        for rec in records(conn):
            out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
            counts[rec["type"]] += 1
    finally:
        if not in_tx:
            conn.execute("COMMIT")
    return counts


def export_jsonl(conn: sqlite3.Connection, path: str | os.PathLike) -> Counter:
    """Write the export to ``path`` atomically (``-`` is not handled here)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            counts = write_jsonl(conn, fh)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return counts
