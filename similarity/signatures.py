"""Per-item signatures, kept in the store, and the in-memory indexes built from them.

Two signatures per item, both from the punctuation-free view:

* ``minhash``: a datasketch MinHash (``num_perm`` 32-bit values) of the item's
  character 5-grams. It estimates the Jaccard similarity of whole texts and feeds a
  ``MinHashLSH`` index: near-duplicate clusters (``dupes``).
* ``grams``: the winnowed 32-bit hashes of the item's character 8-grams (window 6).
  Winnowing guarantees that any shared run of at least ``k + w - 1`` = 13 characters
  yields a shared value, so these are passage-level signatures: a 30-character
  passage copied out of a 5,000-character case is found even though the two texts'
  Jaccard similarity is near zero (containment, not Jaccard). ``FingerprintIndex``
  keeps all items' grams as two flat numpy arrays (sorted keys, owners) so a query is
  a ``searchsorted`` and a ``bincount``.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from huibian.core.errors import StoreError
from huibian.similarity.shingles import View, kgram_hashes32, make_view, winnow
from huibian.store.db import node_file, transaction

FORMAT_VERSION = 1


@dataclass(frozen=True)
class SignatureParams:
    """Stored with every row as ``version``; rows of another version are rebuilt."""

    gram_k: int = 8
    winnow_w: int = 6
    minhash_k: int = 5
    num_perm: int = 128
    seed: int = 1

    @property
    def guaranteed_run(self) -> int:
        return self.gram_k + self.winnow_w - 1


PARAMS = SignatureParams()


@dataclass(frozen=True)
class Signature:
    chars: int                                   # view length
    minhash: np.ndarray = field(repr=False)      # uint32[num_perm]
    grams: np.ndarray = field(repr=False)        # sorted unique uint32
    classes: np.ndarray | None = field(default=None, repr=False)  # class grams (classgrams.py)

    def minhash_object(self, params: SignatureParams = PARAMS) -> MinHash:
        return MinHash(num_perm=params.num_perm, seed=params.seed, hashvalues=self.minhash,
                       scheme="affine32")


def _identity(x: int) -> int:
    return x


@lru_cache(maxsize=4)
def _permutations(params: SignatureParams) -> np.ndarray:
    """datasketch's permutations for these parameters, made once (building them is
    most of the cost of a fresh MinHash)."""
    return MinHash(num_perm=params.num_perm, seed=params.seed, scheme="affine32").permutations


def minhash_values(view: View, params: SignatureParams = PARAMS) -> np.ndarray:
    """The datasketch MinHash of the view's character ``minhash_k``-grams (their
    32-bit hashes are the MinHash inputs; datasketch mixes and permutes them)."""
    shingles = np.unique(kgram_hashes32(view.codes, params.minhash_k))
    m = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=_identity,
                permutations=_permutations(params), scheme="affine32")
    if shingles.shape[0]:
        m.update_batch(shingles.tolist())
    return m.hashvalues.astype(np.uint32)


def signature(text: str, params: SignatureParams = PARAMS, *, classes: bool = True) -> Signature:
    """The item's signatures; with ``classes``, its synonym-class grams as well
    (``huibian.similarity.classgrams``, stored in their own table)."""
    view = make_view(text)
    grams = winnow(kgram_hashes32(view.codes, params.gram_k), params.winnow_w)
    cls = None
    if classes:
        # deferred: classgrams imports this module (its index extends FingerprintIndex)
        from huibian.similarity.classgrams import class_grams

        cls = class_grams(view)
    return Signature(chars=len(view), minhash=minhash_values(view, params), grams=grams,
                     classes=cls)


def query_grams(view: View, params: SignatureParams = PARAMS) -> np.ndarray:
    """All (not winnowed) k-gram hashes of a submission: any winnowed value of a
    stored item inside a shared run is among them."""
    return np.unique(kgram_hashes32(view.codes, params.gram_k))


def params_version(params: SignatureParams = PARAMS) -> str:
    return (f"v{FORMAT_VERSION}:k{params.gram_k}:w{params.winnow_w}:m{params.minhash_k}"
            f":p{params.num_perm}:s{params.seed}")


# --- store rows ---------------------------------------------------------------------

def write_signatures(conn: sqlite3.Connection, rows: Iterable[tuple[str, Signature]],
                     params: SignatureParams = PARAMS) -> None:
    rows = list(rows)
    version = params_version(params)
    with_classes = [(item_id, sig.classes) for item_id, sig in rows if sig.classes is not None]
    if with_classes:
        # deferred: classgrams imports this module
        from huibian.similarity.classgrams import write_class_grams

        write_class_grams(conn, with_classes)
    conn.executemany(
        "INSERT OR REPLACE INTO sim_signatures (item_id, version, chars, minhash, grams) "
        "VALUES (?, ?, ?, ?, ?)",
        [(item_id, version, sig.chars, sig.minhash.astype("<u4").tobytes(),
          sig.grams.astype("<u4").tobytes()) for item_id, sig in rows])


def delete_signatures(conn: sqlite3.Connection, item_ids: Sequence[str]) -> None:
    conn.executemany("DELETE FROM sim_signatures WHERE item_id = ?", [(i,) for i in item_ids])
    conn.executemany("DELETE FROM sim_class_signatures WHERE item_id = ?",
                     [(i,) for i in item_ids])


def _decode(blob: bytes, what: str, item_id: str) -> np.ndarray:
    if len(blob) % 4:
        raise StoreError(f"item {item_id}: its stored {what} signature is truncated; "
                         "run 'huibian check --rebuild' to recompute signatures", code="E320")
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def rebuild_missing(conn: sqlite3.Connection, params: SignatureParams = PARAMS) -> int:
    """Compute signatures for items that have none, or one of another version (items
    stored before this stage existed, or after a parameter change). Returns how many."""
    version = params_version(params)
    todo = conn.execute(
        "SELECT i.id, i.text FROM items i LEFT JOIN sim_signatures s ON s.item_id = i.id "
        "WHERE s.item_id IS NULL OR s.version != ?", (version,)).fetchall()
    if not todo:
        return 0
    rows = [(r[0], signature(r[1], params, classes=False)) for r in todo]

    with transaction(conn):
        write_signatures(conn, rows, params)
    return len(rows)


# --- the passage-level index ------------------------------------------------------

_HIGH = 1 if sys.byteorder == "little" else 0  # the gram's half of a pair, viewed as uint32

def index_cache_path(conn: sqlite3.Connection) -> Path | None:
    path = node_file(conn)
    if path is None:
        return None  # an in-memory store
    return path.with_name(path.name + ".simindex.npz")


def _rows_state(conn: sqlite3.Connection, params: SignatureParams) -> str:
    n, total = conn.execute("SELECT count(*), total(rowid) FROM sim_signatures "
                            "WHERE version = ?", (params_version(params),)).fetchone()
    return f"{params_version(params)}|{n}|{int(total)}"


@dataclass
class FingerprintIndex:
    """Every item's winnowed grams: ``pairs`` sorted, each ``gram << 32 | owner``,
    ``owner`` the index in ``ids`` of the item the gram came from (``keys`` and
    ``owners`` are views of the two halves). One 64-bit array, filled in place and
    sorted in place: building it holds the grams once (100,000 items: 80 M grams,
    644 MB), where separate arrays and a stable argsort held them four times over."""

    ids: list[str]
    pairs: np.ndarray = field(repr=False)
    chars: np.ndarray = field(repr=False)
    params: SignatureParams = PARAMS

    def __post_init__(self) -> None:
        self.position = {item_id: i for i, item_id in enumerate(self.ids)}

    @property
    def keys(self) -> np.ndarray:
        """The grams, sorted (a view)."""
        return self.pairs.view(np.uint32)[_HIGH::2]

    @property
    def owners(self) -> np.ndarray:
        """``owners[i]``: the index in ``ids`` of the item of ``keys[i]`` (a view)."""
        return self.pairs.view(np.uint32)[1 - _HIGH::2]

    @classmethod
    def build(cls, entries: Iterable[tuple[str, int, np.ndarray]],
              params: SignatureParams = PARAMS, *, total: int | None = None
              ) -> "FingerprintIndex":
        """From ``(item_id, chars, grams)`` entries. ``total``: the number of grams of
        all entries if known (they are then written into the index as they come)."""
        if total is None:
            entries = list(entries)
            total = sum(int(e[2].shape[0]) for e in entries)
        ids, chars = [], []
        pairs = np.empty(total, dtype=np.uint64)
        extra: list[np.ndarray] = []  # grams beyond ``total`` (rows added meanwhile)
        at = 0
        for owner, (item_id, n, grams) in enumerate(entries):
            ids.append(item_id)
            chars.append(n)
            block = (np.asarray(grams, dtype=np.uint64) << np.uint64(32)) | np.uint64(owner)
            k = block.shape[0]
            if at + k <= total:
                pairs[at:at + k] = block
                at += k
            else:
                extra.append(block)
        if extra:
            pairs = np.concatenate([pairs[:at], *extra])
        elif at < total:
            pairs = pairs[:at].copy()
        # by gram, then owner: the owners of a gram in item order, as the stable sort of
        # the grams concatenated in item order gives them
        pairs.sort()
        return cls(ids=ids, pairs=pairs, chars=np.asarray(chars, dtype=np.int64), params=params)

    @classmethod
    def load(cls, conn: sqlite3.Connection, params: SignatureParams = PARAMS
             ) -> "FingerprintIndex":
        """All items' grams from the store (signatures missing or of another version
        are computed first)."""
        rebuild_missing(conn, params)
        version = params_version(params)
        total = conn.execute("SELECT total(length(grams)) FROM sim_signatures WHERE version = ?",
                             (version,)).fetchone()[0]
        rows = conn.execute("SELECT item_id, chars, grams FROM sim_signatures "
                            "WHERE version = ? ORDER BY item_id", (version,))
        return cls.build(((r[0], r[1], _decode(r[2], "gram", r[0])) for r in rows), params,
                         total=int(total) // 4)

    @classmethod
    def cached(cls, conn: sqlite3.Connection, params: SignatureParams = PARAMS
               ) -> "FingerprintIndex":
        """Like ``load``, through a cache file beside the store
        (``<db>.simindex.npz``), valid while the signature rows are unchanged (their
        count and rowid sum, which any insert, replace or delete changes). A missing,
        stale or unreadable cache is rebuilt and rewritten atomically."""
        rebuild_missing(conn, params)
        path = index_cache_path(conn)
        state = _rows_state(conn, params)
        if path is not None and path.exists():
            try:
                with np.load(path, allow_pickle=False) as z:
                    if str(z["state"]) == state:
                        return cls(ids=z["ids"].tolist(), pairs=z["pairs"], chars=z["chars"],
                                   params=params)
            except (OSError, ValueError, KeyError, zipfile.BadZipFile):
                pass  # rebuilt below (also a cache of the earlier keys/owners format)
        index = cls.load(conn, params)
        if path is not None:
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            try:
                with open(tmp, "wb") as fh:
                    np.savez(fh, state=np.array(state), ids=np.array(index.ids, dtype=str),
                             pairs=index.pairs, chars=index.chars)
                os.replace(tmp, path)
            except OSError:
                tmp.unlink(missing_ok=True)  # a read-only folder: work without the cache
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def hits(self, grams: np.ndarray, *, max_postings: int | None = None) -> np.ndarray:
        """For each item, how many of the query ``grams`` (unique values) it holds.
        Grams held by more than ``max_postings`` items (stock phrases everyone uses)
        are ignored: they would make every item a candidate."""
        if max_postings is None:
            max_postings = max(2000, len(self.ids) // 20)
        # the pairs of gram g are those from g << 32 to g << 32 | 0xFFFFFFFF
        g = np.asarray(grams, dtype=np.uint64) << np.uint64(32)
        lo = np.searchsorted(self.pairs, g, side="left")
        hi = np.searchsorted(self.pairs, g | np.uint64(0xFFFFFFFF), side="right")
        count = hi - lo
        keep = (count > 0) & (count <= max_postings)
        lo, count = lo[keep], count[keep]
        total = int(count.sum())
        if total == 0:
            return np.zeros(len(self.ids), dtype=np.int64)
        first = np.repeat(np.cumsum(count) - count, count)
        pos = np.repeat(lo, count) + (np.arange(total) - first)
        owners = (self.pairs[pos] & np.uint64(0xFFFFFFFF)).astype(np.intp)
        return np.bincount(owners, minlength=len(self.ids))

    def candidates(self, grams: np.ndarray, *, exclude: Iterable[str] = (),
                   limit: int = 100, min_hits: int = 1,
                   max_postings: int | None = None) -> list[tuple[str, int]]:
        """The items sharing most query grams, best first: ``(item_id, hits)``."""
        counts = self.hits(grams, max_postings=max_postings)
        for item_id in exclude:
            if item_id in self.position:
                counts[self.position[item_id]] = 0
        found = np.flatnonzero(counts >= min_hits)
        if found.shape[0] > limit:
            top = np.argpartition(-counts[found], limit - 1)[:limit]
            found = found[top]
        found = found[np.argsort(-counts[found], kind="stable")]
        return [(self.ids[i], int(counts[i])) for i in found]


# --- the whole-text near-duplicate index -------------------------------------------

def load_minhashes(conn: sqlite3.Connection, item_ids: Sequence[str] | None = None,
                   params: SignatureParams = PARAMS) -> dict[str, MinHash]:
    rebuild_missing(conn, params)
    sql = "SELECT item_id, minhash FROM sim_signatures WHERE version = ?"
    out = {}
    for r in conn.execute(sql, (params_version(params),)):
        if item_ids is not None and r[0] not in item_ids:
            continue
        out[r[0]] = MinHash(num_perm=params.num_perm, seed=params.seed,
                            hashvalues=_decode(r[1], "minhash", r[0]), scheme="affine32")
    return out


def minhash_lsh(minhashes: dict[str, MinHash], threshold: float,
                params: SignatureParams = PARAMS) -> MinHashLSH:
    lsh = MinHashLSH(threshold=threshold, num_perm=params.num_perm)
    with lsh.insertion_session() as session:
        for key, m in minhashes.items():
            session.insert(key, m)
    return lsh
