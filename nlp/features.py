"""Features for the classifiers, as scikit-learn transformers that follow the estimator
contract (``__init__`` stores settings only, ``fit`` returns ``self``).

* ``Segmenter``: text -> space-joined words from our ``Tokenizer`` (never sklearn's
  ASCII token pattern); accepts a ``Segmented`` (text already cut once for the whole
  analysis) so an item is segmented a single time.
* ``StructuralFeatures``: the layout signals of a genre — a document number,
  各位领导/同志们, 第一条…, 一、指导思想, a signature and date block, …
* ``paragraphs``: the units the multi-label axes are scored on."""

from __future__ import annotations

from functools import lru_cache

import re

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from huibian.nlp.segment import Token

_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z]")


class Segmented:
    """A text with its words (offsets into ``text``), cut once and shared by every
    consumer. ``words`` are the Tokenizer's accurate-mode words without white space
    (``Tokenizer.cut``) and ``starts`` their offsets; ``tokens`` gives them as ``Token``
    objects (built on first use only: most consumers need the words alone)."""

    __slots__ = ("text", "words", "starts", "_tokens")

    def __init__(self, text: str, tokens=None, *, words=None, starts=None):
        self.text = text
        if tokens is not None:
            tokens = tuple(tokens)
            self._tokens = tokens
            self.words = [t.text for t in tokens]
            self.starts = [t.start for t in tokens]
        else:
            self._tokens = None
            self.words = list(words or ())
            self.starts = list(starts or ())
            if len(self.words) != len(self.starts):
                raise ValueError("words and starts differ in length")

    @classmethod
    def cut(cls, text: str, tokenizer) -> "Segmented":
        """``text`` cut with ``tokenizer`` (the same words as ``tokenizer.tokens``)."""
        words = tokenizer.cut(text)
        return cls(text, words=words, starts=word_starts(text, words))

    @property
    def tokens(self) -> tuple[Token, ...]:
        if self._tokens is None:
            self._tokens = tuple(Token(w, s, s + len(w)) for w, s in zip(self.words, self.starts))
        return self._tokens

    def __eq__(self, other):
        if not isinstance(other, Segmented):
            return NotImplemented
        return (self.text, self.words, self.starts) == (other.text, other.words, other.starts)

    __hash__ = None

    def __repr__(self) -> str:
        return f"Segmented({self.text[:20]!r}, {len(self.words)} words)"

    def __str__(self) -> str:
        return self.text


def word_starts(text: str, words) -> list[int]:
    """Offsets of ``words`` (``Tokenizer.cut``: every character of ``text`` in order,
    white-space words dropped) in ``text``. A word never mixes white space with other
    characters, so each word is at the end of the previous one or after white space."""
    starts = []
    append = starts.append
    find = text.find
    startswith = text.startswith
    pos = 0
    for w in words:
        if not startswith(w, pos):
            pos = find(w, pos)
        append(pos)
        pos += len(w)
    return starts


@lru_cache(maxsize=500_000)
def is_content(word: str) -> bool:
    """Chinese or Latin letters in ``word`` (memoized: the vocabulary is small)."""
    return _KEEP.search(word) is not None


def content_words(tokens, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """Words that carry meaning: Chinese or Latin letters, not a stopword, not a lone
    character of function grammar."""
    return content_words_of([t.text for t in tokens], stopwords)


def content_words_of(words, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """``content_words`` over word strings."""
    if stopwords:
        return [w for w in words if is_content(w) and w not in stopwords]
    return [w for w in words if is_content(w)]


class Segmenter(BaseEstimator, TransformerMixin):
    """Cut each document with the project's Tokenizer into space-joined words.

    ``userdict`` names the dictionary (default ``models/userdict.txt``); the tokenizer
    itself is not a parameter and is never saved with a model — give the shared one with
    ``set_tokenizer`` (``Resources.classifier`` does) or one is built on first use."""

    def __init__(self, userdict: str | None = None):
        self.userdict = userdict

    def set_tokenizer(self, tokenizer) -> "Segmenter":
        self._tokenizer = tokenizer
        return self

    def _tok(self):
        tok = getattr(self, "_tokenizer", None)
        if tok is None:
            # deferred for start-up time (a slow import)
            from huibian.nlp.segment import Tokenizer

            tok = self._tokenizer = Tokenizer(self.userdict)
        return tok

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        out = []
        for doc in X:
            words = doc.words if isinstance(doc, Segmented) else self._tok().cut(str(doc))
            out.append(" ".join(content_words_of(words)))
        return out

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_tokenizer", None)
        return state


# --- structural signals of a genre -------------------------------------------------
STRUCTURAL = (
    ("doc_number", re.compile(r"[\u4e00-\u9fff]{1,6}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")),
    ("notice_title", re.compile(r"^.{0,200}?(关于.{0,80}的通知|印发.{0,80}通知)", re.S)),
    ("forwarding", re.compile(r"现将.{0,80}(印发|转发)给你们|请结合实际")),
    ("addressees", re.compile(r"^[^\n]{0,120}[：:]$", re.M)),
    ("speech_opening", re.compile(r"各位领导|同志们[：，！]|谢谢大家")),  # an address, not 党员同志们…
    ("articles", re.compile(r"第[一二三四五六七八九十百]+条")),
    ("plan_outline", re.compile(r"指导思想|目标任务|活动步骤|组织保障|实施步骤|第[一二三]阶段")),
    ("plan_title", re.compile(r"^.{0,200}?(实施方案|工作方案)", re.S)),
    ("guidance_title", re.compile(r"^.{0,300}?(指导意见|实施意见)", re.S)),
    ("guidance_body", re.compile(r"现提出如下意见|目标要求|方法步骤|组织领导")),
    ("signature_date", re.compile(r"\n[^\n]{2,40}\n\d{4}年\d{1,2}月(\d{1,2}日)?\s*(\n|$)")),
    ("case_outline", re.compile(r"成效|做法|体会|思考|经验|反响|意义|思路")),
    ("first_person_unit", re.compile(r"我馆|我院|我校|我局|我们")),
    ("preface_words", re.compile(r"汇编|前言|序言|借鉴|优秀实践案例")),
    ("summary_words", re.compile(r"工作总结|总结如下|下一步|存在的问题|今后")),
    ("article_words", re.compile(r"探析|浅析|浅谈|摘要|关键词|论文")),
)


# Faster counts of some signals, each the number of ``rx.finditer(text)`` matches
# exactly (tests/nlp/test_analysis_batch.py), used only while the signal's pattern is
# the one below (an edited pattern falls back to finditer):
# * doc_number: every match ends with a bracketed year and number (the "tail", which
#   cannot overlap another tail) starting at most 6 characters after the match's
#   start; so each tail is tried with a search limited to the 6 characters before it;
# * addressees: a whole line of at most 121 characters ending with a colon: the
#   lines ending with a colon are found first, then their length checked;
# * alternations of plain strings that cannot overlap in any text (none inside
#   another, no end of one the start of another or of itself): every occurrence is a
#   match; all of them counted in one Aho-Corasick scan;
# * other alternations of plain strings (a one-character class inside a string
#   spelled out: 第[一二三]阶段 is three strings), whose occurrences can overlap: in
#   the same scan; in a text where this signal's occurrences do not overlap, each is
#   a match (the regex finds the leftmost, takes it whole, goes on from its end, and
#   the next occurrence starts there or later), so they are counted; else finditer;
# * forwarding: every match starts with 现将 or is 请结合实际: none when neither is
#   in the text.
_DOC_NUMBER = r"[\u4e00-\u9fff]{1,6}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号"
_DOC_TAIL = re.compile(r"[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_ADDRESSEES = r"^[^\n]{0,120}[：:]$"
_FORWARDING = r"现将.{0,80}(印发|转发)给你们|请结合实际"


def _count_doc_number(rx: re.Pattern[str], text: str) -> int:
    count = pos = 0
    for tail in _DOC_TAIL.finditer(text):
        m = rx.search(text, max(pos, tail.start() - 6), tail.end())
        if m is not None:
            count += 1
            pos = m.end()
    return count


def _count_addressees(rx: re.Pattern[str], text: str) -> int:
    """The colons ``[：:]$`` (multi-line) matches -- each followed by a line break or
    the end of the text -- on a line of at most 121 characters."""
    count = 0
    find, rfind = text.find, text.rfind
    for colon_eol in ("：\n", ":\n"):
        i = find(colon_eol)
        while i >= 0:
            if i - (rfind("\n", 0, i) + 1) <= 120:
                count += 1
            i = find(colon_eol, i + 2)
    if text and text[-1] in "：:":
        i = len(text) - 1
        if i - (rfind("\n", 0, i) + 1) <= 120:
            count += 1
    return count


def _count_forwarding(rx: re.Pattern[str], text: str) -> int:
    if "现将" not in text and "请结合实际" not in text:
        return 0
    return len(rx.findall(text))


_CLASS_IN_STRING = re.compile(r"([^\\\[\]().*+?{}|^$]*)\[([^\\\[\]^-]+)\]([^\\\[\]().*+?{}|^$]*)")


def _literal_alternatives(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """The strings an alternation of plain strings (each with at most one class of
    plain characters, spelled out) matches, in pattern order; otherwise None."""
    if rx.flags & re.IGNORECASE or rx.flags & re.VERBOSE:
        return None
    out: list[str] = []
    for part in rx.pattern.split("|"):
        if part and re.escape(part) == part:
            out.append(part)
            continue
        m = _CLASS_IN_STRING.fullmatch(part)
        if m is None or any(re.escape(x) != x for x in (m.group(1), m.group(3), *m.group(2))):
            return None
        out += [m.group(1) + c + m.group(3) for c in dict.fromkeys(m.group(2))]
    if not all(out) or len(set(out)) != len(out):
        return None
    return tuple(out)


def _disjoint_literals(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """The alternatives of ``rx`` when it is an alternation of plain strings no two
    occurrences of which can overlap in a text; otherwise None."""
    if rx.flags & re.IGNORECASE or rx.flags & re.VERBOSE:
        return None
    parts = rx.pattern.split("|")
    if any(not p or re.escape(p) != p for p in parts) or len(set(parts)) != len(parts):
        return None
    for a in parts:
        for b in parts:
            if a != b and b in a:
                return None
            if any(a[-k:] == b[:k] for k in range(1, min(len(a), len(b)))):
                return None
    return tuple(parts)


def _fast_counters():
    special = {}
    for name, rx in STRUCTURAL:
        if name == "doc_number" and rx.pattern == _DOC_NUMBER and not rx.flags & ~re.UNICODE:
            special[name] = _count_doc_number
        elif (name == "addressees" and rx.pattern == _ADDRESSEES
              and rx.flags & ~re.UNICODE == re.MULTILINE):
            special[name] = _count_addressees
        elif (name == "forwarding" and rx.pattern == _FORWARDING
              and not rx.flags & ~re.UNICODE):
            special[name] = _count_forwarding
    literals = {name: lits for name, rx in STRUCTURAL
                if name not in special and (lits := _disjoint_literals(rx)) is not None}
    alternations = {name: lits for name, rx in STRUCTURAL
                    if name not in special and name not in literals
                    and (lits := _literal_alternatives(rx)) is not None}
    automaton = None
    try:
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - installed with the dependencies
        literals, alternations = {}, {}
    seen: set[str] = set()  # a string of two signals: the alternation's falls back
    for lits in literals.values():
        seen.update(lits)
    for name in list(alternations):
        if seen & set(alternations[name]):
            del alternations[name]
        else:
            seen.update(alternations[name])
    if literals or alternations:
        strings, signal = [], []
        for j, (name, _) in enumerate(STRUCTURAL):
            for lit in literals.get(name, ()) + alternations.get(name, ()):
                strings.append(lit)
                signal.append(j)
        automaton = (ahocorasick_rs.AhoCorasick(strings), signal)
    return special, literals, alternations, automaton


_SPECIAL, _LITERALS, _ALTERNATIONS, _LITERAL_AUTOMATON = _fast_counters()
_ALTERNATION_INDEX = frozenset(j for j, (name, _) in enumerate(STRUCTURAL)
                               if name in _ALTERNATIONS)


def structural_counts(text: str) -> list[int]:
    """The number of ``rx.finditer(text)`` matches of every signal of STRUCTURAL."""
    counts = [0] * len(STRUCTURAL)
    spans: dict[int, list[tuple[int, int]]] = {}
    if _LITERAL_AUTOMATON is not None:  # every occurrence
        automaton, signal = _LITERAL_AUTOMATON
        alternation = _ALTERNATION_INDEX
        for i, s, e in automaton.find_matches_as_indexes(text, overlapping=True):
            j = signal[i]
            counts[j] += 1
            if j in alternation:
                spans.setdefault(j, []).append((s, e))
    for j, (name, rx) in enumerate(STRUCTURAL):
        if name in _LITERALS:
            continue
        if name in _ALTERNATIONS:
            occ = spans.get(j)
            if occ is None:
                continue  # no occurrence: no match
            occ.sort()
            if all(a[1] <= b[0] for a, b in zip(occ, occ[1:])):
                continue  # occurrences apart: each is a match
            counts[j] = len(rx.findall(text))
            continue
        special = _SPECIAL.get(name)
        counts[j] = special(rx, text) if special else len(rx.findall(text))
    return counts


def structural_count(name: str, rx: re.Pattern[str], text: str) -> int:
    """The number of ``rx.finditer(text)`` matches of one signal of STRUCTURAL."""
    for j, (n, r) in enumerate(STRUCTURAL):
        if n == name and r is rx:
            return structural_counts(text)[j]
    return len(rx.findall(text))


_LOG1P: dict[int, float] = {}  # count -> np.log1p(count), as computed the first time


def structural_matrix(X) -> np.ndarray:
    """``StructuralFeatures().transform(X)``: one row per document, log(1 + count)
    of each signal."""
    rows = np.zeros((len(X), len(STRUCTURAL)), dtype=float)
    for i, doc in enumerate(X):
        for j, count in enumerate(structural_counts(str(doc))):
            value = _LOG1P.get(count)
            if value is None:
                value = _LOG1P[count] = np.log1p(count)
            rows[i, j] = value
    return rows


class StructuralFeatures(BaseEstimator, TransformerMixin):
    """One column per structural signal: log(1 + count)."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return structural_matrix(X)

    def get_feature_names_out(self, input_features=None):
        return np.array([f"struct:{name}" for name, _ in STRUCTURAL], dtype=object)


_HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans of an item's normalized text: one line each, with a short
    heading line (一、… / （一）… / a title) kept together with the line after it."""
    spans: list[tuple[int, int]] = []
    start = None
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            if start is None:
                start = pos
            if not (len(line) < 40 and not line.endswith("。")):
                spans.append((start, end))
                start = None
        pos = end + 1
    if start is not None:
        spans.append((start, len(text)))
    return spans
