"""Sentence spans of Chinese text: a sentence ends at 。！？； (with any closing quote
or bracket that follows), or at a line break. Offsets are exact; empty spans are
dropped. Pure functions, regexes compiled once."""

from __future__ import annotations

import re
from bisect import bisect_right

# a sentence ends with a run of end marks and any closing quotes after it, or at a line break
_PUNCT_END = re.compile(r"[。！？；!?;]+[”’」』）)]*")
# one sentence as ``sentence_spans`` gives it: the text from one end to the next,
# white space trimmed (``\s`` is ``str.isspace``), either up to and with a run of end
# marks and its closing quotes, or, when no end mark comes before the line break or
# the end of the text, up to its last character that is neither
_SENTENCE = re.compile(r"(?:[^\s。！？；!?;][^。！？；!?;\n]*)?[。！？；!?;]+[”’」』）)]*"
                       r"|[^\s。！？；!?;](?:[^。！？；!?;\n]*[^\s。！？；!?;])?")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of ``text``: the text between one sentence end
    (a run of 。！？；!?; with any closing quotes or brackets after it, which belong to the
    sentence; or a line break) and the next, without the white space around it; empty
    ones dropped. One regular expression finds them all (``_SENTENCE``)."""
    return [m.span() for m in _SENTENCE.finditer(text)]


def sentence_at(text: str, spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The span containing ``pos`` (binary search over ``sentence_spans`` output)."""
    lo, hi = 0, len(spans) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s, e = spans[mid]
        if pos < s:
            hi = mid - 1
        elif pos >= e:
            lo = mid + 1
        else:
            return s, e
    return pos, pos


class SentenceFinder:
    """``sentence_at(text, sentence_spans(text), pos)`` for a few positions, without
    cutting the whole text: a sentence never crosses a line break (line breaks are
    sentence ends) and where a line's sentences end depends on that line alone, so
    the sentence ends of the line holding ``pos`` are enough (found on demand, kept
    per line); the one sentence holding ``pos`` is then trimmed as ``sentence_spans``
    trims every sentence."""

    __slots__ = ("text", "_lines")

    def __init__(self, text: str):
        self.text = text
        self._lines: dict[int, list[int]] = {}

    def at(self, pos: int) -> tuple[int, int]:
        text = self.text
        start = text.rfind("\n", 0, pos) + 1
        ends = self._lines.get(start)
        if ends is None:
            end = text.find("\n", start)
            if end < 0:
                end = len(text)
            # inside a line a sentence ends only at _PUNCT_END
            ends = [m.end() for m in _PUNCT_END.finditer(text, start, end)]
            ends.append(end)
            self._lines[start] = ends
        k = bisect_right(ends, pos)
        if k == len(ends):
            return pos, pos
        s, e = (ends[k - 1] if k else start), ends[k]
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return (s, e) if s <= pos < e else (pos, pos)
