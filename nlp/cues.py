"""The cue rules: the taxonomy's cue words found in a text (``CueRules``), the rule
score of a label from its cue occurrences (``rate_score``), the reason that quotes
them (``rule_reason``), and whether a carrier's cues say the text uses it
(``carrier_used``). Every axis of the taxonomy gets rules from its cue words: an axis
added to ``models/taxonomy.json`` is classified by its cues without code changes."""

from __future__ import annotations

import math
import re

from huibian.nlp.sentences import SentenceFinder, sentence_at
from huibian.nlp.taxonomy import Taxonomy


class CueRules:
    """Cue words of the taxonomy. Per axis, ``hits`` gives what ``re.finditer`` of the
    alternation of the axis's cues (longest first) gives: scanning left to right, at the
    first position where a cue starts, the longest cue there, then on from its end --
    which is an Aho-Corasick automaton's leftmost-longest search (``ahocorasick_rs``;
    the compiled alternations when it is not installed) -- less the occurrences inside
    one of the label's ``not_cues`` (研究 in 研究生, 办法 in 想办法). The last text's hits
    are kept: the axes of one item are looked up together."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self._rx: dict[str, re.Pattern[str]] = {}
        self._not_rx: dict[str, re.Pattern[str]] = {}  # axis -> its not_cues, if any
        self._negation_rx: dict[str, re.Pattern[str]] = {}  # axis -> its negations, if any
        self._intention_rx: dict[str, re.Pattern[str]] = {}  # axis -> its intentions, if any
        self._use_rx: dict[str, re.Pattern[str]] = {}  # axis -> its result_uses, if any
        self._problem_rx: dict[str, re.Pattern[str]] = {}  # axis -> its problems, if any
        self._use_kept: dict[str, frozenset[str]] = {}  # axis -> labels counted in them
        self._label_of: dict[str, dict[str, str]] = {}
        for axis_id, axis in taxonomy.axes.items():
            owner: dict[str, str] = {}
            for label in axis.labels:
                for cue in label.cues:
                    owner.setdefault(cue, label.id)
            cues = sorted(owner, key=len, reverse=True)
            self._rx[axis_id] = re.compile("|".join(map(re.escape, cues)))
            self._label_of[axis_id] = owner
            not_cues = sorted({w for label in axis.labels for w in label.not_cues},
                              key=len, reverse=True)
            if not_cues:
                self._not_rx[axis_id] = re.compile("|".join(map(re.escape, not_cues)))
            if axis.intentions:
                self._intention_rx[axis_id] = _intention_pattern(axis.intentions)
            if axis.result_uses:
                self._use_kept[axis_id] = frozenset(lab.id for lab in axis.labels
                                                    if lab.in_result_uses)
                self._use_rx[axis_id] = re.compile(
                    "|".join(map(re.escape, sorted(axis.result_uses, key=len, reverse=True))))
            if axis.problems:
                self._problem_rx[axis_id] = _problem_pattern(axis.problems)
            if axis.negations:
                self._negation_rx[axis_id] = re.compile(
                    "|".join(map(re.escape, sorted(axis.negations, key=len, reverse=True))))
        self._automata = _cue_automata(self._label_of)
        self._last: tuple = (None, None)

    def hits(self, axis: str, text: str) -> list[tuple[int, str, str]]:
        """(offset, cue, label) for every cue occurrence in ``text``."""
        return self.all_hits(text)[axis]

    def all_hits(self, text: str) -> dict[str, list[tuple[int, str, str]]]:
        """``hits`` of every axis."""
        last_text, last = self._last
        if last_text is text:
            return last
        if self._automata is None:
            out = {axis: self._hits_rx(axis, text) for axis in self._rx}
        else:
            out = self._hits_ac(text)
        for axis, rx in self._not_rx.items():
            if out[axis]:
                out[axis] = _outside(out[axis], [m.span() for m in rx.finditer(text)])
        for axis, rx in self._negation_rx.items():
            if out[axis]:
                out[axis] = [h for h in out[axis] if not _negated(text, h[0], rx)]
        for axis, rx in self._intention_rx.items():
            if out[axis]:
                out[axis] = _outside(out[axis], _intention_spans(text, rx))
        for axis, rx in self._problem_rx.items():
            if out[axis]:
                out[axis] = _outside(out[axis], _problem_spans(text, rx))
        for axis, rx in self._use_rx.items():
            if out[axis]:
                kept = self._use_kept[axis]
                out[axis] = [h for h in out[axis] if h[2] in kept
                             or not _result_use(text, h[0], len(h[1]), rx)]
        self._last = (text, out)
        return out

    def _hits_rx(self, axis: str, text: str) -> list[tuple[int, str, str]]:
        owner = self._label_of[axis]
        if not owner:  # an axis without cue words (the empty alternation matches anywhere)
            return []
        return [(m.start(), m.group(), owner[m.group()]) for m in self._rx[axis].finditer(text)]

    def _hits_ac(self, text: str) -> dict[str, list[tuple[int, str, str]]]:
        out = {}
        for axis, (automaton, cues, labels) in self._automata.items():
            out[axis] = [] if automaton is None else [(start, cues[i], labels[i])
                         for i, start, _ in automaton.find_matches_as_indexes(text)]
        return out


# what ends the clause a negation governs, and how far back a negation is looked for
_CLAUSE_END = re.compile(r"[，,。；;！!？?：:\n]")
NEGATION_REACH = 10


def _negated(text: str, pos: int, negations: re.Pattern[str]) -> bool:
    """Is the cue at ``pos`` denied by a negation before it in its clause, at most
    NEGATION_REACH characters back (不搞先锋岗评比, 没有再设立示范岗)?"""
    start = max(0, pos - NEGATION_REACH)
    cut = [m.end() for m in _CLAUSE_END.finditer(text, start, pos)]
    # a negation may end inside the cue (不评 before 评先进): it only has to start before it
    return any(m.start() < pos for m in negations.finditer(text, cut[-1] if cut else start, pos + 2))


# result-use words that open a clause as a preposition (依据《…》，…; 参考上级做法，…)
_PREPOSITIONS = frozenset({"依据", "参考"})


def _result_use(text: str, pos: int, size: int, uses: re.Pattern[str]) -> bool:
    """Is the cue at ``pos`` (``size`` characters) part of a clause that says how an
    outcome is used -- one of the axis's ``result_uses`` in the clause, not opening it
    (作为评先评优的依据, 与评优挂钩, 取消评先资格, 优先推荐参加评选表彰; but 依据《…》，开展评选
    opens with a preposition) -- or of a condition ending in 的 and a comma (受到街道以上
    表彰的，加三分)?"""
    start = max(0, pos - 60)
    for m in _CLAUSE_END.finditer(text, start, pos):
        start = m.end()
    while start < pos and text[start].isspace():
        start += 1
    end_m = _CLAUSE_END.search(text, pos + size)
    end = end_m.start() if end_m else len(text)
    if end_m and end_m.group() in "，," and text[:end].endswith("的"):
        return True
    return any(m.start() > start or m.group() not in _PREPOSITIONS
               for m in uses.finditer(text, start, end))


_OUTLINE_NO = r"(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、])?"
_TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}[、.．]", re.M)
_SENTENCE_END = re.compile(r"[。！!？?\n]")


def _intention_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A heading of intentions (四、下一步打算, 明年工作思路：) or a sentence opening with
    one of ``words`` and a comma (下一步，…; 明年，…)."""
    w = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"(?P<head>^\s*{_OUTLINE_NO}\s*(?:{w})的?(?:工作)?(?:打算|思路|计划|安排|设想|"
                      rf"努力方向|工作方向|工作重点)\s*[：:]?\s*$)|(?P<lead>(?:^|(?<=[。！？\n]))\s*(?:{w})[，,])",
                      re.M)


def _intention_spans(text: str, rx: re.Pattern[str]) -> list[tuple[int, int]]:
    """Where a unit tells what it means to do: from a heading of intentions to the next
    top-level heading (一、…) or the end, and a sentence opening with an intention word."""
    spans = []
    for m in rx.finditer(text):
        if m.group("head"):
            nxt = _TOP_HEADING.search(text, m.end())
            spans.append((m.start(), nxt.start() if nxt else len(text)))
        else:
            end = _SENTENCE_END.search(text, m.end())
            spans.append((m.start(), end.end() if end else len(text)))
    return _merged(spans)


_LEVEL_ONE = re.compile(r"^\s*[一二三四五六七八九十]{1,3}[、.．]", re.M)
_LEVEL_TWO = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])", re.M)


def _problem_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A heading line (numbered, or short and without a sentence end) holding one of
    ``words`` (二、存在的问题, （三）问题与不足, 当前工作中的短板)."""
    w = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"^(?P<no>\s*{_OUTLINE_NO})\s*[^。！？；\n]{{0,20}}(?:{w})[^。！？；，\n]{{0,16}}$", re.M)


def _problem_spans(text: str, rx: re.Pattern[str]) -> list[tuple[int, int]]:
    """Where a text analyses problems: from a problems heading to the next heading of its
    level or above (an unnumbered one: to the next numbered heading)."""
    spans = []
    for m in rx.finditer(text):
        no = m.group("no").strip()
        nxt_rx = _LEVEL_ONE if re.match(r"^[一二三四五六七八九十]", no) or not no else _LEVEL_TWO
        nxt = nxt_rx.search(text, m.end())
        spans.append((m.start(), nxt.start() if nxt else len(text)))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` in order, overlapping ones merged."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _outside(hits: list[tuple[int, str, str]], spans: list[tuple[int, int]]) -> list:
    """The hits not inside one of ``spans`` (both in text order)."""
    if not spans:
        return hits
    out, k = [], 0
    for hit in hits:
        pos, end = hit[0], hit[0] + len(hit[1])
        while k < len(spans) and spans[k][1] <= pos:
            k += 1
        if k < len(spans) and spans[k][0] <= pos and end <= spans[k][1]:
            continue
        out.append(hit)
    return out


def _cue_automata(label_of: dict[str, dict[str, str]]):
    """axis -> (leftmost-longest automaton of its cues, the cues, their labels); the
    automaton None for an axis without cue words."""
    try:
        # deferred: optional (the compiled alternations without it)
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - installed with the dependencies
        return None
    if any("" in owner for owner in label_of.values()):
        return None
    return {axis: (ahocorasick_rs.AhoCorasick(list(owner),
                                              matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
                   if owner else None, list(owner), list(owner.values()))
            for axis, owner in label_of.items()}


CARRIER_MIN_HITS = 2   # chosen on the development set's train split (MODEL_CARD.md)
_HEAD_LINE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|"
                        r"\d{1,2}[.．、]|第[一二三四五六七八九十\d]{1,3}[条章])")


def carrier_used(text: str, label: str, hits, model: float | None,
                 min_hits: int = CARRIER_MIN_HITS, model_gate: float = 0.7) -> bool:
    """Is the carrier ``label`` a vehicle the text uses, not a passing mention: its cue
    words occur at least CARRIER_MIN_HITS times, or once in the title or an outline
    heading, or in a named activity in quotation marks; or the model is sure (its
    probability at least ``model_gate``). (Asked of the axes listed in
    ``combine.USED_NOT_MENTIONED``: the carrier axis.)"""
    if model is not None and model >= model_gate:
        return True
    mine = [h for h in hits if h[2] == label]
    if len(mine) >= min_hits:
        return True
    first_line_end = text.find("\n")
    for pos, cue, _ in mine:
        if 0 <= pos < (first_line_end if first_line_end >= 0 else len(text)):
            return True
        line_start = text.rfind("\n", 0, pos) + 1
        line = text[line_start:text.find("\n", pos) if text.find("\n", pos) >= 0 else len(text)]
        if _HEAD_LINE.match(line) and pos - line_start <= 30:
            return True
        if text.rfind("“", line_start, pos) > text.rfind("”", line_start, pos):
            return True
    return False


def rate_score(occurrences: float, length: int) -> float:
    return 1.0 - math.exp(-1.2 * occurrences / (length / 500.0 + 1.0))


def rule_reason(text: str, sents: list[tuple[int, int]], hits: list[tuple[int, str, str]]) -> str:
    counts: dict[str, int] = {}
    for _, cue, _ in hits:
        counts[cue] = counts.get(cue, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0])))[:4]
    s, e = sents.at(hits[0][0]) if isinstance(sents, SentenceFinder) else \
        sentence_at(text, sents, hits[0][0])
    sentence = text[s:e]
    if len(sentence) > 80:
        sentence = sentence[:80] + "…"
    cues = "、".join(f"{c}（{n}次）" if n > 1 else c for c, n in top)
    return f"contains {cues}: “{sentence}”"
