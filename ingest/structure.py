"""Outline headings of Chinese official and case texts, kept as structure.

Levels: 0 ``第一章``/``第一部分``, 1 ``一、``, 2 ``（一）``, 3 ``1.``/``1、``,
4 ``（1）``, 5 ``第一条`` (articles of a 制度)."""

from __future__ import annotations

import re

from huibian.core.records import OutlineEntry

NUM_CN = "一二三四五六七八九十百零〇两"
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (5, re.compile(rf"^第[{NUM_CN}\d]{{1,4}}条")),
    (0, re.compile(rf"^第[{NUM_CN}\d]{{1,3}}(?:章|编|篇|部分)")),
    (1, re.compile(rf"^[{NUM_CN}]{{1,3}}、")),
    (2, re.compile(rf"^[（(][{NUM_CN}]{{1,3}}[）)]")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
    (3, re.compile(r"^\d{1,2}(?:[.．、](?!\d)|\s)")),
)
_TITLE_END = re.compile(r"[。！？；]")


def outline_marker(line: str) -> tuple[int, str] | None:
    """(level, marker) when ``line`` opens with an outline marker."""
    for level, pat in _MARKERS:
        m = pat.match(line)
        if m:
            return level, m.group().strip()
    return None


def starts_outline(line: str) -> bool:
    return outline_marker(line.lstrip()) is not None


def outline(text: str) -> tuple[OutlineEntry, ...]:
    """Every outline heading in ``text`` (one paragraph per line), with its title: the
    words after the marker up to the first sentence end (or the whole line)."""
    entries = []
    pos = 0
    for line in text.split("\n"):
        found = outline_marker(line)
        if found:
            level, marker = found
            rest = line[len(marker):]
            cut = _TITLE_END.search(rest)
            title = (rest[:cut.start()] if cut else rest).strip()
            if title and len(title) <= 60:
                end = pos + len(marker) + (cut.start() if cut else len(rest))
                entries.append(OutlineEntry(level, marker, title, pos, end))
        pos += len(line) + 1
    return tuple(entries)


_NUM = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}


def outline_number(line: str) -> tuple[int, int] | None:
    """(level, number) of an outline heading (``（三）`` -> (2, 3), ``2.`` -> (3, 2));
    None for other lines and for articles (第N条)."""
    found = outline_marker(line.strip())
    if not found or found[0] == 5:
        return None
    level, marker = found
    digits = "".join(c for c in marker if c.isdigit() or c in _NUM or c == "十")
    if not digits:
        return None
    if digits.isdigit():
        return level, int(digits)
    if "十" in digits:
        tens, _, ones = digits.partition("十")
        return level, (_NUM.get(tens, 1) if tens else 1) * 10 + (_NUM.get(ones, 0) if ones else 0)
    return level, _NUM.get(digits[0], 0)
