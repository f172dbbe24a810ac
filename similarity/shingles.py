"""The punctuation-free view of a text, and hashed character k-grams of it.

Copy detection compares *what was written*, not how it was punctuated or laid out:
the view keeps Chinese characters, letters and digits only (spaces, punctuation,
line breaks and symbols are dropped), folds traditional to simplified characters
(OpenCC's table ``models/t2s.tsv``, read by ``core.script``), full-width to half-width forms and
upper to lower case. ``View.to_orig[i]`` is the offset in the original text of view
character ``i``, so a passage found on the view maps back to exact original offsets.

Everything here is numpy over code points: a 5,000-character text is folded and
hashed in well under a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from huibian.core.script import read_table, table_path


_MAX_CP = 0x110000
_HASH_BASE = np.uint64(0x100000001B3)  # FNV prime: an odd 64-bit multiplier
_MASK32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True)
class FoldTables:
    """``fold[cp]`` is the folded code point of ``cp``; ``keep[cp]`` says whether the
    folded character belongs to the view."""

    fold: np.ndarray = field(repr=False)
    keep: np.ndarray = field(repr=False)


@lru_cache(maxsize=4)
def fold_tables(t2s_file: Path | None = None) -> FoldTables:
    """Build (once per table file; default: the models' ``t2s.tsv``) the folding
    lookup tables."""

    fold = np.arange(_MAX_CP, dtype=np.uint32)
    for trad, simp in read_table(t2s_file or table_path()):
        fold[ord(trad)] = ord(simp)
    # full-width ASCII forms and the ideographic space
    fold[0xFF01:0xFF5F] = np.arange(0x21, 0x7F, dtype=np.uint32)
    fold[0x3000] = 0x20
    # upper to lower case (after the width fold, so Ａ -> a)
    upper = (fold >= 0x41) & (fold <= 0x5A)
    fold[upper] += 0x20
    keep = np.zeros(_MAX_CP, dtype=bool)
    keep[0x30:0x3A] = True            # digits
    keep[0x61:0x7B] = True            # letters (already lower case)
    keep[0x3400:0x4DC0] = True        # CJK extension A
    keep[0x4E00:0xA000] = True        # CJK unified ideographs
    keep[0xF900:0xFB00] = True        # compatibility ideographs
    keep[0x20000:0x323B0] = True      # extensions B-H
    keep[0x3007] = True               # 〇, used as a digit in dates
    return FoldTables(fold=fold, keep=keep)


@dataclass(frozen=True)
class View:
    """The punctuation-free, folded view of ``original``."""

    original: str = field(repr=False)
    codes: np.ndarray = field(repr=False)     # uint32 code points of the view
    to_orig: np.ndarray = field(repr=False)   # int64 offsets into ``original``

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    @property
    def text(self) -> str:
        return self.codes.astype("<u4").tobytes().decode("utf-32-le")

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that view span ``[start, end)`` came from:
        from its first kept character to just after its last one."""
        if start >= end:
            pos = int(self.to_orig[start]) if start < len(self) else len(self.original)
            return pos, pos
        return int(self.to_orig[start]), int(self.to_orig[end - 1]) + 1

    def orig_mask(self, mask: np.ndarray) -> np.ndarray:
        """A per-character mask of the original text, read at the view's characters."""
        return mask[self.to_orig]


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint32)


def make_view(text: str, tables: FoldTables | None = None) -> View:
    tables = tables or fold_tables()
    folded = tables.fold[code_points(text)]
    kept = np.flatnonzero(tables.keep[folded])
    return View(original=text, codes=folded[kept], to_orig=kept)


def view_text(text: str) -> str:
    """The view as a string (for tests and messages)."""
    return make_view(text).text


def _mix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: spreads the polynomial hash over all bits."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def kgram_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """64-bit hashes of every k-character window of ``codes`` (``len - k + 1`` values,
    empty when the text is shorter than k). Equal windows hash equal everywhere."""
    n = codes.shape[0] - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    c = codes.astype(np.uint64)
    with np.errstate(over="ignore"):
        h = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            h = h * _HASH_BASE + c[j:j + n]
        return _mix64(h)


def kgram_hashes32(codes: np.ndarray, k: int) -> np.ndarray:
    return (kgram_hashes(codes, k) >> np.uint64(32)).astype(np.uint32)


def winnow(hashes: np.ndarray, w: int) -> np.ndarray:
    """Winnowing (Schleimer et al.): the minimum of every ``w`` consecutive hashes, as
    a sorted set. Any shared run of ``w + k - 1`` characters yields a shared value."""
    if hashes.shape[0] == 0:
        return hashes[:0]
    if hashes.shape[0] <= w:
        return np.unique(hashes.min(keepdims=True))
    windows = np.lib.stride_tricks.sliding_window_view(hashes, w)
    return np.unique(windows.min(axis=1))
