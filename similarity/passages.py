"""Shared passages between two texts, found on their punctuation-free views.

1. Every maximal exact run of at least ``min_chars`` view characters shared by the two
   texts is found with hashed k-gram seeds (k = ``min_chars``): equal k-grams give
   (i, j) pairs; consecutive pairs on one diagonal ``j - i`` form one maximal run.
2. Runs are chosen longest first so that each submission character belongs to at
   most one run (a repeated phrase in the source does not count twice).
3. Runs in order in both texts whose gaps are small in both (a changed word, a short
   insertion or deletion: at most ``max_gap`` view characters each side) are bridged
   into one passage; the gaps are its edits. Punctuation differences cost nothing:
   the view has none.

All coordinates here are view coordinates; ``report`` maps them to the originals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from similarity.shingles import kgram_hashes

DEFAULT_MIN_CHARS = 13
DEFAULT_MAX_GAP = 10
MAX_REPEATS = 32  # pairs kept per k-gram repeated in the source


@dataclass(frozen=True)
class Gap:
    """A bridged edit: view span ``[a_start, a_end)`` of the submission stands where
    ``[b_start, b_end)`` of the source was (either may be empty)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True)
class Passage:
    """A shared passage in view coordinates: ``[start, end)`` of the submission,
    ``[source_start, source_end)`` of the source; ``matched`` characters of it are
    exact matches, the rest are its ``gaps``."""

    start: int
    end: int
    source_start: int
    source_end: int
    matched: int
    gaps: tuple[Gap, ...] = ()

    @property
    def length(self) -> int:
        return self.end - self.start


class Seeds:
    """The submission's k-gram hashes, sorted once and searched by every candidate."""

    def __init__(self, codes: np.ndarray, k: int):
        self.k = k
        self.codes_ = codes
        self.n = int(codes.shape[0])
        hashes = kgram_hashes(codes, k)
        self.order = np.argsort(hashes, kind="stable")
        self.sorted = hashes[self.order]


def exact_runs(a: np.ndarray | Seeds, b: np.ndarray, k: int) -> np.ndarray:
    """Maximal exact runs of at least ``k`` characters shared by code arrays ``a`` (or
    its ``Seeds``) and ``b``: an int64 array of rows ``(a_start, b_start, length)``."""
    seeds = a if isinstance(a, Seeds) else Seeds(a, k)
    hb = kgram_hashes(b, k)
    if seeds.sorted.shape[0] == 0 or hb.shape[0] == 0:
        return np.zeros((0, 3), dtype=np.int64)
    lo = np.searchsorted(seeds.sorted, hb, side="left")
    hi = np.searchsorted(seeds.sorted, hb, side="right")
    count = np.minimum(hi - lo, MAX_REPEATS)
    total = int(count.sum())
    if total == 0:
        return np.zeros((0, 3), dtype=np.int64)
    jb = np.repeat(np.arange(hb.shape[0], dtype=np.int64), count)
    first = np.repeat(np.cumsum(count) - count, count)
    ia = seeds.order[np.repeat(lo, count) + (np.arange(total) - first)].astype(np.int64)
    diag = jb - ia
    n_a = seeds.sorted.shape[0]
    key = (diag + n_a) * (n_a + 1) + ia
    srt = np.argsort(key, kind="stable")
    ia, diag = ia[srt], diag[srt]
    new = np.ones(total, dtype=bool)
    new[1:] = (diag[1:] != diag[:-1]) | (ia[1:] != ia[:-1] + 1)
    starts = np.flatnonzero(new)
    lengths = np.diff(np.append(starts, total)) + k - 1
    a_start = ia[starts]
    return np.stack([a_start, a_start + diag[starts], lengths], axis=1)


def _choose(runs: np.ndarray, n_a: int, min_len: int) -> list[tuple[int, int, int]]:
    """Longest runs first; each submission character in at most one run (a run that
    overlaps a chosen one keeps its uncovered parts of at least ``min_len``)."""
    covered = np.zeros(n_a + 1, dtype=bool)
    chosen: list[tuple[int, int, int]] = []
    for idx in np.lexsort((runs[:, 0], -runs[:, 2])):
        a0, b0, length = (int(x) for x in runs[idx])
        seg = covered[a0:a0 + length]
        if not seg.any():
            chosen.append((a0, b0, length))
            covered[a0:a0 + length] = True
            continue
        free = np.flatnonzero(~seg)
        if free.shape[0] < min_len:
            continue
        breaks = np.flatnonzero(np.diff(free) != 1)
        for lo, hi in zip(np.r_[0, breaks + 1], np.r_[breaks, free.shape[0] - 1]):
            s, e = int(free[lo]), int(free[hi]) + 1
            if e - s >= min_len:
                chosen.append((a0 + s, b0 + s, e - s))
                covered[a0 + s:a0 + e] = True
    chosen.sort()
    return chosen


def _bridge(chosen: list[tuple[int, int, int]], max_gap: int) -> list[Passage]:
    passages: list[Passage] = []
    cur: list[tuple[int, int, int]] = []

    def flush() -> None:
        if not cur:
            return
        gaps = tuple(Gap(p[0] + p[2], q[0], p[1] + p[2], q[1]) for p, q in zip(cur, cur[1:]))
        a0, b0 = cur[0][0], cur[0][1]
        a1, b1 = cur[-1][0] + cur[-1][2], cur[-1][1] + cur[-1][2]
        passages.append(Passage(a0, a1, b0, b1, sum(r[2] for r in cur), gaps))

    for run in chosen:
        if cur:
            last = cur[-1]
            gap_a = run[0] - (last[0] + last[2])
            gap_b = run[1] - (last[1] + last[2])
            if 0 <= gap_a <= max_gap and 0 <= gap_b <= max_gap:
                cur.append(run)
                continue
            flush()
        cur = [run]
    flush()
    return passages


def find_passages(a: np.ndarray | Seeds, b: np.ndarray, *,
                  min_chars: int = DEFAULT_MIN_CHARS,
                  max_gap: int = DEFAULT_MAX_GAP) -> list[Passage]:
    """Shared passages of submission codes ``a`` (or ``Seeds(a, min_chars)``, to check
    many sources) and source codes ``b`` (view code arrays), in submission order, not
    overlapping in the submission."""
    seeds = a if isinstance(a, Seeds) and a.k == min_chars else Seeds(
        a.codes_ if isinstance(a, Seeds) else a, min_chars)
    runs = exact_runs(seeds, b, min_chars)
    if runs.shape[0] == 0:
        return []
    return _bridge(_choose(runs, seeds.n, min_chars), max_gap)
