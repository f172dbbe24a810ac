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
from huibian.store.db import node_file, transaction

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


def open_class_grams(cv: ClassView, covered: np.ndarray,
                     params: ClassParams = CLASS_PARAMS) -> np.ndarray:
    """A submission's winnowed class grams (sorted, unique) of the text outside
    ``covered`` (a bool mask over the view: the exact passages): the minimum of every
    window of ``w`` k-gram hashes that holds a k-gram of open tokens only (a token is
    open when one of its characters is not covered). The stored grams are winnowed
    alike, so a shared run of ``k + w - 1`` open tokens still shares a value."""
    k, w = params.k, params.w
    n = len(cv)
    if n < k:
        return np.zeros(0, dtype=np.uint32)
    csum = np.zeros(covered.shape[0] + 1, dtype=np.int64)
    np.cumsum(covered, out=csum[1:])
    open_tok = (csum[cv.ends] - csum[cv.starts]) < (cv.ends - cv.starts)
    ocum = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(open_tok, out=ocum[1:])
    win_open = (ocum[k:] - ocum[:-k]) == k      # k-gram t: tokens t .. t+k-1 all open
    if not win_open.any():
        return np.zeros(0, dtype=np.uint32)
    hashes = kgram_hashes32(cv.codes, k)
    m = hashes.shape[0]
    if m <= w:
        return np.unique(hashes.min(keepdims=True))
    mins = hashes[:m - w + 1].copy()            # the minimum of hashes[i .. i+w-1]
    for j in range(1, w):
        np.minimum(mins, hashes[j:m - w + 1 + j], out=mins)
    wcum = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(win_open, out=wcum[1:])
    return np.unique(mins[(wcum[w:] - wcum[:-w]) > 0])


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


BUCKET_CAP = 64  # a directory bucket larger than this is searched, not scanned
DIRECTORY_MIN = 1 << 21  # pairs (about 14,000 items) from which queries use the directory


class ClassIndex(FingerprintIndex):
    """Every item's class grams (``FingerprintIndex``'s layout), queried through a
    directory of the grams' top bits (issue 22, check time).

    The rewording stage queries this index after the exact stage has walked the
    exact one, so a binary search over the 15 M pairs of 100,000 items misses the
    cache on each of its last dozen steps, one after the other (1.2 ms of 1.5 for
    600 grams). ``directory[b]`` is where the pairs of the grams whose top ``bits``
    bits are ``b`` begin (11 to 22 pairs a bucket; 4 MB at 100,000 items, 32 MB at
    1,000,000): a query reads its grams' buckets whole, and numpy fetches them all
    at once. Hits are counted over the
    owners found (a few thousand), not into an array as long as the store."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self._directory: tuple[int, np.ndarray] | None = None
        self._crowded: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        if self.pairs.shape[0] >= DIRECTORY_MIN:
            self.directory()  # with the index (0.3 s at 100,000 items), not at a check

    def directory(self) -> tuple[int, np.ndarray]:
        """``(bits, starts)``: ``starts[b]`` is the first pair whose gram's top
        ``bits`` bits are ``b`` (``starts[2**bits]`` = the number of pairs)."""
        if self._directory is None:
            n = int(self.pairs.shape[0])
            bits = int(min(24, max(8, round(float(np.log2(max(n, 1) / 16))))))
            bounds = np.arange(1 << bits, dtype=np.uint64) << np.uint64(64 - bits)
            starts = np.empty((1 << bits) + 1, dtype=np.int64 if n >= 2**31 else np.int32)
            starts[:-1] = np.searchsorted(self.pairs, bounds, side="left")
            starts[-1] = n
            self._directory = (bits, starts)
            self._crowded = self._crowded_grams(starts)
        return self._directory

    def _crowded_grams(self, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The grams held by more than ``BUCKET_CAP`` items (stock phrasing: 6,494 of
        8.5 M at 100,000 items; they crowd 1% of the buckets, 30% of the pairs), as
        sorted grams, their first pair and their count: a query finds them without a
        search. Read from the crowded buckets, a few million pairs at a time."""
        size = np.diff(starts.astype(np.int64))
        crowded = np.flatnonzero(size > BUCKET_CAP)
        keys, first, count = [], [], []
        i = 0
        while i < crowded.shape[0]:
            j = i + 1
            total = int(size[crowded[i]])
            while j < crowded.shape[0] and total + int(size[crowded[j]]) <= 1 << 22:
                total += int(size[crowded[j]])
                j += 1
            # the buckets' pairs one after the other (a gram never spans two buckets)
            lo, sz = starts[crowded[i:j]].astype(np.int64), size[crowded[i:j]]
            pos = np.repeat(lo - (np.cumsum(sz) - sz), sz) + np.arange(total)
            k = (self.pairs[pos] >> np.uint64(32)).astype(np.uint32)
            edge = np.flatnonzero(np.concatenate([[True], k[1:] != k[:-1], [True]]))
            runs = np.diff(edge)
            big = runs > BUCKET_CAP
            keys.append(k[edge[:-1][big]])
            first.append(pos[edge[:-1][big]])
            count.append(runs[big])
            i = j
        if not keys:
            return (np.zeros(0, np.uint32), np.zeros(0, np.int64), np.zeros(0, np.int64))
        return (np.concatenate(keys).astype(np.uint32),
                np.concatenate(first).astype(np.int64), np.concatenate(count).astype(np.int64))

    def postings(self, grams: np.ndarray, *, max_postings: int) -> np.ndarray:
        """The owners (indexes in ``ids``) of every pair whose gram is one of
        ``grams`` (unique values) held by at most ``max_postings`` items: one entry
        per shared gram and item, unsorted."""
        g = np.asarray(grams, dtype=np.uint32)
        if g.shape[0] == 0 or self.pairs.shape[0] == 0:
            return np.zeros(0, dtype=np.intp)
        bits, starts = self.directory()
        b = (g >> np.uint32(32 - bits)).astype(np.intp)
        lo = starts[b].astype(np.int64)
        size = starts[b + 1].astype(np.int64) - lo
        small = size <= BUCKET_CAP
        out = []
        if small.any():
            # every pair of the grams' buckets, compared with its gram
            lo_s, size_s, g_s = lo[small], size[small], g[small]
            total = int(size_s.sum())
            first = np.repeat(np.cumsum(size_s) - size_s, size_s)
            pos = np.repeat(lo_s, size_s) + (np.arange(total) - first)
            pairs = self.pairs[pos]
            which = np.repeat(np.arange(g_s.shape[0]), size_s)
            hit = (pairs >> np.uint64(32)).astype(np.uint32) == g_s[which]
            per_gram = np.bincount(which[hit], minlength=g_s.shape[0])
            hit &= per_gram[which] <= max_postings
            out.append((pairs[hit] & np.uint64(0xFFFFFFFF)).astype(np.intp))
        if not small.all():
            # a crowded bucket: a stock gram's pairs are known; another gram there is
            # searched as before
            g_b = g[~small]
            ck, cfirst, ccount = self._crowded
            at = np.minimum(np.searchsorted(ck, g_b), max(ck.shape[0] - 1, 0))
            stock = ck[at] == g_b if ck.shape[0] else np.zeros(g_b.shape[0], dtype=bool)
            gb = g_b[~stock].astype(np.uint64) << np.uint64(32)
            lo_b = np.searchsorted(self.pairs, gb, side="left")
            hi_b = np.searchsorted(self.pairs, gb | np.uint64(0xFFFFFFFF), side="right")
            lo_b = np.concatenate([cfirst[at[stock]], lo_b])
            count = np.concatenate([ccount[at[stock]], hi_b - lo_b[int(stock.sum()):]])
            keep = (count > 0) & (count <= max_postings)
            lo_b, count = lo_b[keep], count[keep]
            total = int(count.sum())
            if total:
                first = np.repeat(np.cumsum(count) - count, count)
                pos = np.repeat(lo_b, count) + (np.arange(total) - first)
                out.append((self.pairs[pos] & np.uint64(0xFFFFFFFF)).astype(np.intp))
        return np.concatenate(out) if out else np.zeros(0, dtype=np.intp)

    def candidates(self, grams: np.ndarray, *, exclude: Iterable[str] = (),
                   limit: int = 100, min_hits: int = 1,
                   max_postings: int | None = None) -> list[tuple[str, int]]:
        """As ``FingerprintIndex.candidates`` (the items sharing most query grams,
        best first; equal counts in index order), from ``postings``; a small index
        (under ``DIRECTORY_MIN`` pairs, all of it in cache) is searched as the exact one."""
        if self.pairs.shape[0] < DIRECTORY_MIN:
            return super().candidates(grams, exclude=exclude, limit=limit,
                                      min_hits=min_hits, max_postings=max_postings)
        if max_postings is None:
            max_postings = max(2000, len(self.ids) // 20)
        owners, counts = np.unique(self.postings(grams, max_postings=max_postings),
                                   return_counts=True)
        drop = [self.position[i] for i in exclude if i in self.position]
        keep = counts >= min_hits
        if drop:
            keep &= ~np.isin(owners, np.asarray(drop, dtype=np.intp))
        owners, counts = owners[keep], counts[keep]
        order = np.argsort(-counts, kind="stable")[:limit]  # owners are ascending
        return [(self.ids[int(i)], int(c)) for i, c in zip(owners[order], counts[order])]

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
        path = node_file(conn)
        if path is not None:
            path = path.with_name(path.name + ".simclass.npz")
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
