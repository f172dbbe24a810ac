"""A Word file (DOCX, python-docx) of plain paragraphs, for the tests and the fuzz
bench."""

from __future__ import annotations

import io
from collections.abc import Iterable


def make_docx(paragraphs: Iterable[str]) -> bytes:
    """A DOCX holding one paragraph per string, in order."""
    import docx

    d = docx.Document()
    for para in paragraphs:
        d.add_paragraph(para)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
