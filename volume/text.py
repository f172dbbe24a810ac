"""Text made safe for a DOCX: pure ``str -> str`` functions.

XML 1.0 cannot hold C0 control characters (except tab and newline); zero-width and
byte-order marks are invisible in print and break search in the exported PDF. ``<``
and ``&`` are ordinary text: python-docx escapes them, so they are kept as they are.
"""

from __future__ import annotations

import re

# C0 controls except \t \n; DEL and the C1 controls; lone surrogates; the two
# non-characters XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# zero-width space/joiners, word joiner, BOM/ZWNBSP, soft hyphen, bidi marks/embeddings
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
                        "\ufeff\u00ad]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")


def clean_text(text: str) -> str:
    """Strip what XML or print cannot show; keep newlines (paragraphs) and tabs."""
    text = _NEWLINES.sub("\n", text or "")
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub("", text)


def clean_line(text: str) -> str:
    """A single-line field (title, unit): cleaned, inner line breaks and runs of
    whitespace folded to one space, trimmed."""
    return re.sub(r"\s+", " ", clean_text(text)).strip()


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Non-empty paragraphs of ``text`` (one per line) with their start offsets."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            out.append((pos + (len(line) - len(line.lstrip())), stripped))
        pos += len(line) + 1
    return out
