"""Shared passages between two texts, found on their punctuation-free views.

1. Every maximal exact run of at least ``seed_chars`` view characters shared by the
   two texts is found with hashed k-gram seeds (k = ``seed_chars``): equal k-grams give
   (i, j) pairs; consecutive pairs on one diagonal ``j - i`` form one maximal run.
2. Runs are chosen longest first so that each submission character belongs to at
   most one run (a repeated phrase in the source does not count twice).
3. Runs of at least ``min_chars`` in order in both texts whose gaps are small in both
   (a changed word, a short insertion or deletion: at most ``max_gap`` view
   characters each side) are bridged into one passage; the gaps are its edits.
   Punctuation differences cost nothing: the view has none.
4. Shorter exact runs (``seed_chars`` = 8 to ``min_chars``) that fit in order next to
   a passage or inside one of its gaps join it (between two word edits a copied
   stretch is often shorter than 13); they never make a passage on their own.

All coordinates here are view coordinates; ``report`` maps them to the originals.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy as np

from huibian.similarity.shingles import kgram_hashes

DEFAULT_MIN_CHARS = 13
DEFAULT_MAX_GAP = 10
DEFAULT_SEED_CHARS = 8  # shorter exact runs than min_chars may extend a passage
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
    b_order = np.argsort(hb)
    hb = hb[b_order]  # sorted needles: searchsorted is several times faster
    lo = np.searchsorted(seeds.sorted, hb, side="left")
    hi = np.searchsorted(seeds.sorted, hb, side="right")
    count = np.minimum(hi - lo, MAX_REPEATS)
    total = int(count.sum())
    if total == 0:
        return np.zeros((0, 3), dtype=np.int64)
    jb = np.repeat(b_order.astype(np.int64), count)
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
    covered = bytearray(n_a + 1)
    chosen: list[tuple[int, int, int]] = []
    for a0, b0, length in sorted(runs.tolist(), key=lambda r: (-r[2], r[0])):
        seg = covered[a0:a0 + length]
        if not seg.count(1):
            chosen.append((a0, b0, length))
            covered[a0:a0 + length] = b"\x01" * length
            continue
        s = None
        for i, c in enumerate(bytes(seg) + b"\x01"):
            if not c and s is None:
                s = i
            elif c and s is not None:
                if i - s >= min_len:
                    chosen.append((a0 + s, b0 + s, i - s))
                    covered[a0 + s:a0 + i] = b"\x01" * (i - s)
                s = None
    chosen.sort()
    return chosen


def _chains(anchors: list[tuple[int, int, int]], max_gap: int) -> list[list[tuple[int, int, int]]]:
    """Anchors in order in both texts with small gaps in both, as chains."""
    chains: list[list[tuple[int, int, int]]] = []
    for run in anchors:
        if chains:
            last = chains[-1][-1]
            gap_a = run[0] - (last[0] + last[2])
            gap_b = run[1] - (last[1] + last[2])
            if 0 <= gap_a <= max_gap and 0 <= gap_b <= max_gap:
                chains[-1].append(run)
                continue
        chains.append([run])
    return chains


def _fits(before: tuple[int, int, int] | None, run: tuple[int, int, int],
          after: tuple[int, int, int] | None, max_gap: int) -> bool:
    """Whether ``run`` sits in order between ``before`` and ``after`` (either may be
    absent: a chain end) within ``max_gap`` of its neighbour(s) in both texts."""
    a0, b0, n = run
    if before is not None:
        ga, gb = a0 - (before[0] + before[2]), b0 - (before[1] + before[2])
        if not (0 <= ga <= max_gap and 0 <= gb <= max_gap):
            return False
    if after is not None:
        ga, gb = after[0] - (a0 + n), after[1] - (b0 + n)
        if not (0 <= ga <= max_gap and 0 <= gb <= max_gap):
            return False
    return True


def _extend(chain: list[tuple[int, int, int]], shorts: list[tuple[int, int, int]],
            short_starts: list[int], max_gap: int, reach: int,
            used: set) -> list[tuple[int, int, int]]:
    """Short runs (seed length up to ``min_chars``) join a chain where they fit in
    order next to it or inside one of its gaps: they extend a passage, never start
    one. ``shorts`` are sorted by submission start (``short_starts``); ``reach`` is
    how far before a chain a short run may start and still fit."""
    lo = bisect_left(short_starts, chain[0][0] - reach)
    hi = bisect_right(short_starts, chain[-1][0] + chain[-1][2] + max_gap)
    near = [r for r in shorts[lo:hi] if r not in used]
    changed = True
    while changed and near:
        changed = False
        for run in near:
            if run in used:
                continue
            i = bisect_left(chain, run)
            before = chain[i - 1] if i > 0 else None
            after = chain[i] if i < len(chain) else None
            if _fits(before, run, after, max_gap):
                chain.insert(i, run)
                used.add(run)
                changed = True
    return chain


def _passage(chain: list[tuple[int, int, int]]) -> Passage:
    gaps = tuple(Gap(p[0] + p[2], q[0], p[1] + p[2], q[1]) for p, q in zip(chain, chain[1:]))
    a0, b0 = chain[0][0], chain[0][1]
    a1, b1 = chain[-1][0] + chain[-1][2], chain[-1][1] + chain[-1][2]
    return Passage(a0, a1, b0, b1, sum(r[2] for r in chain), gaps)


def find_passages(a: np.ndarray | Seeds, b: np.ndarray, *,
                  min_chars: int = DEFAULT_MIN_CHARS,
                  max_gap: int = DEFAULT_MAX_GAP,
                  seed_chars: int = DEFAULT_SEED_CHARS) -> list[Passage]:
    """Shared passages of submission codes ``a`` (or its ``Seeds``, to check many
    sources) and source codes ``b`` (view code arrays), in submission order, not
    overlapping in the submission. Every passage holds an exact run of at least
    ``min_chars``; shorter exact runs (at least ``seed_chars``) only extend one."""
    k = min(seed_chars, min_chars)
    if isinstance(a, Seeds):
        seeds = a if a.k == k else Seeds(a.codes_, k)
    else:
        seeds = Seeds(a, k)
    runs = exact_runs(seeds, b, k)
    if runs.shape[0] == 0:
        return []
    chosen = _choose(runs, seeds.n, k)
    anchors = [r for r in chosen if r[2] >= min_chars]
    if not anchors:
        return []
    shorts = [r for r in chosen if r[2] < min_chars]
    chains = _chains(anchors, max_gap)
    if shorts:
        used: set = set()
        starts = [r[0] for r in shorts]
        chains = [_extend(c, shorts, starts, max_gap, max_gap + min_chars, used)
                  for c in chains]
        merged = [chains[0]]
        for chain in chains[1:]:  # extended chains may now be close enough to join
            if _fits(merged[-1][-1], chain[0], None, max_gap):
                merged[-1].extend(chain)
            else:
                merged.append(chain)
        chains = merged
    return [_passage(c) for c in chains]
