"""Reworded passages: copies that swapped words for synonyms, moved sentences or
spliced sources (issue 22), found on the synonym-class views of two texts.

1. **Class passages.** ``passages.find_passages`` runs on the class views' token
   codes (a thesaurus word is one token, its class; other characters are their own
   tokens): maximal shared token runs anywhere in the two texts, longest first, so a
   sentence moved elsewhere is its own run; runs in order with small gaps are
   bridged. A token pair of a run whose words differ is a *swap* (same synonym
   class); a one-word gap whose two words share a Cilin group in another sense is a
   swap too; other gaps are edits.
2. **Sentence alignment.** A submission sentence still uncovered is matched to the
   source sentence sharing most class tokens (seeded by shared token trigrams) and
   kept when the class-token alignment (longest matching blocks) covers most of both
   sentences: a reordered sentence whose runs were cut short by edits still counts.
3. **Pieces.** What the exact check already found for the same source stays
   ``原文复制``; the rest of each reworded alignment becomes ``改写复制`` pieces with
   exact view offsets on both sides, their swaps and edits.

Every alignment must hold at least ``MIN_SWAPS`` swaps and span ``MIN_CHARS`` view
characters: an unedited shared run is the exact check's to report, and a short class
match with one swap is stock phrasing (行动/活动领导小组) as often as a copy. All coordinates here are view coordinates; ``report`` maps them to the
originals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np

from huibian.similarity.passages import Gap, Passage, Seeds, exact_runs, find_passages
from huibian.similarity.shingles import View
from huibian.similarity.thesaurus import CLASS_BASE, ClassView, Thesaurus

MIN_TOKENS = 8        # a class run that anchors a passage (about 12 characters)
SEED_TOKENS = 4       # shorter runs extend a passage
MAX_GAP_TOKENS = 6    # edits bridged inside a passage
MIN_CHARS = 20        # a reworded alignment spans at least this many view characters
MIN_SWAPS = 2         # and holds at least this many swaps
SENTENCE_SHARE = 0.7  # of a sentence's characters matched (both sides), to align it
MIN_SENTENCE = 12     # view characters of a sentence worth aligning


@dataclass(frozen=True)
class Swap:
    """A swapped word: view span ``[a_start, a_end)`` of the submission stands for
    ``[b_start, b_end)`` of the source."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True)
class Reworded:
    """A reworded piece in view coordinates (as ``passages.Passage``), with its swaps;
    ``how``: ``classes`` (a class-run passage) or ``sentences`` (sentence alignment)."""

    start: int
    end: int
    source_start: int
    source_end: int
    matched: int
    swaps: tuple[Swap, ...] = ()
    gaps: tuple[Gap, ...] = ()
    how: str = "classes"

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Side:
    """One text prepared for alignment: its view, class view and token seeds."""

    view: View
    cv: ClassView
    text: str = field(repr=False, default="")
    _seeds: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.view.text

    def seeds(self, k: int) -> Seeds:
        if k not in self._seeds:
            self._seeds[k] = Seeds(self.cv.codes, k)
        return self._seeds[k]

    def word(self, t: int) -> str:
        return self.text[int(self.cv.starts[t]):int(self.cv.ends[t])]


@dataclass
class _Alignment:
    """Aligned token pairs (``ta[i]`` with ``tb[i]``) and token gaps
    ``(a0, a1, b0, b1)``, in submission order."""

    ta: np.ndarray
    tb: np.ndarray
    gaps: list[tuple[int, int, int, int]]
    how: str


def _runs_of(p: Passage) -> list[tuple[int, int, int]]:
    """The shared runs of a passage (token coordinates) from its ends and gaps."""
    runs, a, b = [], p.start, p.source_start
    for g in p.gaps:
        runs.append((a, b, g.a_start - a))
        a, b = g.a_end, g.b_end
    runs.append((a, b, p.end - a))
    return runs


def _from_runs(runs, how: str) -> _Alignment:
    ta = np.concatenate([np.arange(a, a + n) for a, _b, n in runs])
    tb = np.concatenate([np.arange(b, b + n) for _a, b, n in runs])
    gaps = [(p[0] + p[2], q[0], p[1] + p[2], q[1]) for p, q in zip(runs, runs[1:])]
    return _Alignment(ta.astype(np.int64), tb.astype(np.int64), gaps, how)


def _swapped(a: Side, b: Side, ta: np.ndarray, tb: np.ndarray) -> np.ndarray:
    """Which aligned pairs are swaps: a thesaurus word on both sides, other words."""
    is_word = a.cv.codes[ta] >= CLASS_BASE
    out = np.zeros(ta.shape[0], dtype=bool)
    for i in np.flatnonzero(is_word):
        out[i] = a.word(int(ta[i])) != b.word(int(tb[i]))
    return out


def _gap_swap(a: Side, b: Side, g: tuple[int, int, int, int], thes: Thesaurus) -> bool:
    a0, a1, b0, b1 = g
    return a1 - a0 == 1 and b1 - b0 == 1 and thes.same_group(a.word(a0), b.word(b0))


def _class_alignments(a: Side, b: Side, thes: Thesaurus) -> list[_Alignment]:
    out = []
    for p in find_passages(a.seeds(SEED_TOKENS), b.cv.codes, min_chars=MIN_TOKENS,
                           max_gap=MAX_GAP_TOKENS, seed_chars=SEED_TOKENS):
        out.append(_from_runs(_runs_of(p), "classes"))
    return out


def sentence_views(view: View, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans of the original text as view spans (the empty ones dropped)."""
    if not spans:
        return []
    v = np.searchsorted(view.to_orig, np.asarray(spans, dtype=np.int64))
    return [tuple(x) for x in v[v[:, 1] > v[:, 0]].tolist()]


def _sentence_alignments(a: Side, b: Side, covered: np.ndarray,
                         a_sents: list[tuple[int, int]], b_sents: list[tuple[int, int]]
                         ) -> list[_Alignment]:
    """Uncovered submission sentences aligned to the source sentence sharing most
    class tokens (see the module docstring)."""
    if not a_sents or not b_sents:
        return []
    sa, sb = np.asarray(a_sents, dtype=np.int64), np.asarray(b_sents, dtype=np.int64)
    csum = np.concatenate([[0], np.cumsum(covered)])
    length = sa[:, 1] - sa[:, 0]
    todo = (length >= MIN_SENTENCE) & ((csum[sa[:, 1]] - csum[sa[:, 0]]) * 2 < length)
    if not todo.any():
        return []
    runs = exact_runs(a.seeds(3), b.cv.codes, 3)
    if runs.shape[0] == 0:
        return []
    at = np.searchsorted(a.cv.starts, sa)  # token ranges [t0, t1) of the sentences
    bt = np.searchsorted(b.cv.starts, sb)
    ra = np.searchsorted(at[:, 0], runs[:, 0], side="right") - 1
    rb = np.searchsorted(bt[:, 0], runs[:, 1], side="right") - 1
    ok = (ra >= 0) & (rb >= 0)
    ok[ok] = todo[ra[ok]]
    if not ok.any():
        return []
    key = ra[ok] * len(b_sents) + rb[ok]
    keys, inv = np.unique(key, return_inverse=True)
    votes = np.bincount(inv, weights=runs[ok, 2])
    best: dict[int, tuple[float, int]] = {}
    for kk, v in zip(keys.tolist(), votes.tolist()):
        i, j = divmod(kk, len(b_sents))
        if i not in best or v > best[i][0]:
            best[i] = (v, j)
    out = []
    for i, (v, j) in sorted(best.items()):
        t0, t1 = int(at[i, 0]), int(at[i, 1])
        s0, s1 = int(bt[j, 0]), int(bt[j, 1])
        if v < 0.4 * (t1 - t0):
            continue  # too little shared to be worth an alignment
        ca, cb = a.cv.codes[t0:t1].tolist(), b.cv.codes[s0:s1].tolist()
        blocks = [m for m in SequenceMatcher(None, ca, cb, autojunk=False).get_matching_blocks()
                  if m.size]
        if not blocks:
            continue
        ta = np.concatenate([np.arange(t0 + m.a, t0 + m.a + m.size) for m in blocks])
        tb = np.concatenate([np.arange(s0 + m.b, s0 + m.b + m.size) for m in blocks])
        chars_a = int((a.cv.ends[ta] - a.cv.starts[ta]).sum())
        chars_b = int((b.cv.ends[tb] - b.cv.starts[tb]).sum())
        if chars_a < SENTENCE_SHARE * (sa[i, 1] - sa[i, 0]) or \
                chars_b < SENTENCE_SHARE * (sb[j, 1] - sb[j, 0]):
            continue
        out.append(_from_runs([(t0 + m.a, s0 + m.b, m.size) for m in blocks], "sentences"))
    return out


def _pieces(al: _Alignment, a: Side, b: Side, exact: np.ndarray, thes: Thesaurus
            ) -> list[Reworded]:
    """The alignment's parts the exact check has not covered, as pieces."""
    if al.ta.shape[0] == 0:
        return []
    first, last = int(al.ta[0]), int(al.ta[-1])
    for g in al.gaps:
        last = max(last, g[1] - 1)
    toks = np.arange(first, last + 1)
    starts, ends = a.cv.starts[toks], a.cv.ends[toks]
    csum = np.concatenate([[0], np.cumsum(exact)])
    open_tok = (csum[ends] - csum[starts]) < (ends - starts)  # a character not exact
    span = int(a.cv.ends[last] - a.cv.starts[first])
    swaps_pair = _swapped(a, b, al.ta, al.tb)
    gap_swaps = [g for g in al.gaps if _gap_swap(a, b, g, thes)]
    if span < MIN_CHARS or int(swaps_pair.sum()) + len(gap_swaps) < MIN_SWAPS:
        return []
    pair_at = {int(t): i for i, t in enumerate(al.ta)}
    out: list[Reworded] = []
    i = 0
    n = toks.shape[0]
    while i < n:
        if not open_tok[i]:
            i += 1
            continue
        j = i
        while j < n and open_tok[j]:
            j += 1
        t0, t1 = int(toks[i]), int(toks[j - 1])  # tokens [t0, t1]
        idx = [pair_at[t] for t in range(t0, t1 + 1) if t in pair_at]
        gaps_in = [g for g in al.gaps if g[0] < t1 + 1 and g[1] > t0]
        if idx:
            b0, b1 = int(al.tb[idx[0]]), int(al.tb[idx[-1]])
            for g in gaps_in:
                if g[3] > g[2]:
                    b0, b1 = min(b0, g[2]), max(b1, g[3] - 1)
        elif gaps_in and gaps_in[0][3] > gaps_in[0][2]:
            b0, b1 = gaps_in[0][2], gaps_in[0][3] - 1
        else:
            i = j
            continue
        sw = [Swap(int(a.cv.starts[al.ta[k]]), int(a.cv.ends[al.ta[k]]),
                   int(b.cv.starts[al.tb[k]]), int(b.cv.ends[al.tb[k]]))
              for k in idx if swaps_pair[k]]
        edits = []
        for g in gaps_in:
            ga = (int(a.cv.starts[g[0]]) if g[1] > g[0] else int(a.cv.ends[g[0] - 1]),
                  int(a.cv.ends[g[1] - 1]) if g[1] > g[0] else int(a.cv.ends[g[0] - 1]))
            gb = (int(b.cv.starts[g[2]]) if g[3] > g[2] else int(b.cv.ends[g[2] - 1]),
                  int(b.cv.ends[g[3] - 1]) if g[3] > g[2] else int(b.cv.ends[g[2] - 1]))
            if g in gap_swaps:
                sw.append(Swap(ga[0], ga[1], gb[0], gb[1]))
            else:
                edits.append(Gap(ga[0], ga[1], gb[0], gb[1]))
        sw.sort(key=lambda s: s.a_start)
        v0, v1 = int(a.cv.starts[t0]), int(a.cv.ends[t1])
        while v0 < v1 and exact[v0]:  # a word half inside an exact passage: its other half
            v0 += 1
        while v1 > v0 and exact[v1 - 1]:
            v1 -= 1
        s0, s1 = int(b.cv.starts[b0]), int(b.cv.ends[b1])
        matched = int(sum(a.cv.ends[al.ta[k]] - a.cv.starts[al.ta[k]] for k in idx))
        if v1 > v0 and (v1 - v0 >= 4 or sw):  # nothing left once clipped: no piece
            out.append(Reworded(v0, v1, s0, s1, matched, tuple(sw), tuple(edits), al.how))
        i = j
    return out


def reworded_passages(a: Side, b: Side, exact: np.ndarray, thes: Thesaurus, *,
                      a_sents: list[tuple[int, int]] | None = None,
                      b_sents: list[tuple[int, int]] | None = None) -> list[Reworded]:
    """Reworded pieces of submission ``a`` against source ``b``, outside ``exact``
    (a bool mask over ``a``'s view: what the exact check found for this source).
    With sentence spans (view coordinates) of both, uncovered sentences are aligned
    too. Pieces are in submission order and do not overlap in the submission."""
    alignments = _class_alignments(a, b, thes)
    pieces: list[Reworded] = []
    for al in alignments:
        pieces += _pieces(al, a, b, exact, thes)
    if a_sents is not None and b_sents is not None and pieces:
        # only a source already shown to be reworded (cost: most candidates are not)
        covered = exact.copy()
        for al in alignments:  # every class passage, reworded or not, counts as seen
            covered[int(a.cv.starts[al.ta[0]]):int(a.cv.ends[al.ta[-1]])] = True
        for al in _sentence_alignments(a, b, covered, a_sents, b_sents):
            pieces += _pieces(al, a, b, exact, thes)
    pieces.sort(key=lambda p: (p.start, -p.length))
    out: list[Reworded] = []
    for p in pieces:
        if out and p.start < out[-1].end:
            continue
        out.append(p)
    return out
