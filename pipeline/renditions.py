"""One submission, one item (issue 17): an item read from a new file that is the same
text as a stored item of the same unit becomes another rendition of that item, not a
new item.

The rule, applied in the ingest's write path (``Ingestor._write``), before the file's
items are written:

* the same text: at least ``MIN_RATIO`` (98%) of each text lies in passages shared
  with the other (``similarity.dupes.pair_ratio``, on the punctuation-free views:
  the PDF and the TXT of one article read 1.0 both ways), between items whose
  character counts differ by at most ``CHARS_BAND``;
* the same unit: both items name the same unit. An item with no unit is a rendition
  only when its whole file is a rendition of one stored file: every item of the new
  file matches, in the same unit or none, a different item of that one file and
  the two files hold as many items (the 前言 of a compiled volume stored as a PDF after
  its TXT). Two unit-less texts from different files stay two items.

The new file is stored as always (its text and its original, downloadable from the
item's page: ``store.renditions.renditions``); its matched items are written and then
removed again with every stage's rows (``demote``), and recorded in
``item_renditions``. ``merge`` does the same to a stored item, on a user's word."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from huibian.core.stages import Prepared, Stage
from huibian.similarity.dupes import pair_ratio
from huibian.store.renditions import add_rendition, move_renditions

MIN_RATIO = 0.98
CHARS_BAND = 0.03      # candidates' character counts within 3% of the new item's
MINHASH_FLOOR = 0.5    # share of equal MinHash values below which a candidate is skipped


@dataclass(frozen=True)
class Match:
    index: int           # the new item's place in the prepared document
    item_id: str         # the stored item it repeats
    file_sha256: str     # that item's file
    ratio: float


def _candidates(conn: sqlite3.Connection, unit: str | None, chars: int, own_sha: str):
    lo, hi = int(chars * (1 - CHARS_BAND)), int(chars * (1 + CHARS_BAND)) + 1
    return conn.execute(
        "SELECT i.id, i.file_sha256, i.text, s.minhash FROM items i LEFT JOIN "
        "sim_signatures s ON s.item_id = i.id WHERE i.unit IS ? AND i.chars BETWEEN ? AND ? "
        "AND i.file_sha256 != ? ORDER BY i.rowid", (unit, lo, hi, own_sha)).fetchall()


def _minhash_close(new, stored: bytes | None) -> bool:
    if new is None or stored is None:
        return True  # no signature to compare: the text comparison decides
    values = np.frombuffer(stored, dtype="<u4")
    if len(values) != len(new):
        return True
    return float(np.mean(values == new)) >= MINHASH_FLOOR


def find_matches(conn: sqlite3.Connection, prepared: Prepared) -> list[Match]:
    """The items of ``prepared`` that are renditions of stored items (the rule above),
    in document order; each stored item at most once."""
    doc = prepared.document
    sigs = prepared.results.get("fingerprint")
    sha = doc.source.sha256
    best: dict[int, Match] = {}
    for k, it in enumerate(doc.items):
        minhash = sigs[k].minhash if sigs is not None and k < len(sigs) else None
        found = None
        for iid, file_sha, text, stored_mh in _candidates(conn, it.unit, it.chars, sha):
            if not _minhash_close(minhash, stored_mh):
                continue
            ratio = min(pair_ratio(it.text, text))
            if ratio >= MIN_RATIO and (found is None or ratio > found.ratio):
                found = Match(k, iid, file_sha, round(ratio, 4))
                if ratio >= 1.0:
                    break
        if found is not None:
            best[k] = found
    whole = _whole_file(conn, doc, best)
    out, taken = [], set()
    for k, m in sorted(best.items()):
        if m.item_id in taken:
            continue
        if doc.items[k].unit is None and not whole:
            continue
        taken.add(m.item_id)
        out.append(m)
    return out


def _whole_file(conn: sqlite3.Connection, doc, best: dict[int, Match]) -> bool:
    """Every item of the new file matched a different item of one stored file that
    holds as many items."""
    if len(best) != len(doc.items):
        return False
    files = {m.file_sha256 for m in best.values()}
    if len(files) != 1 or len({m.item_id for m in best.values()}) != len(best):
        return False
    (file_sha,) = files
    n = conn.execute("SELECT count(*) FROM items WHERE file_sha256=?", (file_sha,)).fetchone()[0]
    return n == len(doc.items)


def remove_items(conn: sqlite3.Connection, item_ids: Sequence[str], stages: list[Stage]) -> None:
    """Remove stored items and every stage's rows about them (their file stays)."""
    ids = tuple(item_ids)
    if not ids:
        return
    for stage in stages:
        if stage.delete:
            stage.delete(conn, ids)
    conn.executemany("DELETE FROM items WHERE id=?", [(i,) for i in ids])


def demote(conn: sqlite3.Connection, prepared: Prepared, matches: Sequence[Match],
           stages: list[Stage]) -> None:
    """The matched items of a file just written become renditions (inside the file's
    transaction)."""
    doc = prepared.document
    for m in matches:
        it = doc.items[m.index]
        add_rendition(conn, m.item_id, doc.source.sha256, it.seq, it.title, it.unit, it.chars,
                      m.ratio, "ingest")
    remove_items(conn, [prepared.item_ids[m.index] for m in matches], stages)


def merge(conn: sqlite3.Connection, keep: str, merged: str, stages: list[Stage],
          actor: str | None = None) -> float:
    """Stored item ``merged`` becomes a rendition of ``keep`` (its renditions and its
    places in 汇编 volumes go to ``keep``); returns the share of the same text
    (``pair_ratio``'s minimum). Call inside a transaction."""
    rows = {r[0]: r for r in conn.execute(
        "SELECT id, file_sha256, seq, title, unit, chars, text FROM items WHERE id IN (?,?)",
        (keep, merged))}
    if keep == merged or keep not in rows or merged not in rows:
        raise KeyError(merged if keep in rows else keep)
    m = rows[merged]
    ratio = min(pair_ratio(rows[keep][6], m[6]))
    move_renditions(conn, merged, keep)
    add_rendition(conn, keep, m[1], m[2], m[3], m[4], m[5], ratio, "merge", actor)
    # its places in volumes go to the item kept (unless that is already there)
    # (UPDATE OR IGNORE written as standard SQL, which PostgreSQL runs too)
    conn.execute("UPDATE volume_items SET item_id=? WHERE item_id=? AND NOT EXISTS (SELECT 1 "
                 "FROM volume_items o WHERE o.volume_id=volume_items.volume_id AND "
                 "o.item_id=?)", (keep, merged, keep))
    conn.execute("DELETE FROM volume_items WHERE item_id=?", (merged,))
    remove_items(conn, [merged], stages)
    return round(ratio, 4)
