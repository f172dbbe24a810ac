"""File and member names as huibian stores and prints them.

A name read from the file system may not be UTF-8: ``unzip`` leaves the GBK bytes of
an archive made on Chinese Windows, and Python hands them over as lone surrogates
(``surrogateescape``), which SQLite and a UTF-8 terminal refuse. ``stored_name`` turns
such a name into text without losing it: the bytes decoded as GB18030 when they are
that, otherwise each undecodable byte kept as ``\\xNN``.

A name may also hold control characters (an escape sequence that clears the
operator's terminal, a line break that forges a result line). The store keeps the
name as it is; ``printable`` escapes those characters in every line printed."""

from __future__ import annotations

import re


def stored_name(name: str) -> str:
    """``name`` as text that encodes to UTF-8 (no lone surrogates)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")  # the bytes the name was read from
    except UnicodeEncodeError:  # a surrogate surrogateescape did not make
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


# C0 and C1 controls, DEL, and the characters that break or reorder a line on a
# terminal (line/paragraph separators, bidirectional overrides and isolates)
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff]")


def printable(text: str | None) -> str:
    """``text`` with control characters escaped (``\\x1b``, ``\\n``, ``\\u202e``), safe
    to print as (part of) one line."""
    if not text:
        return text or ""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
