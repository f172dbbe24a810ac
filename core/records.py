"""The records that move a document from stage to stage.

file bytes -> SourceFile -> (reader) Extracted -> (normalize) Normalized
-> (split + metadata) Document with Items -> (nlp) Analysis -> stored rows.

All records are frozen dataclasses; stages are plain functions from one to the next.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceFile:
    """One submitted file. ``name`` is what the user knows it by: a path, or
    ``archive.zip!member/path.pdf`` for a zip member."""

    name: str
    data: bytes = field(repr=False)
    sha256: str

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> "SourceFile":
        return cls(name=name, data=data, sha256=hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class Heading:
    """A heading hint from the reader (DOCX heading style, Markdown ``#``), as a span
    of ``Extracted.text``."""

    start: int
    end: int
    level: int


@dataclass(frozen=True)
class Extracted:
    """What a reader gives: the raw text of the file, one paragraph (or, for plain
    text, one physical line) per ``\\n``.

    ``page_starts[i]`` is the offset in ``text`` where page ``i + 1`` begins (empty when
    the format has no pages). ``hard_wrapped`` says the lines may be wrapped at a fixed
    width and still need joining (plain text); readers that know the layout (PDF, DOCX)
    join lines themselves. ``furniture`` is what the reader removed as page furniture
    (running heads, page numbers), kept so nothing is silently lost. ``display`` holds
    the offsets where a run of lines set off by the layout begins (centred, in a larger
    type, or all bold in the file: a title block), read like a blank line before it."""

    source: SourceFile
    kind: str
    text: str
    page_starts: tuple[int, ...] = ()
    headings: tuple[Heading, ...] = ()
    hard_wrapped: bool = False
    furniture: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    ocr: tuple["OcrPage", ...] = ()  # the pages whose text came from OCR
    display: tuple[int, ...] = ()

    @property
    def page_count(self) -> int | None:
        return len(self.page_starts) or None


@dataclass(frozen=True)
class OcrPage:
    """A page whose text was read by OCR (``huibian.ingest.ocr``): its number (1-based), the
    engine, the mean word confidence (0-100, weighted by characters) and how many
    characters were recognized."""

    page: int
    engine: str
    confidence: float
    chars: int


@dataclass(frozen=True)
class Normalized:
    """Normalized text and, for every character of it, the offset of the raw
    character it came from (``to_raw[len(text)]`` is the end of the raw text)."""

    text: str
    to_raw: tuple[int, ...] = field(repr=False)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span that the normalized span ``[start, end)`` came from."""
        if start >= end:
            r = self.to_raw[start]
            return r, r
        return self.to_raw[start], self.to_raw[end - 1] + 1


@dataclass(frozen=True)
class OutlineEntry:
    """An outline heading inside an item: ``一、`` (level 1), ``（一）`` (2), ``1.`` (3),
    ``（1）`` (4); ``第一章`` (0) and ``第一条`` (articles, level 5). Offsets are in the
    item's text."""

    level: int
    marker: str
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    """One document of a submission: a case, an article, a plan, a notice, a preface.

    ``text`` is the item's normalized text (title and unit lines included);
    ``body_start`` is where the body begins in it. ``start``/``end`` locate the item in
    the document's normalized text."""

    seq: int
    title: str
    text: str
    start: int
    end: int
    body_start: int = 0
    unit: str | None = None
    authors: tuple[str, ...] = ()
    doc_number: str | None = None
    date: str | None = None
    region: str | None = None
    subject_words: tuple[str, ...] = ()
    pages: tuple[int, int] | None = None
    lines: tuple[int, int] | None = None
    outline: tuple[OutlineEntry, ...] = ()
    kind_hint: str | None = None  # "preface", "notice", "forwarded" — from the splitter
    label: str | None = None  # a volume's catalog line for the item (第三篇：…), not its title
    # where each metadata field came from (huibian.ingest.layout): title ``header``/``given``/
    # ``first_words``; unit ``banner``/``title``/``header``/``byline``/``subtitle``/
    # ``signature``/``body``/``colophon``/``source``; date ``header``/``signature``/
    # ``colophon``/``inherited`` (``page``: the date of the web page that published the
    # copy, for a document without one of its own; not with ``Splitter(page_dates=False)``);
    # a field found nowhere has source ``absent``. ``huibian.ingest.confidence`` turns a source
    # into a calibrated confidence.
    sources: tuple[tuple[str, str], ...] = ()

    @property
    def chars(self) -> int:
        return count_chinese(self.text)

    @property
    def body(self) -> str:
        return self.text[self.body_start:]


@dataclass(frozen=True)
class Document:
    """A file read, normalized and split into items."""

    source: SourceFile
    kind: str
    extracted: Extracted = field(repr=False)
    normalized: Normalized = field(repr=False)
    items: tuple[Item, ...]


def count_chinese(text: str) -> int:
    """Length in Chinese characters (字), the unit campaigns set lengths in (the
    characters ``is_han`` accepts, counted by runs)."""
    return sum(map(len, _HAN_RUN.findall(text)))


_HAN_RUN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002fa1f]+")


def is_han(ch: str) -> bool:
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x2FA1F)
