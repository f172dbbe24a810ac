"""Plain text and Markdown: the encoding is detected (UTF-8 with or without BOM,
UTF-16 with a BOM; otherwise GB18030/GBK, Big5, Shift-JIS, UTF-16 without a BOM and
charset-normalizer's guess, scored by how plausible each decoding is as text);
Markdown heading marks become heading hints and are removed from the text."""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from huibian.core.errors import InputError, LimitError
from huibian.core.records import Extracted, Heading, SourceFile
from huibian.core.limits import Limits

_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff",
                 b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_MD_NAMES = (".md", ".markdown")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). Raises InputError when the bytes are not text, or
    when no decoding gives plausible text.

    A byte-order mark decides; valid UTF-8 is UTF-8. Otherwise every candidate
    (GB18030, Big5, Shift-JIS, UTF-16 without a BOM, and charset-normalizer's guess)
    decodes a sample, each result is scored by how much of it is ordinary text
    (``plausibility``: common Han characters, simplified or traditional, kana,
    punctuation, ASCII), and the best-scoring one that decodes the whole file is
    taken, if it is plausible at all (E122 otherwise). Traditional text is kept as
    it is."""
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
    scored = []
    for rank, enc in enumerate(_candidates(data)):
        text = _decode_sample(data, enc)
        if text is not None:
            scored.append((plausibility(text), -rank, enc))
    # UTF-8 with a few damaged bytes (a flipped bit, a cut character) is still UTF-8:
    # a candidate when the bytes it cannot decode are rare
    damaged = data.decode("utf-8", "replace")
    if damaged.count("\ufffd") <= max(1, len(damaged) // 1000):
        scored.append((plausibility(damaged), -len(scored), "utf-8-damaged"))
    for score, _rank, enc in sorted(scored, reverse=True):
        if score < PLAUSIBLE:
            break
        if enc == "utf-8-damaged":
            return damaged, "utf-8"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue  # the sample decoded, a later part does not
    raise InputError("cannot tell the text encoding: no decoding gives readable text "
                     "(tried GB18030, Big5, Shift-JIS, UTF-16); save it as UTF-8", file=name,
                     code="E122")


# a decoding whose sample scores below this is not text in any language we read
PLAUSIBLE = 0.6
SAMPLE_BYTES = 65536
_CANDIDATES = ("gb18030", "cp950", "cp932", "utf-16-le", "utf-16-be")


def _candidates(data: bytes) -> list[str]:
    out = list(_CANDIDATES)
    best = from_bytes(data[:SAMPLE_BYTES]).best()
    if best is not None and best.encoding and codecs.lookup(best.encoding).name not in {
            codecs.lookup(e).name for e in out + ["utf-8"]}:
        out.append(best.encoding)
    return out


def _decode_sample(data: bytes, enc: str) -> str | None:
    """The first ``SAMPLE_BYTES`` decoded (a character cut at the end is dropped), or
    None when they are not valid ``enc``."""
    try:
        return codecs.getincrementaldecoder(enc)("strict").decode(data[:SAMPLE_BYTES],
                                                                  final=False)
    except UnicodeDecodeError:
        return None


_COMMON_HAN_FILE = Path(__file__).resolve().parent.parent / "tables" / "common_han.txt"


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """The Han characters of ordinary Chinese text (simplified and traditional):
    ``ingest/tables/common_han.txt`` (made by ``make_common_han.py``)."""
    lines = _COMMON_HAN_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line for line in lines if not line.startswith("#")))


def plausibility(text: str, limit: int = 20000) -> float:
    """How much of ``text`` (its first ``limit`` characters, white space aside) is what
    documents are written in, 0 to 1: common Han characters, kana, ASCII,
    punctuation and full-width forms count whole; rare Han characters and other
    letters a little; controls, private-use, box-drawing and the like nothing.
    Mojibake (Big5 read as GB18030, GBK read as Latin-1) scores low."""
    common = common_han()
    total = 0.0
    n = 0
    for ch in text[:limit]:
        if ch.isspace():
            continue
        n += 1
        o = ord(ch)
        if o < 0x7F:
            total += 1.0 if o >= 0x20 else 0.0
        elif ch in common:
            total += 1.0
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            total += 0.3
        elif (0x3000 <= o <= 0x30FF or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027
              or 0x2460 <= o <= 0x24FF or o in (0xB7, 0xD7, 0xB0)):
            total += 1.0  # CJK punctuation, kana, full-width forms, “”…—, ①
        elif ch.isalpha():
            total += 0.4
    return total / n if n else 0.0


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
        if _guess_utf16(sample) is not None and sample.count(b"\x00") > len(sample) // 4:
            return True
        return _utf16_without_bom(sample)
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) // 100 or _utf16_without_bom(sample)


def _utf16_without_bom(sample: bytes) -> bool:
    """Chinese UTF-16 without a BOM has few NUL bytes and many bytes below 32 (the low
    halves of Han code units): it is text when one byte order reads as Chinese."""
    for enc in ("utf-16-le", "utf-16-be"):
        text = _decode_sample(sample[: len(sample) & ~1], enc)
        if text and plausibility(text) >= 0.8:
            return True
    return False


class TextReader:
    kind = "text"

    def score(self, src: SourceFile) -> int:
        if not looks_like_text(src.data):
            return 0
        return 20 if src.name.lower().endswith((".txt", ".text") + _MD_NAMES) else 10

    def read(self, src: SourceFile, limits: Limits) -> Extracted:
        if len(src.data) > 4 * limits.max_chars:  # refused before it is decoded
            raise LimitError(f"the file is {len(src.data) / 1048576:.0f} MB of text: more "
                             f"than {limits.max_chars:,} characters, the limit for one file, "
                             "in any encoding (HUIBIAN_MAX_CHARS)", file=src.name,
                             code="E170")
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
