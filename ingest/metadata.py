"""Metadata found in an item's lines: document number (文号), dates, subject words
(主题词), units and authors. The signature at an item's end is read by
``huibian.ingest.layout.read_tail``.

The word lists (unit suffixes, title words, date forms) are the layout data files
(``models/layout/``) read by ``huibian.ingest.layout``: every function that needs one
takes the ``LayoutData`` (by default the packaged files, or those ``HUIBIAN_MODELS``
replaces), so an edit of a data file changes these functions too."""

from __future__ import annotations

import re

from huibian.core.records import is_han
from huibian.ingest.layout import LayoutData, default_layout, find_dates

# 湖教体发[2010]6号, 吴创组办〔2010〕13号, 教党〔2010〕第5号
DOC_NUMBER = re.compile(
    r"^[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号$")

SUBJECT_LINE = re.compile(r"^(?:主题词|关键词|关键字)[：:]\s*(.+)$")
PERSON_LINE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:[ 、，,][\u4e00-\u9fff]{2,4}){0,4}$")

_ORG_BODY = re.compile(r"^[\u4e00-\u9fff（）()“”·]{3,40}$")
# a campaign's leading group (领导小组) under the body that is the real issuing unit
_LEADING_GROUP = re.compile(r"^(?:深入开展)?[\u4e00-\u9fff“”]{0,14}?(?:活动)?(?:领导小组|工作小组)"
                            r"(?:办公室)?$")
_UNIT_BASE_END = re.compile(r"(?:委员会|党委|党工委|工委|党组|市委|区委|县委|省委|局|厅|政府)")
_UNIT_AUTHOR = re.compile(r"^(?P<unit>[\u4e00-\u9fff（）()]{3,40}?)\s+(?P<names>[\u4e00-\u9fff]{2,4}"
                          r"(?:[ 、，,][\u4e00-\u9fff]{2,4}){0,5})$")
_AUTHOR_LINE = re.compile(r"^[（(]?(?:作者|执笔|撰稿|执笔人|撰稿人)[：:]\s*(.+?)[）)]?$")


def parse_date(text: str, data: LayoutData | None = None) -> str | None:
    """The first date in ``text`` as ISO, full or partial, in the forms of
    ``date_forms.txt``: ``2010年6月28日`` -> ``2010-06-28``, ``二〇一〇年五月二十五日`` ->
    ``2010-05-25``, ``2012年 7月`` -> ``2012-07``; an impossible month or day is none."""
    ds = find_dates(text, data)
    return ds[0].iso if ds else None


def is_date_line(line: str, data: LayoutData | None = None) -> bool:
    """A line that is one date written with 年 and 月 (a signature's date, ``二〇一〇年六月
    二十八日``), alone or followed by 印发."""
    s = line.strip()
    ds = find_dates(s, data)
    return len(ds) == 1 and ds[0].start == 0 and "年" in s[:ds[0].end] \
        and s[ds[0].end:].strip() in ("", "印发")


def is_doc_number(line: str) -> bool:
    return bool(DOC_NUMBER.match(line.strip()))


def subject_words(line: str) -> tuple[str, ...] | None:
    m = SUBJECT_LINE.match(line.strip())
    if not m:
        return None
    return tuple(w for w in re.split(r"[\s、，,；;]+", m.group(1)) if w)


def is_unit_line(line: str, data: LayoutData | None = None) -> bool:
    """A line that is only a unit name (possibly with authors after it): it ends in a
    suffix of ``unit_suffixes.txt``."""
    data = data or default_layout()
    line = line.strip()
    m = _UNIT_AUTHOR.match(line)
    if m and data.ends_in_unit(m.group("unit")):
        return True
    return bool(_ORG_BODY.match(line) and data.ends_in_unit(line))


def split_unit_authors(line: str, data: LayoutData | None = None) -> tuple[str, tuple[str, ...]]:
    data = data or default_layout()
    line = line.strip()
    m = _UNIT_AUTHOR.match(line)
    if m and data.ends_in_unit(m.group("unit")):
        return m.group("unit"), tuple(re.split(r"[ 、，,]+", m.group("names")))
    return line, ()


def authors_from_line(line: str) -> tuple[str, ...] | None:
    m = _AUTHOR_LINE.match(line.strip())
    if not m:
        return None
    return tuple(a for a in re.split(r"[\s、，,]+", m.group(1)) if a)


def is_person_line(line: str, data: LayoutData | None = None) -> bool:
    """Names alone on a line, read strictly: no name ends in a unit suffix
    (``unit_suffixes.txt``) or a title word (``title_words.txt``: a short line ending in
    one, …意见, 察与思考, is the end of a wrapped title). ``layout.is_person_line`` is
    the looser reading of the head and the signature, where a unit name is asked first."""
    data = data or default_layout()
    line = line.strip()
    return bool(PERSON_LINE.match(line)) and not data.unit_end.search(line) and len(line) <= 20 \
        and not data.title_end.search(line)


def issuing_body(unit: str) -> str:
    """``中共青山湖区教育体育局委员会创先争优活动领导小组`` -> ``中共青山湖区教育体育局委员会``:
    a campaign's leading group is reported under the body it belongs to."""
    best = None
    for m in _UNIT_BASE_END.finditer(unit):
        rest = unit[m.end():]
        if rest and _LEADING_GROUP.match(rest):
            best = unit[:m.end()]
    return best if best and sum(map(is_han, best)) >= 4 else unit
