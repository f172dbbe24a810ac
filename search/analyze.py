"""The two views of a text that the full-text index holds, built the same way for
documents and queries.

* The **word view**: fine-grained search-mode tokens of our ``Tokenizer`` (a long
  word also yields its 2- and 3-character parts), space-joined. Ranks whole words
  above chance character sequences.
* The **gram view**: every run of Chinese characters as overlapping character
  bigrams plus the run's last character alone (``创岗建区`` -> ``创岗 岗建 建区 区``).
  Every character of a run starts exactly one token, so a 1-character query is the
  prefix query ``X*``, a 2-character query is one token, and a longer one is the
  phrase of its bigrams: a match is exactly "these characters, contiguous, as
  written", whatever the segmenter did. Anything that is not a Chinese character
  (punctuation, white space, Latin, digits) ends a run; a Latin word or a number is
  one token of its own (case-folded, full-width folded to half-width).

Both views go into one FTS5 table with the ``unicode61`` tokenizer, which splits them
back on the spaces (and folds the case of Latin letters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from huibian.core.records import is_han

HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# A Chinese run, or a Latin/digit word (letters and numbers that are not Chinese).
_UNIT = re.compile(f"([{HAN_CLASS}]+)|((?:(?![{HAN_CLASS}])[^\\W_])+)")
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WORDCHAR = re.compile(r"[^\W_]")  # a letter, digit or Chinese character


def fold_width(text: str) -> str:
    """Full-width ASCII (``ＡＢＣ１２３``) to half-width; other characters unchanged."""
    return text.translate(_WIDTH)


def han_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every maximal run of Chinese characters in ``text``."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(text):
        if is_han(ch):
            if start is None:
                start = i
        elif start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(text)))
    return runs


def run_grams(run: str) -> list[str]:
    """``ABCD`` -> ``AB BC CD D``: bigrams, then the last character alone."""
    if not run:
        return []
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def gram_view(text: str) -> str:
    """Chinese runs as grams, and Latin/digit words as themselves, in text order."""
    out: list[str] = []
    for unit in units(text):
        if unit.han:
            out.extend(run_grams(unit.text))
        else:
            out.append(unit.text)
    return " ".join(out)


def word_view(tokenizer, text: str) -> str:
    """Search-mode tokens that hold at least one letter, digit or Chinese character
    (punctuation tokens dropped), space-joined. Tokenized per paragraph: jieba never
    joins across a line break, so this equals tokenizing the whole text."""
    words: list[str] = []
    words_of = getattr(tokenizer, "search_words", None) or (
        lambda t: [tok.text for tok in tokenizer.search_tokens(t)])
    for para in text.split("\n"):
        if not para.strip():
            continue
        for w in words_of(para):
            if _WORDCHAR.search(w):
                words.append(w)
    return " ".join(words)


@dataclass(frozen=True)
class Unit:
    """One searchable unit of a query term: a run of Chinese characters (``han``) or a
    Latin/digit word."""

    text: str
    han: bool


def units(text: str) -> list[Unit]:
    """Split text into Chinese runs and Latin/digit words; everything else
    (punctuation, white space) separates them."""
    out: list[Unit] = []
    for m in _UNIT.finditer(text.translate(_WIDTH)):
        han, word = m.group(1), m.group(2)
        out.append(Unit(han, True) if han else Unit(word.casefold(), False))
    return out
