"""Word .docx with python-docx: paragraphs and tables in body order, heading styles
as heading hints, page headers/footers kept as furniture.

Before python-docx parses anything the package is checked as a zip: its total
unpacked size against ``limits.max_unpacked_bytes``, and every XML part for a
DOCTYPE (entity declarations are how "billion laughs" expansion works, and Office
never writes one), so a hostile file is refused instead of parsed."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from huibian.core.errors import InputError, LimitError
from huibian.core.records import Extracted, Heading, SourceFile
from huibian.core.limits import Limits
from huibian.ingest.archive import office_package_kind

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_TITLE_STYLES = {"title", "标题"}
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CHUNK = 1 << 20
# the marks in every encoding an XML parser detects on its own (no declaration needed):
# UTF-32 too, or a UTF-32 "billion laughs" part reaches lxml
_DOCTYPE_MARKS = tuple(m.encode(enc) for m in ("<!doctype", "<!entity")
                       for enc in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le",
                                   "utf-32-be"))
# an ASCII-compatible part may declare another encoding in which the marks are other
# bytes (UTF-7 "+ADw-!DOCTYPE", EBCDIC); Office writes UTF-8 or UTF-16 only
_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""", re.I)
_KNOWN_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le",
                    "utf-32be", "us-ascii", "ascii", "iso-8859-1", "latin1", "gbk", "gb2312",
                    "gb18030", "big5"}
_EBCDIC_XML = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC
CELL_SEP = "\t"
_DOCX_NAMES = (".docx", ".docm", ".dotx")


def is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return False


def check_package(src: SourceFile, limits: Limits, what: str = "Word (.docx)") -> None:
    """Refuse a .docx that is not a sound zip, unpacks to too much, or has an XML part
    with a DOCTYPE. Raises InputError / LimitError naming the file."""
    if not src.data:
        raise InputError("the file is empty (0 bytes)", file=src.name, code="E101")
    if not src.data.startswith(b"PK\x03\x04"):
        raise InputError(f"not a {what} file: it is not a zip package; open it in Word "
                         "or WPS and save it as .docx", file=src.name, code="E143")
    try:
        zf = zipfile.ZipFile(io.BytesIO(src.data))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(f"corrupt or truncated {what} file ({exc}); save it again",
                         file=src.name, code="E140") from exc
    with zf:
        infos = zf.infolist()
        if "word/document.xml" not in zf.namelist():
            raise InputError(f"a zip file but not a {what} document (no word/document.xml)",
                             file=src.name, code="E141")
        if len(infos) > limits.max_zip_members:
            raise LimitError(f"the package has {len(infos)} parts, over the "
                             f"{limits.max_zip_members} limit (HUIBIAN_MAX_ZIP_MEMBERS)",
                             file=src.name, code="E118")
        total = sum(i.file_size for i in infos)
        if total > limits.max_unpacked_bytes:
            raise LimitError(f"the package unpacks to {total / 1048576:.0f} MB, over the "
                             f"{limits.max_unpacked_bytes / 1048576:.0f} MB limit "
                             "(HUIBIAN_MAX_UNPACKED_MB)", file=src.name, code="E113")
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES):
                _refuse_doctype(zf, info, src)


def _refuse_doctype(zf: zipfile.ZipFile, info: zipfile.ZipInfo, src: SourceFile) -> None:
    tail = b""
    first = True
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                if first:
                    first = False
                    m = _DECLARED.match(chunk[:512])
                    enc = m.group(1).decode("ascii", "replace").lower() if m else None
                    if chunk.startswith(_EBCDIC_XML) or (enc and enc not in _KNOWN_ENCODINGS):
                        raise InputError(
                            f"refused: the part {info.filename} is written in an encoding "
                            f"Word never uses ({enc or 'EBCDIC'}), where a DOCTYPE could "
                            "hide; open the file in Word or WPS and save it again",
                            file=src.name, code="E142")
                window = (tail + chunk).lower()
                if any(mark in window for mark in _DOCTYPE_MARKS):
                    raise InputError(
                        f"refused: the part {info.filename} declares a DOCTYPE/entities "
                        "(possible entity-expansion attack); Word never writes one — "
                        "open the file in Word or WPS and save it again",
                        file=src.name, code="E142")
                tail = chunk[-32:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error,
            NotImplementedError) as exc:  # an unknown compression method or zip version
        raise InputError(f"corrupt or truncated Word (.docx) file (part {info.filename}: "
                         f"{exc}); save it again", file=src.name, code="E140") from exc


def heading_level(style_name: str | None) -> int | None:
    """Heading 1..9 / 标题 1..9 -> 1..9; Title / 标题 -> 0; anything else None."""
    if not style_name:
        return None
    name = style_name.strip()
    m = _HEADING_STYLE.match(name)
    if m:
        return int(m.group(1))
    if name.lower() in _TITLE_STYLES:
        return 0
    return None


def _style_level(paragraph) -> int | None:
    style = paragraph.style
    seen = 0
    while style is not None and seen < 10:  # a heading may be a style based on one
        level = heading_level(style.name)
        if level is not None:
            return level
        style = style.base_style
        seen += 1
    return None


def table_lines(table) -> list[str]:
    """One line per row, cells joined by a tab; a merged cell is given once; a cell's
    own paragraphs are joined by a space; nested tables are read into their cell."""
    lines = []
    for row in table.rows:
        cells = []
        last = None
        for cell in row.cells:
            if last is not None and cell._tc is last:
                continue
            last = cell._tc
            cells.append(_cell_text(cell))
        line = CELL_SEP.join(cells).rstrip(CELL_SEP)
        if line.strip():
            lines.append(line)
    return lines


def _cell_text(cell) -> str:
    parts = []
    for block in cell.iter_inner_content():
        if hasattr(block, "rows"):
            parts.extend(" ".join(table_lines(block)).split("\n"))
        else:
            parts.append(block.text.replace("\n", " ").strip())
    return " ".join(p for p in parts if p)


def read_docx(src: SourceFile, limits: Limits, kind: str = "docx") -> Extracted:
    check_package(src, limits)
    import docx  # python-docx, after the package is known to be safe

    try:
        document = docx.Document(io.BytesIO(src.data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors
        raise InputError(f"corrupt Word (.docx) file ({type(exc).__name__}: {exc}); open "
                         "it in Word or WPS and save it again", file=src.name,
                         code="E140") from exc
    lines: list[str] = []
    headings: list[Heading] = []
    display: list[int] = []
    prev_shown = False
    pos = 0
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            new = table_lines(block)
            level = None
            shown = False
        else:
            text = block.text.replace("\r", "").replace("\n", " ").strip()
            new = [text] if text else []
            level = _style_level(block) if text else None
            shown = bool(text) and (level is not None or _set_off(block))
        if new:
            if shown and not prev_shown:
                display.append(pos)
            prev_shown = shown
        for line in new:
            if level is not None:
                headings.append(Heading(pos, pos + len(line), level))
            lines.append(line)
            pos += len(line) + 1
    text = "\n".join(lines)
    if not text.strip():
        raise InputError("the document has no text", file=src.name, code="E103")
    return Extracted(source=src, kind=kind, text=text, headings=tuple(headings),
                     hard_wrapped=False, furniture=_furniture(document), display=tuple(display))


def _set_off(paragraph) -> bool:
    """A paragraph set off as a title is: centred, or bold throughout (its own runs or
    its style). A value python-docx cannot map (LibreOffice writes start, end) says
    nothing."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # python-docx is imported in read_docx

    try:
        align = paragraph.alignment
        if align is None and paragraph.style is not None:
            align = paragraph.style.paragraph_format.alignment
        if align == WD_ALIGN_PARAGRAPH.CENTER:
            return True
        runs = [r for r in paragraph.runs if r.text.strip()]
        style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
        return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)
    except (ValueError, KeyError, AttributeError):
        return False


def _furniture(document) -> tuple[str, ...]:
    seen: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer):
            try:
                if part.is_linked_to_previous:
                    continue
                text = " ".join(p.text.strip() for p in part.paragraphs if p.text.strip())
            except Exception:  # a broken header part must not lose the body text
                continue
            if text and text not in seen:
                seen.append(text)
    return tuple(seen)


class DocxReader:
    kind = "docx"

    def score(self, src: SourceFile) -> int:
        if is_docx(src.data):
            return 100

        if office_package_kind(src.data) == "docx":
            return 90  # a damaged Word package (e.g. cut short): read() says so
        # Named .docx but not one: read it here so the error says what is wrong.
        return 30 if src.name.lower().endswith(_DOCX_NAMES) else 0

    def read(self, src: SourceFile, limits: Limits) -> Extracted:
        return read_docx(src, limits)
