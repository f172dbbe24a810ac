"""Render Chinese text to a real multi-page A4 PDF: a CJK font (Noto CJK from
fonts-noto-cjk), a running header, page numbers ``- N -`` in the footer and body
text hard-wrapped by the layout (fpdf2, font subset, ToUnicode map included).

Used by the reader tests (``from huibian.testkit.pdfmaker import make_pdf``), the
benchmarks and ``corpora/make_samples.py``, which renders the sample PDF with the same
code.

A document is a sequence of blocks: a plain ``str`` is a body paragraph (indented two
characters, wrapped at the right margin); ``("title", text)`` is a centred title,
``("heading", text)`` a heading line, ``("right", text)`` a right-aligned line
(signature, date)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos

from huibian.core.settings import read_settings  # HUIBIAN_FONT_CACHE

Block = str | tuple[str, str]

DEFAULT_HEADER = "创先争优活动优秀成果汇编"
FIXED_DATE = datetime(2012, 7, 1, tzinfo=timezone.utc)
INDENT = "\u3000\u3000"

_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


@lru_cache(maxsize=1)
def find_cjk_font() -> tuple[str, int]:
    """(path, index in the collection) of a Simplified-Chinese Noto CJK font."""
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh-cn", "file", "family", "index"],
                             capture_output=True, text=True, check=False).stdout
        found = []
        for line in out.splitlines():
            # "/usr/.../NotoSerifCJK-Regular.ttc: Noto Serif CJK SC:index=2"
            m = re.match(r"(.+?\.tt[cf]): ([^:]*):index=(\d+)", line)
            if m and "CJK SC" in m.group(2) and "Mono" not in m.group(2) \
                    and "Regular" in m.group(1):
                found.append((m.group(1), int(m.group(3))))
        if found:
            return sorted(found, key=lambda f: ("Serif" not in f[0], f))[0]
    for path in _FONT_CANDIDATES:
        if Path(path).exists():
            return path, 2  # SC is face 2 in the Noto CJK Regular collections
    raise FileNotFoundError("no CJK font found: install fonts-noto-cjk")


@lru_cache(maxsize=1)
def _base_charset() -> frozenset[str]:
    """GB2312 (the 7,445 characters of everyday Chinese print) and printable ASCII."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                chars.add(bytes((b1, b2)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def cjk_truetype(text: str = "") -> str:
    """Path of a TrueType (glyf) font covering GB2312, ASCII and ``text``, made once
    from Noto CJK and cached on disk.

    Noto CJK is CFF-based; fpdf2 embeds such fonts with an embedded encoding CMap that
    pdfminer (so pdfplumber) cannot read, and most Chinese PDFs in the wild use
    TrueType fonts (SimSun, FangSong) with Identity-H anyway. So the outlines are
    converted to quadratic TrueType glyphs (fontTools cu2qu), which fpdf2 embeds as
    CIDFontType2 + Identity-H, readable by every extractor."""
    charset = _base_charset() | {ch for ch in text if ch.isprintable() and ch != "\u3000"}
    path, index = find_cjk_font()
    key = hashlib.sha1("".join(sorted(charset)).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    cache = read_settings().font_cache or Path(tempfile.gettempdir()) / "huibian-pdfmaker-fonts"
    out = cache / f"{Path(path).stem}-{index}-{key}.ttf"
    if not out.exists():
        cache.mkdir(parents=True, exist_ok=True)
        font = _truetype_subset(path, index, charset)
        tmp = out.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(tmp))
        os.replace(tmp, out)
    return str(out)


def _truetype_subset(path: str, index: int, charset: frozenset[str]):
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(path, fontNumber=index, lazy=True)
    opts = subset.Options()
    opts.layout_features = []
    opts.notdef_outline = True
    opts.hinting = False
    opts.desubroutinize = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in charset])
    sub.subset(font)
    if "CFF " not in font:
        return font
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG", "vmtx", "vhea"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name in order:
        hmtx[name] = (hmtx[name][0], getattr(glyf[name], "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


class _Volume(FPDF):
    def __init__(self, header_text: str | None, page_number_format: str | None,
                 font_size: float):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.header_text = header_text
        self.page_number_format = page_number_format
        self.body_size = font_size

    def header(self) -> None:
        if not self.header_text:
            return
        self.set_font("cjk", size=9)
        self.set_y(10)
        self.cell(0, 6, self.header_text, align=Align.C, new_x=XPos.LMARGIN,
                  new_y=YPos.NEXT)
        self.line(self.l_margin, 17, self.w - self.r_margin, 17)
        self.set_y(self.t_margin)
        self.set_font("cjk", size=self.body_size)

    def footer(self) -> None:
        if not self.page_number_format:
            return
        self.set_y(-18)
        self.set_font("cjk", size=9)
        self.cell(0, 6, self.page_number_format.format(n=self.page_no()), align=Align.C)
        self.set_font("cjk", size=self.body_size)


def new_pdf(*, header: str | None = DEFAULT_HEADER, page_numbers: str | None = "- {n} -",
            font_size: float = 12, text: str = "") -> FPDF:
    """An empty A4 document with a CJK font (covering GB2312 and ``text``) loaded as
    ``"cjk"``."""
    pdf = _Volume(header, page_numbers, font_size)
    pdf.add_font("cjk", "", cjk_truetype(text))
    pdf.set_creation_date(FIXED_DATE)  # the same text gives the same bytes
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.set_font("cjk", size=font_size)
    return pdf


def render(pdf: FPDF, blocks: Iterable[Block], *, font_size: float = 12) -> None:
    line_h = font_size * 0.3528 * 1.6  # pt -> mm, 1.6 line spacing
    for block in blocks:
        style, text = ("body", block) if isinstance(block, str) else block
        if style == "title":
            pdf.set_font("cjk", size=font_size + 4)
            pdf.ln(line_h * 0.5)
            pdf.multi_cell(0, line_h * 1.3, text, align=Align.C, wrapmode=WrapMode.CHAR,
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(line_h * 0.5)
            pdf.set_font("cjk", size=font_size)
        elif style == "heading":
            pdf.multi_cell(0, line_h, text, align=Align.L, wrapmode=WrapMode.CHAR,
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif style == "right":
            pdf.multi_cell(0, line_h, text, align=Align.R, wrapmode=WrapMode.CHAR,
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif style == "body":
            pdf.multi_cell(0, line_h, INDENT + text, align=Align.L, wrapmode=WrapMode.CHAR,
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            raise ValueError(f"unknown block style {style!r}")


def make_pdf(blocks: Sequence[Block], *, header: str | None = DEFAULT_HEADER,
             page_numbers: str | None = "- {n} -", font_size: float = 12,
             user_password: str | None = None) -> bytes:
    """The PDF bytes for ``blocks`` (see the module docstring). ``page_numbers`` is a
    format string with ``{n}``; ``None`` leaves pages unnumbered. ``user_password``
    encrypts the file (RC4) so it cannot be opened without the password."""
    text = "".join(block_text(b) for b in blocks) + (header or "")
    pdf = new_pdf(header=header, page_numbers=page_numbers, font_size=font_size, text=text)
    if user_password is not None:
        pdf.set_encryption(owner_password=user_password + "-owner",
                           user_password=user_password)
    pdf.add_page()
    render(pdf, blocks, font_size=font_size)
    return bytes(pdf.output())


# -- seed text -> blocks ---------------------------------------------------------------

_SENTENCE_END = ("。", "！", "？", "!", "?", "。”", "！”", "？”", "……")
_HEAD_MARK = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(]\s*[一二三四五六七八九十]+\s*[)）]"
                        r"|第[一二三四五六七八九十百]+[章节])")
_OUTLINE = re.compile(_HEAD_MARK.pattern + r"|^(?:\d+[.．、]\s*\D|[（(]\d+[)）]|第[一二三四五六七八九十百]+条)")
SHORT_LINE = 20


def rejoin_seed(text: str) -> list[Block]:
    """Undo the hard wrapping of a seed text (lines ~26-37 characters wide):
    paragraphs end at a blank line that follows a finished sentence, or at a line that
    ends a sentence; a short line after a finished paragraph is a heading line; a line
    starting with an outline marker starts a new paragraph."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append("".join(para))
            para.clear()

    for raw in text.splitlines():
        line = raw.strip(" \t\u3000")
        if not line:
            if para and (len(para[-1]) < SHORT_LINE or para[-1].endswith(_SENTENCE_END)):
                flush()
            continue  # a blank line inside a sentence is a page-break artefact
        continuing = bool(para) and not para[-1].endswith(_SENTENCE_END)
        if _HEAD_MARK.match(line) and "。" not in line or (_OUTLINE.match(line)
                                                            and len(line) < SHORT_LINE):
            flush()
            blocks.append(("heading", line))
        elif _OUTLINE.match(line):
            flush()
            para.append(line)
        elif len(line) < SHORT_LINE and not continuing:
            flush()
            blocks.append(("heading", line))
        else:
            para.append(line)
        if para and para[-1].endswith(_SENTENCE_END):
            flush()
    flush()
    return blocks


def block_text(block: Block) -> str:
    return block if isinstance(block, str) else block[1]


def page_count(data: bytes) -> int:
    """The number of pages of a PDF (pypdfium2)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()
