"""Metadata found in an item's lines: document number (文号), dates, subject words
(主题词), units and authors. The signature at an item's end is read by
``huibian.ingest.layout.read_tail``."""

from __future__ import annotations

import re

from huibian.core.records import is_han

# 湖教体发[2010]6号, 吴创组办〔2010〕13号, 教党〔2010〕第5号
DOC_NUMBER = re.compile(
    r"^[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号$")

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE_ARABIC = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_DATE_CN = re.compile(r"([〇○零Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
                      r"(?:([一二三四五六七八九十]{1,3})日)?")
DATE_LINE = re.compile(rf"^(?:{_DATE_ARABIC.pattern}|{_DATE_CN.pattern})(?:印发)?$")
SUBJECT_LINE = re.compile(r"^(?:主题词|关键词|关键字)[：:]\s*(.+)$")
PERSON_LINE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:[ 、，,][\u4e00-\u9fff]{2,4}){0,4}$")

ORG_SUFFIX = ("大学", "学院", "学校", "中学", "小学", "幼儿园", "高专", "中专", "职高", "医院", "卫生院",
              "馆", "局", "厅", "委员会", "党委", "工委", "党工委", "党组", "总支", "支部", "委",
              "研究院", "研究所", "中心", "公司", "集团", "政府", "办公室", "社区", "街道", "镇",
              "乡", "村", "团委", "工会", "妇联", "协会", "学会", "站", "部", "处", "科室", "矿",
              "所", "院", "校", "室", "组")
_ORG_END = re.compile("(?:" + "|".join(sorted(map(re.escape, ORG_SUFFIX), key=len, reverse=True))
                      + ")$")
_ORG_BODY = re.compile(r"^[\u4e00-\u9fff（）()“”·]{3,40}$")
# a campaign's leading group (领导小组) under the body that is the real issuing unit
_LEADING_GROUP = re.compile(r"^(?:深入开展)?[\u4e00-\u9fff“”]{0,14}?(?:活动)?(?:领导小组|工作小组)"
                            r"(?:办公室)?$")
_UNIT_BASE_END = re.compile(r"(?:委员会|党委|党工委|工委|党组|市委|区委|县委|省委|局|厅|政府)")
_UNIT_AUTHOR = re.compile(r"^(?P<unit>[\u4e00-\u9fff（）()]{3,40}?)\s+(?P<names>[\u4e00-\u9fff]{2,4}"
                          r"(?:[ 、，,][\u4e00-\u9fff]{2,4}){0,5})$")
_AUTHOR_LINE = re.compile(r"^[（(]?(?:作者|执笔|撰稿|执笔人|撰稿人)[：:]\s*(.+?)[）)]?$")


def cn_number(s: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十 -> 20, 二十五 -> 25."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(s, 0)


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO, full or partial: ``2010年6月28日`` ->
    ``2010-06-28``, ``二〇一〇年五月二十五日`` -> ``2010-05-25``, ``2012年 7月`` -> ``2012-07``."""
    m = _DATE_ARABIC.search(text)
    mc = _DATE_CN.search(text)
    if mc and (not m or mc.start() < m.start()):
        year = int("".join(str(_CN_DIGITS[c]) for c in mc.group(1)))
        month = cn_number(mc.group(2))
        day = cn_number(mc.group(3)) if mc.group(3) else None
    elif m:
        year, month = int(m.group(1)), int(m.group(2))
        day = int(m.group(3)) if m.group(3) else None
    else:
        return None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def is_date_line(line: str) -> bool:
    return bool(DATE_LINE.match(line.strip()))


def is_doc_number(line: str) -> bool:
    return bool(DOC_NUMBER.match(line.strip()))


def subject_words(line: str) -> tuple[str, ...] | None:
    m = SUBJECT_LINE.match(line.strip())
    if not m:
        return None
    return tuple(w for w in re.split(r"[\s、，,；;]+", m.group(1)) if w)


def is_unit_line(line: str) -> bool:
    """A line that is only a unit name (possibly with authors after it)."""
    line = line.strip()
    m = _UNIT_AUTHOR.match(line)
    if m and _ORG_END.search(m.group("unit")):
        return True
    return bool(_ORG_BODY.match(line) and _ORG_END.search(line))


def split_unit_authors(line: str) -> tuple[str, tuple[str, ...]]:
    line = line.strip()
    m = _UNIT_AUTHOR.match(line)
    if m and _ORG_END.search(m.group("unit")):
        return m.group("unit"), tuple(re.split(r"[ 、，,]+", m.group("names")))
    return line, ()


def authors_from_line(line: str) -> tuple[str, ...] | None:
    m = _AUTHOR_LINE.match(line.strip())
    if not m:
        return None
    return tuple(a for a in re.split(r"[\s、，,]+", m.group(1)) if a)


def is_person_line(line: str) -> bool:
    line = line.strip()
    return bool(PERSON_LINE.match(line)) and not _ORG_END.search(line) and len(line) <= 20 \
        and not _TITLE_END.search(line)


# a genre word a title ends in: a short line ending in one (…意见, 察与思考) is the end of
# a wrapped title, not a person's name
_TITLE_END = re.compile(r"(?:通知|方案|意见|总结|讲话|发言|办法|制度|规定|细则|规则|守则|准则|章程|"
                        r"纪要|报告|决定|计划|要点|前言|序言|材料|体会|做法|经验|探析|浅析|浅谈|"
                        r"思考|研究|初探|刍议|启示|实践|探索|纪实|侧记)$")


def issuing_body(unit: str) -> str:
    """``中共青山湖区教育体育局委员会创先争优活动领导小组`` -> ``中共青山湖区教育体育局委员会``:
    a campaign's leading group is reported under the body it belongs to."""
    best = None
    for m in _UNIT_BASE_END.finditer(unit):
        rest = unit[m.end():]
        if rest and _LEADING_GROUP.match(rest):
            best = unit[:m.end()]
    return best if best and sum(map(is_han, best)) >= 4 else unit
