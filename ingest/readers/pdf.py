"""PDF: text read page by page with pypdfium2's text-page API.

Each character comes with its baseline origin and box, so lines are rebuilt from
positions (not from pdfium's generated spaces and line breaks), page furniture
(running heads, page numbers) is recognised by position and repetition, and
hard-wrapped lines are joined into paragraphs by where they end on the line:

- a line that runs to the right margin continues into the next line;
- a short line, or one ending a sentence (。！？；：” …), ends its paragraph — except
  that in a layout with first-line indents, a full line followed by an unindented
  line continues (the sentence just happened to end at the margin);
- a line starting with an outline marker (一、 （一） 1. （1） 第一章 第一条), an indented
  line (in a layout that indents paragraphs) or a line after a wide vertical gap
  starts a new paragraph.

Spaces between two CJK characters are dropped; a space is kept only between Latin
letters or digits, where it separates words."""

from __future__ import annotations

import ctypes
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from huibian.core.errors import InputError, LimitError
from huibian.core.records import Extracted, OcrPage, SourceFile
from huibian.ingest.layout import is_header_line
from huibian.ingest.progress import report
from huibian.core.limits import Limits
from huibian.ingest.garbage import is_garbage_text

# -- character classes --------------------------------------------------------------


def is_wide(ch: str) -> bool:
    """CJK ideographs, kana, CJK and full-width punctuation: characters between which
    Chinese text has no spaces."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF
            or ch in "—…“”‘’·")


_SPACES = " \t\u3000\u00a0\r\n"

SENTENCE_END = tuple("。！？；：!?;…") + ("。”", "！”", "？”", "”", "」", "』")
OUTLINE_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.]"
    r"|[（(]\s*[一二三四五六七八九十百]+\s*[)）]"
    r"|\d{1,3}\s*[.．、](?!\d)"
    r"|[（(]\s*\d{1,3}\s*[)）]"
    r"|[①-⑳]"
    r"|第[一二三四五六七八九十百千零〇\d]+[章节条部分编篇])")
PAGE_NUMBER = re.compile(
    r"^[\s\-－—–_~·•]*"
    r"(?:第\s*[\d一二三四五六七八九十百零〇]+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}(?:\s*[/／]\s*\d{1,4})?"
    r"|共\s*\d+\s*页\s*第\s*\d+\s*页"
    r"|[Pp]age\s*\d+(?:\s*(?:of|/)\s*\d+)?"
    r"|[ivxlcIVXLC]{1,6})"
    r"[\s\-－—–_~·•]*$")

_PDF_MAGIC_WINDOW = 1024


# -- lines ---------------------------------------------------------------------------


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    y: float  # baseline, PDF units, up is larger
    em: float  # size of one CJK character on this line


@dataclass
class _Run:
    """A piece of one line: a character, or a run of characters pdfium read in one go
    with no line break inside."""

    text: str
    x0: float
    x1: float
    y: float  # bottom of the loose box (baseline minus descent)
    h: float
    em: float


class _PageChars:
    """The characters of one pdfium text page, with their loose boxes on demand."""

    def __init__(self, textpage: pdfium.PdfTextPage):
        self.raw = textpage.raw
        self.n = pdfium_c.FPDFText_CountChars(self.raw)
        self._rect = pdfium_c.FS_RECTF()
        self._prect = ctypes.byref(self._rect)
        self.text = self._all_text()

    def _all_text(self) -> str | None:
        """The page text with one character per char index, or None when pdfium's
        text does not line up with its char list (characters beyond the BMP)."""
        if self.n <= 0:
            return ""
        buf = (ctypes.c_ushort * (self.n + 1))()
        got = pdfium_c.FPDFText_GetText(self.raw, 0, self.n, buf)
        text = bytes(buf)[: max(got - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
        if len(text) != self.n or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            return None
        return text

    def char(self, i: int) -> str:
        if self.text is not None:
            return self.text[i]
        u = pdfium_c.FPDFText_GetUnicode(self.raw, i)
        return chr(u) if u and not 0xD800 <= u <= 0xDFFF else "\ufffd"

    def box(self, i: int) -> tuple[float, float, float, float] | None:
        r = self._rect
        if not pdfium_c.FPDFText_GetLooseCharBox(self.raw, i, self._prect):
            return None
        return r.left, r.right, r.bottom, r.top


_BREAKS = "\r\n\x02\x00\ufffe\uffff"


def _page_runs(textpage: pdfium.PdfTextPage) -> list[_Run]:
    """Runs of characters between pdfium's line breaks. Only the first and last
    character of a run (and characters next to a space) are measured; a run whose
    ends are not on one baseline is measured character by character."""
    pc = _PageChars(textpage)
    if pc.text is None:
        return _char_runs(pc, range(pc.n))
    runs: list[_Run] = []
    for m in re.finditer(f"[^{_BREAKS}]+", pc.text):
        seg = m.group(0)
        lead = len(seg) - len(seg.lstrip(_SPACES))
        trail = len(seg.rstrip(_SPACES))
        if trail <= lead:
            continue
        i0, i1 = m.start() + lead, m.start() + trail - 1
        b0, b1 = pc.box(i0), pc.box(i1)
        if b0 is None or b1 is None:
            runs.extend(_char_runs(pc, range(i0, i1 + 1)))
            continue
        h = max(b0[3] - b0[2], b1[3] - b1[2], 0.1)
        if abs(b0[2] - b1[2]) > 0.35 * h or b1[1] < b0[0]:
            runs.extend(_char_runs(pc, range(i0, i1 + 1)))
            continue
        em = _run_em(pc, i0, i1, b0, h)
        text = _clean_run(pc, i0, i1, em)
        runs.append(_Run(text, b0[0], b1[1], b0[2], h, em))
    return runs


def _run_em(pc: _PageChars, i0: int, i1: int, b0, h: float) -> float:
    if is_wide(pc.text[i0]):
        return max(b0[1] - b0[0], 0.1)
    for i in range(i0 + 1, i1 + 1):
        if is_wide(pc.text[i]):
            b = pc.box(i)
            if b is not None:
                return max(b[1] - b[0], 0.1)
    return h * 0.9


def _clean_run(pc: _PageChars, i0: int, i1: int, em: float) -> str:
    """The run's text with spaces between CJK characters removed (a gap wider than
    2.5 characters, as between table columns, becomes a tab) and other spaces
    collapsed to one."""
    text = pc.text[i0:i1 + 1]
    if not any(c in _SPACES for c in text):
        return text
    out: list[str] = []
    for m in re.finditer(f"[{_SPACES}]+|[^{_SPACES}]+", text):
        piece = m.group(0)
        if piece[0] not in _SPACES:
            out.append(piece)
            continue
        a, b = i0 + m.start() - 1, i0 + m.end()
        before, after = pc.text[a], pc.text[b]
        if is_wide(before) and is_wide(after):
            ba, bb = pc.box(a), pc.box(b)
            if ba is not None and bb is not None and bb[0] - ba[1] > 2.5 * em:
                out.append("\t")
        else:
            out.append(" ")
    return "".join(out)


def _char_runs(pc: _PageChars, indices) -> list[_Run]:
    runs = []
    space = False
    for i in indices:
        ch = pc.char(i)
        if ch in _BREAKS or ch in _SPACES:
            space = space or ch in _SPACES
            continue
        b = pc.box(i)
        if b is None:
            continue
        h = max(b[3] - b[2], 0.1)
        em = (b[1] - b[0]) if is_wide(ch) else h * 0.9
        # a leading space records that a space came before the character
        runs.append(_Run((" " if space else "") + ch, b[0], b[1], b[2], h, em))
        space = False
    return runs


def _group_lines(runs: list[_Run]) -> list[Line]:
    """Runs sharing a baseline form a line, read left to right; lines top to bottom."""
    if not runs:
        return []
    runs = sorted(runs, key=lambda r: (-r.y, r.x0))
    groups: list[list[_Run]] = [[runs[0]]]
    for r in runs[1:]:
        g = groups[-1]
        if abs(g[0].y - r.y) <= 0.35 * max(g[0].h, r.h, 1.0):
            g.append(r)
        else:
            groups.append([r])
    lines = []
    for g in groups:
        g.sort(key=lambda r: r.x0)
        lines.append(_line_from_runs(g))
    return lines


def _line_from_runs(runs: list[_Run]) -> Line:
    em = max(statistics.median(r.em for r in runs), 0.1)
    parts = [runs[0].text.lstrip(" ")]
    for prev, r in zip(runs, runs[1:]):
        gap = r.x0 - prev.x1
        text = r.text.lstrip(" ")
        a, b = prev.text[-1], text[0]
        if is_wide(a) and is_wide(b):
            if gap > 2.5 * em:
                parts.append("\t")
        elif r.text[0] == " " or gap > 0.2 * em:
            parts.append(" ")
        parts.append(text)
    return Line("".join(parts), runs[0].x0, runs[-1].x1, runs[0].y, em)


# -- furniture -------------------------------------------------------------------------


def _furniture_key(text: str) -> str:
    """Digits ignored (the page number of a running foot changes), except in a date
    alone on its line: two signatures' dates at the foot of two pages
    (2013年3月1日, 2013年7月15日) are no running foot; a dated running head repeats."""
    text = re.sub(r"\s+", "", text)
    return text if _DATE_ALONE.match(text) else re.sub(r"\d+", "#", text)


_DATE_ALONE = re.compile(r"^\d{4}(?:年\d{1,2}月(?:\d{1,2}日)?|[-./]\d{1,2}(?:[-./]\d{1,2})?)$")


def split_furniture(pages: list[list[Line]]) -> tuple[list[list[Line]], list[str]]:
    """Remove running heads/feet and page numbers: page-number lines among the first
    two or last two lines of a page, and lines repeated (digits ignored) at the top or
    bottom of at least half the pages (when there are two or more)."""
    n = len(pages)
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {_furniture_key(ln.text) for ln in lines[:2] + lines[-2:]}
        counts.update(edge)
    need = max(2, (n + 1) // 2)
    repeated = {k for k, c in counts.items() if c >= need and n >= 2 and k}
    body_pages: list[list[Line]] = []
    furniture: list[str] = []
    for lines in pages:
        drop: set[int] = set()
        edge_idx = sorted({*range(min(2, len(lines))), *range(max(0, len(lines) - 2), len(lines))})
        for i in edge_idx:
            ln = lines[i]
            if PAGE_NUMBER.match(ln.text) or _furniture_key(ln.text) in repeated:
                drop.add(i)
        # a second edge line counts only if the one outside it is furniture too
        for inner, outer in ((1, 0), (len(lines) - 2, len(lines) - 1)):
            if inner in drop and outer not in drop and 0 <= inner < len(lines):
                drop.discard(inner)
        furniture.extend(lines[i].text for i in sorted(drop))
        body_pages.append([ln for i, ln in enumerate(lines) if i not in drop])
    return body_pages, furniture


# -- paragraphs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    left: float
    right: float
    indents: bool  # paragraphs start with a first-line indent


def measure_layout(pages: list[list[Line]]) -> Layout:
    lefts = [min(ln.x0 for ln in lines) for lines in pages if lines]
    rights = [max(ln.x1 for ln in lines) for lines in pages if lines]
    if not lefts:
        return Layout(0.0, 0.0, False)
    left, right = statistics.median(lefts), statistics.median(rights)
    starts = indented = 0
    for lines in pages:
        for prev, ln in zip(lines, lines[1:]):
            if prev.x1 < right - 1.5 * prev.em and ln.x1 >= right - 1.5 * ln.em:
                # a full line after a short one: the first line of a paragraph
                starts += 1
                indented += ln.x0 > left + 0.8 * ln.em
    return Layout(left, right, starts >= 2 and indented * 2 > starts)


def _is_full(line: Line, layout: Layout) -> bool:
    return line.x1 >= layout.right - 1.5 * line.em


def _is_indented(line: Line, layout: Layout) -> bool:
    return line.x0 > layout.left + 0.8 * line.em


def continues(prev: Line, nxt: Line, layout: Layout, same_page: bool,
              line_gap: float | None) -> bool:
    """Whether ``nxt`` continues the paragraph that ``prev`` is in."""
    if OUTLINE_START.match(nxt.text):
        return False
    if not _is_full(prev, layout):
        return False
    if prev.x0 > layout.left + 3 * prev.em:
        return False  # a right-aligned or centred line (a date, a signature, a title)
    if is_header_line(prev.text) or is_header_line(nxt.text):
        return False  # a 文号, date, byline or unit line stands alone
    if layout.indents and _is_indented(nxt, layout):
        return False
    if same_page and line_gap and (prev.y - nxt.y) > 1.8 * line_gap:
        return False
    if prev.text.endswith(SENTENCE_END):
        # The sentence ended at the margin: only an indent convention can tell, and
        # a short unindented line that ends no sentence (a signature, a heading) is
        # not the tail of the paragraph.
        return layout.indents and (_is_full(nxt, layout) or nxt.text.endswith(SENTENCE_END))
    return True


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return " "
    return ""


def _usual_gap(pages: list[list[Line]]) -> float | None:
    gaps = [round(a.y - b.y, 1) for lines in pages for a, b in zip(lines, lines[1:])
            if a.y > b.y]
    if not gaps:
        return None
    return Counter(gaps).most_common(1)[0][0]


def _is_display(line: Line, layout: Layout, body_em: float) -> bool:
    """A line set off as a title is: centred between the margins, or in a larger type."""
    if body_em and line.em > 1.15 * body_em:
        return True
    left, right = line.x0 - layout.left, layout.right - line.x1
    return left > 3 * line.em and right > 3 * line.em and abs(left - right) < 2 * line.em


def assemble(pages: list[list[Line]]) -> tuple[str, tuple[int, ...]]:
    """Join body lines into paragraphs (one per ``\\n``); return the text and the offset
    where each page begins."""
    text, starts, _ = assemble_marked(pages)
    return text, starts


def assemble_marked(pages: list[list[Line]]) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """``assemble``, and the offsets where a run of display lines (a title block) begins
    (``Extracted.display``)."""
    layout = measure_layout(pages)
    line_gap = _usual_gap(pages)
    ems = sorted(ln.em for lines in pages for ln in lines if ln.text.strip())
    body_em = ems[len(ems) // 2] if ems else 0.0
    out: list[str] = []
    pos = 0
    starts: list[int | None] = []
    display: list[int] = []
    prev_display = False
    prev: Line | None = None
    for lines in pages:
        page_start: int | None = None
        for i, ln in enumerate(lines):
            text = ln.text.strip(_SPACES)
            if not text:
                continue
            ln = Line(text, ln.x0, ln.x1, ln.y, ln.em)
            if prev is None:
                sep = ""
            elif continues(prev, ln, layout, same_page=i > 0, line_gap=line_gap):
                sep = _join(prev.text, text)
            else:
                sep = "\n"
            out.append(sep)
            pos += len(sep)
            if page_start is None:
                page_start = pos
            if sep == "\n" or prev is None:
                shown = _is_display(ln, layout, body_em)
                if shown and not prev_display:
                    display.append(pos)
                prev_display = shown
            out.append(text)
            pos += len(text)
            prev = ln
        starts.append(page_start)
    # a page without text begins where the next text does
    nxt = pos
    for i in range(len(starts) - 1, -1, -1):
        if starts[i] is None:
            starts[i] = nxt
        nxt = starts[i]
    return "".join(out), tuple(s for s in starts if s is not None), tuple(display)


# -- reader ----------------------------------------------------------------------------


def pdf_magic_offset(data: bytes) -> int:
    return data.find(b"%PDF-", 0, _PDF_MAGIC_WINDOW + 5)


def _open(src: SourceFile) -> pdfium.PdfDocument:
    data = src.data
    start = pdf_magic_offset(data)
    if start > 0:
        data = data[start:]
    tail = data[-2048:]
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError("encrypted PDF; remove the password and submit again",
                             file=src.name, code="E130") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError("PDF with an unsupported security handler; remove the "
                             "protection and submit again", file=src.name, code="E130") from exc
        reason = "no %%EOF at the end: the file was cut short" if b"%%EOF" not in tail else str(exc)
        raise InputError(f"corrupt or truncated PDF ({reason}); export or download it again",
                         file=src.name, code="E131") from exc
    if b"%%EOF" not in tail:
        doc.close()
        raise InputError("corrupt or truncated PDF (no %%EOF at the end: the file was cut "
                         "short); export or download it again", file=src.name, code="E131")
    return doc


def read_lines(doc: pdfium.PdfDocument, src: SourceFile, limits: Limits,
               ocr: "_PageOcr | None" = None) -> list[list[Line]]:
    """Every page's lines, from its text layer; with ``ocr``, a page without a usable
    text layer (none, garbage, or a few characters over a scanned image) is read by
    OCR instead (``_PageOcr``)."""
    started = time.monotonic()
    deadline = started + limits.max_seconds_per_file
    pages: list[list[Line]] = []
    for index in range(len(doc)):
        try:
            page = doc[index]
            textpage = page.get_textpage()
        except pdfium.PdfiumError as exc:
            raise InputError(f"corrupt or truncated PDF (page {index + 1} cannot be read: "
                             f"{exc}); export or download it again", file=src.name,
                             code="E131") from exc
        try:
            lines = _group_lines(_page_runs(textpage))
            if ocr is not None:
                read_before = len(ocr.done)
                lines = ocr.page(page, index, lines, deadline)
                if len(ocr.done) > read_before or index + 1 in ocr.empty:
                    report("ocr", index + 1, len(doc))  # a page read by OCR
            pages.append(lines)
        finally:
            textpage.close()
            page.close()
        if time.monotonic() - started > limits.max_seconds_per_file:
            raise LimitError(f"reading took over {limits.max_seconds_per_file:.0f} s at page "
                             f"{index + 1} (HUIBIAN_FILE_TIMEOUT)", file=src.name, code="E114")
    return pages


# a page with fewer visible characters than this over an image covering half the page
# or more is a scan with a stamp or page number added: it is read by OCR
SCAN_TEXT_CHARS = 40
SCAN_IMAGE_SHARE = 0.5


def page_image_share(page: pdfium.PdfPage) -> float:
    """The share of the page covered by its largest image object."""
    return _largest_image(page)[0]


def _largest_image(page: pdfium.PdfPage) -> tuple[float, float | None]:
    """(share of the page covered by its largest image, that image's resolution in
    dots per inch as placed, when pdfium can tell)."""
    w, h = page.get_size()
    if w <= 0 or h <= 0:
        return 0.0, None
    best, dpi = 0.0, None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            left, bottom, right, top = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        share = (right - left) * (top - bottom) / (w * h)
        if share > best:
            best, dpi = share, None
            try:
                px_w, _ = obj.get_px_size()
                if right > left and px_w > 0:
                    dpi = px_w / ((right - left) / 72)
            except (pdfium.PdfiumError, AttributeError):
                pass
    return min(best, 1.0), dpi


def ocr_dpi(page: pdfium.PdfPage) -> float:
    """The resolution to render a page at for OCR: a scan's own (its pixels as they
    are: upsampling smears scanner speckle into blobs the cleaning misses), within
    100-400 dpi; else ``huibian.ingest.ocr.OCR_DPI``."""
    from huibian.ingest.ocr import OCR_DPI  # deferred for start-up time (PIL, numpy)

    share, dpi = _largest_image(page)
    if share >= SCAN_IMAGE_SHARE and dpi:
        return min(max(dpi, 100.0), 400.0)
    return float(OCR_DPI)


class _PageOcr:
    """Decides page by page whether the text layer is usable and reads the pages that
    have none by OCR (``huibian.ingest.ocr``), recording what it did."""

    def __init__(self, src: SourceFile, engine: str):
        self.src = src
        self.engine = engine
        self.done: list[OcrPage] = []
        self.empty: list[int] = []  # 1-based pages left without text
        self.garbled: list[int] = []  # 1-based pages whose text layer was garbage
        self.checked = False

    def needs_ocr(self, page: pdfium.PdfPage, lines: list[Line]) -> str | None:
        """Why the page's text layer is not used: "empty", "garbled", "scan"; or None."""

        text = "\n".join(ln.text for ln in lines)
        visible = sum(1 for c in text if not c.isspace())
        if not visible:
            return "empty"
        if is_garbage_text(text):
            return "garbled"
        if visible < SCAN_TEXT_CHARS and page_image_share(page) >= SCAN_IMAGE_SHARE:
            return "scan"
        return None

    def page(self, page: pdfium.PdfPage, index: int, lines: list[Line],
             deadline: float) -> list[Line]:
        # deferred for start-up time (PIL, numpy)
        from huibian.ingest.ocr import check_engine, ocr_image

        why = self.needs_ocr(page, lines)
        if why is None:
            return lines
        if why == "garbled":
            self.garbled.append(index + 1)
        if self.engine == "off":
            if why != "scan":
                self.empty.append(index + 1)
                return []
            return lines
        if not self.checked:
            check_engine(self.engine, self.src.name)
            self.checked = True
        dpi = ocr_dpi(page)
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        _, page_h = page.get_size()
        got = ocr_image(image, dpi=dpi, engine=self.engine, name=self.src.name,
                        deadline=deadline)
        # the image covers the page box: its bottom is the page's y = 0
        shift = page_h - image.height * 72 / dpi
        ocr_lines = [Line(ln.text, ln.x0, ln.x1, ln.y + shift, ln.em) for ln in got.lines]
        if not ocr_lines:
            self.empty.append(index + 1)
            return [] if why != "scan" else lines
        self.done.append(OcrPage(index + 1, got.engine, got.confidence, got.chars))
        return ocr_lines


class PdfReader:
    kind = "pdf"

    def score(self, src: SourceFile) -> int:
        return 100 if pdf_magic_offset(src.data) >= 0 else 0

    def read(self, src: SourceFile, limits: Limits) -> Extracted:
        from huibian.ingest.ocr import engine_from_env  # deferred for start-up time (PIL, numpy)

        ocr = _PageOcr(src, engine_from_env())
        doc = _open(src)
        try:
            n = len(doc)
            if n > limits.max_pages:
                raise LimitError(f"the PDF has {n} pages, over the {limits.max_pages}-page "
                                 "limit (HUIBIAN_MAX_PAGES)", file=src.name, code="E112")
            if n == 0:
                raise InputError("corrupt or truncated PDF (no pages)", file=src.name,
                                 code="E131")
            pages = read_lines(doc, src, limits, ocr)
        finally:
            doc.close()
        return extracted_from_lines(src, pages, ocr)


def extracted_from_lines(src: SourceFile, pages: list[list[Line]],
                         ocr: _PageOcr | None = None, kind: str = "pdf") -> Extracted:
    empty = [i + 1 for i, lines in enumerate(pages) if not lines]
    ocr_on = ocr is not None and ocr.engine != "off"
    if len(empty) == len(pages):
        if kind == "image":
            what = "an image renamed .pdf" if src.name.lower().endswith(".pdf") else "an image"
            raise InputError(f"{what}, and OCR found no text in it (a blank or unreadable "
                             "scan?); submit the text", file=src.name, code="E160")
        if kind != "pdf":
            raise InputError("the document has no text", file=src.name, code="E103")
        if ocr_on:
            raise InputError("the PDF has no text layer and OCR found no text on its pages "
                             "(blank or unreadable scans?); submit the text", file=src.name,
                             code="E132")
        raise InputError("the PDF has no text layer (scanned pages?); run OCR on it "
                         "(HUIBIAN_OCR=tesseract, or e.g. ocrmypdf) or submit the text",
                         file=src.name, code="E132")
    body, furniture = split_furniture(pages)
    text, page_starts, display = assemble_marked(body)
    warnings: list[str] = []
    if empty:
        shown = _pages(empty)
        if ocr_on:
            warnings.append(f"{len(empty)} page(s) have no text, even by OCR: {shown}")
        else:
            warnings.append(f"{len(empty)} page(s) have no text layer and need OCR: {shown}")
    if ocr is not None and ocr.garbled:
        warnings.append(f"{len(ocr.garbled)} page(s) have a garbled text layer (a font "
                        f"without a Unicode map){', read by OCR' if ocr_on else ''}: "
                        f"{_pages(ocr.garbled)}")
    return Extracted(source=src, kind=kind, text=text, page_starts=page_starts,
                     hard_wrapped=False, furniture=tuple(furniture), warnings=tuple(warnings),
                     ocr=tuple(ocr.done) if ocr is not None else (), display=display)


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:10])) + (" …" if len(numbers) > 10 else "")
