"""Synonym-class fingerprints, beside the exact ones (issue 22).

The class view of a text (``thesaurus.class_view``: thesaurus words replaced by their
synonym class, other characters kept) is fingerprinted as the character view is:
the winnowed 32-bit hashes of its token ``k``-grams (k = 5 tokens, window 6, so any
shared run of 10 tokens, about 15 characters, yields a shared value). They are kept
in ``sim_class_signatures`` (migration 0013) and loaded into a ``ClassIndex``, the
same flat sorted array as ``FingerprintIndex``: a spun copy whose words were swapped
for synonyms shares class grams with its source where it shares few exact ones.
"""

from __future__ import annotations

import os
import sqlite3
import zipfile
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from huibian.similarity.shingles import View, kgram_hashes32, make_view, winnow
from huibian.similarity.signatures import FingerprintIndex, _decode
from huibian.similarity.thesaurus import ClassView, Thesaurus, class_view, thesaurus
from huibian.store.db import transaction

FORMAT_VERSION = 1


@dataclass(frozen=True)
class ClassParams:
    k: int = 5
    w: int = 6


CLASS_PARAMS = ClassParams()


def class_version(params: ClassParams = CLASS_PARAMS, thes: Thesaurus | None = None) -> str:
    thes = thes or thesaurus()
    return f"c{FORMAT_VERSION}:k{params.k}:w{params.w}:t{thes.version}"


def class_view_of(view: View, thes: Thesaurus | None = None) -> ClassView:
    return class_view(view.codes, thes)


def class_grams(view: View, params: ClassParams = CLASS_PARAMS,
                thes: Thesaurus | None = None) -> np.ndarray:
    """The winnowed class grams of an item (what is stored)."""
    cv = class_view_of(view, thes)
    return winnow(kgram_hashes32(cv.codes, params.k), params.w)


def query_class_grams(cv: ClassView, params: ClassParams = CLASS_PARAMS) -> np.ndarray:
    """All class k-gram hashes of a submission's class view."""
    return np.unique(kgram_hashes32(cv.codes, params.k))


# --- store rows ---------------------------------------------------------------------

def write_class_grams(conn: sqlite3.Connection, rows: Iterable[tuple[str, np.ndarray]],
                      params: ClassParams = CLASS_PARAMS) -> None:
    version = class_version(params)
    conn.executemany(
        "INSERT OR REPLACE INTO sim_class_signatures (item_id, version, grams) VALUES (?, ?, ?)",
        [(item_id, version, g.astype("<u4").tobytes()) for item_id, g in rows])


def delete_class_grams(conn: sqlite3.Connection, item_ids: Sequence[str]) -> None:
    conn.executemany("DELETE FROM sim_class_signatures WHERE item_id = ?",
                     [(i,) for i in item_ids])


def rebuild_missing_classes(conn: sqlite3.Connection, params: ClassParams = CLASS_PARAMS,
                            batch: int = 2000) -> int:
    """Class grams for items that have none or of another version (items stored
    before migration 0013, or after the domain list was edited). Returns how many."""
    version = class_version(params)
    todo = [r[0] for r in conn.execute(
        "SELECT i.id FROM items i LEFT JOIN sim_class_signatures s ON s.item_id = i.id "
        "WHERE s.item_id IS NULL OR s.version != ?", (version,))]
    if not todo:
        return 0
    for b in range(0, len(todo), batch):
        chunk = todo[b:b + batch]
        marks = ",".join("?" * len(chunk))
        rows = [(r[0], class_grams(make_view(r[1]), params)) for r in conn.execute(
            f"SELECT id, text FROM items WHERE id IN ({marks})", chunk)]
        with transaction(conn):
            write_class_grams(conn, rows, params)
    return len(todo)


class ClassIndex(FingerprintIndex):
    """Every item's class grams (``FingerprintIndex``'s layout and queries)."""

    @classmethod
    def load(cls, conn: sqlite3.Connection, params: ClassParams = CLASS_PARAMS
             ) -> "ClassIndex":
        rebuild_missing_classes(conn, params)
        version = class_version(params)
        total = conn.execute("SELECT total(length(grams)) FROM sim_class_signatures "
                             "WHERE version = ?", (version,)).fetchone()[0]
        rows = conn.execute("SELECT s.item_id, i.chars, s.grams FROM sim_class_signatures s "
                            "JOIN items i ON i.id = s.item_id WHERE s.version = ? "
                            "ORDER BY s.item_id", (version,))
        return cls.build(((r[0], r[1], _decode(r[2], "class", r[0])) for r in rows),
                         total=int(total) // 4)

    @classmethod
    def cached(cls, conn: sqlite3.Connection, params: ClassParams = CLASS_PARAMS
               ) -> "ClassIndex":
        """Like ``load``, through ``<db>.simclass.npz`` beside the store, valid while
        the class rows are unchanged (count and rowid sum of this version)."""
        rebuild_missing_classes(conn, params)
        version = class_version(params)
        row = conn.execute("PRAGMA database_list").fetchone()
        path = None
        if row and row[2]:
            from pathlib import Path

            path = Path(row[2]).with_name(Path(row[2]).name + ".simclass.npz")
        n, total = conn.execute("SELECT count(*), total(rowid) FROM sim_class_signatures "
                                "WHERE version = ?", (version,)).fetchone()
        state = f"{version}|{n}|{int(total)}"
        if path is not None and path.exists():
            try:
                with np.load(path, allow_pickle=False) as z:
                    if str(z["state"]) == state:
                        return cls(ids=z["ids"].tolist(), pairs=z["pairs"], chars=z["chars"])
            except (OSError, ValueError, KeyError, zipfile.BadZipFile):
                pass
        index = cls.load(conn, params)
        if path is not None:
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            try:
                with open(tmp, "wb") as fh:
                    np.savez(fh, state=np.array(state), ids=np.array(index.ids, dtype=str),
                             pairs=index.pairs, chars=index.chars)
                os.replace(tmp, path)
            except OSError:
                tmp.unlink(missing_ok=True)
        return index
