"""Plain text and Markdown: the encoding is detected (UTF-8 with or without BOM,
UTF-16 with or without BOM, GB18030/GBK, then charset-normalizer's best guess);
Markdown heading marks become heading hints and are removed from the text."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from huibian.errors import InputError
from huibian.records import Extracted, Heading, SourceFile
from ingest.limits import Limits

_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff",
                 b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_MD_NAMES = (".md", ".markdown")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). Raises InputError when the bytes are not text."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {enc} byte-order mark but is not valid {enc}",
                                 file=name, code="E120") from exc
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        enc = _guess_utf16(sample)
        if enc:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                pass
        raise InputError("binary data, not text", file=name, code="E121")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("cannot tell the text encoding; save it as UTF-8", file=name,
                         code="E122")
    return str(best), best.encoding


def _guess_utf16(sample: bytes) -> str | None:
    even = sample[0::2].count(b"\x00")
    odd = sample[1::2].count(b"\x00")
    if odd > even:
        return "utf-16-le"
    if even > odd:
        return "utf-16-be"
    return None


def looks_like_text(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return False
    sample = data[:4096]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in sample:
        return _guess_utf16(sample) is not None and sample.count(b"\x00") > len(sample) // 4
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) // 100


class TextReader:
    kind = "text"

    def score(self, src: SourceFile) -> int:
        if not looks_like_text(src.data):
            return 0
        return 20 if src.name.lower().endswith((".txt", ".text") + _MD_NAMES) else 10

    def read(self, src: SourceFile, limits: Limits) -> Extracted:
        text, _enc = decode_text(src.data, src.name)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise InputError("the file has no text (only white space)", file=src.name,
                             code="E103")
        headings: tuple[Heading, ...] = ()
        if src.name.lower().endswith(_MD_NAMES) or _MD_HEADING.search(text):
            text, headings = strip_markdown_headings(text)
        return Extracted(source=src, kind="text", text=text, headings=headings,
                         hard_wrapped=True)


def strip_markdown_headings(text: str) -> tuple[str, tuple[Heading, ...]]:
    """Remove ``#`` marks, returning the text and the headings' spans in it."""
    out: list[str] = []
    heads: list[Heading] = []
    pos = 0
    cursor = 0
    for m in _MD_HEADING.finditer(text):
        out.append(text[cursor:m.start()])
        pos += m.start() - cursor
        title = m.group(2)
        heads.append(Heading(pos, pos + len(title), len(m.group(1))))
        out.append(title)
        pos += len(title)
        cursor = m.end()
    out.append(text[cursor:])
    return "".join(out), tuple(heads)
