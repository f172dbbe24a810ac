"""Text that is not language: what a PDF's text layer gives when its font has no
ToUnicode map (glyph ids read as character codes), or when it was written in a
legacy encoding and read as another (GBK bytes as Latin-1).

``is_garbage_text`` is used on each PDF page's text layer: a garbage page is read
by OCR instead (``huibian.ingest.readers.pdf``). It errs towards "language": a page of
numbers, an English page or a short line is not garbage; a page is garbage when a
large share of it is characters no document is written in (control, private-use,
unassigned, replacement characters), when it has no Han and reads like a run of
symbols or of letters that make no words, or when it is scattered over many scripts
(glyph ids land in Tibetan, Hangul, Cyrillic… at random)."""

from __future__ import annotations

import re
import unicodedata

from huibian.core.records import is_han

# below this many visible characters nothing is judged (a page number, a signature)
MIN_CHARS = 12

_BAD_CATEGORIES = {"Cc", "Co", "Cn", "Cs"}
_LATIN1_LETTERS = re.compile("[\u00c0-\u00ff]")
_WORD = re.compile(r"[A-Za-z]+")
_VOWELS = set("aeiouyAEIOUY")


def _script(ch: str) -> str:
    """A rough script name: the first word of the character's Unicode name (LATIN,
    CJK, HANGUL, TIBETAN…); digits, spaces and punctuation are "COMMON"."""
    cat = unicodedata.category(ch)
    if cat[0] in "NPZS":
        return "COMMON"
    if is_han(ch):
        return "HAN"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "UNKNOWN"
    return name.split(" ", 1)[0]


def is_garbage_text(text: str) -> bool:
    """True when ``text`` (one page's text layer) is not language but mojibake."""
    chars = [c for c in text if not c.isspace()]
    n = len(chars)
    if n < MIN_CHARS:
        return False
    bad = sum(1 for c in chars if unicodedata.category(c) in _BAD_CATEGORIES or c == "\ufffd")
    if bad >= 0.2 * n:
        return True
    han = sum(1 for c in chars if is_han(c))
    if han >= 0.3 * n:
        return False
    scripts: dict[str, int] = {}
    for c in chars:
        s = _script(c)
        scripts[s] = scripts.get(s, 0) + 1
    letters = n - scripts.get("COMMON", 0)
    if letters:
        # a language is written in one or two scripts (Chinese with Latin words)
        top_two = sum(sorted((v for k, v in scripts.items() if k != "COMMON"), reverse=True)[:2])
        if top_two < 0.8 * letters:
            return True
    if han:
        kana = scripts.get("HIRAGANA", 0) + scripts.get("KATAKANA", 0)
        return han + kana < 0.05 * n and scripts.get("LATIN", 0) < 0.5 * n
    # no Han: Latin-1 accented letters as text (GBK read as Latin-1: "ÖÐ¹ú")
    if len(_LATIN1_LETTERS.findall(text)) >= 0.3 * n:
        return True
    ascii_chars = [c for c in chars if c.isascii()]
    if len(ascii_chars) < 0.8 * n:
        return letters > 0 and scripts.get("LATIN", 0) < 0.5 * letters and not _is_cjk_script(scripts)
    symbols = sum(1 for c in ascii_chars if not c.isalnum())
    if symbols >= 0.3 * n:
        return True  # a run of printable ASCII symbols: glyph ids 3..95 as codes
    words = _WORD.findall(text)
    letters_in_words = sum(map(len, words))
    if letters_in_words < 0.3 * n:
        return False  # mostly digits: a table of numbers
    # words of a language have vowels and plausible lengths
    plausible = sum(len(w) for w in words if len(w) <= 20 and (len(w) <= 3 or any(c in _VOWELS for c in w)))
    return plausible < 0.6 * letters_in_words


def _is_cjk_script(scripts: dict[str, int]) -> bool:
    return any(k in scripts for k in ("HIRAGANA", "KATAKANA", "HANGUL", "CJK"))
