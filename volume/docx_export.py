"""A compiled volume as a DOCX in official layout (GB/T 9704-2012 where it applies).

Order: cover page; 前言; 目录 (a Word TOC field whose result is already filled with
the section and item titles and the given page numbers); then each section on a new
page with its heading, each item on a new page with title, unit line and body. Footer
page numbers ``— N —`` (a PAGE field), odd pages right, even pages left; none on the
cover. Page numbers count the cover as page 1, so a number is the PDF's page index.

``build_docx`` only writes; the page numbers come from ``pdf_export`` which renders the
file and looks where each heading landed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import (WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT,
                            WD_TAB_LEADER)
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from huibian.core.settings import read_setting
from huibian.volume import layout as L
from huibian.volume.records import Compiled, CompiledItem, OutlineMark
from huibian.volume.text import clean_line, clean_text, paragraphs

TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
PREFACE_HEADING = "前　言"
TOC_HEADING = "目　录"
TEXT_WIDTH_MM = L.PAGE_WIDTH_MM - L.MARGIN_LEFT_MM - L.MARGIN_RIGHT_MM

# Outline markers at the start of a paragraph, used only when an item has no stored
# outline: 第一章 (0), 一、 (1), （一） (2), 1. (3), （1） (4).
_CN_NUM = "一二三四五六七八九十百零〇"
_FALLBACK_OUTLINE = (
    (0, re.compile(rf"^第[{_CN_NUM}\d]+[章编篇]")),
    (1, re.compile(rf"^[{_CN_NUM}]+、")),
    (2, re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
)
_RUN_IN_END = re.compile(r"[。：:？！]")


@dataclass(frozen=True)
class TocEntry:
    """A heading listed in the table of contents: ``key`` is ``section:N`` (1-based) or
    ``item:ID``; ``level`` 1 for sections, 2 for items."""

    key: str
    level: int
    title: str
    bookmark: str


def toc_entries(compiled: Compiled) -> list[TocEntry]:
    out, n = [], 0
    for si, sec in enumerate(compiled.sections, 1):
        n += 1
        out.append(TocEntry(f"section:{si}", 1, clean_line(sec.title), f"_Toc{100000 + n}"))
        for item in sec.items:
            n += 1
            out.append(TocEntry(f"item:{item.item_id}", 2, clean_line(item.title),
                                f"_Toc{100000 + n}"))
    return out


def build_docx(compiled: Compiled, out: str | Path,
               page_numbers: Mapping[str, int] | None = None) -> list[TocEntry]:
    """Write the volume to ``out``; TOC entries show ``page_numbers[key]`` (blank when
    not known yet). Returns the TOC entries in document order."""
    entries = toc_entries(compiled)
    doc = Document()
    _properties(doc, compiled)
    _setup_page(doc)
    _setup_styles(doc)
    _font_table(doc)
    _cover(doc, compiled)
    if clean_text(compiled.preface).strip():
        _heading_paragraph(doc, PREFACE_HEADING, "Front Heading", new_page=True)
        paras = paragraphs(clean_text(compiled.preface))
        sign = _signature_start([p for _, p in paras])
        for k, (_, para) in enumerate(paras):
            _signature(doc.add_paragraph(para, style="Normal"), k >= sign)
    _toc(doc, entries, page_numbers or {})
    by_key = {e.key: e for e in entries}
    for si, sec in enumerate(compiled.sections, 1):
        e = by_key[f"section:{si}"]
        _heading_paragraph(doc, e.title, "Heading 1", new_page=True, bookmark=e.bookmark,
                           bookmark_id=int(e.bookmark[4:]))
        for item in sec.items:
            e = by_key[f"item:{item.item_id}"]
            _item(doc, item, e)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return entries


# ---------------------------------------------------------------- page and styles

def _setup_page(doc) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    sec.top_margin, sec.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    sec.left_margin, sec.right_margin = Mm(L.MARGIN_LEFT_MM), Mm(L.MARGIN_RIGHT_MM)
    sec.footer_distance = Mm(L.FOOTER_DISTANCE_MM)
    sec.header_distance = Mm(L.HEADER_DISTANCE_MM)
    sec.different_first_page_header_footer = True  # the cover has no page number
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(sec.footer, odd=True)
    _page_number(sec.even_page_footer, odd=False)


def _page_number(footer, *, odd: bool) -> None:
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    # §7.5: 单页码居右空一字，双页码居左空一字
    if odd:
        fmt.right_indent = Pt(L.SIZE_SI)
    else:
        fmt.left_indent = Pt(L.SIZE_SI)
    p.add_run(f"{L.DASH} ")
    _field(p, " PAGE ", "1")
    p.add_run(f" {L.DASH}")
    for run in p.runs:
        _font(run._element, L.SONG.official, size=L.SIZE_SI)


def _field(paragraph, instruction: str, result: str) -> None:
    """A complex field (begin / instruction / separate / result / end) at the end of
    ``paragraph``."""
    def fld(kind):
        r = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._element.append(el)
        return r

    fld("begin")
    r = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    r._element.append(instr)
    fld("separate")
    paragraph.add_run(result)
    fld("end")


def _font(element, east_asian: str, *, size: float | None = None,
          bold: bool | None = None) -> None:
    """Name the fonts on a run, style or docDefaults element (explicit names only:
    theme-font attributes would override them)."""
    rpr = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else element
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), L.LATIN)
    fonts.set(qn("w:hAnsi"), L.LATIN)
    fonts.set(qn("w:cs"), L.LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(round(size * 2))))
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = rpr.find(qn(tag))
            if el is not None:
                rpr.remove(el)
            if bold:
                rpr.append(OxmlElement(tag))
    for tag in ("w:color", "w:i", "w:iCs"):
        el = rpr.find(qn(tag))
        if el is not None:
            rpr.remove(el)
    _order_rpr(rpr)


# CT_RPr children must follow the schema order; Word refuses files that do not.
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
              "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
              "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz",
              "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
              "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"]


def _order_rpr(rpr) -> None:
    rank = {qn(f"w:{t}"): i for i, t in enumerate(_RPR_ORDER)}
    children = list(rpr)
    children.sort(key=lambda c: rank.get(c.tag, len(rank)))
    for c in children:
        rpr.remove(c)
        rpr.append(c)


def _setup_styles(doc) -> None:
    styles = doc.styles
    # docDefaults: no theme fonts, so every style below names its font explicitly
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
        rpr = rpr_default.find(qn("w:rPr"))
        _font(rpr, L.BODY.official, size=L.SIZE_SAN)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:eastAsia"), L.EAST_ASIAN_LANG)  # not ja-JP: Chinese glyph forms
        _order_rpr(rpr)

    normal = styles["Normal"]
    _font(normal.element, L.BODY.official, size=L.SIZE_SAN)
    _para(normal, first_line=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    for name, role, size, outline in (("Heading 1", L.TITLE, L.SIZE_ER, 0),
                                      ("Heading 2", L.TITLE, L.SIZE_ER, 1)):
        st = styles[name]
        _font(st.element, role.official, size=size, bold=False)
        _para(st, align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True,
              before=Pt(L.LINE_PITCH_PT * 3) if outline == 0 else Pt(0),
              after=Pt(L.LINE_PITCH_PT) if outline == 0 else Pt(0), line=Pt(36))
    for name, role, size, align, line in (
            ("Front Heading", L.TITLE, L.SIZE_ER, WD_ALIGN_PARAGRAPH.CENTER, Pt(36)),
            ("Volume Title", L.TITLE, L.SIZE_COVER, WD_ALIGN_PARAGRAPH.CENTER, Pt(44)),
            ("Volume Subtitle", L.KAI, L.SIZE_SAN, WD_ALIGN_PARAGRAPH.CENTER, None),
            ("Volume Date", L.BODY, L.SIZE_SAN, WD_ALIGN_PARAGRAPH.CENTER, None),
            ("Item Unit", L.KAI, L.SIZE_SAN, WD_ALIGN_PARAGRAPH.CENTER, None)):
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        _font(st.element, role.official, size=size)
        _para(st, align=align, line=line, keep_next=name != "Volume Date")
    styles["Front Heading"].paragraph_format.space_after = Pt(L.LINE_PITCH_PT)
    styles["Item Unit"].paragraph_format.space_after = Pt(L.LINE_PITCH_PT / 2)

    for level, role in ((1, L.HEI), (2, L.BODY)):
        st = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        st.element.set(qn("w:styleId"), f"TOC{level}")
        st.base_style = normal
        _font(st.element, role.official, size=L.SIZE_SAN)
        _para(st, align=WD_ALIGN_PARAGRAPH.LEFT)
        fmt = st.paragraph_format
        fmt.first_line_indent = Pt(0)
        fmt.left_indent = Pt(0 if level == 1 else 2 * L.SIZE_SAN)
        fmt.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT,
                                   WD_TAB_LEADER.DOTS)
    for name, role in (("Outline 1", L.HEI), ("Outline 2", L.KAI)):
        st = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        _font(st.element, role.official)


def _properties(doc, compiled: Compiled) -> None:
    """Title, author and language of the file (shown by Word, WPS and PDF readers; the
    PDF takes them over): the author is the body running the campaign
    (``HUIBIAN_CAMPAIGN_BODY``), never the template's ``python-docx``."""
    props = doc.core_properties
    body = read_setting("HUIBIAN_CAMPAIGN_BODY")
    props.title = clean_line(compiled.title)
    props.subject = clean_line(compiled.subtitle or "")
    props.author = body
    props.last_modified_by = body
    props.comments = ""
    props.keywords = "汇编"
    props.category = ""
    props.language = L.EAST_ASIAN_LANG


def _font_table(doc) -> None:
    """Declare the official fonts in fontTable.xml with GB2312 charset and the font Word
    should substitute (``altName``) on a PC that lacks them."""
    from lxml import etree

    part = next((p for p in doc.part.package.iter_parts()
                 if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for role in L.ROLES:
        if role.official in have:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), role.official)
        for tag, val in (("w:altName", role.word_alt), ("w:charset", "86"),
                         ("w:family", role.family), ("w:pitch", "variable")):
            if val:
                etree.SubElement(font, qn(tag)).set(qn("w:val"), val)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True)


def _para(style, *, first_line: bool = False, align=None, keep_next: bool = False,
          before=None, after=None, line=None) -> None:
    fmt = style.paragraph_format
    fmt.first_line_indent = Pt(L.FIRST_LINE_INDENT_CHARS * L.SIZE_SAN) if first_line else Pt(0)
    fmt.left_indent = Pt(0)
    fmt.space_before = before if before is not None else Pt(0)
    fmt.space_after = after if after is not None else Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line if line is not None else Pt(L.LINE_PITCH_PT)
    fmt.widow_control = True
    if align is not None:
        fmt.alignment = align
    fmt.keep_with_next = keep_next


# ---------------------------------------------------------------- parts

def _cover(doc, compiled: Compiled) -> None:
    p = doc.add_paragraph(clean_line(compiled.title), style="Volume Title")
    p.paragraph_format.space_before = Mm(60)
    if compiled.subtitle and clean_line(compiled.subtitle):
        p = doc.add_paragraph(clean_line(compiled.subtitle), style="Volume Subtitle")
        p.paragraph_format.space_before = Pt(L.LINE_PITCH_PT)
    if compiled.date and clean_line(compiled.date):
        p = doc.add_paragraph(clean_line(compiled.date), style="Volume Date")
        p.paragraph_format.space_before = Mm(90)


def _heading_paragraph(doc, text: str, style: str, *, new_page: bool,
                       bookmark: str | None = None, bookmark_id: int = 0):
    p = doc.add_paragraph(style=style)
    p.paragraph_format.page_break_before = new_page
    run = p.add_run(text)
    if bookmark:
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(bookmark_id))
        start.set(qn("w:name"), bookmark)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(bookmark_id))
        run._element.addprevious(start)
        run._element.addnext(end)
    return p


def _toc(doc, entries: list[TocEntry], numbers: Mapping[str, int]) -> None:
    _heading_paragraph(doc, TOC_HEADING, "Front Heading", new_page=True)
    if not entries:
        p = doc.add_paragraph(style="toc 1")
        _field(p, TOC_INSTRUCTION, "")
        return
    for i, e in enumerate(entries):
        p = doc.add_paragraph(style=f"toc {e.level}")
        if i == 0:  # the field begins in the first entry's paragraph …
            _field_open(p)
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), e.bookmark)
        link.set(qn("w:history"), "1")
        p._p.append(link)
        for part in (e.title, "\t", str(numbers.get(e.key, ""))):
            r = OxmlElement("w:r")
            rpr = OxmlElement("w:rPr")  # a TOC line, not a blue underlined link
            u = OxmlElement("w:u")
            u.set(qn("w:val"), "none")
            rpr.append(u)
            r.append(rpr)
            if part == "\t":
                r.append(OxmlElement("w:tab"))
            else:
                t = OxmlElement("w:t")
                t.set(qn("xml:space"), "preserve")
                t.text = part
                r.append(t)
            link.append(r)
        if i == len(entries) - 1:  # … and ends in the last one's
            r = p.add_run()
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), "end")
            r._element.append(el)


def _field_open(paragraph) -> None:
    for kind, instr in (("begin", None), (None, TOC_INSTRUCTION), ("separate", None)):
        r = paragraph.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        r._element.append(el)


def _item(doc, item: CompiledItem, entry: TocEntry) -> None:
    _heading_paragraph(doc, entry.title, "Heading 2", new_page=True,
                       bookmark=entry.bookmark, bookmark_id=int(entry.bookmark[4:]))
    unit = clean_line(item.unit or "")
    if unit:
        doc.add_paragraph(unit, style="Item Unit")
    else:  # keep the gap between title and body the same
        doc.paragraphs[-1].paragraph_format.space_after = Pt(L.LINE_PITCH_PT / 2)
    paras = paragraphs(item.body)
    sign = _signature_start([p for _, p in paras])
    for k, (start, raw) in enumerate(paras):
        level, cut = _heading_span(raw, start, item.outline)
        p = doc.add_paragraph(style="Normal")
        _signature(p, k >= sign)
        head, rest = clean_text(raw[:cut]), clean_text(raw[cut:])
        if head and level in (0, 1, 2):
            p.add_run(head, style="Outline 1" if level in (0, 1) else "Outline 2")
            if rest:
                p.add_run(rest)
            else:  # a heading line: never the last line of a page
                p.paragraph_format.keep_with_next = True
        else:
            p.add_run(clean_text(raw))


_DATE_LINE = re.compile(r"^[\d〇零一二三四五六七八九十○Ｏ]{2,4}\s*年(\s*[\d一二三四五六七八九十]{1,2}\s*月"
                        r"(\s*[\d一二三四五六七八九十]{1,3}\s*日)?)?$")


def _signature_start(paras: list[str]) -> int:
    """Index of the closing signature block (signer / issuing body, then a date line),
    or ``len(paras)`` when there is none. GB/T 9704 §7.3.5: right-aligned."""
    if not paras or not _DATE_LINE.match(paras[-1].strip()):
        return len(paras)
    k = len(paras) - 1
    while (k > 0 and len(paras) - k < 3 and len(paras[k - 1]) <= 30
           and not re.search(r"[。；，：！？]", paras[k - 1])):
        k -= 1
    return k


def _signature(p, is_signature: bool) -> None:
    if is_signature:
        fmt = p.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.first_line_indent = Pt(0)
        fmt.right_indent = Pt(4 * L.SIZE_SAN)  # 右空四字


def _heading_span(para: str, start: int, outline: tuple[OutlineMark, ...]) -> tuple[int, int]:
    """(level, length) of the outline heading that opens this paragraph, or (-1, 0).
    Uses the stored outline; without one, the markers at the paragraph's start."""
    end = start + len(para)
    if outline:
        for m in outline:
            if start <= m.start < start + 2:  # a heading at the paragraph's start
                return m.level, max(0, min(m.end, end) - start)
            if m.start >= end:
                break
        return -1, 0
    for level, pattern in _FALLBACK_OUTLINE:
        if pattern.match(para):
            stop = _RUN_IN_END.search(para)
            return level, (stop.end() if stop else len(para))
    return -1, 0
