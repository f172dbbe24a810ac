"""Calibrated confidence of an item's metadata (title, unit, date, 文号).

The splitter records where each field came from (``Item.sources``: the title read above
the body, a unit from the signature, a date from the 印发 line, nothing found …). How
often each source is right was measured on the development set's train split
(``huibian.evaluation.calibrate``, run by ``huibian train``) and is kept in
``models/field_confidence.json``; an item's field gets its source's precision as its
confidence. A field below ``threshold`` is 待定 (pending): shown as such, never used
silently as a filter value, listed by ``huibian ls --pending`` most uncertain first.

The ``fields`` ingest stage stores the confidences with the item (table ``item_fields``)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from huibian.core.errors import DataFileError
from huibian.core.models_dir import model_file, models_override, packaged_models_dir
from huibian.core.settings import Settings
from huibian.core.records import Document, Item
from huibian.core.stages import Prepared, Stage

MODELS_DIR = packaged_models_dir()  # the packaged files; HUIBIAN_MODELS may replace any
FILE = "field_confidence.json"
FIELDS = ("title", "unit", "date", "doc_number")
DEFAULT_THRESHOLD = 0.7
UNSEEN = 0.5  # a source the calibration never saw


@dataclass(frozen=True)
class FieldConfidence:
    table: dict = field(default_factory=dict)   # field -> source -> precision
    threshold: float = DEFAULT_THRESHOLD

    def of(self, name: str, source: str) -> float:
        return float(self.table.get(name, {}).get(source, UNSEEN))

    def fields(self, item: Item) -> list[dict]:
        srcs = dict(item.sources)
        out = []
        for name in FIELDS:
            src = srcs.get(name, "absent")
            conf = self.of(name, src)
            out.append({"field": name, "source": src, "confidence": round(conf, 3),
                        "pending": conf < self.threshold})
        return out


def load_field_confidence(models_dir: Path | None = None,
                          override: Path | None | bool = False) -> FieldConfidence:
    """``field_confidence.json`` of ``models_dir``, or by default the packaged one unless
    the ``HUIBIAN_MODELS`` folder (or ``override``, when given) replaces it."""
    path = model_file(FILE, models_dir, None if override is False else Settings(models=override))
    if not path.exists():
        return FieldConfidence()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"not valid JSON: {exc}", file=str(path)) from exc
    table = data.get("fields", {})
    if not isinstance(table, dict):
        raise DataFileError('"fields" must map each field to its sources', file=str(path))
    return FieldConfidence(table, float(data.get("threshold", DEFAULT_THRESHOLD)))


@lru_cache(maxsize=8)
def _cached(models_dir: Path | None, override: Path | None) -> FieldConfidence:
    return load_field_confidence(models_dir, override)


def default_field_confidence(models_dir: Path | None = None) -> FieldConfidence:
    """``load_field_confidence``, loaded once per folder."""
    return _cached(None if models_dir is None else Path(models_dir),
                   None if models_dir is not None else models_override())


# --- the ingest stage ---------------------------------------------------------------

def _prepare(document: Document, item_ids: tuple[str, ...]) -> list[tuple]:
    fc = default_field_confidence()
    rows = []
    for iid, item in zip(item_ids, document.items):
        for f in fc.fields(item):
            rows.append((iid, f["field"], f["source"], f["confidence"]))
    return rows


def _write(conn: sqlite3.Connection, prepared: Prepared) -> None:
    rows = prepared.results.get("fields") or []
    conn.executemany("INSERT OR REPLACE INTO item_fields (item_id, field, source, confidence) "
                     "VALUES (?,?,?,?)", rows)


def _delete(conn: sqlite3.Connection, item_ids: tuple[str, ...]) -> None:
    conn.executemany("DELETE FROM item_fields WHERE item_id=?", [(i,) for i in item_ids])


def fields_stage() -> Stage:
    return Stage("fields", prepare=_prepare, write=_write, delete=_delete)


def stored_fields(conn: sqlite3.Connection, item_id: str,
                  threshold: float | None = None) -> list[dict]:
    """The stored confidence of each field of an item (empty for an item stored before
    confidences were kept)."""
    t = default_field_confidence().threshold if threshold is None else threshold
    return [{"field": r[0], "source": r[1], "confidence": r[2], "pending": r[2] < t}
            for r in conn.execute("SELECT field, source, confidence FROM item_fields "
                                  "WHERE item_id=? ORDER BY rowid", (item_id,))]


def pending_items(conn: sqlite3.Connection, threshold: float | None = None,
                  limit: int | None = None) -> list[tuple[str, float, list[str]]]:
    """(item id, its lowest field confidence, its pending fields) for every item with a
    field below ``threshold``, most uncertain first."""
    t = default_field_confidence().threshold if threshold is None else threshold
    rows = conn.execute(
        "SELECT item_id, MIN(confidence) AS lo, GROUP_CONCAT(field, ',') FROM item_fields "
        "WHERE confidence < ? GROUP BY item_id ORDER BY lo, item_id"
        + (f" LIMIT {int(limit)}" if limit else ""), (t,)).fetchall()
    return [(r[0], r[1], r[2].split(",")) for r in rows]
