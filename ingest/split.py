"""Splitting a normalized document into items, and describing each item.

A compiled volume (汇编) is split by its table of contents (目录) when it has one, else
by ``第N篇`` markers, else by title-and-unit blocks (a short title of one or two lines,
the unit on its own line, then the body). A notice that forwards a document
(印发《X》的通知) yields the notice and the forwarded document. Text before the first
item of a volume is its preface."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from huibian.core.records import Extracted, Item, Normalized
from huibian.ingest import layout
from huibian.ingest import metadata as md
from huibian.ingest.normalize import display_width
from huibian.ingest.regions import Gazetteer
from huibian.ingest.structure import outline, outline_number, starts_outline

_SENTENCE_END = re.compile(r"[。！？；]")
_ENDS_PARAGRAPH = re.compile(r"([。！？；…：]|[。！？][”’」』）)])$")
_PREFACE_TITLE = re.compile(r"^(前\s*言|序\s*言|序|编者按|卷首语)$")
_TOC_HEAD = re.compile(r"^目\s*录$")
_TOC_ENTRY = re.compile(r"^(?P<title>.+?)[\s.·…．_—-]*(?P<page>\d{1,3}(?: ?\d){0,2})$")  # 10 3: wrapped
_PIAN = re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,5}篇")
_TOC_WRAPPED = re.compile(r"^(?:[.·…．_—-]+\s*\d{1,4}|.{1,12}?[.·…．_—-]{2,}\s*\d{1,4})$")
_FORWARD = re.compile(r"(?:印发|转发|下发)《(?P<title>.+?)》的通知")
# a notice whose title names what it forwards without the book marks (关于印发2023年…
# 工作要点的通知): its first sentence does (现将《…》印发给你们)
_FORWARD_BODY = re.compile(r"(?:印发|转发|下发)[^《》]{2,60}的通知.{0,200}?现将《(?P<title>[^《》]+?)》"
                           r"(?:印发|转发|下发)给你们")
_NON_TEXT = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class _Start:
    line: int
    title_lines: int = 0  # how many lines from ``line`` make the title (0: find it)
    unit_line: int | None = None
    kind_hint: str | None = None
    numbered: bool = False  # the title opens with the volume's item number (1．, （三）)
    number_line: bool = False  # the volume's item number on a line of its own over the title
    unit_above: bool = False  # the unit on the line over the title (the item starts there)
    notice_end: int | None = None  # a notice holding what it forwards: where its own text ends
    bracketed: bool = False  # the title in the volume's marks (《XX制度》, 【XX制度】)


class Splitter:
    """Holds what splitting needs (the gazetteer); ``split`` is a pure function of the
    normalized text."""

    def __init__(self, gazetteer: Gazetteer | None = None,
                 layout_data: layout.LayoutData | None = None, *, page_dates: bool = True):
        self.gazetteer = gazetteer or Gazetteer.load()
        self.layout = layout_data or layout.default_layout()
        # the date of the page that published a copy (发布时间：…) as the date of an item
        # that has none of its own (a sharing or template site's upload date is never
        # one: layout.page_date_of); corpora/understanding/LABELING.md labels it so.
        # page_dates=False keeps such an item undated
        self.page_dates = page_dates

    def split(self, extracted: Extracted, normalized: Normalized) -> tuple[Item, ...]:
        text = normalized.text
        lines = text.split("\n")
        line_starts = _line_starts(lines)
        blanks = blank_before(extracted, normalized, line_starts)
        starts = (_toc_starts(lines) or _pian_starts(lines, self.layout)
                  or _with_article_starts(_title_unit_starts(lines, blanks, self.layout),
                                          _article_starts(lines, self.layout)))
        starts = _with_number_lines(lines, sorted(starts, key=lambda s: s.line))
        starts = _with_units_above(lines, starts, self.layout)
        if len(starts) == 1 and starts[0].line > 0 and starts[0].kind_hint is None and \
                not any(layout.is_body(ln) for ln in lines[:starts[0].line]):
            # only a head above the first title-and-unit block (site furniture, a short
            # title with a subtitle under it): one item from the top, its head read whole
            starts[0] = _Start(0)
        starts, forwards = _named_by_notice(lines, starts)
        if not starts or starts[0].line > 0:
            lead_kind = "preface" if starts and not forwards else None
            starts.insert(0, _Start(0, kind_hint=lead_kind))
        spans = []
        for k, st in enumerate(starts):
            end = starts[k + 1].line if k + 1 < len(starts) else len(lines)
            spans.extend(_forwarded(lines, st, end))
        items = []
        inherited: dict[str, object] = {}
        for seq, (st, end) in enumerate(spans):
            item = self._describe(extracted, normalized, lines, line_starts, st, end, seq,
                                  inherited, blanks)
            if item.kind_hint == "notice":
                inherited = {"doc_number": item.doc_number, "date": item.date, "unit": item.unit,
                             "region": item.region}
            items.append(item)
        return tuple(i for i in items if i.text.strip())

    def _with_place(self, unit: str, body: str) -> str:
        return _with_place_impl(self.gazetteer, unit, body)

    def _describe(self, ex: Extracted, norm: Normalized, lines: list[str],
                  line_starts: list[int], st: _Start, end: int, seq: int,
                  inherited: dict, blanks: list[bool]) -> Item:
        body_lines = lines[st.line:end]
        start = line_starts[st.line]
        stop = line_starts[end - 1] + len(lines[end - 1]) if end > st.line else start
        text = norm.text[start:stop]
        data = self.layout
        hdr = layout.read_header(body_lines, blanks[st.line:end], data)
        label = hdr.label
        pian_head = st.kind_hint == "pian" and bool(body_lines) and \
            layout.label_of(body_lines[0]) is not None and bool(_title_lines(body_lines, 1))
        if st.title_lines or pian_head:
            # 二、 alone over the title (the volume's number), or the unit over it
            i = 1 if st.number_line or st.unit_above else 0
            doc_number = None
            if not st.number_line and body_lines and layout.doc_number_of(body_lines[0]):
                doc_number = layout.doc_number_of(body_lines[0])
                i = 1
            if label in (None, body_lines[i].strip()) and layout.label_of(body_lines[i]) and (
                    st.title_lines > 1 or st.kind_hint == "pian"):
                label = body_lines[i].strip()
                i += 1
                given = body_lines[i:i + max(1, st.title_lines - 1)] if st.title_lines > 1 else []
                title_lines = given or _title_lines(body_lines, i)
            else:
                title_lines = body_lines[i:i + st.title_lines]
            title = join_title(title_lines)
            if st.numbered:
                title = _ITEM_NUMBER.sub("", title, count=1)
            if st.bracketed:
                title = _OPENING_BRACKETS.sub(r"\g<inner>", title, count=1)
            title_src = "given"
            head_end = i + len(title_lines)
            sub = layout.read_header(body_lines[head_end:], blanks[st.line + head_end:end], data)
            unit, unit_src, authors = None, None, sub.authors
            if sub.title is None:
                unit, unit_src = sub.unit, sub.unit_source
            elif st.unit_line is not None:  # the head under the unit read as a title
                unit, unit_src = _unit_of_line(lines[st.unit_line], data), "header"
            if st.unit_above and not unit:
                unit, unit_src = _unit_of_line(lines[st.line], data), "header"
            if unit_src == "byline" and layout.title_unit(title, data):
                # a speaker's post (院党委书记 某某) says less than the unit the title names
                unit, unit_src = layout.title_unit(title, data), "title"
            doc_number = doc_number or sub.doc_number or hdr.doc_number
            date = sub.date if sub.title is None else None
            if sub.title is not None and sub.title_span:
                # the given title, its unit and date lines, then a heading read as a
                # title (前  言): the date line between is the item's
                date = next((d for ln in body_lines[head_end:head_end + sub.title_span[0]]
                             if (d := layout.date_of_line(ln, data))), None)
            date_src = (sub.date_source or "header") if date else None
            body_line = head_end + (sub.body if sub.title is None else _skip_header(
                body_lines, head_end, data))
        else:
            title = hdr.title or ""
            title_src = "header" if hdr.title else None
            unit, unit_src, authors = hdr.unit, hdr.unit_source, hdr.authors
            doc_number, date = hdr.doc_number, hdr.date
            date_src = hdr.date_source if date else None
            body_line = hdr.body if hdr.title else _skip_header(body_lines, 0, data)
        if st.kind_hint == "preface" and body_lines and _TOC_HEAD.match(body_lines[0].strip()):
            title, title_src, unit, date = "目录", "preface", None, None  # the volume's TOC
            body_line = max(body_line, 1)
        if st.kind_hint == "preface" and body_lines and _PREFACE_TITLE.match(body_lines[0]):
            title = body_lines[0].strip()
            title_src = "preface"
            body_line = max(body_line, 1)
        if title and not unit:
            tu = layout.title_unit(title, data) or _charter_unit(title, data)
            if tu:
                unit, unit_src = tu, "title"
        body_start = line_starts[st.line + body_line] - start if st.line + body_line < end \
            else len(text)
        if not unit and title:
            su = layout.subtitle_unit(title, data)
            if su:
                unit, unit_src = su, "subtitle"
        # a notice that holds what it forwards is signed where its own text ends
        own_end = st.notice_end - st.line if st.notice_end else len(body_lines)
        tail = layout.read_tail(body_lines[body_line:own_end], data)
        if tail:
            if tail.unit and (not unit or unit_src == "subtitle"
                              and layout.fuller_unit(tail.unit, unit)
                              or unit_src != "banner"
                              and layout.signs_more_fully(tail.unit, unit)
                              or layout.formal_party_name(tail.unit, unit)):
                unit, unit_src = tail.unit, "signature"  # the body that signs it
            authors = authors or tail.authors
            if tail.date:
                date, date_src = tail.date, "signature"
            elif not date and tail.colophon_date:
                date, date_src = tail.colophon_date, "colophon"
            if tail.colophon_unit and (not unit or layout.formal_party_name(tail.colophon_unit, unit)):
                # XX委员会编印, …印发; a note （中共XX委员会供稿） for the XX the head named
                unit, unit_src = tail.colophon_unit, "colophon"
        if not date and self.page_dates and hdr.page_date and \
                st.kind_hint not in ("preface", "forwarded"):
            date, date_src = hdr.page_date, "page"  # a web page's upload date: the last resort
        if not unit and title:
            # a title's unit without its place or parent (市中医院…, 学区党支部…), named in
            # full in the text (临川市中医院, 石门学区党支部)
            short = layout.bare_title_unit(title, data)
            if short and layout.post_after_name(title, short, data):
                short = None  # 农村党支部书记…报告: a post's holders, no unit's name
            full = layout.fuller_name_in(short, text[body_start:], data) if short else None
            if full:
                unit, unit_src = full, "title"
        if not unit and not st.title_lines and hdr.title_span and \
                hdr.title_span[1] - hdr.title_span[0] >= 2:
            # a title over two lines whose second line (a subtitle without a dash) opens
            # with the unit it is about
            for j in range(hdr.title_span[0] + 1, hdr.title_span[1]):
                su = layout.opening_unit(body_lines[j], data)
                if su:
                    unit, unit_src = su, "subtitle"
                    break
        if not unit and title and st.kind_hint not in ("preface", "forwarded"):
            ru = layout.restated_title_unit(title, text[body_start:], data)
            if ru:
                unit, unit_src = ru, "body"
        if not unit and st.kind_hint not in ("preface", "forwarded"):
            bu = layout.body_unit(text[body_start:], data, title=title or "")
            if bu:
                unit, unit_src = bu, "body"
        if not unit and hdr.source_unit and st.kind_hint not in ("preface", "forwarded"):
            unit, unit_src = hdr.source_unit, "source"  # 来源：<unit> of a web page
        if not unit and title and st.kind_hint not in ("preface", "forwarded"):
            # a headline that opens with a name relative to the site's unit (校团委组织…,
            # 机关党总支开展…) and no fuller name of it in the text: the name as written
            short = layout.bare_title_unit(title, data)
            if short and layout.relative_unit(short, data) and layout.acts_after_name(title, short, data):
                unit, unit_src = short, "title"
        if not unit and st.kind_hint not in ("preface", "forwarded"):
            bu = layout.body_unit(text[body_start:], data, title=title or "", relative=True)
            if bu:
                unit, unit_src = bu, "body"
        if not unit and hdr.relative_source and st.kind_hint not in ("preface", "forwarded"):
            unit, unit_src = hdr.relative_source, "source"
        subjects: tuple[str, ...] = ()
        for ln in body_lines[-8:]:
            found = md.subject_words(ln)
            if found:
                subjects = found
        if not title:
            # no title line: none is made up from the body (同志们：, the first sentence,
            # 【摘要】…); the item shows as untitled
            title = "前言" if st.kind_hint == "preface" else ""
            title_src = "preface" if st.kind_hint == "preface" else "absent"
        if unit:
            unit = md.issuing_body(unit)
            if unit_src in ("title", "subtitle", "byline", "body"):
                unit = self._with_place(unit, text[body_start:body_start + 3000])
                # the longest name of it the text gives (柳岸社区党总支 -> XX市XX街道柳岸社区党总支)
                unit = layout.fuller_name_in(unit, text[body_start:body_start + 3000], data) or unit
        kind = st.kind_hint if st.kind_hint != "pian" else None
        if kind is None and _FORWARD.search(title):
            kind = "notice"
        doc_src = "header" if doc_number else None
        if not doc_number and inherited.get("doc_number"):
            doc_number, doc_src = inherited.get("doc_number"), "inherited"
        if not date and inherited.get("date"):
            date, date_src = inherited.get("date"), "inherited"
        if st.kind_hint == "forwarded" and not unit and inherited.get("unit"):
            unit, unit_src = inherited.get("unit"), "inherited"
        region = self.gazetteer.find(unit or "", title, text[body_start:body_start + 3000])
        return Item(
            seq=seq, title=title, text=text, start=start, end=stop, body_start=body_start,
            unit=unit, authors=tuple(authors), doc_number=doc_number, date=date,
            region=region, subject_words=subjects,
            pages=_page_span(ex, norm, start, stop), lines=_line_span(ex, norm, start, stop),
            outline=outline(text), kind_hint=kind, label=label,
            sources=(("title", title_src or "absent"),
                     ("unit", (unit_src or "header") if unit else "absent"),
                     ("date", (date_src or "header") if date else "absent"),
                     ("doc_number", doc_src if doc_number else "absent")))


def _place_before(self_gaz: Gazetteer, text: str, end: int) -> str | None:
    """The longest place name (a gazetteer's full name, 金华市) ending at ``end``."""
    for k in range(min(8, end), 1, -1):
        if text[end - k:end] in self_gaz.full:
            return text[end - k:end]
    return None


def _with_place_impl(gaz: Gazetteer, unit: str, body: str) -> str:
    """``金东区多湖街道芙蓉社区`` -> ``金华市金东区多湖街道芙蓉社区`` when the body names the
    unit with the place it is in (a title or subtitle often drops the city)."""
    if unit.startswith(("中共", "中国共产党", "共青团")) or len(unit) < 4:
        return unit
    best = unit
    for m in re.finditer(re.escape(unit), body):
        full, at = unit, m.start()
        while True:
            place = _place_before(gaz, body, at)
            if not place:
                break
            full, at = place + full, at - len(place)
        if len(full) > len(best):
            best = full
    return best


def split_document(extracted: Extracted, normalized: Normalized,
                   gazetteer: Gazetteer | None = None) -> tuple[Item, ...]:
    return Splitter(gazetteer).split(extracted, normalized)


# --- item boundaries ---------------------------------------------------------------

def _line_starts(lines: list[str]) -> list[int]:
    out, pos = [], 0
    for ln in lines:
        out.append(pos)
        pos += len(ln) + 1
    return out


def _key(s: str) -> str:
    return _NON_TEXT.sub("", s)


def _toc_starts(lines: list[str]) -> list[_Start]:
    head = next((i for i, ln in enumerate(lines[: max(40, len(lines) // 6)])
                 if _TOC_HEAD.match(ln.strip())), None)
    if head is None:
        return []
    titles = []
    k = head + 1
    while k < len(lines):
        m = _TOC_ENTRY.match(lines[k].strip())
        led = re.search(r"[.·…．_—-]{2,}$", lines[k].strip())  # ends in its leader dots
        if not m and k + 1 < len(lines) and (
                _TOC_WRAPPED.match(lines[k + 1].strip()) and not led
                or led and re.fullmatch(r"\d{1,4}", lines[k + 1].strip())):
            # an entry wrapped onto the next line (…硬骨头… / ……11)
            m = _TOC_ENTRY.match(lines[k].strip() + lines[k + 1].strip())
            if m:
                titles.append(_key(m.group("title")))
                k += 2
                continue
        if not m and titles and led:
            # an entry whose page number the layout lost or moved (…评议办法……)
            titles.append(_key(re.sub(r"[\s.·…．_—-]+$", "", lines[k].strip())))
            k += 1
            continue
        if not m:
            if titles and not lines[k].strip():
                k += 1
                continue
            # a section heading inside the TOC (no page number) is skipped
            if len(lines[k]) <= 20 and k + 1 < len(lines) and _TOC_ENTRY.match(lines[k + 1].strip()):
                k += 1
                continue
            break
        titles.append(_key(m.group("title")))
        k += 1
    if len(titles) < 2:
        return []
    starts = []
    pos = k
    for t in titles:
        for j in range(pos, len(lines)):
            # the title as printed over one to three lines (a long one wraps)
            n = next((n for n in (1, 2, 3) if j + n <= len(lines)
                      and "".join(_key(x) for x in lines[j:j + n]) == t), 0)
            if n:
                unit = j + n if j + n < len(lines) and _unit_or_byline(lines[j + n], None) else None
                if j > 0 and layout.label_of(lines[j - 1]):  # 第N篇：… over the title
                    starts.append(_Start(j - 1, title_lines=n + 1, unit_line=unit, kind_hint="pian"))
                else:
                    starts.append(_Start(j, title_lines=n, unit_line=unit))
                pos = j + 1
                break
    if len(starts) < 2 or len(starts) < 0.8 * len(titles):
        return []  # a TOC whose entries are not found as titles: split by the layout
    starts = _volume_numbered(lines, starts)
    # a preface between the TOC and the first item is an item of its own
    pre = next((j for j in range(k, starts[0].line) if _PREFACE_TITLE.match(lines[j].strip())), None)
    if pre is not None:
        starts.insert(0, _Start(pre, kind_hint="preface"))
    # the TOC itself belongs to the front matter (first item)
    return starts


def _volume_numbered(lines: list[str], starts: list[_Start]) -> list[_Start]:
    """Titles the volume numbers (一、XX制度, 二、XX管理 in its TOC and over each item):
    when every title opens with an item number, the numbers are the
    volume's and are left out of the titles, as the layout split leaves them out."""
    titled = [st for st in starts if st.title_lines and st.kind_hint is None]
    if len(titled) < 2 or not all(_ITEM_NUMBER.match(lines[st.line]) for st in titled):
        return starts
    return [replace(st, numbered=True) if st in titled else st for st in starts]


def _pian_starts(lines: list[str], data: layout.LayoutData) -> list[_Start]:
    """Items marked by the collector's catalog line (第N篇：…); the item's own title is
    the heading under it, when there is one."""
    starts = [_Start(i, title_lines=0, kind_hint="pian") for i, ln in enumerate(lines)
              if layout.label_of(ln)]
    return starts if len(starts) >= 2 else []


# a line of marks only (******, ————, ====): a divider a plain-text volume draws
# between its items; it ends the item above and is no title
_DIVIDER = re.compile(r"^[*＊※─━—–\-=＝~～_·•.]{3,}$")


def _title_like(line: str) -> bool:
    line = line.strip()
    if not _key(line):
        return False  # marks only (a divider line), no word of a title
    w = display_width(line)
    long_title = w <= 72 and not re.search(r"[，,]", line) and bool(layout.default_layout().title_end.search(line))
    return ((0 < w <= 50 or long_title) and not _ends_sentence(line)
            and not line.endswith("：") and not starts_outline(line)
            and not md.is_date_line(line) and not md.is_doc_number(line)
            and not (md.is_person_line(line) and not _slogan(line)
                     and not _SYSTEM_END.search(line))  # 村规民约 reads as a name
            and not (md.is_unit_line(line) and not layout._UNIT_STOP.search(line)
                     and "的" not in line)  # 楼栋里的党小组 is a title
            and not layout._COLOPHON_PEOPLE.match(line) and layout.date_of_line(line) is None
            and not _NOTE_LINE.match(line)
            and md.subject_words(line) is None  # 主题词：… of a notice's colophon
            and not (w <= 50 and layout.is_furniture(line)))  # a menu bar, a breadcrumb


def _ends_sentence(line: str) -> bool:
    """Does a short line read as a sentence? 。 and ； make it one; a question or an
    exclamation (楼道里的杂物谁来清？, 党员身份亮出来！) is a title's too, unless the line
    is short of a title's words or has a clause before it (谢谢大家！, 好，我们开始！)."""
    if re.search(r"[。；]", line):
        return True
    if not re.search(r"[！？!?]", line):
        return False
    han = sum(1 for c in line if "\u4e00" <= c <= "\u9fff")
    return han < 6 or display_width(line) > 40 or bool(re.search(r"[，,]", line))


def _slogan(line: str) -> bool:
    """Two or three parallel phrases joined by a comma (小网格，大服务; 亮身份，作表率)
    read as a title, not as a list of names (names are listed with spaces or 、)."""
    parts = re.split(r"[，,]", line.strip())
    return 2 <= len(parts) <= 3 and all(len(p) >= 3 for p in parts) and \
        not re.search(r"[\s、]", line.strip())


# a note in parentheses on a line of its own (（本文为…的阶段性成果）, （XX供稿）); a short one
# (（试行）, （修订稿）) may be the last line of a title
# a title does not open with a note in parentheses (（执笔：李某）, （XX供稿） end the item
# before it); a short one may end a title (（试行）)
_PARENS_OPEN = re.compile(r"^\s*[（(]")
_NOTE_LINE = re.compile(r"^[（(][^（）()]{9,}[）)]$")


def _body_like(line: str) -> bool:
    s = line.strip()
    return display_width(line) > 20 or bool(_SENTENCE_END.search(line)) or \
        bool(_OPENS_BODY.match(s)) or starts_outline(s) or \
        bool(re.match(r"^【[^】]{1,12}】", s)) or _opens_address(s)


def _opens_address(s: str) -> bool:
    """A salutation or an addressee line that opens a body: several addressees may be
    listed (``尊敬的各位领导，同志们：``, ``各乡镇中心校，县直各中小学、幼儿园：``)."""
    return bool(s.endswith(("：", ":")) and display_width(s) <= 80 and not _SENTENCE_END.search(s)
                and (layout._SALUTATION.match(s) or layout._ADDRESSEE.match(s)))


_OPENS_BODY = re.compile(r"^(?:各[^，。；]{1,60}[：:]|(?:同志们|各位[^，。]{0,20}|尊敬的[^，。]{0,30}|"
                         r"亲爱的[^，。]{0,20})[：:，,！])$")


def _boundary_before(lines: list[str], i: int) -> bool:
    """Does a paragraph (or a signature) end just before line ``i``?"""
    if i <= 0:
        return True
    prev = lines[i - 1].strip()
    return bool(_ENDS_PARAGRAPH.search(prev) or _WHOLE_NOTE.match(prev) or md.is_date_line(prev)
                or _DIVIDER.match(prev) or _dated_signature(prev)
                or layout.date_of_line(prev) is not None
                or md.is_person_line(prev) or md.subject_words(prev) is not None)


def _dated_signature(line: str) -> bool:
    """A signature on one line, the unit with its date (XX社区党委2019年7月1日印发,
    XX中学党支部　2015年3月2日): it ends an item as a date line does."""
    unit, date = layout.split_paren_date(line)
    return date is not None and bool(unit) and bool(layout.unit_name(unit))


# a line wholly in parentheses closes what is above it (（执笔：李某）, （XX供稿）)
_WHOLE_NOTE = re.compile(r"^[（(][^（）()]{2,80}[）)]$")


# a block quoted inside an item: introduced by a line that announces it
_INTRODUCES = re.compile(r"(?:[：:]|如下|摘录|节选|以下是|转引|引自|附)[：:]?$")
_QUOTED_TITLE = re.compile(r"^[《“「『【].+[》”」』】]$")


def _quoted_block(lines: list[str], t: int) -> bool:
    """Is the title at line ``t`` part of a block pasted into the item before it (a
    line announcing a quotation, or a title in book-title marks or quotes)?"""
    prev = next((lines[k].strip() for k in range(t - 1, max(-1, t - 3), -1)
                 if lines[k].strip()), "")
    return bool(prev and _INTRODUCES.search(prev) and not _NOTES_HEAD.match(prev)
                and not (_ATTACHMENT_LINE.match(prev) and _attachments_volume(lines))) or \
        bool(_QUOTED_TITLE.match(lines[t].strip()))


# the head of a list of references or notes (参考文献：): it announces entries, never a
# titled document pasted under it; left with its list cut, it ends the item
_NOTES_HEAD = re.compile(r"^(?:主要)?(?:参考文献|参考资料|注释|注)\s*[：:]$")


def _title_unit_starts(lines: list[str], blanks: list[bool] | None = None,
                       data: layout.LayoutData | None = None) -> list[_Start]:
    """Items laid out as a title (one or two short lines), the unit on its own line (or
    a byline), then the body. The item before need not end a sentence (a volume item may
    end with a list, a cut sentence or a signature); a block quoted inside an item (an
    announcing line before it, a title in quotation marks) is not an item start."""
    blanks = blanks or [False] * len(lines)
    starts = []
    for u in range(1, len(lines) - 1):
        named = _named_title(lines, u, blanks, data)
        if not _unit_or_byline(lines[u], data) or not (_title_like(lines[u - 1]) or named or (
                u >= 2 and _title_like(lines[u - 2]) and _wraps_on(lines[u - 2], lines[u - 1])
                and not (layout.is_person_line(lines[u - 1]) and lines[u].strip().startswith(("（", "(")))
                )):  # (an author's name over the affiliation in brackets ends no title)
            continue
        if lines[u - 1].lstrip().startswith(("——", "—")) and (u < 2 or not _title_like(lines[u - 2])):
            continue  # a subtitle does not start an item by itself
        if re.match(r"^附\s*件", lines[u - 1].strip()) or (u >= 2 and re.match(r"^附\s*件\s*\d*[：:]?$",
                                                                             lines[u - 2].strip())):
            continue  # an attachment stays with the notice that sends it
        b = u + 1
        while b < len(lines) - 1 and b <= u + 2 and (layout.is_header_line(lines[b]) or (
                layout.is_person_line(lines[b]) and display_width(lines[b].strip()) <= 12)
                or _names_line(lines[b]) and _body_like(lines[b + 1])):
            b += 1  # a byline (an author's name), or a date between the unit and the body
        if not (_body_like(lines[b]) or _addressee_over_body(lines, b)) or layout.is_header_line(lines[b]) or \
                (b == u + 1 and md.is_date_line(lines[b])):
            continue
        if b > u + 1 and b + 1 < len(lines) and _title_like(lines[b]) and \
                _unit_or_byline(lines[b + 1], data):
            continue  # a signature (unit, date) with the next item's title and unit below
        t = u - 1
        if t >= 1 and _title_like(lines[t - 1]) and not blanks[t] and \
                not layout.is_body(lines[t - 1]) and not _PARENS_OPEN.match(lines[t - 1]) and \
                not layout._COLLECTION_NAME.search(lines[t - 1].strip()) and (_wrapped_title(lines[t - 1], lines[t]) or
                                                      _boundary_before(lines, t - 1) or blanks[t - 1]
                                                      or _title_and_subtitle(lines[t - 1], lines[t])):
            t -= 1
        elif not (_title_like(lines[t]) or named and t == u - 1):
            continue
        elif not (_boundary_before(lines, t) or blanks[t] or _after_item_end(lines, t)
                  or _strong_start(lines, t, u, b)):
            continue
        if _quoted_block(lines, t):
            continue
        starts.append(_Start(t, title_lines=u - t, unit_line=u))
    starts = [st for k, st in enumerate(starts)
              if not _outline_continues(lines, starts[k - 1].line if k else 0, st.line,
                                        starts[k + 1].line if k + 1 < len(starts) else len(lines))]
    starts = _as_the_others_start(lines, starts, blanks)
    return starts if (len(starts) >= 2 or (starts and starts[0].line <= 2)) else []


def _as_the_others_start(lines: list[str], starts: list[_Start],
                         blanks: list[bool]) -> list[_Start]:
    """The document's own layout of an item start: when its blocks set the title off
    by a blank line (most of them; blank lines are not between every paragraph), a
    block without one after a paragraph cut mid-sentence is a block pasted into the
    item (another unit's title and unit quoted in the body), not a new item."""
    later = [st for st in starts if st.line > 2]
    if len(later) < 3 or sum(blanks) > 0.5 * len(lines):
        return starts
    if sum(1 for st in later if blanks[st.line]) < 0.75 * len(later):
        return starts
    return [st for st in starts if st.line <= 2 or blanks[st.line]
            or _boundary_before(lines, st.line)]


def _addressee_over_body(lines: list[str], b: int) -> bool:
    """A short line ending in a colon with running text under it opens a body, whoever
    it addresses (县委创先争优活动领导小组：, 各位代表：)."""
    s = lines[b].strip()
    return s.endswith(("：", ":")) and display_width(s) <= 40 and not _SENTENCE_END.search(s) \
        and b + 1 < len(lines) and _body_like(lines[b + 1])


def _named_title(lines: list[str], u: int, blanks: list[bool],
                 data: layout.LayoutData | None) -> bool:
    """A short title that reads like a name (红色驿站, 党员服务站) over the unit line:
    set off as a title (a blank line before it, or centred) where the unit line under it
    is not, and short of a place-and-unit name's length."""
    title = lines[u - 1].strip()
    return bool(blanks[u - 1] and not blanks[u] and 3 <= len(title) <= 8
                and _unit_or_byline(title, data) and not _ends_sentence(title)
                and layout.date_of_line(title) is None and not starts_outline(title)
                and not _PARENS_OPEN.match(title) and not md.is_person_line(title, data))


def _title_and_subtitle(title: str, sub: str) -> bool:
    """A short title with its subtitle (——…的做法) on the next line, no clause
    punctuation in the title."""
    return sub.strip().startswith(("——", "—")) and not re.search(r"[，,；;。：:]", title)


def _wrapped_title(first: str, second: str) -> bool:
    """Two lines that read as one title wrapped at the page width (a PDF or a Word file
    keeps no blank line before it): no clause punctuation in either, the first the longer."""
    first, second = first.strip(), second.strip()
    return not re.search(r"[，,；;。：:]", first + second) and \
        display_width(first) >= max(16.0, display_width(second))


def _wraps_on(first: str, second: str) -> bool:
    """Does a short line that could be a name (印之际) end a title wrapped at the page
    width on the line before it? Not a name under a title that has ended (…的路径研究,
    ——以XX为例 over 陈某某: the author of a journal article)."""
    ended = bool(_EXAMPLE_END.search(first.strip()) or (
        layout.default_layout().title_end.search(first.strip()) and layout.is_person_line(second)))
    return display_width(first.strip()) >= 24 and _wrapped_title(first, second) and not ended and \
        not layout.unit_name(second.strip()) and layout.date_of_line(second) is None


# a subtitle naming the case a study takes (——以XX为例): the end of a title
_EXAMPLE_END = re.compile(r"为例$")


def _strong_start(lines: list[str], t: int, u: int, b: int) -> bool:
    """A title-and-unit block that starts an item although the line before it ends no
    sentence (the item before ends with a cut sentence, a list, a note): a title of one
    line that is not running text (no comma), its unit, and a body of some lines after."""
    title = lines[t].strip()
    return u == t + 1 and not re.search(r"[，,；;。]", title) and not layout.is_body(title) \
        and len(lines) - b >= 2 and _body_like(lines[b])


def _outline_continues(lines: list[str], prev: int, t: int, nxt: int) -> bool:
    """Does the outline numbering run on across line ``t`` (（二） before it, （三） after
    it, at the same level)? Then the title-and-unit block at ``t`` is quoted inside the
    item, not the start of a new one."""
    before = after = None
    for k in range(t - 1, prev - 1, -1):
        found = outline_number(lines[k])
        if found:
            before = found
            break
    for k in range(t + 1, nxt):
        found = outline_number(lines[k])
        if found:
            after = found
            if before and found[0] == before[0]:
                break
    if not before or not after:
        return False
    return before[0] == after[0] and after[1] == before[1] + 1 and after[1] > 1


# the opening of a work system's articles: 第一条, 第一章 (总则), or the first section 一、
_FIRST_ARTICLE = re.compile(r"^第[一1]\s*条")
_FIRST_CHAPTER = re.compile(r"^第[一1]\s*(?:章|部分)")
# a title's note of its status after the genre word (…办法（试行）, …制度（修订稿）, …细则
# （2015年修订）, …守则（2016年版）, …办法（讨论稿）)
_STATUS_NOTE = re.compile(r"\s*[（(](?:\d{4}\s*年\s*(?:\d{1,2}\s*月\s*)?)?(?:试行|暂行|修订|修正|修订稿|"
                          r"修正稿|草案|征求意见稿|讨论稿|试行稿|送审稿|修订版)[）)]$|"
                          r"\s*[（(]\d{4}\s*年\s*版[）)]$")


# a table's row of column heads (序号　工作内容　责任人　完成时限; the normalized text may
# have lost the spaces): a system set out as a table (a procedure, a list of duties)
# opens its body with it
_TABLE_HEAD = re.compile(r"^序\s*号\s*[\u4e00-\u9fff（）()/\s]{4,30}$")


def _opens_articles(lines: list[str], o: int) -> bool:
    """Does line ``o`` open the articles of a work system (第一条; 第一章 with 第一条
    under it; the first section 一、, or the first point （一）, 1．, （1）, of a short
    system; the caller checks that no numbering of that level is open above)?"""
    s = lines[o].strip()
    if _FIRST_ARTICLE.match(s) or _TABLE_HEAD.match(s):
        return True
    if _FIRST_CHAPTER.match(s):  # 第一章 over 第一条, 第一部分 over 一、 (or its first point)
        return any(_FIRST_ARTICLE.match(lines[k].strip()) or
                   (outline_number(lines[k].strip()) or (0, 0))[1] == 1
                   for k in range(o + 1, min(o + 3, len(lines))))
    first = outline_number(s)  # 一、, or （一）/1．/（1） of a short system without 一、
    # a numbered title (1．…办法 of a catalog, 一、…制度 over a volume's section) is no point
    # …unless it stands right under a system's title: the first of the sections of a
    # system made of several (XX支部工作制度 / （一）学习制度 / 1．…)
    return first is not None and first[1] == 1 and (
        not _numbered_system_title(s) or o > 0 and _system_title(lines[o - 1]))


def _system_title(line: str) -> bool:
    """A short title line that ends in a work system's genre word (…制度, 关于…的规定,
    …办法（试行）)."""
    s = _STATUS_NOTE.sub("", line.strip())
    return _title_like(line) and display_width(s) <= 50 and not re.search(r"[，,；;：:]", s) \
        and bool(_SYSTEM_END.search(s))


# a volume's number before an item's own title (1．…制度, （三）…办法)
_ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[.．、]|[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)]|"
                          r"[一二三四五六七八九十]{1,3}\s*、)\s*(?=\S)")
# 一、 before a title: a volume's number only when its 一、 numbers a system's title too
_CN_ITEM_NUMBER = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*、")


def _numbered_system_title(line: str) -> bool:
    """A system's title with the volume's item number before it (``2．党员积分管理办法``)."""
    m = _ITEM_NUMBER.match(line)
    return bool(m) and _system_title(line[m.end():])


# the genre words a work system's title ends in (…岗位职责: a post's duties, set out
# in sections as a system's are)
_SYSTEM_END = re.compile(r"(?:制度|办法|规定|细则|规则|守则|准则|章程|规程|公约|须知|规范|条例|规约|"
                         r"(?:实施|指导|若干)意见|职责)$|"
                         # a ruling set out in sections as a system is (关于…的意见, 关于…的决定)
                         r"关于.{2,40}的(?:意见|决定)$|"
                         # a way of working written down as a system (…工作法, …工作机制,
                         # …实施方案, …承诺书); never a short heading inside an item
                         r".{4,}(?:实施方案|工作方案|工作机制|工作流程|工作法|承诺书|责任书)$|"
                         # a standard, a list of requirements or a procedure (…评比标准,
                         # …工作要求, …审批流程) and a village's compact (村规民约); the
                         # four characters before keep a section's heading (二、工作要求) out
                         r".{4,}(?:标准|要求|流程)$|村规民约$|"
                         # a charge of responsibilities (安全生产责任制, 岗位责任制)
                         r".{2,}责任制$")


_CHARTER = re.compile(r"^(?P<unit>.+?)章程(?:[（(](?:试行|暂行|修订|修订稿|草案)[）)])?$")


def _charter_unit(title: str, data: layout.LayoutData) -> str | None:
    """The body a charter is of (``XX协会章程`` -> ``XX协会``): its title is the unit's
    name and the genre word alone, too short a rest for ``layout.title_unit``."""
    m = _CHARTER.match(title.strip())
    u = m.group("unit") if m else ""
    return u if len(u) >= 4 and layout.unit_name(u, data) and layout.proper_unit(u, data) \
        else None


def _title_wrapped_above(upper: str, title: str, data: layout.LayoutData) -> bool:
    """Is ``upper`` the first line of a system's title printed over two lines: a
    title-like line, no title or header line of its own, wrapped at the page width, or
    ending where no title ends (…关于, …的), or opening with the unit the title names
    (``XX中学教职工党员`` / ``师德承诺践诺办法（试行）``)?"""
    upper, title = upper.strip(), title.strip()
    if not _title_like(upper) or _system_title(upper) or layout.is_body(upper) \
            or _ATTACHMENT_LINE.match(upper) \
            or starts_outline(upper) or layout.is_header_line(upper, data) \
            or re.search(r"[，,；;：:]", upper):
        return False
    unit = layout.title_unit(upper + title, data)
    return _wrapped_title(upper, title) or bool(layout._OPEN_END.search(upper)) \
        or bool(unit and len(unit) <= len(upper))


def _article_starts(lines: list[str], data: layout.LayoutData) -> list[_Start]:
    """Items of a volume of work systems run together without layout (plain text, no
    blank line, maybe no unit line): a short title ending in a system's genre word (or
    with the volume's number before it: 1．…办法), up to three header lines under it (a
    unit, a date, a note of its adoption), maybe a preamble of a paragraph or two, then
    articles that start again (第一条, 第一章, 一、; （一）, 1． after the end of an item).
    Not a start: an attachment the item above announces (附件：…), a quoted block.
    At least two such items, or none."""
    starts = []
    for o in range(1, len(lines)):
        if not _opens_articles(lines, o):
            continue
        j = o - 1
        preamble = 0  # a paragraph or two before the articles (为…，现提出如下意见。)
        while j > 1 and preamble < 2 and _preamble_line(lines[j]):
            j, preamble = j - 1, preamble + 1
        unit_line = None
        # header lines (a unit, a date, a note of adoption) under the title; a line that
        # ends in a system's genre word is the title itself, though it may read as a
        # post and a name (党支部书记岗位职责)
        while j > 0 and o - j <= 3 and not _system_title(lines[j]) and (
                layout.is_header_line(lines[j], data) or _WHOLE_NOTE.match(lines[j].strip())
                or _dashed_unit(lines[j], data)):
            if unit_line is None and (_unit_or_byline(lines[j], data) or _dashed_unit(lines[j], data)):
                unit_line = j
            j -= 1
        inner = _BRACKETED.match(lines[j].strip())
        bracketed = bool(inner) and (_system_title(inner.group("inner")) or _title_without_genre(
            lines, j, o, inner.group("inner"))) and _brackets_its_titles(lines)
        numbered = not bracketed and not _system_title(lines[j]) and _numbered_system_title(lines[j])
        bare = not numbered and not bracketed and not _system_title(lines[j]) and \
            _title_without_genre(lines, j, o)
        if not (_system_title(lines[j]) or numbered or bare or bracketed):
            continue
        if numbered and _section_of_system(lines, j):
            continue  # （二）会议制度 of XX支部工作制度: a section, not the volume's item
        t = j
        if not (numbered or bare or bracketed) and t >= 1 and \
                _title_wrapped_above(lines[t - 1], lines[t], data):
            t -= 1  # a title printed over two lines
        first = None if _FIRST_ARTICLE.match(lines[o].strip()) or _FIRST_CHAPTER.match(
            lines[o].strip()) else outline_number(lines[o])
        # the same numbering open above (一、 over 一、): a list goes on; the volume's
        # number alone on its line over the title (1. / 一、) is no list
        if first and any(outline_number(lines[k]) == first for k in range(max(0, t - 1), o)
                         if not (k == t - 1 and _NUMBER_LINE.match(lines[k]))):
            continue
        if t > 0 and (_attachment_title(lines, t, j + 1) or _quoted_block(lines, t) and not bracketed):
            continue  # an attachment (附件：…) or a quoted block stays in its item
        if (preamble or first and first[0] > 1) and not (
                _boundary_before(lines, t) or _after_item_end(lines, t)):
            continue  # a preamble, or a list (（一）, 1．) after a title: only where an item ends
        # a status note on a line of its own under the title (…办法 / （试行）) ends the title
        note = int(j + 1 < o and bool(_STATUS_NOTE.match(lines[j + 1])))
        starts.append(_Start(t, title_lines=j - t + 1 + note, unit_line=unit_line,
                             numbered=numbered, bracketed=bracketed))
    found = {st.line for st in starts}
    starts += [st for st in _enacted_starts(lines, data) if st.line not in found]
    starts.sort(key=lambda st: st.line)
    return starts if len(starts) >= 2 else []


# a title set in marks on its line (《XX制度》, 【XX制度】); with a status note after it
_BRACKETED = re.compile(r"^[《【\[［](?P<inner>[^《》【】\[\]［］]{2,48})[》】\]］]$")
_OPENING_BRACKETS = re.compile(r"^[《【\[［](?P<inner>[^《》【】\[\]［］]{2,48})[》】\]］]")


def _bracketed_system_title(line: str) -> bool:
    m = _BRACKETED.match(line.strip())
    return bool(m) and _system_title(m.group("inner"))


def _brackets_its_titles(lines: list[str]) -> bool:
    """Does the volume set its systems' titles in marks (《XX制度》 over 第一条, 【XX规则】
    over 一、), two of them at least? Then such a title is its item's, not a document
    quoted in the item above (a single one is read so)."""
    found = 0
    for k, ln in enumerate(lines):
        if _bracketed_system_title(ln) and any(
                _opens_articles(lines, o) for o in range(k + 1, min(k + 5, len(lines)))):
            found += 1
            if found >= 2:
                return True
    return False


# the clause of a preamble that makes the system it opens (特制定本制度, 制订本细则,
# 订立本公约): the words after 本 are the genre the title ends in
_ENACTS = re.compile(r"(?:制定|制订|订立|修订|修订了)本(?P<genre>[\u4e00-\u9fff]{2,4}?)[。，,；]")


def _enacted_starts(lines: list[str], data: layout.LayoutData) -> list[_Start]:
    """Systems written as paragraphs, with no articles to start again: a system's
    title (or one ending in the genre the preamble names: 村规民约) over a preamble
    that makes it (为了……，制定本制度。), where an item ends right above the title."""
    starts = []
    for p in range(1, len(lines)):
        m = _ENACTS.search(lines[p])
        if not m or not _preamble_line(lines[p]):
            continue
        t = p - 1
        while t > 0 and p - t <= 2 and not _title_like(lines[t]) and (
                layout.is_header_line(lines[t], data) or _WHOLE_NOTE.match(lines[t].strip())):
            t -= 1  # a unit or date line, a note of adoption between the title and it
        title = _STATUS_NOTE.sub("", lines[t].strip())
        if not (_system_title(lines[t]) or _title_like(lines[t]) and title.endswith(m.group("genre"))):
            continue
        # where an item ends right above the title, or above the unit line over it
        over = t - 1 if t > 0 and _unit_line_over(lines, t, data) else t
        if t > 0 and (_attachment_title(lines, t, t + 1) or _quoted_block(lines, t)
                      or not (_boundary_before(lines, over) or _after_item_end(lines, over))):
            continue
        unit_line = next((k for k in range(t + 1, p) if _unit_or_byline(lines[k], data)), None)
        starts.append(_Start(t, title_lines=1, unit_line=unit_line))
    return starts


def _title_without_genre(lines: list[str], j: int, o: int, title: str | None = None) -> bool:
    """A system's short title with no genre word (党员教育管理) at ``j``, over the
    system's first article at ``o``: only over 第一条 (or 第一章 over it), a numbering
    that opens nothing but a system's articles, and only where an item ends right above
    (a paragraph's end, a signature's date, a divider); a phrase of a title's length
    with no clause punctuation, not a heading (总则) or a preface's title. ``title``:
    the line's title without the marks it is set in (《党员教育管理》)."""
    s = (title or lines[j]).strip()
    han = sum(1 for c in s if "\u4e00" <= c <= "\u9fff")
    opener = lines[o].strip()
    return bool(_FIRST_ARTICLE.match(opener) or _FIRST_CHAPTER.match(opener)) and \
        4 <= han <= 20 and _title_like(s) and not re.search(r"[，,；;：:、。（()）]", s) and \
        not layout.is_heading(s) and not _PREFACE_TITLE.match(s) and \
        (_boundary_before(lines, j) or _after_item_end(lines, j))


# a line that holds only a number (一、, 2., （三）): the volume's number of the item under it
_NUMBER_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,2}\s*[.．、]?|"
                          r"[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)])\s*$")


# the volume's own section heading (第二部分　廉政制度, 一、组织生活制度类): a short line
# that names a part of the volume, or a class of its systems
_VOLUME_SECTION = re.compile(r"^(?:第[一二三四五六七八九十\d]{1,3}(?:部分|编|辑)\s*[\u4e00-\u9fff]{2,14}|"
                             r"[一二三四五六七八九十]{1,3}\s*、\s*[\u4e00-\u9fff]{2,12}类)$")


def _volume_section_over(lines: list[str], t: int) -> bool:
    """Is the line over the title at ``t`` the volume's section heading, where the item
    above has ended (so it is not the last line of that item)?"""
    return t >= 1 and bool(_VOLUME_SECTION.match(lines[t - 1].strip())) and \
        (_boundary_before(lines, t - 1) or _after_item_end(lines, t - 1))


def _with_number_lines(lines: list[str], starts: list[_Start]) -> list[_Start]:
    """An item whose title has the volume's number on a line of its own above it
    (``二、`` / ``党小组长岗位职责``) starts at the number: the number is not the last
    line of the item before."""
    out = []
    for st in starts:
        prev_line = out[-1].line if out else -1
        if st.title_lines and st.kind_hint is None and not st.number_line and \
                st.line - 1 > prev_line and (_NUMBER_LINE.match(lines[st.line - 1]) or
                                             _ATTACHMENT_LINE.match(lines[st.line - 1].strip()) or
                                             _volume_section_over(lines, st.line)):
            # (附件2 over a title in a volume of attachments, or the volume's section
            # heading over its first item, is kept as the number is)
            st = replace(st, line=st.line - 1, number_line=True)
        out.append(st)
    return out


def _with_units_above(lines: list[str], starts: list[_Start],
                      data: layout.LayoutData) -> list[_Start]:
    """A volume that prints each item's unit on the line over its title (its first
    title has a unit line over it that opens the text or follows a date, the end of a
    preface's signature): a unit line right over a later title is that item's, not the
    signature of the item before, and the item starts there."""
    titled = [st for st in starts if st.title_lines and st.kind_hint is None]
    if not titled or titled[0].number_line or not _unit_line_over(lines, titled[0].line, data):
        return starts
    over = titled[0].line - 1  # the unit line over the first title
    if over > 0 and not (md.is_date_line(lines[over - 1].strip()) or _dated_signature(lines[over - 1])
                         or layout.date_of_line(lines[over - 1]) is not None):
        return starts
    out = []
    for st in starts:
        prev_line = out[-1].line if out else -1
        if st.title_lines and st.kind_hint is None and not st.number_line and \
                st.line - 1 > prev_line and _unit_line_over(lines, st.line, data):
            st = replace(st, line=st.line - 1, unit_above=True, unit_line=st.line - 1)
        out.append(st)
    return out


def _unit_line_over(lines: list[str], t: int, data: layout.LayoutData) -> bool:
    """Is the line over the title at ``t`` a unit's name alone (no date, no sentence)?"""
    s = lines[t - 1].strip() if t > 0 else ""
    return bool(s) and layout.unit_name(s, data) and layout.date_of_line(s) is None \
        and not _SENTENCE_END.search(s)


def _section_of_system(lines: list[str], j: int) -> bool:
    """Is the numbered system title at ``j`` (（二）会议制度) a section of a system made
    of several: its numbering's first title (（一）学习制度) stands right under a system's
    own title, with no body between?"""
    num = outline_number(lines[j].strip())
    if not num:
        return False
    cn = bool(_CN_ITEM_NUMBER.match(lines[j]))
    for k in range(j, max(-1, j - 300), -1):
        found = outline_number(lines[k].strip())
        if found and found[0] == num[0] and found[1] == 1 and (
                not cn or _numbered_system_title(lines[k])):
            if not _numbered_system_title(lines[k]):
                return False
            up = k - 1
            # the page's stamp and column (党规党章 / 2016-12-28 16:11) or a sentence
            # that introduces the list (…坚持以下制度：) between the system's title and
            # its first section
            while up > 0 and k - up <= 5 and not _system_title(lines[up]) and (
                    not lines[up].strip() or layout.is_furniture(lines[up].strip())
                    or layout.is_header_line(lines[up])
                    or len(lines[up].strip()) <= 8 and not re.search(r"[。，；：:]", lines[up])
                    or re.search(r"[：:]\s*$", lines[up]) and k - up <= 2):
                up -= 1
            return up >= 0 and _system_title(lines[up])
    # 二、考勤制度 under a system's 一、总则 (no 一、 of a system's title above it): a section
    return cn


_DASHES = re.compile(r"^\s*(?:——|—|－－|--)\s*")


def _dashed_unit(line: str, data: layout.LayoutData) -> bool:
    """A unit line set off by a dash under a system's title (``——城北中学党支部``)."""
    m = _DASHES.match(line)
    return bool(m) and _unit_or_byline(line[m.end():], data) and \
        not _SENTENCE_END.search(line)


def _preamble_line(line: str) -> bool:
    """A paragraph of running text between a system's title and its first article or
    section (为……，特制定本办法。 / 现就……提出如下意见：)."""
    s = line.strip()
    return display_width(s) > 20 and bool(_ENDS_PARAGRAPH.search(s)) and not starts_outline(s) \
        and not layout.is_heading(s)


_ATTACHMENT = re.compile(r"^附\s*(?:件|表|录)\s*\d*\s*[：:]?|^附\s*[：:]")
_LIST_NUMBER = re.compile(r"^(?:\d{1,2}\s*[.．、]|[（(]\d{1,2}[）)])\s*")


def _attachment_title(lines: list[str], t: int, end: int) -> bool:
    """Is the title at lines ``t``..``end`` the attachment an 附件 line above announces:
    附件： (附件1) alone right above it, or an 附件 line (or the numbered list under one)
    up to eight lines above that names it? An 附件 line naming another document
    (附件：党员名单) ends the item before; a title under it starts a new one."""
    want = _key("".join(lines[t:end]))
    for k in range(t - 1, max(-1, t - 9), -1):
        m = _ATTACHMENT.match(lines[k].strip())
        if not m:
            continue
        rest = lines[k].strip()[m.end():]
        if k == t - 1 and not _key(rest):
            return not _attachments_volume(lines)
        names = [rest] + [_LIST_NUMBER.sub("", lines[n].strip()) for n in range(k + 1, t)]
        return any(_key(n) and (want in _key(n) or _key(n) in want) for n in names)
    return False


# an attachment's line alone over its title (附件1, 附件3：)
_ATTACHMENT_LINE = re.compile(r"^附\s*件\s*\d{0,2}\s*[：:]?$")


def _attachments_volume(lines: list[str]) -> bool:
    """Is the text a volume of attachments without the notice that sent them (a
    compiler kept each system's 附件N line over its title): its first line is such an
    attachment line, so no notice stands above to keep them as its own?"""
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    return bool(_ATTACHMENT_LINE.match(first))


def _with_article_starts(starts: list[_Start], articles: list[_Start]) -> list[_Start]:
    """The title-and-unit starts with the work systems' starts they miss (a system
    printed with no unit line, run on after an item that ends without a sentence)."""
    if not articles:
        return starts
    out = list(starts)
    for a in articles:
        if not any(st.line <= a.line + a.title_lines and a.line <= st.line + max(st.title_lines, 1)
                   for st in starts):
            out.append(a)
    return sorted(out, key=lambda st: st.line)


def _unit_of_line(line: str, data: layout.LayoutData) -> str | None:
    """The unit a block's unit line names (``XX学校（2012年3月5日）``, ``文/XX部 某某``)."""
    s = layout.split_paren_date(_DASHES.sub("", line.strip()), data)[0]  # ——XX党支部
    if layout.unit_name(s, data):
        return s
    return (layout.byline_of(s, data) or (None,))[0]


def _names_line(line: str) -> bool:
    """A short line of Chinese characters only, no punctuation, under a unit line and
    above the body: the authors' names (the space between two names may be lost:
    李文斌王丽)."""
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,9}", line.strip())) and \
        not layout.unit_name(line.strip())


def _unit_or_byline(line: str, data: layout.LayoutData | None) -> bool:
    s = layout.split_paren_date(line.strip(), data)[0]  # XX学校（2012年3月5日）
    return bool(md.is_unit_line(s, data) or layout.unit_name(s, data)
                or (layout.byline_of(s, data) or (None,))[0])


def _after_item_end(lines: list[str], t: int) -> bool:
    """The line before ``t`` can end an item although it does not end a sentence: a
    list item, a short closing line, a date."""
    prev = lines[t - 1].strip() if t > 0 else ""
    return bool(prev) and (layout.date_of_line(prev) is not None or bool(
        re.match(r"^(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]{1,3}、)", prev)))


def _named_by_notice(lines: list[str], starts: list[_Start]) -> tuple[list[_Start], bool]:
    """A notice that forwards documents (印发《A》的通知, 印发《A》和《B》的通知) right above
    them: the items it names are forwarded documents (they take its date and unit when
    they have none). (starts, whether the text above the first start is such a notice,
    not a volume's preface)."""
    out = []
    top = 0  # the head of the item above (of the notice, above what it forwards)
    for st in starts:
        m = _FORWARD.search("".join(lines[top:min(st.line, top + 5)]))
        named = _key(m.group("title")) if m else ""
        if named and st.title_lines and st.line > top and \
                _key("".join(lines[st.line:st.line + st.title_lines])) in named:
            st = replace(st, kind_hint="forwarded")
        else:
            top = st.line
        out.append(st)
    return out, bool(out) and out[0].line > 0 and out[0].kind_hint == "forwarded"


# a government page's field naming the document it publishes (名称：…, 标题：…), in a
# field block whose fields may run on one line (发文机构：… - 名称：… - 公文种类：…)
_NAME_FIELD = re.compile(r"(?:^|[\s\-－—|｜])(?:名\s*称|标\s*题|文件名称|公文名称)\s*[：:]\s*"
                         r"(?P<name>.+?)(?=\s*[\-－—|｜\s]\s*[\u4e00-\u9fff]{2,6}\s*[：:]|\s*$)")


def _page_names_notice(head: list[str]) -> bool:
    """Does the page's field block name a forwarding notice (名称：XX关于印发《XX规则》的
    通知) as the document it publishes? Then the notice and what it forwards are that
    one document (the page holds its attachment under it), not a notice and an item."""
    return any(_FORWARD.search(m.group("name")) for ln in head
               for m in _NAME_FIELD.finditer(ln.strip()))


def _forwarded(lines: list[str], st: _Start, end: int) -> list[tuple[_Start, int]]:
    """A notice that forwards a document yields two items: the notice, then the
    forwarded document (found where its title appears as a heading)."""
    head = "".join(lines[st.line:min(end, st.line + 5)])
    m = _FORWARD.search(head) or _FORWARD_BODY.search(head)
    if not m:
        return [(st, end)]
    one = _page_names_notice(lines[st.line:min(end, st.line + 6)])
    want = _key(m.group("title"))
    for j in range(st.line + 2, end):
        for span in (1, 2, 3):
            if j + span > end:
                break
            got = _key("".join(lines[j:j + span]))
            if got == want and all(_title_like(x) or display_width(x) <= 40
                                   for x in lines[j:j + span]):
                if one:  # the page's one document: the notice with what it forwards
                    return [(replace(st, notice_end=j), end)]
                notice = replace(st, kind_hint="notice")
                fwd = _Start(j, title_lines=span, kind_hint="forwarded")
                return [(notice, j), (fwd, end)]
    return [(st, end)]


# --- titles -------------------------------------------------------------------------

def _skip_header(lines: list[str], i: int, data: layout.LayoutData) -> int:
    """The first line at or after ``i`` that is not a header line (unit, byline, date,
    文号, subject words)."""
    while i < len(lines) and i < 12:
        ln = lines[i].strip()
        if not ln or layout._header_kind(ln, data) is None and not md.authors_from_line(ln):
            break
        i += 1
    return i


def blank_before(ex: Extracted, norm: Normalized, line_starts: list[int]) -> list[bool]:
    """For each normalized line, whether a blank line stood before it in the file (the
    normalized text keeps one paragraph per line and drops blank lines), or the file's
    layout set it off as the first line of a title block (``Extracted.display``)."""
    out = [False] * len(line_starts)
    raw = ex.text
    shown = set(ex.display)  # a title block the layout sets off (DOCX, PDF)
    for i in range(1, len(line_starts)):
        a = norm.to_raw[max(0, line_starts[i] - 1)]
        b = norm.to_raw[line_starts[i]]
        if raw.count("\n", a, b) >= 2 or b in shown:
            out[i] = True
    return out


def _title_lines(lines: list[str], i: int) -> list[str]:
    out = []
    while i < len(lines) and len(out) < 3:
        ln = lines[i].strip()
        if (not ln or display_width(ln) > (60 if not out else 40) or _SENTENCE_END.search(ln)
                or ln.endswith("：") or starts_outline(ln) or md.is_date_line(ln)
                or md.is_unit_line(ln) and not layout._UNIT_STOP.search(ln)):
            break
        if out and (md.is_person_line(ln) or layout._header_kind(ln, layout.default_layout())) \
                and not _wraps_on(out[-1], ln):
            break
        out.append(ln)
        i += 1
    if len(out) == 1 and md.is_person_line(out[0]) and not _PREFACE_TITLE.match(out[0]):
        return []
    return out


def join_title(lines: list[str]) -> str:
    """Join a title printed over several lines: a long first line was wrapped (no
    space), so was one that a work system's name ends (XX中学教职工党员 / 师德承诺办法);
    two short parallel phrases keep a space between them."""
    title = ""
    for ln in lines:
        ln = ln.strip()
        if not title:
            title = ln
        elif len(title) >= 15 or re.search(r"[，、：；—《“（]$", title) or \
                re.match(r"^(?:关于|印发|转发|——|—)", ln) or _STATUS_NOTE.match(ln) or \
                (_system_title(ln) and not _system_title(title)):
            title += ln
        else:
            title += " " + ln
    return title


def _first_words(body: str, limit: int = 30) -> str:
    first = body.split("\n", 1)[0]
    cut = _SENTENCE_END.search(first)
    first = first[:cut.start()] if cut else first
    return first[:limit]


# --- spans ---------------------------------------------------------------------------

def _page_span(ex: Extracted, norm: Normalized, start: int, stop: int) -> tuple[int, int] | None:
    if not ex.page_starts:
        return None
    rs, re_ = norm.raw_span(start, stop)
    first = bisect.bisect_right(ex.page_starts, rs)
    last = bisect.bisect_right(ex.page_starts, max(rs, re_ - 1))
    return (max(1, first), max(1, last))


def _line_span(ex: Extracted, norm: Normalized, start: int, stop: int) -> tuple[int, int] | None:
    if ex.page_starts:
        return None
    rs, re_ = norm.raw_span(start, stop)
    first = ex.text.count("\n", 0, rs) + 1
    last = ex.text.count("\n", 0, max(rs, re_ - 1)) + 1
    return (first, last)
