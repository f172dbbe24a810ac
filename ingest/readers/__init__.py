"""Readers behind one small protocol, chosen by what the bytes are (magic numbers and
content), not by the file name alone.

A reader says how well it can read a file (``score``: 0 = not at all, 100 = certain)
and turns it into an ``Extracted`` record, or raises ``InputError`` naming the file and
the reason."""

from __future__ import annotations

from typing import Protocol

from huibian.core.errors import InputError
from huibian.core.records import Extracted, SourceFile
from huibian.core.limits import Limits
from huibian.ingest.readers.docx import DocxReader
from huibian.ingest.readers.legacy import LegacyWordReader
from huibian.ingest.readers.ofd import OfdReader
from huibian.ingest.readers.text import TextReader
from huibian.core.errors import LimitError


class Reader(Protocol):
    kind: str

    def score(self, src: SourceFile) -> int: ...

    def read(self, src: SourceFile, limits: Limits) -> Extracted: ...


def default_readers() -> tuple[Reader, ...]:
    from huibian.ingest.readers.image import ImageReader  # deferred for start-up time (PIL)
    from huibian.ingest.readers.pdf import PdfReader  # deferred for start-up time (pypdfium2)

    readers: list[Reader] = [PdfReader(), DocxReader(), LegacyWordReader(), OfdReader(),
                             ImageReader(), TextReader()]
    return tuple(readers)


def choose_reader(src: SourceFile, readers: tuple[Reader, ...] | None = None) -> Reader:
    readers = readers or default_readers()
    if not src.data:
        raise InputError("the file is empty (0 bytes)", file=src.name, code="E101")
    best, best_score = None, 0
    for reader in readers:
        s = reader.score(src)
        if s > best_score:
            best, best_score = reader, s
    if best is None:
        raise InputError(_unsupported_reason(src), file=src.name, code="E102")
    return best


def _unsupported_reason(src: SourceFile) -> str:
    head = src.data[:8]
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head[:4] in (b"GIF8", b"II*\x00", b"MM\x00*"):
        what = "an image"
        if src.name.lower().endswith(".pdf"):
            what += " renamed .pdf"
        return f"{what} in a format OCR does not read; save it as PNG, JPEG or TIFF"
    return "not a PDF, Word (.docx/.doc/.wps), text or zip file"


def read(src: SourceFile, limits: Limits | None = None,
         readers: tuple[Reader, ...] | None = None) -> Extracted:
    limits = limits or Limits()
    if len(src.data) > limits.max_file_bytes:
        raise LimitError(f"the file is {len(src.data) / 1048576:.0f} MB, over the "
                         f"{limits.max_file_bytes / 1048576:.0f} MB limit (HUIBIAN_MAX_FILE_MB)",
                         file=src.name, code="E111")
    return choose_reader(src, readers).read(src, limits)
