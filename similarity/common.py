"""Common template text: language every unit uses (central policy phrasing) is not
copying. A submission character is *common* when

* the passages covering it come from items of at least ``K`` different units, the
  submitter's own unit counted (default K = 3), or
* it lies in a passage shared with one of the user's reference texts (the central
  documents of a campaign), kept in the ``sim_references`` table.

An item without a known unit counts as a unit of its own file (``file:<sha256>``): two
different files whose units the splitter could not read are two submitters.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np

from huibian.core.errors import InputError, NotFound
from huibian.similarity.shingles import View, make_view
from huibian.store.db import now_iso, transaction

DEFAULT_COMMON_UNITS = 3


def unit_identity(unit: str | None, file_sha256: str | None) -> str:
    """Who submitted an item: its unit, or (unit unknown) its file."""
    if unit:
        return unit.strip()
    return f"file:{file_sha256 or '?'}"


def common_by_units(n: int, masks_by_unit: Mapping[str, np.ndarray],
                    own_units: Iterable[str], k: int = DEFAULT_COMMON_UNITS) -> np.ndarray:
    """Characters (of an ``n``-character view) covered by passages from items of at
    least ``k`` units, the submitter's own unit(s) counted once."""
    own = set(own_units) or {"<submission>"}
    counts = np.zeros(n, dtype=np.int32)
    for unit, mask in masks_by_unit.items():
        if unit not in own:
            counts += mask
    counts += 1  # the submission itself is one unit
    return counts >= k


@dataclass(frozen=True)
class Reference:
    id: int
    title: str
    text: str = field(repr=False)

    @property
    def view(self) -> View:
        return make_view(self.text)


def add_reference(conn: sqlite3.Connection, title: str, text: str) -> int:
    """Store a reference text (idempotent by content); returns its id."""

    if not text.strip():
        raise InputError("the reference text is empty", file=title, code="E130")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO sim_references (title, sha256, text, added_at) "
                     "VALUES (?, ?, ?, ?)", (title, sha, text, now_iso()))
        return int(conn.execute("SELECT id FROM sim_references WHERE sha256 = ?",
                                (sha,)).fetchone()[0])


def remove_reference(conn: sqlite3.Connection, ref_id: int) -> None:

    with transaction(conn):
        cur = conn.execute("DELETE FROM sim_references WHERE id = ?", (ref_id,))
    if cur.rowcount == 0:
        raise NotFound(f"no reference text with id {ref_id}; 'huibian references list' "
                       "shows them", code="E311")


def list_references(conn: sqlite3.Connection) -> list[Reference]:
    return [Reference(r[0], r[1], r[2]) for r in
            conn.execute("SELECT id, title, text FROM sim_references ORDER BY id")]
