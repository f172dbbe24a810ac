"""The query language a review panel types, parsed into a ``Query`` and rendered as an
FTS5 expression that cannot be malformed.

Syntax
  ``党员 教师``        both words (AND is the default)
  ``"五个好"``         the characters exactly as written (also “五个好” with Chinese quotes)
  ``-医院``            exclude items containing 医院 (also ``－医院`` and ``NOT 医院``)
  ``党员 OR 团员``     either (``|`` works too); ``a b OR c`` means a AND (b OR c)
  ``AND``             allowed, changes nothing

Every term matches its characters contiguously, whatever the segmentation, in any
field: a 1-character term matches every item holding that character, a 2-character
term every item holding those two characters side by side. Inside a term,
punctuation and white space separate parts that are each required (``吴创组办〔2010〕13号``
needs 吴创组办, 2010 and 13号 ... as separate parts); inside quotes the characters
must appear exactly as written, punctuation and spaces included (Latin letters
ignore case, full-width letters and digits equal half-width ones).

The FTS5 text is built only from tokens this module made, each one double-quoted, so
no input can produce an FTS5 syntax error or reach SQL; constructs the language
does not have (``NEAR(``, brackets, ``*``, ``column:``) get a ``QueryError`` saying what
to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from huibian.core.errors import QueryError
from huibian.search.analyze import Unit, run_grams, units
from huibian.search.analyze import fold_width

WORD_COLUMNS = ("title_w", "named_w", "body_w")
GRAM_COLUMNS = ("title_g", "named_g", "body_g")
MAX_TERMS = 32
MAX_QUERY_CHARS = 500

# opening quotation mark -> the marks that close it
_QUOTES = {'"': '"', "“": '”', "＂": "＂", "「": "」", "『": "』"}
_MINUS = ("-", "－", "—")
_NEAR = re.compile(r"\bNEAR\s*\(", re.I)


@dataclass(frozen=True)
class Term:
    """One term as typed: ``text`` is what the user wrote (inside the quotes for a
    phrase); ``parts`` are its searchable units."""

    text: str
    phrase: bool
    parts: tuple[Unit, ...]

    @property
    def pure(self) -> bool:
        """Matched exactly by the index alone (no check against the text needed): a
        plain term, or a phrase that is one unbroken Chinese run or one word."""
        return not self.phrase or (len(self.parts) == 1 and self.text.strip().casefold()
                                   == self.parts[0].text)

    def highlights(self) -> tuple[str, ...]:
        """The strings to mark in an item's text for this term."""
        if self.phrase:
            return (self.text,)
        return tuple(p.text for p in self.parts)

    def matches(self, text: str) -> bool:
        """Does ``text`` (an item's text) hold this term? Used for phrases with
        punctuation, spaces or mixed scripts, which the index only narrows down."""

        hay = fold_width(text).casefold()
        if self.phrase:
            return fold_width(self.text).casefold() in hay
        return all(p.text in hay for p in self.parts)


@dataclass(frozen=True)
class Query:
    """AND of ``clauses`` (each an OR of terms), minus ``excluded`` terms."""

    raw: str
    clauses: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(t for clause in self.clauses for t in clause)

    @property
    def needs_check(self) -> bool:
        """True when some phrase must be verified against the item text."""
        return any(not t.pure for t in self.terms + self.excluded)

    def fts(self, word_tokens=None) -> str:
        """The FTS5 MATCH expression. ``word_tokens(text) -> list[str]`` (the accurate
        segmentation of a term) adds the word-view tokens that lift whole-word matches
        in the ranking; without it only the gram view is queried."""
        positive = " AND ".join(
            "(" + " OR ".join(_term_fts(t, word_tokens) for t in clause) + ")"
            for clause in self.clauses)
        # an excluded phrase the index only narrows down is excluded after checking
        # the text (huibian.search.engine), not here: NOT of a loose match would drop too much
        excluded = [t for t in self.excluded if t.pure]
        if excluded:
            negative = " OR ".join(_term_match(t) for t in excluded)
            return f"({positive}) NOT ({negative})"
        return positive

    def highlights(self) -> list[str]:
        """Every string to mark, longest first (so longer terms win overlaps)."""
        seen: dict[str, None] = {}
        for t in self.terms:
            for h in t.highlights():
                if h.strip():
                    seen.setdefault(h, None)
        return sorted(seen, key=lambda s: (-len(s), s))


def _q(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _cols(cols: tuple[str, ...]) -> str:
    return "{" + " ".join(cols) + "}"


def _unit_fts(unit: Unit) -> str:
    g = _cols(GRAM_COLUMNS)
    if not unit.han:
        return f"{g} : {_q(unit.text)}"
    if len(unit.text) == 1:
        return f"{g} : {_q(unit.text)} *"
    return f"{g} : {_q(' '.join(run_grams(unit.text)[:-1]))}"


def _term_match(term: Term) -> str:
    return "(" + " AND ".join(_unit_fts(u) for u in term.parts) + ")"


def word_terms(term: Term, word_tokens) -> list[str]:
    """The word-view terms that score a term (never decide its match): each Chinese
    part as the segmenter cuts it, single characters of a longer part dropped, Latin
    and digit words as themselves; distinct, in order."""
    out: list[str] = []
    for unit in term.parts:
        toks = [unit.text] if not unit.han else word_tokens(unit.text)
        for tok in toks:
            if unit.han and len(tok) < 2 and len(unit.text) > 1:
                continue
            for u in units(tok):
                if u.text not in out:
                    out.append(u.text)
    return out


def _term_fts(term: Term, word_tokens) -> str:
    match = _term_match(term)
    if word_tokens is None:
        return match
    boost = [f"{_cols(WORD_COLUMNS)} : {_q(w)}" for w in word_terms(term, word_tokens)]
    if not boost:
        return match
    # Matching is decided by the gram view alone (exact characters); the OR only adds
    # the word-view phrases to what bm25() scores.
    return f"({match} AND ({match} OR {' OR '.join(boost)}))"


def _lex(raw: str) -> list[tuple[str, str]]:
    """(kind, text) tokens: ("phrase", inner text) or ("word", text)."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _QUOTES:
            closers = _QUOTES[ch]
            j = i + 1
            while j < n and raw[j] not in closers:
                j += 1
            if j >= n:
                raise QueryError(f"unclosed quotation mark {ch}: add the closing "
                                 f"{closers[0]} or remove it")
            out.append(("phrase", raw[i + 1:j]))
            i = j + 1
            continue
        j = i
        while j < n and not raw[j].isspace() and raw[j] not in _QUOTES:
            j += 1
        out.append(("word", raw[i:j]))
        i = j
    return out


def parse(raw: str) -> Query:
    """Parse what the user typed. Raises ``QueryError`` with a short message saying
    what to change."""
    if raw is None or not str(raw).strip():
        raise QueryError("the query is empty: type a word, a phrase in quotes, or -word")
    raw = str(raw)
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters; shorten it")
    if _NEAR.search(raw):
        raise QueryError("NEAR(...) is not supported: type the words separated by spaces")
    if any(c in raw for c in "()"):
        raise QueryError("brackets ( ) are not supported: use OR between words, e.g. 党员 OR 团员")
    if "*" in raw:
        raise QueryError("* is not needed: every term already matches inside longer words")

    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    negate_next = False
    or_next = False
    dropped: list[str] = []
    for kind, text in _lex(raw):
        if kind == "word" and text in ("OR", "|", "｜"):
            if not clauses or negate_next:
                raise QueryError("OR needs a word on both sides, e.g. 党员 OR 团员")
            or_next = True
            continue
        if kind == "word" and text == "AND":
            continue
        if kind == "word" and text == "NOT":
            negate_next = True
            continue
        negate = negate_next
        negate_next = False
        if kind == "word" and text[:1] in _MINUS and len(text) > 1 and text[1:2] not in _MINUS:
            negate, text = True, text[1:]
        elif kind == "word" and text in _MINUS:
            negate_next = True  # "- 医院" or -"五个好"
            continue
        if kind == "word" and re.match(r"^[A-Za-z_]\w*:", text):
            raise QueryError(f"field search ({text.split(':')[0]}:) is not supported: "
                             "use the filters (--genre, --unit …) instead")
        parts = tuple(units(text))
        if not parts:
            dropped.append(text)
            or_next = False
            continue
        term = Term(text=text.strip() if kind == "phrase" else text,
                    phrase=(kind == "phrase"), parts=parts)
        if negate:
            if or_next:
                raise QueryError("OR cannot join an excluded word: write -word on its own")
            excluded.append(term)
        elif or_next and clauses:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        or_next = False
    if or_next:
        raise QueryError("OR needs a word on both sides, e.g. 党员 OR 团员")
    if not clauses:
        if excluded:
            raise QueryError("only excluded words: add at least one word to search for")
        raise QueryError("the query has no characters or words to search for "
                         "(punctuation alone is not searched)")
    if sum(len(c) for c in clauses) + len(excluded) > MAX_TERMS:
        raise QueryError(f"more than {MAX_TERMS} terms: shorten the query")
    return Query(raw=raw, clauses=tuple(tuple(c) for c in clauses), excluded=tuple(excluded))
