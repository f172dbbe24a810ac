"""Line roles: what each line of a document's head and tail is, decided from its
position, length, punctuation and context, with the word lists kept in data files.

A submission copied from a web page opens with site furniture (breadcrumbs, site names,
upload dates, counters); an official document opens with its 版头 (issuing body, 文号);
a volume item opens with a catalog line (第N篇：…). The document's own title is the
title-like line (or lines) just above where the header ends: its unit, byline, date and
文号 lines, then the body. ``read_header`` finds that place by walking back from the
first body line, so nothing above the title (furniture) is taken for the title, the unit
or the date.

Data files (``models/layout/``, editable): ``furniture.txt`` (patterns of site
furniture), ``unit_suffixes.txt`` (endings of unit names), ``date_forms.txt`` (date
patterns with named groups y, m, d), ``posts.txt`` (posts after a unit in a byline),
``generic_unit_words.txt`` (words that name a kind of unit), ``title_words.txt`` (words
a title ends in), ``surnames.txt`` (common surnames). They are the one source of these lists: ``huibian.ingest.metadata``,
``split`` and ``normalize`` read them through the same ``LayoutData``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from huibian.core.errors import DataFileError
from huibian.core.records import is_han
from huibian.core.models_dir import model_file, models_override, packaged_models_dir
from huibian.core.settings import Settings

MODELS_DIR = packaged_models_dir()  # the packaged files; HUIBIAN_MODELS may replace any

LAYOUT_DIR = "layout"
LAYOUT_FILES = ("furniture.txt", "unit_suffixes.txt", "date_forms.txt", "posts.txt",
                "generic_unit_words.txt", "title_words.txt", "surnames.txt",
                "sharing_marks.txt", "relative_units.txt")

# roles
FURNITURE = "furniture"
BANNER = "banner"          # 发文机关标志 (``XX委员会文件``)
LABEL = "label"            # a volume's catalog line (第N篇：…)
TITLE = "title"
DOC_NUMBER = "doc_number"
UNIT = "unit"
BYLINE = "byline"
DATE = "date"
SUBJECT = "subject"        # 主题词 / 关键词
ADDRESSEE = "addressee"    # 主送 (各…：)
HEADING = "heading"
BODY = "body"
SIGNATURE = "signature"
BLANK = "blank"

_CN_DIGIT = {"〇": 0, "○": 0, "◯": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "Ο": 0, "ο": 0, "О": 0,
             "о": 0, "0": 0, "一": 1, "元": 1, "二": 2,
             "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ANON = "xX＊*×某"  # characters template sites put for a hidden name (xx镇, **区, 某校)
_NAME_CHARS = rf"\u4e00-\u9fff{ANON}（）()“”·"
_SENTENCE_END = re.compile(r"[。！？；]")
_FUNCTION_CHARS = set("的在以和与及把将对是为了从向被让使等并而或且就都也还又")


@dataclass(frozen=True)
class LayoutData:
    """The layout word lists, compiled once."""

    furniture: tuple[re.Pattern[str], ...]
    unit_suffixes: tuple[str, ...]
    date_forms: tuple[re.Pattern[str], ...]
    posts: tuple[str, ...] = ()
    generic_words: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    sharing_marks: tuple[re.Pattern[str], ...] = ()
    relative_prefixes: tuple[str, ...] = ()
    unit_end: re.Pattern[str] = field(init=False, repr=False, compare=False)
    not_unit_end: re.Pattern[str] = field(init=False, repr=False, compare=False)
    post_byline: re.Pattern[str] = field(init=False, repr=False, compare=False)
    title_end: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # a line ``!体系`` of unit_suffixes.txt: an ending that is no unit although a
        # shorter suffix (系) matches it
        ends = [s for s in self.unit_suffixes if not s.startswith("!")]
        alt = "|".join(re.escape(s) for s in sorted(ends, key=len, reverse=True))
        nots = [s[1:] for s in self.unit_suffixes if s.startswith("!") and len(s) > 1]
        not_alt = "|".join(re.escape(s) for s in sorted(nots, key=len, reverse=True)) or "(?!)"
        object.__setattr__(self, "unit_end", re.compile(f"(?:{alt})$"))
        object.__setattr__(self, "not_unit_end", re.compile(f"(?:{not_alt})$"))
        titles = "|".join(re.escape(s) for s in sorted(self.title_words, key=len, reverse=True))
        object.__setattr__(self, "title_end", re.compile(f"(?:{titles or '(?!)'})$"))
        posts = "|".join(re.escape(s) for s in sorted(self.posts, key=len, reverse=True)) or "(?!)"
        object.__setattr__(self, "post_byline", re.compile(
            rf"^(?P<unit>[{_NAME_CHARS}]{{3,40}}?)(?:{posts})(?:[、，,]?(?:{posts}))*[\s、，,：:]*(?P<names>[\u4e00-\u9fff]{{2,4}}"
            rf"(?:[\s、，,]+[\u4e00-\u9fff]{{2,4}}){{0,3}})?$"))

    def ends_in_unit(self, s: str) -> bool:
        """Does ``s`` end in a unit suffix (and not in an ending marked ``!`` as no
        unit)?"""
        return bool(self.unit_end.search(s)) and not self.not_unit_end.search(s)


def _lines_of(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError("layout data file not found", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError("layout data file is not UTF-8", file=str(path)) from exc
    out = []
    for no, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            out.append((no, line))
    return out


def _patterns(path: Path, need: tuple[str, ...] = ()) -> tuple[re.Pattern[str], ...]:
    out = []
    for no, line in _lines_of(path):
        try:
            pat = re.compile(line)
        except re.error as exc:
            raise DataFileError(f"not a valid regular expression: {exc}", file=str(path),
                                line=no) from exc
        missing = [g for g in need if g not in pat.groupindex]
        if missing:
            raise DataFileError(f"the pattern needs the named group(s) {', '.join(missing)}",
                                file=str(path), line=no)
        out.append(pat)
    return tuple(out)


def layout_files(models_dir: Path | None = None,
                 override: Path | None | bool = False) -> dict[str, Path]:
    """Each layout file of ``models_dir``, or by default the packaged one unless the
    ``HUIBIAN_MODELS`` folder (or ``override``, when given) replaces it
    (``huibian.core.models_dir``)."""
    settings = None if override is False else Settings(models=override)
    return {name: model_file(f"{LAYOUT_DIR}/{name}", models_dir, settings)
            for name in LAYOUT_FILES}


def _load(files: dict[str, Path]) -> LayoutData:
    suffixes = tuple(s for _, s in _lines_of(files["unit_suffixes.txt"]))
    if not suffixes:
        raise DataFileError("no unit suffixes", file=str(files["unit_suffixes.txt"]))
    return LayoutData(furniture=_patterns(files["furniture.txt"]), unit_suffixes=suffixes,
                      date_forms=_patterns(files["date_forms.txt"], ("y", "m")),
                      posts=tuple(s for _, s in _lines_of(files["posts.txt"])),
                      generic_words=tuple(s for _, s in _lines_of(files["generic_unit_words.txt"])),
                      title_words=tuple(s for _, s in _lines_of(files["title_words.txt"])),
                      surnames=tuple(s for _, s in _lines_of(files["surnames.txt"])),
                      sharing_marks=_patterns(files["sharing_marks.txt"]),
                      relative_prefixes=tuple(s for _, s in _lines_of(files["relative_units.txt"])))


def load_layout(models_dir: Path | None = None) -> LayoutData:
    return _load(layout_files(models_dir))


@lru_cache(maxsize=8)
def _cached_layout(models_dir: Path | None, override: Path | None) -> LayoutData:
    return _load(layout_files(models_dir, override))


def default_layout(models_dir: Path | None = None) -> LayoutData:
    """The layout data of ``models_dir`` (by default the packaged files, or those the
    ``HUIBIAN_MODELS`` folder replaces), loaded once per folder; the returned object is
    immutable. Called for every line: only ``HUIBIAN_MODELS`` is read each time."""
    return _cached_layout(None if models_dir is None else Path(models_dir),
                          None if models_dir is not None else models_override())


# --- numbers and dates ------------------------------------------------------------

def _number(s: str) -> int:
    """``2011``, ``二〇一一``, ``二O一一``, ``二00八``, ``十二``, ``二十五``, ``2 0 1 1`` -> int."""
    s = re.sub(r"\s+", "", s)
    if s.isdigit() and s.isascii():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    digits = [_CN_DIGIT.get(c) for c in s]
    if any(d is None for d in digits):
        return -1
    return int("".join(str(d) for d in digits))


@dataclass(frozen=True)
class DateMatch:
    iso: str
    start: int
    end: int


def find_dates(text: str, data: LayoutData | None = None) -> list[DateMatch]:
    """Every date in ``text`` (the forms of ``date_forms.txt``), in order, as ISO
    (``2011-06-20``, ``2012-07``); impossible months and days are skipped."""
    data = data or default_layout()
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pat in data.date_forms:
        for m in pat.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            y, mo = _number(m.group("y")), _number(m.group("m"))
            d = _number(m.group("d")) if "d" in pat.groupindex and m.group("d") else None
            if not 1900 <= y <= 2100 or not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
                continue
            iso = f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if d else "")
            found.append(DateMatch(iso, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda x: x.start)


_DATE_LINE_REST = re.compile(r"^[\s（()）\[\]【】,，.。:：]*(?:印发|印|发布|制定|修订|通过|起施行|制|"
                             r"起执行|于\S{0,12}|在\S{0,16}|上午|下午|(?:星期|礼拜|周)[一二三四五六日天])?"
                             r"[\s（()）\[\]【】,，.。:：]*$")


_DATE_NOTE = re.compile(r"^[（(](?=[^（）()]*(?:通过|印发|发布|修订|施行|执行|审议|制定|供稿|撰稿|来稿|报道))"
                        r"[^（）()]{4,70}[）)]$")


def note_unit(line: str, data: LayoutData | None = None) -> str | None:
    """The unit a dated note in parentheses names before its date
    (``（中共XX县委组织部、XX县直机关工委2022年4月18日印发）`` -> the 组织部: the first
    of units that issue a document jointly)."""
    line = line.strip()
    if not _DATE_NOTE.match(line):
        return None
    ds = find_dates(line, data)
    if len(ds) != 1:
        return None
    head = line[1:ds[0].start].strip()
    parts = [p for p in re.split(r"[、，,\s]+", head) if p]
    if parts and unit_name(parts[0], data) and proper_unit(parts[0], data):
        return parts[0]
    return None


def date_of_line(line: str, data: LayoutData | None = None) -> str | None:
    """The date when ``line`` is a date line: a date alone (in parentheses, followed by
    印发 …), nothing else of substance; or a note in parentheses that a body adopted the
    document on that date (``（2010年10月8日院党委会议审议通过）``)."""
    line = line.strip()
    if not line or len(line) > 74:
        return None
    ds = find_dates(line, data)
    if len(ds) != 1:
        return None
    d = ds[0]
    if _DATE_NOTE.match(line):
        return d.iso
    if re.fullmatch(r"[—－\-]{1,2}\s*", line[:d.start]) and not line[d.end:].strip():
        return d.iso  # a date printed as a subtitle (——二〇一一年六月三十日)
    after = line[d.end:]
    if len(d.iso) == 7:  # (二〇〇九年三月   日): a form's date with the day left blank
        after = re.sub(r"^\s*[日号]", "", after)
    rest = line[:d.start] + " " + after
    return d.iso if _DATE_LINE_REST.match(rest) else None


# --- line kinds -------------------------------------------------------------------

DOC_NUMBER_RE = re.compile(
    r"^(?:(?:发文字号|发文文号|文号|字号)\s*[：:]\s*)?(?P<no>[\u4e00-\u9fff*＊xX×]{1,14}\s*[〔\[［【(（﹝]\s*(?:19|20)\d{2}\s*[〕\]］】)）﹞]"
    r"\s*第?\s*\d{1,4}\s*号)$")
_DOC_NUMBER_ANY = re.compile(
    r"[\u4e00-\u9fff]{1,14}\s*[〔\[［【(（﹝]\s*(?:19|20)\d{2}\s*[〕\]］】)）﹞]\s*第?\s*\d{1,4}\s*号")
_BANNER = re.compile(rf"^(?P<unit>[{_NAME_CHARS}]{{4,40}}?)\s*文\s*件$")
# a volume's catalog line over an item: 第三篇：…, or a volume of work systems' 制度三：…
_PIAN = re.compile(r"^(?:第\s*[一二三四五六七八九十百零〇\d]{1,5}\s*篇(?!章)|制度\s*[一二三四五六七八九十百零〇\d]{1,4})"
                   r"(?:\s*[：:．.、]\s*|\s+|$|(?<=篇)(?=[\d\u4e00-\u9fff“xX*＊]))")
# a catalog line that holds the item's whole title (第1篇 2023年社区党建工作总结报告),
# read as the title when no line under it is one
_PIAN_TITLE = re.compile(r"^第\s*[一二三四五六七八九十百零〇\d]{1,5}\s*篇(?!章)\s*[：:．.、]?\s*"
                         r"(?P<title>\S.{3,78})$")
_BYLINE_PREFIX = re.compile(r"^(?:(?:文\s*[/／、]\s*图|图\s*[/／、]\s*文)(?:\s*[：:/／]\s*|\s+)|文\s*[/／|｜]\s*|作\s*者\s*[：:]\s*|撰\s*稿\s*(?:人)?\s*[：:]\s*|"
                            r"执\s*笔\s*(?:人)?\s*[：:]\s*|供\s*稿\s*(?:人)?\s*[：:]\s*|"
                            r"通\s*讯\s*员\s*|记\s*者\s*|作者单位\s*[：:]\s*|单\s*位\s*[：:]\s*|"
                            r"报送单位\s*[：:]\s*|申报单位\s*[：:]\s*|推荐单位\s*[：:]\s*|"
                            r"(?:提交|选送|参评)(?:单位|医院|学校|院校|机构)\s*[：:]\s*|"
                            # a paper site's bracketed fields (【作者】某某 / 【机构】XX大学)
                            r"[【\[［]\s*(?:作\s*者|作者单位|单\s*位|机\s*构)\s*[】\]］]\s*)")
_POSTCODE_END = re.compile(r"\s*\d{6}\s*$")
_PARENS_LINE = re.compile(r"^[（(](?P<inner>[^（）()]{2,40})[）)]$")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_ADDRESSEE = re.compile(r"^(?:各\S{1,80}|\S{2,40}(?:党委|党组|委员会|局|学校|院|部门|单位|支部|公司|"
                        r"办公室|政府|街道|社区)(?:[、，,]\S{1,40}){0,8})[：:]$")
# an addressee whose colon a copy lost (各工作片、镇级机关各部门、行政村)
_ADDRESSEE_NO_COLON = re.compile(r"各[^。，；：:\s]{1,30}、[^。，；：:\s]{1,60}")
_SALUTATION = re.compile(r"^(?:尊敬的|各位|同志们|亲爱的|老师们|同学们)\S{0,40}[：:，,！!]")
_SUBJECT = re.compile(r"^(?:主题词|关键词|关键字|关 键 词)\s*[：:]")
_ABSTRACT = re.compile(r"^(?:摘\s*要|内容摘要|提\s*要)\s*[：:]")
_HEADING = re.compile(r"^(?:【[^】]{1,12}】|第[一二三四五六七八九十百零〇\d]{1,4}[章条节部分]|[一二三四五六七八九十]{1,3}、|"
                      r"[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|"
                      # a paper's numbered section (1.1 高校党员教师是…, 2.3.1 …)
                      r"\d{1,2}\.\d{1,2}(?:\.\d{1,2})?(?=\s*[\u4e00-\u9fff]))")
_BULLET = re.compile(r"^[□■◎●◆▲△]\s*")


def _bulleted_byline(line: str, kind: str | None) -> bool:
    """A byline or unit set off by a bullet (□ XX社区党委 王某): no furniture, though a
    bullet opens a site's list line or a photo's caption (△参观…, ▲…) that is."""
    return bool(_BULLET.match(line)) and kind in (BYLINE, UNIT, DATE)
_SIGNER = re.compile(r"^签\s*发\s*人\s*[：:]")
_COLOPHON_PEOPLE = re.compile(r"^(?:印数|共印|校对|承办|联系人|联系电话)")
_COLOPHON = re.compile(r"^(?:主\s*送|抄\s*送|抄\s*报|主题词|附\s*件|印\s*发|签发人)[：:]|印发$")
_ANON_NAME = re.compile(r"^(?:[xX＊*×]{2,4}|[\u4e00-\u9fff][xX＊*×某]{1,2})$")
_ANON_RUN = re.compile(rf"[{ANON}]+")


def display_width(line: str) -> float:
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in line)


# a furniture pattern that also marks a sentence or a long line (a sharing site's notes
# to a downloader: 1. 下载文档前请自行甄别…。)
ANY_LENGTH = "(?#any length)"


def is_furniture(line: str, data: LayoutData | None = None) -> bool:
    data = data or default_layout()
    line = line.strip()
    if not line:
        return False
    if display_width(line) > 90 or ("。" in line and display_width(line) > 30):
        return display_width(line) <= 200 and any(
            p.pattern.startswith(ANY_LENGTH) and p.search(line) for p in data.furniture)
    if not any(p.search(line) for p in data.furniture):
        return False
    # a title that carries a web address or a link (…关于…的通知 after a pasted link)
    # is a title: a site's furniture line does not end in a document's genre word
    bare = _WEB_ADDRESS.sub("", line).strip()
    ended = _PART_NO.sub("", bare)  # …的通知（二）: the second part of one
    return not (bare != line and _GENRE_END.search(ended) and len(ended) >= 6
                and not any(p.search(bare) for p in data.furniture))


_PART_NO = re.compile(r"\s*[（(][一二三四五六七八九十\d]{1,3}[）)]$")
# a web address, or a Markdown link around one ([text](http://…))
_WEB_ADDRESS = re.compile(r"\[[^\]]{0,40}\]\(\s*\S+?\s*\)|(?:https?://|www\.)[\x21-\x7e]+")


_NO_BODY = (r"[\u4e00-\u9fff*＊xX×]{1,14}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]"
            r"\s*第?\s*\d{1,4}\s*号")
# 发文字号：… in a web page's field block, whose spaces may be lost (…12号成文日期：…)
_NO_FIELD = re.compile(rf"(?:发文字号|发文文号|文号)\s*[：:]\s*(?P<no>{_NO_BODY})")
_NO_SIGNER = re.compile(r"\s*签\s*发\s*人\s*[：:]\s*[\u4e00-\u9fff]{2,4}$")


def doc_number_of(line: str) -> str | None:
    """The 文号 a line is (``城教发〔2012〕8号``, in parentheses, with ``签发人：某某``
    beside it, or as a labelled field ``发文字号：…``); None for any other line."""
    s = _NO_SIGNER.sub("", line.strip())
    pm = re.fullmatch(r"[（(](.+)[）)]", s)
    m = DOC_NUMBER_RE.match(pm.group(1).strip() if pm else s)
    if m:
        return m.group("no").strip()
    f = _NO_FIELD.search(s)
    return f.group("no").strip() if f else None


_ALIAS_END = re.compile(r"[（(]([^（）()]{1,10})[）)]$")


def unit_name(s: str, data: LayoutData | None = None) -> bool:
    """Is ``s`` (a whole string) the name of a unit: short, only name characters,
    ending in a unit suffix, not a sentence and not a title?"""
    data = data or default_layout()
    s = s.strip()
    if not 2 <= len(s) <= 40 or not re.fullmatch(rf"[{_NAME_CHARS}]+", s):
        return False
    if s.count("（") + s.count("(") != s.count("）") + s.count(")") or s[0] in "（(":
        return False  # a piece cut inside a parenthesis (清溪网讯（通讯员XX镇人民政府)
    alias = _ALIAS_END.search(s)
    if alias and data.unit_end.search(alias.group(1)) and not data.unit_end.search(s):
        # the other name of the same office in parentheses: 学生工作部（处）,
        # 党委办公室（校长办公室）
        return unit_name(s[:alias.start()], data)
    if not data.unit_end.search(s) or data.not_unit_end.search(s):
        return False
    if s.startswith(("关于", "在")) and len(s) > 6:
        return False  # a title's first line wrapped at a unit's name (关于推进落实高校基层团支部)
    if "把" in s or "被" in s:
        return False  # a headline (XX党支部把“健康小屋”开进沙湾社区), no name
    han = sum(1 for c in s if "\u4e00" <= c <= "\u9fff")
    if han < 2 or (han < 3 and not _ANON_RUN.search(s)):
        return False
    return not data.title_end.search(s) and not short_phrase(s, data)


# what opens a short unit name: a level of government or the party (县教育局, 市一医院,
# 镇卫生院, 区委党校, 中共XX, 团县委)
_SHORT_NAME_OPENING = re.compile(r"^(?:[省市县区镇乡州旗盟村]|中共|共青团|团)")


def short_phrase(s: str, data: LayoutData | None = None) -> bool:
    """A phrase of four characters that ends like a unit (送教下乡, 扎根农村, 平安校园,
    总体布局): a name of four characters is a unit only when its suffix is a word of two
    or more characters (东关中学, 市一医院, 县教育局) or it opens with a level of
    government (县委党校); an anonymised name (某某中学, XX局) always is. It is neither a
    unit nor a person's name: it may be a title."""
    data = data or default_layout()
    s = s.strip()
    if len(s) != 4 or not re.fullmatch(r"[\u4e00-\u9fff]{4}", s) or _ANON_RUN.search(s):
        return False
    m = data.unit_end.search(s)
    return bool(m) and len(m.group()) == 1 and not _SHORT_NAME_OPENING.match(s)


def first_of_joint(name: str, data: LayoutData | None = None) -> str:
    """The first of two units that issue a document jointly, printed on one line whose
    space was lost (``中共城西区委组织部城西区人力资源和社会保障局`` -> the 组织部): both
    halves are units of their own and the second opens with the place the first names
    (or with 中共 / 共青团); else ``name`` itself."""
    data = data or default_layout()
    name = name.strip()
    place = re.match(r"^[\u4e00-\u9fff]{1,6}?[省市县区州旗盟]", _PARTY_PREFIX.sub("", name))
    if not place:
        return name
    for k in range(4, len(name) - 3):
        a, b = name[:k], name[k:]
        if not (b.startswith(("中共", "共青团")) or b.startswith(place.group())):
            continue
        if unit_name(a, data) and unit_name(b, data) and proper_unit(a, data) \
                and proper_unit(b, data) and len(b) >= 5:
            return a
    return name


def unit_and_people(line: str, data: LayoutData | None = None) -> tuple[str, tuple[str, ...]] | None:
    """``XX学校`` -> (unit, ()); ``XX学校 李梅 王强`` -> (unit, (李梅, 王强)); else None."""
    line = line.strip()
    parts = [p for p in re.split(r"[\s、，,]+", line) if p]
    if not parts:
        return None
    if unit_name(parts[0], data) and all(_PERSON.match(p) for p in parts[1:]) and len(parts) <= 6:
        return parts[0], tuple(parts[1:])
    if len(parts) == 1:
        # 南昌大学第四附属医院党委书记 王某 is not this case; a unit + post stays a unit
        return None
    # a unit written with a space inside (``南昌大学 第四附属医院``)
    if 2 <= len(parts) <= 4 and all(unit_name(p, data) and proper_unit(p, data) for p in parts):
        return parts[0], ()  # units that issue a document jointly: the first is its unit
    joined = "".join(parts)
    if len(parts) <= 3 and unit_name(joined, data):
        return joined, ()
    return None


_NEWS_BYLINE = re.compile(r"^(?:(?:本报|本网|本台|本刊|特约|见习)?(?:记者|通讯员|实习生|摄影)\s*"
                          r"(?:[\u4e00-\u9fff]{2,4}[\s、，,]*){1,4})+$")
_AUTHOR_UNIT = re.compile(r"^作\s*者\s*[：:]\s*(?P<names>.+?)\s*(?:作者)?单\s*位\s*[：:]\s*(?P<unit>.+)$")
_NAMES_PARENS = re.compile(r"^(?P<names>[\u4e00-\u9fff]{2,4}(?:[\s、，,]+[\u4e00-\u9fff]{2,4}){0,3})\s*"
                           r"[（(](?P<inner>[^（）()]{2,80})[）)]$")
_PAREN_DATE_END = re.compile(r"\s*[（(](?P<inner>[^（）()]{4,40})[）)]\s*$")


def _names(s: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(r"[\s、，,]+", s) if p and _PERSON.match(p))


def split_paren_date(line: str, data: LayoutData | None = None) -> tuple[str, str | None]:
    """``XX委员会（二〇一六年四月十二日）`` -> (``XX委员会``, ``2016-04-12``): a date in
    parentheses at the end of a unit or byline line, or right after a unit, a byline or a
    文号 on its line (``XX中学党支部 2011年11月30日``, ``作者：李某 2016-09-08``,
    ``X发〔2012〕8号  2012年3月15日``; the spaces between are gone after normalizing)."""
    m = _PAREN_DATE_END.search(line)
    if m and line[:m.start()].strip():
        d = date_of_line(m.group(0), data)
        if d:
            return line[:m.start()].strip(), d
    ds = find_dates(line, data)
    if ds and ds[-1].start > 0 and date_of_line(line[ds[-1].start:], data):  # …2012年3月5日印发
        head = line[:ds[-1].start].strip().rstrip("，,、").strip()  # XX党支部，2012年3月5日
        if head and not find_dates(head, data) and (
                unit_name(head, data) or doc_number_of(head) or byline_of(head, data)
                or is_person_line(head, data) and len(head) <= 12):
            return head, ds[-1].iso
    return line, None


_PARTY_END = re.compile(r"(?:党委|党总支|党支部|总支|支部|委员会|团委|工会|妇联)$")
# a party body's department (XX大学党委组织部, XX公司党委宣传部)
_PARTY_INSIDE = re.compile(r"(?:党委|党工委|党组|委员会|工委)(?=[\u4e00-\u9fff]{1,6}$)")


def _glued_unit_name(s: str, data: LayoutData, *, several: bool = False
                     ) -> tuple[str, tuple[str, ...]] | None:
    """``长沙市岳麓区望岳中学周立新``: a unit name with a person's name right after it;
    with ``several`` (after a byline's prefix, 文/…), ``城南县委组织部李梅王强``: two names
    (the spaces between them were lost)."""
    if unit_name(s, data):
        return None
    for ks in ((3,), (2,)) + (((2, 2), (3, 2), (2, 3), (3, 3)) if several else ()):
        total = sum(ks)
        if len(s) <= total + 3:
            continue
        unit, rest = s[:-total], s[-total:]
        names, pos = [], 0
        for k in ks:
            names.append(rest[pos:pos + k])
            pos += k
        if unit_name(unit, data) and all(_PERSON.match(n) and not data.unit_end.search(n)
                                         and not any(c in _FUNCTION_CHARS for c in n)
                                         for n in names) \
                and (_PLACE.search(unit) or _PARTY_END.search(unit)
                     or _PARTY_INSIDE.search(unit[:-1])) \
                and not _UNIT_STOP.search(unit) and "的" not in unit \
                and not data.title_end.search(s) \
                and not any(unit_name(s[:j], data) for j in range(len(unit) + 1, len(s) - 1)):
            # …部署会讲话, …中的党组织角色: titles; a longer unit before the names
            # (XX大学党委 / 组织部张三: the 组织部 is the unit's, not a name's)
            return unit, tuple(names)
    return None


def _name_then_unit(s: str, data: LayoutData) -> tuple[str, tuple[str, ...]] | None:
    """``李梅城南县第一中学`` / ``李梅 城南县第一中学`` after a byline's prefix: one
    person's name (a surname of ``surnames.txt`` and one or two characters) and the
    unit after it (a place or party name ending in a unit suffix)."""
    s = s.strip()
    for k in (2, 3, 4):
        name, unit = s[:k], s[k:].strip()
        if len(unit) < 5 or not _PERSON.match(name) or not any(
                name.startswith(x) for x in data.surnames):
            continue
        # where the unit begins is told by its opening: 中共, or a place of two
        # characters and its kind (江州市, 城南县), as most are
        if unit_name(unit, data) and proper_unit(unit, data) and \
                _UNIT_OPENING.match(unit) and \
                not _UNIT_STOP.search(unit) and not data.unit_end.search(name):
            return unit, (name,)
    return None


_UNIT_OPENING = re.compile(r"^(?:中共|共青团|[\u4e00-\u9fff]{2}[省市县区州盟旗](?![市县区盟旗]))")


_CLAUSE_CHARS = set("以或把将被让使并而且就还又")


def _clause_chars(s: str) -> bool:
    """Function words of running text (以, 或, 把 …) in what should be a unit or a name
    (其他 function characters occur in names: 都昌县, 发展和改革局, 向明波)."""
    return any(c in _CLAUSE_CHARS for c in s)


# a paper's or site's reporters after its name (光明网记者李某某孔某某)
_MEDIA_REPORTERS = re.compile(r"^[\u4e00-\u9fff]{2,10}?(?:记者|通讯员)(?P<names>[\u4e00-\u9fff]{4,9})$")


def byline_of(line: str, data: LayoutData | None = None) -> tuple[str | None, tuple[str, ...]] | None:
    """A byline: (unit or None, authors). ``文/王建国``, ``作者：李梅（XX中学）``,
    ``（XX医院党委）``, ``XX学校 李梅``, ``作者单位：XX大学``, ``作者：李梅 单位：XX党校``,
    ``本报记者 王某 通讯员 李某``, ``郑某（XX教育局基础教育科）``, ``XX医院院长 周某``,
    ``XX中学周某``; a date in parentheses after it is left to ``split_paren_date``."""
    data = data or default_layout()
    s, _ = split_paren_date(_BULLET.sub("", line.strip()), data)
    if not s or len(s) > 80:
        return None
    m = _AUTHOR_UNIT.match(s)
    if m:
        unit = m.group("unit").strip()
        return (unit if unit_name(unit, data) else None), _names(m.group("names"))
    if _NEWS_BYLINE.match(s):
        return None, _names(re.sub(r"(?:本报|本网|本台|本刊|特约|见习)?(?:记者|通讯员|实习生|摄影)",
                                   " ", s))
    m = _BYLINE_PREFIX.match(s)
    if m:
        rest = s[m.end():].strip()
        unit = None
        pm = re.search(r"[（(]([^（）()]{2,60})[）)]\s*$", rest)
        if pm:
            inner = re.split(r"[，,；;]", pm.group(1))[0].strip()
            if unit_name(inner, data):
                unit = inner
                rest = rest[:pm.start()].strip()
        if "单位" in m.group():
            return (rest if unit_name(rest, data) else unit), ()
        after = _name_then_unit(rest, data) if rest and not unit else None
        if after:  # 文/李梅 城南县第一中学 (the space between is lost after normalizing)
            return after
        up = unit_and_people(rest, data) if rest else None
        if up:
            return up[0], up[1]
        glued = _glued_unit_name(rest, data, several=True) if rest and not unit else None
        if glued:  # 文/城南县委组织部李梅
            return glued
        reporters = _MEDIA_REPORTERS.match(rest)
        if reporters and glued_names(reporters.group("names"), data):
            # 文/图 XX网记者 某某 某某 once the spaces are lost: the paper's reporters
            return None, glued_names(reporters.group("names"), data) or ()
        names = _names(rest)
        if not names and not unit:
            return None
        return unit, names
    m = _NAMES_PARENS.match(s)
    if m:
        inner = re.split(r"[，,；;]", m.group("inner"))[0].strip()
        if unit_name(inner, data):
            return inner, _names(m.group("names"))
    pm = _PARENS_LINE.match(s)
    if pm:
        inner = re.split(r"[，,；;]", pm.group("inner"))[0].strip()
        lead = _BYLINE_PREFIX.match(inner)
        if lead and "单位" in lead.group():  # （作者单位：中共XX区委直属机关工委）
            inner = inner[lead.end():].strip()
        if unit_name(inner, data):
            return inner, ()
        post = _POSTCODE_END.search(inner)
        if post:  # （XX大学马克思主义学院 上海 200444）: the unit before the city
            head = inner[:post.start()].strip()
            for cut in range(0, min(6, len(head) - 2)):
                if unit_name(head[:len(head) - cut].strip(), data):
                    return head[:len(head) - cut].strip(), ()
            return None, ()
        up = unit_and_people(inner, data)
        if up:
            return up
        return None
    up = unit_and_people(s, data)
    if up and up[1]:
        return up
    pm = None if unit_name(s, data) else data.post_byline.match(s)  # …委员会组织部 is a unit
    if pm and unit_name(pm.group("unit"), data) and not _clause_chars(pm.group("unit")) \
            and not _clause_chars(pm.group("names") or "") and all(
                n[:1] in data.surnames or n[:2] in data.surnames or _ANON_RUN.search(n)
                for n in _names(pm.group("names") or "")):
        # (理学院党委召开党支部书记述职大会: 述职大会 is no one's name)
        names = _names(pm.group("names") or "")
        if names or re.search(r"\s", s) is None:
            return pm.group("unit"), names
    if re.fullmatch(r"[\u4e00-\u9fff" + ANON + r"（）()]{6,40}", s):
        glued = _glued_unit_name(s, data)
        if glued:
            return glued
    return _posts_byline(s, data)


@lru_cache(maxsize=8)
def _posts_rest(posts: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(p) for p in sorted(posts, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"^(?:{alt})(?:[、，,][\u4e00-\u9fff]{{0,8}}?(?:{alt}))*\s*"
                      rf"(?P<name>[\u4e00-\u9fff]{{2,3}}|[{ANON}]{{2,4}})?$")


def _posts_byline(s: str, data: LayoutData) -> tuple[str | None, tuple[str, ...]] | None:
    """A unit with two posts and the speaker's name (``XX县人民法院党组成员、政治部主任
    张某``, ``xxx镇党委书记、人大主席``): the longest unit before the posts."""
    if len(s) > 40 or data.title_end.search(s) or not re.search(r"[、，,]", s):
        return None
    for k in range(min(len(s) - 2, 30), 2, -1):
        m = _posts_rest(data.posts).match(s[k:])
        if m and unit_name(s[:k], data) and proper_unit(s[:k], data) and not _clause_chars(s[:k]):
            return s[:k], tuple(n for n in [m.group("name")] if n)
    m = _posts_only(data.posts).match(s)
    if m and not _clause_chars(s) and any(m.group("name").startswith(x) for x in data.surnames):
        # 市委常委、组织部部长 陈某: posts and a name, no unit
        return None, (m.group("name"),)
    return None


@lru_cache(maxsize=8)
def _posts_only(posts: tuple[str, ...]) -> re.Pattern[str]:
    """Two or more posts, each after a short body of its own (市委常委、组织部部长), and a
    person's name: a speaker's byline that names no unit."""
    alt = "|".join(re.escape(p) for p in sorted(posts, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"^[\u4e00-\u9fff]{{0,4}}?(?:{alt})(?:[、，,][\u4e00-\u9fff]{{0,4}}?(?:{alt}))+\s*"
                      rf"(?P<name>[\u4e00-\u9fff]{{2,3}}|[\u4e00-\u9fff][{ANON}]{{1,2}})$")


@lru_cache(maxsize=8)
def _post_colon_name(posts: tuple[str, ...]) -> re.Pattern[str]:
    """A post, a colon and a person's name (校长：施某某, 党委书记: 王某), or a post and a
    name a template hid (党委书记 **)."""
    alt = "|".join(re.escape(p) for p in sorted(posts, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"^(?:{alt})\s*(?:[：:]\s*[\u4e00-\u9fff]{{2,3}}|[：:]?\s*[{ANON}]{{2,3}})$")


@lru_cache(maxsize=8)
def _posts_alone(posts: tuple[str, ...]) -> re.Pattern[str]:
    """Two or more posts, each after a short body of its own, and no name (市委常委、
    组织部长)."""
    alt = "|".join(re.escape(p) for p in sorted(posts, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"^[\u4e00-\u9fff]{{0,4}}?(?:{alt})(?:[、，,][\u4e00-\u9fff]{{0,4}}?(?:{alt}))+$")


def is_person_line(line: str, data: LayoutData | None = None) -> bool:
    """Names of people alone on a line (``王建国``, ``李梅 王强``, ``李某+王某``); a
    line ending in a title word (``…意见``, ``察与思考``: the end of a wrapped title) or
    a heading (``第一条``) is none, and so are two or more words of four characters each
    (``初心如磐 笃行致远``: a headline's paired phrases; a name of four is rare, several
    rarer). A short unit name (``县教育局``) passes here: callers ask ``unit_name`` first."""
    if _STANDALONE_TITLE.match(line.strip()) or _HEADING.match(line.strip()):
        return False  # 第一条 alone on its line is a heading
    parts = [p for p in re.split(r"[\s、，,+＋]+", line.strip()) if p]
    data = data or default_layout()
    return bool(parts) and len(parts) <= 5 and all(_PERSON.match(p) for p in parts) \
        and not (len(parts) >= 2 and all(len(p) == 4 for p in parts)) \
        and not data.title_end.search(parts[-1]) \
        and not (len(parts) == 1 and short_phrase(parts[0], data))  # 送教下乡: a phrase


def is_heading(line: str) -> bool:
    return bool(_HEADING.match(line.strip()))


def is_body(line: str, data: LayoutData | None = None) -> bool:
    """A line of running text: a sentence of some length, a salutation or an outline
    heading; a long line of any kind."""
    s = line.strip()
    if not s:
        return False
    w = display_width(s)
    if _SALUTATION.match(s) or _ABSTRACT.match(s) or salutation_date(s, data):
        return True  # (a speech's date glued before its address: 2017年4月12日　同志们：)
    if _SENTENCE_END.search(s[:-1] if s.endswith(("！", "？")) and w <= 30 else s):
        return w >= 12
    # (a title's note in brackets after its genre word: …工作总结（覆盖18个村，参选率89%）)
    core = re.sub(r"\s*[（(][^（）()]{1,40}[)）]$", "", s)
    bare = re.sub(r"“[^”]*”|《[^》]*》", "", core)
    if w >= 26 and _clause_line(s):
        return True  # clauses cut before the sentence ends (…，根据《…制度)
    if w >= 26 and "，" in bare and not (data or default_layout()).title_end.search(core):
        return True  # a wrapped line of running text (a comma, no sentence end yet)
    return w > 60


def is_header_line(line: str, data: LayoutData | None = None) -> bool:
    """A line that stands on its own in a document's head or signature: a 文号, a date,
    a byline or a unit name."""
    s = line.strip()
    if not s or len(s) > 80 or "。" in s:
        return False
    data = data or default_layout()
    return bool(doc_number_of(s) or date_of_line(s, data) or byline_of(s, data)
                or unit_name(split_paren_date(s, data)[0], data)
                or _NUMBERED_AUTHORS.match(s) or _AFFILIATION.match(s) or place_affiliation(s, data)
                or (is_person_line(s, data) and (len(s) <= 3 or re.search(r"[\s、，,+＋]", s))))
    # an author's name alone (何某, 李某+王某) stays a line: a 4-character line may be
    # the end of a wrapped title (…作用发挥)


TITLE_MAX_WIDTH = 80


def _clause_line(s: str) -> bool:
    """A piece of running text cut before its sentence ends (a wrapped body line): a
    long run of clauses (two commas or more), or a clause with a quotation or a book
    title opened and not closed (…，根据《…制度)."""
    commas = s.count("，") + s.count(",")
    unclosed = s.count("《") > s.count("》") or s.count("“") > s.count("”")
    return (commas >= 2 and display_width(s) >= 30) or (commas >= 1 and unclosed)


# a label and a value of digits only (发表日期：2012-08-31, 日期：06-21, 点击数：326)
_FIELD_VALUE = re.compile(r"^[-–—·•*]?\s*[\u4e00-\u9fff]{1,6}\s*[：:]\s*[\d\s\-/.:：年月日时分秒次人]+$")


# a page's field label opening a line (作者：admin, 点击：[]次, 文章来源：…)
_FIELD_START = re.compile(r"^[\[【（(]?\s*(?:作\s*者|文章来源|来\s*源|点\s*击|浏览(?:次数)?|阅读(?:次数)?|"
                          r"发布(?:时间|日期|人|者)|更新时间|编\s*辑|责\s*编|审\s*核)\s*[：:]")


def title_like(line: str, data: LayoutData | None = None) -> bool:
    s = line.strip()
    if not s or display_width(s) > TITLE_MAX_WIDTH:
        return False
    if sum(1 for c in s if "\u4e00" <= c <= "\u9fff") < 2 and not _STANDALONE_TITLE.match(s):
        return False  # admin, 356: the pieces of a web page's fields, no title
    if _SENTENCE_END.search(s.rstrip("！？!?")) or s.endswith(("：", ":", "，", "、")):
        return False
    if _clause_line(s) or _FIELD_VALUE.match(s) or _FIELD_START.match(s):
        return False  # 日期：06-21, 点击数：326, 作者：admin: a page's field, never a title
    if date_of_line(s, data) or doc_number_of(s) or is_person_line(s, data) or _SUBJECT.match(s) \
            or _SIGNER.match(s):
        return False
    if is_heading(s) and not _PIAN.match(s) and not _LEADING_MARK.match(s) \
            and not tagged_headline(s, data):
        return False
    return not is_furniture(s, data)


# a news page's column tag before its headline (【主题党日】…, 【支部风采】…); a case's
# section tags (【主要做法】, 【做法一】, 【经验启示】) and an enumerated point after a tag
# (【…】一是…) are none
_COLUMN_TAG = re.compile(r"^【(?![^】]*(?:做法|经验|措施|启示|背景|成效|体会|思考|问题|简介|概况|"
                         r"[一二三四五六七八九十]】))[^】\d]{2,16}】\s*(?=\S)(?![一二三四五六七八九十]是|首先|其[一二三四五])")


# a column's name and a bar before a headline (党建+｜…, 支部风采|…)
# (丨, a stroke that is a character of its own, parts a WeChat column from its headline:
# 话题 新时代学校党建研究丨…)
_BAR_COLUMN = re.compile(r"^(?:[\u4e00-\u4e27\u4e29-\u9fff]\s?){2,12}?[+＋]?\s*[|｜丨]\s*(?=\S)")


# a column tag alone on its line (【支部风采】)
_BARE_TAG = re.compile(r"^【(?![^】]*(?:做法|经验|措施|启示|背景|成效|体会|思考|问题|简介|概况))[^】\d]{2,8}】$")


def _tagged_upper(line: str, data: LayoutData) -> bool:
    """A column tag and the first line of a headline wrapped under it (【团青风采】集团团委
    青年突击队 / 鏖战乙烯装置检修，…)."""
    s = line.strip()
    tag = _COLUMN_TAG.match(s)
    return bool(tag) and 4 <= len(s) - tag.end() <= 24 and title_like(s[tag.end():], data) \
        and not _TEXT_OPENING.match(s[tag.end():])


def tagged_headline(line: str, data: LayoutData | None = None) -> bool:
    """Is ``line`` a column tag in 【】 and a headline after it (【主题党日】初心如磐，笃行致远)?
    A case's section heading (【主要做法】) has nothing after it or running text."""
    s = line.strip()
    tag = _COLUMN_TAG.match(s)
    if not tag:
        return False
    rest = s[tag.end():]
    return len(rest) >= 4 and not _TEXT_OPENING.match(rest) and not is_heading(rest) \
        and (comma_headline(rest, data) or title_like(rest, data) and _strong_title(rest, data or default_layout()))


def label_of(line: str) -> str | None:
    """The catalog line of a compiled volume (``第三篇：在…上的交流发言``, ``制度三：党员管理``)."""
    s = line.strip()
    return s if _PIAN.match(s) and len(s) <= 60 else None


def banner_unit(line: str) -> str | None:
    m = _BANNER.match(line.strip())
    return m.group("unit") if m else None


# --- the head of an item ------------------------------------------------------------

# authors' names, each marked with its affiliation's number (范某某1池某某1,2王某1)
_AFFILIATED_NAMES = re.compile(r"(?:[\u4e00-\u9fff]{2,3}\s*\d{1,2}(?:[,，]\s*\d{1,2})*\s*\*?\s*){2,8}")


def glued_names(line: str, data: LayoutData | None = None) -> tuple[str, ...] | None:
    """Two or three people's names whose spaces were lost (``陈卫东许丽娜``,
    ``吴立新陈默``), or a post and a name (``院长郭建民``): each name two or three
    characters opening with a surname of ``surnames.txt``; None for any other line."""
    data = data or default_layout()
    s = line.strip()
    sur = set(data.surnames)
    if _AFFILIATED_NAMES.fullmatch(s):  # 范某某1池某某1,2王某1: each name's affiliation
        parts = tuple(re.findall(r"[\u4e00-\u9fff]+", s))
        if all(2 <= len(p) <= 3 and p[:1] in sur for p in parts):
            return parts
    if not re.fullmatch(r"[\u4e00-\u9fff]{4,9}", s) or data.ends_in_unit(s) \
            or data.title_end.search(s) or any(c in _FUNCTION_CHARS for c in s):
        return None

    def name(p: str) -> bool:
        return (p[:1] in sur and 2 <= len(p) <= 3) or (p[:2] in sur and len(p) in (3, 4))

    for post in sorted(data.posts, key=len, reverse=True):
        if s.startswith(post) and name(s[len(post):]):
            return (s[len(post):],)
    for ks in ((3, 3), (3, 2), (2, 3), (2, 2), (3, 3, 3), (3, 3, 2), (2, 3, 3), (3, 2, 3)):
        if sum(ks) != len(s):
            continue
        parts, pos = [], 0
        for n in ks:
            parts.append(s[pos:pos + n])
            pos += n
        if all(name(p) for p in parts):
            return tuple(parts)
    return None


def _head_line_above(lines: list[str], k: int, data: LayoutData) -> bool:
    """Is the nearest line above ``k`` that is not blank a head's field (关键词：…, a
    journal's issue): names under it are the authors (a journal mirror's head)?"""
    j = k - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j >= 0 and (_header_kind(lines[j].strip(), data) == SUBJECT or _field_line(lines[j], data)
                       or bool(re.fullmatch(r"作\s*者\s*[：:]?", lines[j].strip())))


def _title_above(lines: list[str], k: int, data: LayoutData) -> bool:
    """Is the nearest line above ``k`` that is not blank a title-like line?"""
    j = k - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j >= 0 and title_like(lines[j], data) and not glued_names(lines[j], data)


@dataclass(frozen=True)
class Header:
    """What the head of an item says. Line numbers are relative to the lines given;
    ``body`` is the first line of the body (== len(lines) when there is none)."""

    title: str | None = None
    title_span: tuple[int, int] | None = None
    label: str | None = None
    unit: str | None = None
    unit_source: str | None = None   # banner, title, header, byline, signature, body
    authors: tuple[str, ...] = ()
    date: str | None = None
    date_source: str | None = None   # header, signature, colophon
    doc_number: str | None = None
    furniture: tuple[int, ...] = ()
    body: int = 0
    roles: tuple[str, ...] = ()
    source_unit: str | None = None   # a web page's 来源：<unit> line: the last resort
    relative_source: str | None = None  # 来源：校团委 (a name relative to the site's unit)
    page_date: str | None = None     # a web page's upload date (发布时间：…): the last resort


# furniture lines passed over between a title and its text: a sharing site's upload
# fields, its bar, preview captions and blurb; a news page's image placeholders, and
# a photo gallery's file names and captions (1.jpg / △…, two lines a photo)
_FURNITURE_RUN = 16


def _outline_line(line: str) -> bool:
    """A short numbered heading with no sentence in it (一、…, （二）…, 2.…): a line of an
    outline."""
    s = line.strip()
    return 0 < len(s) <= 30 and not re.search(r"[。；;：:，,]", s) and (
        is_heading(s) or bool(re.match(r"^\d{1,2}[.．、]\s*\S", s)))


def _furniture_under_title(lines: list[str], k: int, data: LayoutData) -> int | None:
    """Furniture from line ``k`` up (a site's teaser 论文部分内容阅读, an excerpt's note
    ……（开头部分已省略N字）, a view counter, a section label) set between a title and
    the header or body: the line above it when that is a header line, or a title-like
    line with no body above it (the run is then passed over); else None. A breadcrumb
    (首页 > …) or a template's sample heading (篇一：…) is never passed over."""
    j = k
    while j >= 0 and j > k - _FURNITURE_RUN:
        s = lines[j].strip()
        if s and not is_furniture(s, data):
            break
        if s and (re.search(r"[>＞›»]", s) or _SAMPLE_HEAD.match(s) or _COLLECTION.search(s)):
            return None  # a breadcrumb, a collection page's head (…7篇（优选）): the page's own
        j -= 1
    if j < 0 or j <= k - _FURNITURE_RUN:
        return None
    s = lines[j].strip()
    if _header_kind(s, data) not in (None, BLANK):
        return j
    if title_like(s, data) and not label_of(s) and not banner_unit(s) \
            and not _field_piece(lines, j, data) \
            and not any(is_body(lines[i], data) and not _colon_lead(lines[i], data)
                        for i in range(j)):  # 贡献者： / **老师: a field; XX工委： a headline's lead
        return j
    return None


_COLLECTION = re.compile(r"[\d一二三四五六七八九十]\s*篇\s*(?:[（(【\[][^）)】\]]{1,8}[）)】\]])?$")
# where no title ends: a function word or an opening mark (…改革进程中, …的)
_OPEN_END = re.compile(r"(?:[的之与和及中在对于把从向为以并暨、，：—《“（]|印发|转发|下发)$")
def _open_subject(s: str) -> bool:
    """A title's first line that opens its subject and does not close it (关于推进落实高校
    基层团支部 / “两清单…”建设计划的通知): 关于 without the genre word."""
    return s.startswith("关于") and not _GENRE_END.search(s)


# a document's genre word: a line ending in one is a whole title
_GENRE_END = re.compile(r"(?:通知|方案|意见|总结|讲话|发言|办法|制度|规定|细则|规则|守则|准则|章程|"
                        r"纪要|报告|决定|计划|要点|汇报|致辞|(?:开幕|闭幕|主持|欢迎|答谢|颁奖)词)$")
# a speech's kind on a line of its own under the meeting's name (…第十二次代表大会 /
# 开 幕 词): the title's last line, never a person (开 is a surname)
_GENRE_ALONE = re.compile(r"^(?:(?:开幕|闭幕|主持|欢迎|答谢|颁奖)词|讲话|讲话稿|发言|发言稿|致辞)$")
# a date stamp and names run onto a title's end (…的反思2017-11-18李某王某), a file's
# extension (….docx, ….docVIP)
_GLUED_STAMP = re.compile(r"(?<=[\u4e00-\u9fff”》）)])\s*(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
                          r"(?:\s*\d{1,2}[:：]\d{2})?[\s\u4e00-\u9fff+＋、]{0,16}$")
_FILE_EXT = re.compile(r"\s*\.(?:docx?|pdf|wps|txt)\s*(?:VIP|vip)?$", re.I)


# a page's marker of what goes with a title (…侧记（图）, …（组图）, …（视频）), a page
# count glued before it (第1页共4页县委书记在…), the brackets a page sets it in (【…】)
_TITLE_MARK = re.compile(r"\s*[（(](?:图|组图|多图|附图|图文|视频|附视频|音频|完整文档|完整版|全文|word版|Word版|可编辑)[）)]$")
_LEADING_PAGE = re.compile(r"^(?:第\s*\d{1,4}\s*页\s*[/／,，]?\s*共\s*\d{1,4}\s*页|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页)\s*(?=\S)")
_BRACKETED = re.compile(r"^(?:【[^【】]{4,}】|《[^《》]{6,}》)$")  # (《XX条例》 alone: the name, no quote)
# a page's mark before a title (【图集】…, 【组图】…, 【视频】…): what goes with it, no heading
_LEADING_MARK = re.compile(r"^[【\[]\s*(?:图集|组图|多图|图文|视频|音频|快讯|要闻|转|转载|原创|置顶|精华|推荐)\s*[】\]]\s*(?=\S)")
# a compilation's heading over its table of contents (XX制度汇编 目录)
_TOC_TAIL = re.compile(r"(?<=[编集册])\s*目\s*录$")


# a page's number in a series glued to a title's end (…实施方案（5）): digits in brackets; a
# document numbers its own parts in words (…的通知（二）), a year has four digits
_SERIES_NO = re.compile(r"(?<=[\u4e00-\u9fff”》])\s*[（(]\s*\d{1,3}\s*[）)]$")


# a site's category after a title, set off by a hyphen, a bar or an underscore
_CATEGORY_TAIL = re.compile(r"\s*(?:-|－|_|\||｜)\s*[\u4e00-\u9fff]{0,8}(?:论文|范文|文章|资料|频道|文库|大全)$")
_WORD_COUNT = re.compile(r"\s*[（(\[【]\s*(?:全文|此文共|本文共|共)?\s*\d{2,6}\s*字\s*[）)\]】]\s*")


def _clean_title(title: str, others: list[str]) -> str:
    """A title without what a site glued to it: a date stamp and names after it, a file
    extension, a picture mark, a column tag (【支部风采】), a series number, a page count before it, its brackets,
    the 目录 of a compilation's heading, an author's name
    that stands on a line of its own in the head (…的作用发挥何某 over 何某), the same
    title twice (also once more in brackets)."""
    t = re.sub(r"^[-–•·]\s*(?=[\u4e00-\u9fff“《])", "", title.strip())  # (- 关于…: a list's mark)
    t = _FILE_EXT.sub("", _GLUED_STAMP.sub("", t))
    t = _TOC_TAIL.sub("", _TITLE_MARK.sub("", _LEADING_PAGE.sub("", _LEADING_MARK.sub("", t))))
    for _ in range(2):  # …工作计划（16篇）（范例推荐）: the page's count and its note
        t = _TEMPLATE_NOTE.sub("", _COPIES_NOTE.sub("", t))  # …工作计划（精选2篇）
    t = re.sub(r"^附\s*件\s*\d{0,2}\s*[：:]?\s*(?=\S{8,})", "", t)  # 附件中共XX委员会…细则
    lead = _LEADING_TAG.match(t)
    if lead and len(t) - lead.end() >= 6:
        t = t[lead.end():]  # 范文XX方案, 20240530:XX方案, [XX官网]…: a template's, a feed's or a site's tag
    tag = _COLUMN_TAG.match(t) or _BAR_COLUMN.match(t)
    if tag and len(t) - tag.end() >= 4:
        t = t[tag.end():]  # 【支部风采】…: the site's column, not the title (LABELING.md)
    if len(_SERIES_NO.sub("", t)) >= 6:
        t = _SERIES_NO.sub("", t)
    byline = re.search(r"(?:作\s*者|指导(?:老师|教师))\s*[：:]", t)
    if byline and byline.start() >= 8:
        t = t[:byline.start()]  # …为例作者：某某某某指导老师：某某: the byline run on
    if len(_CATEGORY_TAIL.sub("", t)) >= 4:
        t = _CATEGORY_TAIL.sub("", t)  # 论机关效能建设 - 行政论文: the site's category of it
    if len(_SAMPLE_END.sub("", t)) >= 6:
        t = _SAMPLE_END.sub("", t)  # …工作计划例文: a template's word for its sample
    if _FIRST_COPY.search(t) and len(_FIRST_COPY.sub("", t)) >= 6 \
            and any(_TEMPLATE_HEAD.search(o) for o in others):
        t = _FIRST_COPY.sub("", t)  # 20xx共青团工作总结（一） under 皮皮范文网 / 首页 > 范文大全
    if _BRACKETED.match(t):
        t = t[1:-1]
    for o in others:
        o = o.strip()
        if 2 <= len(o) <= 4 and is_person_line(o) and t.endswith(o) and len(t) - len(o) >= 6:
            t = t[:-len(o)]
            break
    count = _WORD_COUNT.search(t)
    if count:  # …调研报告（全文4610字）…调研报告: a sharing page's word count, the title again
        before, after = t[:count.start()].strip(), t[count.end():].strip()
        if not after or after == before:
            t = before
    half = len(t) // 2
    if len(t) % 2 == 0 and half >= 4 and t[:half] == t[half:]:
        t = t[:half]
    elif t.count(" ") == 1 and t.split(" ")[0] == t.split(" ")[1]:
        t = t.split(" ")[0]
    names = re.match(r"^(?P<lead>[\u4e00-\u9fff ]{4,12})[：:](?=\S{6,})", t)
    if names and glued_names(names.group("lead").replace(" ", "")):
        t = t[names.end():]  # 黄某某 樊某某：…的思考: the authors before the colon
    again = re.fullmatch(r"(?P<t>.{6,}?)\s*[（(](?P=t)[）)]", t)
    if again:
        t = again.group("t")  # …工作总结汇报（…工作总结汇报）: a page's title tag repeats it
    return t.strip() or title


# a line that ends a title by itself: a status note after it (…的讲话（最终完善稿）, …办法
# （试行）); a page's numbered heading (3 社区党支部…总结范本); a news headline's subtitle
# naming a speaker and what he did (王某出席并讲话 提出三点要求)
_STATUS_NOTE = re.compile(r"\s*[（(][^（）()]{0,8}(?:稿|修订版|修改版|草案|试行|暂行|讨论版|定稿)[）)]$")
_ITEM_NO = re.compile(r"^\d{1,3}(?:\s+|[、.．]\s*|(?=[\u4e00-\u9fff“《]))"
                      r"(?![年月日号个项名位次届周天条件点期岁])(?=[\u4e00-\u9fff“《])")
_SPEAKER_CLAUSE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:同志)?(?:出席|主持|强调|指出|提出|看望|慰问|调研|寄语|勉励|督导)"
                             r"|提出[一二三四五六七八九十两\d]{1,2}[点条项](?:要求|意见|希望)")
_CONTINUES = re.compile(r"^(?:——|—|--|[（(》”）)]|的|之|暨|和|及|与|并)")


def _colon_lead(line: str, data: LayoutData) -> bool:
    """Is ``line`` a headline's lead cut off at its colon: a unit or a short subject, a
    column tag before it or not, and nothing after the colon (【支部风采】XX系教工党支部：)?"""
    s = line.strip()
    m = re.match(r"^(?:【[^】\d]{2,8}】)?\s*(?P<lead>[\u4e00-\u9fff“”（）()]{2,24})[：:]$", s)
    if not m:
        return False
    lead = m.group("lead")
    if _FIELD_WORDS.search(lead):
        return False  # 发布单位：, 来源： -- a page's field label
    return unit_name(lead, data) and proper_unit(lead, data) or \
        bool(_COLUMN_TAG.match(s)) and not _TEXT_OPENING.match(lead)


_FIELD_WORDS = re.compile(r"来源|发布|作者|编辑|审核|责编|日期|时间|供稿|(?:单位|部门|机构)$")


def _joins_title(upper: str, lower: str) -> bool:
    """May ``upper`` and ``lower`` (the line under it) be two pieces of one title: the
    upper one does not end a title by itself, or the lower one continues it; neither is
    a field (索引号：…), a numbered heading of a page or a speaker's clause."""
    for s in (upper, lower):
        if _FIELD_LABEL.match(s) and (re.search(r"\d", s) or _LABEL_ALONE.match(s)):
            return False  # 发文日期：2012-05-08, 公文时效：
    if _ITEM_NO.match(upper) and not _ITEM_NO.match(lower):
        return False
    if _SPEAKER_CLAUSE.search(lower):
        return False
    if _STATUS_NOTE.search(upper) and not _CONTINUES.match(lower):
        return False
    return True


# an article's abstract or key words opening a line, bracketed or with a colon
_ABSTRACT_MARK = re.compile(r"^(?:[\[【［]\s*(?:摘\s*要|内容摘要|提\s*要|关\s*键\s*[词字])\s*[\]】］]|"
                            r"(?:摘\s*要|内容摘要|提\s*要|关\s*键\s*[词字])\s*[：:])")
_SUBTITLE_END = re.compile(r"——(?:记|在|写在|访|走进|走近|来自)[^，,。！？；：“”]{2,40}$")
# a news report's lead opening with its full date (2025年5月6日，…; 5月6日上午，…)
_LEAD_DATE = re.compile(r"^\s*(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:[上下中晚]午|晚上?|一?早|上)?[，,]")


def separate_head_lines(upper: str, lower: str, data: LayoutData | None = None) -> bool:
    """Two lines of a head that a wrapped title's repair must not join: the upper one
    is a page's title tag (…|…, … - 某某网), or a title-like line (no comma) that with the
    lower one makes no title (``_joins_title``)."""
    data = data or default_layout()
    upper, lower = upper.strip(), lower.strip()
    if not upper or not lower:
        return False
    if _page_line(upper, data) != upper:
        return True
    if _SUBTITLE_END.search(upper) and not _SENTENCE_END.search(upper):
        return True  # …，身体力行展风采——记某某党支部: a title and its subtitle end here
    if _LEAD_DATE.match(lower) and comma_headline(upper, data):
        return True  # …专题学习会：夯实…，赋能… / 2025年5月6日，…: a headline over its lead
    if _ABSTRACT_MARK.match(lower):
        return True  # a title over its abstract or key words ([摘要] …, 【关键词】…)
    return "，" not in upper and "," not in upper and title_like(upper, data) \
        and not _joins_title(upper, lower)


def _join_title(parts: list[str]) -> str:
    title = ""
    for ln in parts:
        ln = ln.strip()
        if not title:
            title = ln
        elif ln.startswith(("——", "—", "--")):
            title += re.sub(r"^-{2,}", "——", ln)  # ----XX镇…汇报: a subtitle's dash typed
        elif len(title) >= 15 or re.search(r"[，、：；—《“（]$", title) or re.match(r"^[》”）]", ln) \
                or _OPEN_END.search(title) or _open_subject(title) \
                or re.match(r"^(?:关于|印发|转发)", ln) or _GENRE_ALONE.match(ln):  # 中共XX委员会 / 关于…的通知
            title += ln
        else:
            title += " " + ln
    return title


_STANDALONE_TITLE = re.compile(r"^(?:前言|序言|序|后记|编后记|编者按|卷首语|目录|引言|导言|结语|附录|致辞)$")


# a journal article's authors with the numbers of their affiliations (张某某1, 李某2*)
# and the numbered affiliations under them (1. XX大学 XX学院, 东江 510000;)
_NUMBERED_AUTHORS = re.compile(r"^[\u4e00-\u9fff·]{2,6}\s*\d(?:[,，]\d)*\*?"
                               r"(?:\s*[,，、]\s*[\u4e00-\u9fff·]{2,6}\s*\d(?:[,，]\d)*\*?)*$")
_AFFILIATION = re.compile(r"^\d{1,2}\s*[.．、]?\s*(?P<unit>[^。，,；;\d]{4,40}?)\s*[，,]\s*"
                          r"[\u4e00-\u9fff]{2,8}\s*\d{6}\s*[;；。.]?$")


# an affiliation with no number: the unit, its province and city, a post code, the
# spaces between often lost (XX学院 河南新乡 453003, （XX大学马克思主义学院，江西南昌330000）)
_PLACE_POSTCODE = re.compile(r"^[（(]?\s*(?P<body>[^。，,；;\d（）()]{6,50}?)\s*[，,]?\s*"
                             r"(?P<place>[\u4e00-\u9fff\s]*?)\s*\d{6}\s*[）)]?\s*[;；。.]?$")


# numbered affiliations in one bracket (（1.XX大学XX学院，湖南 长沙 410000；2.XX医院，…）)
_NUMBERED_AFFILIATIONS = re.compile(r"^[（(]?\s*1\s*[.．、]\s*(?P<first>[^；;（）()]{6,60}?\d{6})\s*[；;]\s*2\s*[.．、]")


def place_affiliation(line: str, data: LayoutData | None = None) -> str | None:
    """The unit of an affiliation line that gives the unit, its place and a post code
    (``新乡XX学院 河南新乡 453003`` -> ``新乡XX学院``): the longest front part that is a
    unit name, the rest two to ten characters of place (no institution's ending, 学院,
    党委: a place's own 省市县区乡镇 may end it); else None."""
    data = data or default_layout()
    s = line.strip()
    several = _NUMBERED_AFFILIATIONS.match(s)
    if several:  # （1.XX大学…，湖南 长沙 410000；2.XX医院…）: the first author's
        s = several.group("first")
    m = _PLACE_POSTCODE.match(s)
    if not m:
        return None
    text = re.sub(r"\s+", "", m.group("body") + m.group("place"))
    for end in range(len(text) - 2, 3, -1):
        unit, place = text[:end], text[end:]
        if 2 <= len(place) <= 10 and unit_name(unit, data) and (
                not data.ends_in_unit(place) or re.search(r"[省市县区乡镇州旗盟]$", place)):
            return unit  # a place may end as a township's name does (河南新乡)
    return None


def _unit_text(s: str, data: LayoutData | None = None) -> str:
    """A unit line's unit: an affiliation's name without its number, city and post code."""
    s = _LIST_DASH.sub("", s.strip()) or s
    m = _AFFILIATION.match(s)
    if m:
        return m.group("unit").strip()
    return place_affiliation(s, data) or s


def _header_kind(line: str, data: LayoutData) -> str | None:
    s = line.strip()
    if not s:
        return BLANK
    s = _LIST_DASH.sub("", s) or s  # (- 1.XX大学，山西太原030027: a page's list item)
    if _when_and_where(s, data):
        return DATE
    if s.startswith("作者") and glued_names(s[2:].replace(" ", ""), data):
        return BYLINE  # 作者 刘某某 王某某 常某: the authors, the colon left off
    if _STANDALONE_TITLE.match(s) or _GENRE_ALONE.match(s):
        return None
    dashed = re.fullmatch(r"[—–-]{1,2}\s*(?P<name>[\u4e00-\u9fff·]{2,3})", s)
    if dashed and is_person_line(dashed.group("name"), data):
        return BYLINE  # …的讲话 / ——罗某某: the speaker set under the title like a subtitle
    if _NUMBERED_AUTHORS.match(s):
        return BYLINE
    if _AFFILIATION.match(s) or place_affiliation(s, data):
        return UNIT
    if doc_number_of(s) or doc_number_of(split_paren_date(s, data)[0]):
        return DOC_NUMBER
    if date_of_line(s, data):
        return DATE
    if _SUBJECT.match(s):
        return SUBJECT
    if byline_of(s, data):
        return BYLINE
    if unit_name(split_paren_date(s, data)[0], data):
        return UNIT
    if (is_person_line(s, data) and len(s) <= 12) or _ANON_NAME.match(s):
        return BYLINE
    if _posts_alone(data.posts).match(s):
        return BYLINE  # 市委常委、组织部长: a speaker's posts, the name left off
    if _post_colon_name(data.posts).match(s):
        return BYLINE  # 校长：施某某
    head, pdate = split_paren_date(s, data)
    if pdate and head != s and is_person_line(head, data) and len(head) <= 12:
        return BYLINE  # a speaker and the day (周某某　2016年4月12日, the space lost)
    return None


def _when_and_where(s: str, data: LayoutData) -> bool:
    """（2017年5月3日上午9:00，区委党校报告厅）, a draft's note after it allowed: when and
    where a speech was given, the date line under its title."""
    pm = _PARENS_LINE.match(_STATUS_NOTE.sub("", s) or s)
    if not pm:
        return False
    ds = find_dates(pm.group("inner"), data)
    return bool(ds) and ds[0].start == 0 and bool(re.match(
        r"[上下]午|晚上|\d{1,2}[:：]\d{2}|[，,、\s]", pm.group("inner")[ds[0].end:].lstrip() or "，"))


_FIELD_LABEL = re.compile(r"^(?:[-–•·]\s*)?[\u4e00-\u9fff]{1,6}\s*[：:]")
_CLOCK = re.compile(r"\d{1,2}[:：]\d{2}")


def _field_line(line: str, data: LayoutData) -> bool:
    """A web page's field line (``来源：… 发布时间：2019-05-13 10:22``): furniture that
    is a labelled field or carries a date or a time, not a breadcrumb."""
    s = line.strip()
    if not s or not is_furniture(s, data) or re.search(r"[>＞›»]", s):
        return False
    return bool(_FIELD_LABEL.match(s) or _CLOCK.search(s) or find_dates(s, data)
                or re.search(r"(?:19|20)\d{2}", s))  # 基层党建研究2013年5期: a journal issue


_LABEL_ALONE = re.compile(r"^(?:[-–•·]\s*)?[\u4e00-\u9fff]{1,6}\s*[：:]$")  # (•索引号：, a list's)
_COUNT_LABEL = re.compile(r"^(?:点击|浏览|阅读|访问|人气)(?:数|量|次数)?\s*[：:]$")


def _field_piece(lines: list[str], j: int, data: LayoutData) -> bool:
    """A field line, or a piece of a field row that lost its line breaks and was cut
    at its spaces and colons: a label alone (``来源：``), the short value under one
    (``城东街道办事处``, ``editor``), a run of digits (``12:`` / ``49``)."""
    s = lines[j].strip()
    if _field_line(s, data) or _LABEL_ALONE.match(s) and not _colon_lead(s, data) or (
            re.fullmatch(r"[\d:：\-/. ]+", s) and not date_of_line(s, data)):
        return True
    above = lines[j - 1].strip() if j > 0 else ""
    if _COUNT_LABEL.match(above) and not re.fullmatch(r"[\d\s,，次人]+", s):
        return False  # 点击数： / the title printed again: a counter's value is a number
    return bool(_LABEL_ALONE.match(above)) and not _colon_lead(above, data) and len(s) <= 24 \
        and not re.search(r"[。！？，；]", s) and not _BUTTON_LABEL.match(above)


# a page's button labels (字号：[大 中 小], 分享：[icons]): no value of theirs under them
_BUTTON_LABEL = re.compile(r"^(?:字\s*号|字\s*体|分\s*享(?:到)?|打\s*印|收\s*藏|视力保护色|背景色)\s*[：:]$")


def _field_run(lines: list[str], k: int, data: LayoutData) -> list[int]:
    """The field lines from ``k`` up (blank lines between them included) when a
    title-like line stands right above them; else []."""
    run = []
    j = k
    while j >= 0 and (not lines[j].strip() or _field_piece(lines, j, data)):
        run.append(j)
        j -= 1
    if j < 0 or not title_like(lines[j], data) or label_of(lines[j]) or banner_unit(lines[j]):
        return []
    return run


def addressee_line(line: str, data: LayoutData | None = None) -> bool:
    """A 主送 line: short, ending in a colon, naming units or kinds of units
    (``局属各股室、各国土资源所：``, ``县委创先争优活动领导小组：``); not a web page's field
    label (``发布时间：``)."""
    data = data or default_layout()
    s = line.strip()
    if not re.fullmatch(r"[^。！？；：:]{3,60}[：:]", s):
        return False
    parts = [p for p in re.split(r"[、，,]", s[:-1]) if p]
    if _LABEL_ALONE.match(s) and len(s) <= 7 and not (unit_name(s[:-1], data) and
                                                     proper_unit(s[:-1], data)):
        return False  # 发布时间：, 作者：
    return "各" in s or (len(parts) >= 2 and sum(bool(data.unit_end.search(p)) for p in parts) >= 2) \
        or (len(parts) == 1 and unit_name(parts[0], data) and proper_unit(parts[0], data))


# a template site's sample heading (篇一：XX实施方案, 【篇二】XX总结): the sample's title
_SAMPLE_HEAD = re.compile(r"^(?:范文)?(?:篇\s*[一二三四五六七八九十\d]{1,3}\s*[：:]|"
                          r"【\s*篇\s*[一二三四五六七八九十\d]{1,3}\s*】)\s*(?P<title>\S.{3,78})$")


# a clause that opens running text, not a title's (为…，根据…，现将…)
_TEXT_OPENING = re.compile(r"^(?:为了?|根据|按照|依据|经|现|在|对|通过|由于|随着|今年|近年|近日|目前|当前|我们|我)")


# a headline's lead before its colon (XX社区党支部专题学习会：夯实…，赋能…)
_HEADLINE_LEAD = re.compile(r"^(?P<lead>[^：:，,。；“”《》]{2,40})[：:](?P<rest>[^：:]+)$")


def comma_headline(line: str, data: LayoutData | None = None) -> bool:
    """Is ``line`` shaped as a title with a comma between two parallel clauses (“…”进
    支部，身体力行展风采——记…, XX党支部专题学习会：夯实党建根基，赋能社区发展), though as
    wide as running text: no sentence end, one comma, clauses of 4 to 20 characters after
    a lead and its colon if there is one, neither clause opening running text."""
    data = data or default_layout()
    s = line.strip()
    main = s.split("——")[0]
    lead = _HEADLINE_LEAD.match(main)
    if lead and not _TEXT_OPENING.match(lead.group("lead")):
        main = lead.group("rest")
    bare = re.sub(r"“[^”]*”|《[^》]*》", "", main)
    if display_width(s) > TITLE_MAX_WIDTH or _SENTENCE_END.search(s) or re.search(r"[，,、：:；]$", s) \
            or bare.count("，") + bare.count(",") != 1 or not title_like(s.replace("，", " ").replace(",", " "), data):
        return False
    parts = re.split(r"[，,]", main)
    return len(parts) == 2 and all(4 <= len(p.strip()) <= 20 for p in parts) \
        and not any(_TEXT_OPENING.match(p.strip()) for p in parts)


def _comma_title(lines: list[str], k: int, data: LayoutData) -> bool:
    """Is line ``k`` a comma headline (``comma_headline``) at the top of the head: the
    first line other than furniture, with body under it."""
    if not comma_headline(lines[k], data):
        return False
    if any(lines[j].strip() and not is_furniture(lines[j], data) for j in range(k)):
        return False
    # (a page's field rows may stand between: • 发布人：… / • 时间：…)
    nxt = next((ln for ln in lines[k + 1:] if ln.strip() and not is_furniture(ln, data)), "")
    return is_body(nxt, data) or is_header_line(nxt, data)


def body_start(lines: list[str], data: LayoutData | None = None, start: int = 0,
               stop: int | None = None) -> int:
    """The first body line at or after ``start`` (``stop`` when none)."""
    data = data or default_layout()
    stop = len(lines) if stop is None else stop
    for k in range(start, stop):
        s = lines[k].strip()
        if not s or is_furniture(s, data) or label_of(s):
            continue
        if _comma_title(lines, k, data):
            continue  # “…”进支部，身体力行展风采——记…: a title, not running text
        if (_colon_lead(s, data) or _tagged_upper(s, data)) and k + 1 < stop \
                and title_like(lines[k + 1], data):
            continue  # a headline's lead (【支部风采】XX党支部：) or first line over the rest
        if tagged_headline(s, data) and _header_kind(s, data) is None:
            continue  # 【团青风采】…，…: a column's headline, not running text
        if _BARE_TAG.match(s) and k + 1 < stop and (
                title_like(lines[k + 1], data) or _colon_lead(lines[k + 1], data)):
            continue  # 【支部风采】 alone over the headline: the page's column
        if _header_kind(s, data) in (DOC_NUMBER, DATE, SUBJECT, BYLINE, UNIT):
            continue
        if _ADDRESSEE.match(s) or addressee_line(s, data) or is_body(s, data) or (
                k > start and _ADDRESSEE_NO_COLON.fullmatch(s)) or \
                (is_heading(s) and k > start and not _SAMPLE_HEAD.match(s)
                 and not _LEADING_MARK.match(s)) or (
                k > start and k + 1 < stop and re.match(r"\d{1,2}(?=[\u4e00-\u9fff])", s)
                and lines[k + 1].strip().startswith(re.match(r"\d{1,2}", s).group() + ".1")):
            # (1发挥…的必要性 over 1.1…: a paper's first section, its number's dot lost)
            return k  # (【篇一】XX工作总结: a sample's head, the title below the page's)
    return stop


# a page's title tag: the document's title and, after a bar, a dash or an underscore,
# the site's name, a page number or an alternative title for search engines
# (…工作要点|…怎么写, …制度 - 某某文库网, …方案_公文写作网, …总结_第1页)
_SITE_TAIL = re.compile(r"(?<![—\-–])\s*(?:[\-–_＿]|\s[\-–]\s)\s*(?P<site>[^\-–_＿—|｜。，]{2,16}?"
                        r"(?:网|网站|文库|频道|平台|之家|吧|站|在线|门户|专题|第\s*\d{1,4}\s*页))$")
_ALT_TITLE = re.compile(r"^(?P<title>[^|｜]{6,}?)\s*[|｜]\s*(?P<alt>[^|｜。！？；]{4,40})$")
# a site's owner after the title in a page's title tag (…-XX学院, …_XX学院党委宣传部)
_UNIT_TAIL = re.compile(r"(?<![—\-–\d])\s*(?:[\-–_＿]|\s[\-–]\s)\s*(?P<site>[^\-–_＿—|｜。，,\s\d]{3,30})$")
_TABLE_PIPES = re.compile(r"^[|｜]\s*|(?:\s*[|｜])+\s*$")


def _page_line(line: str, data: LayoutData) -> str:
    """A head line without what a web page put around the title: a print view's table
    pipes (``| 标题 | |``, a line of ``|`` only), a site name or an alternative title
    after the title (``标题|另一标题``, ``标题 - 某某网``, ``标题_某某网``)."""
    s = line.strip()
    if "|" in s or "｜" in s:
        s = _TABLE_PIPES.sub("", s) if s[0] in "|｜" else s
    if not s or display_width(s) > TITLE_MAX_WIDTH or _SENTENCE_END.search(s):
        return s if s != line.strip() else line
    m = _ALT_TITLE.match(s) or _SITE_TAIL.search(s)
    if m:
        t = m.group("title") if "title" in m.groupdict() else s[:m.start()]
        t = t.strip()
        if len(t) >= 6 and title_like(t, data) and not _FIELD_LABEL.match(t):
            return t
    m = _UNIT_TAIL.search(s)
    if m and unit_name(m.group("site"), data) and proper_unit(m.group("site"), data):
        t = s[:m.start()].strip()  # 标题-XX学院, 标题_XX学院党委宣传部: the site's owner
        if len(t) >= 6 and title_like(t, data) and not _FIELD_LABEL.match(t):
            return t
    return s if s != line.strip() else line


# a preface's heading that opens the text of a collection (前言, 序言, 引言, 导言)
_PREFACE_HEAD = re.compile(r"^(?:前\s*言|序\s*言|引\s*言|导\s*言)$")


def _preface_under_title(lines: list[str], b: int, data: LayoutData) -> int:
    """Where the body starts when the head's last line is a preface heading (前言) under
    the document's own title and the unit or date that issued it (四川省高校“党建工作
    品牌” / 中共XX委员会 / 2022年6月 / 前言): the heading opens the text and the title
    above stays the title; else ``b``. A preface alone (前言 / its text) keeps 前言."""
    p = b - 1
    while p >= 0 and not lines[p].strip():
        p -= 1
    if p <= 0 or not _PREFACE_HEAD.match(lines[p].strip()):
        return b
    j, header = p - 1, 0
    while j >= 0 and (not lines[j].strip() or _header_kind(lines[j], data) in (UNIT, DATE, BYLINE)
                      or banner_unit(lines[j])):
        header += bool(lines[j].strip())
        j -= 1
    if header and j >= 0 and title_like(lines[j], data) and not label_of(lines[j]) \
            and not _STANDALONE_TITLE.match(lines[j].strip()):
        return p
    return b


# a site's section over its pages (…党建工作专栏, 学院新闻, 党建之窗): no page's title
_SECTION_END = re.compile(r"(?:专栏|栏目|频道|动态|新闻|要闻|公告|资讯|专题|快讯|之窗|园地|首页)$")


# a weak head line under a page's field row: a section's heading, not a document's
# title (具体标准 / 支部设置标准化 under …标准（试行） / 时间：… 阅读：)
_WEAK_LINES = 2
_SHORT_HEADING = 8


_LEADING_TAG = re.compile(r"^(?:范文|[\[［【][^\]］】]{1,12}(?:官网|官方网站|网站|门户)[\]］】]|(?:19|20)\d{6}\s*[:：]|《[^《》]{2,16}》\s*(?:19|20)\d{2}\s*年?\s*"
                          r"(?:第\s*\d{1,3}\s*卷)?\s*(?:第\s*\d{1,3}\s*期)?)\s*")
_COPIES_NOTE = re.compile(r"(?<=[\u4e00-\u9fff”》])\s*[（(【\[](?:精选|通用|集合|优选|推荐|热门|最新)?\s*[\d一二三四五六七八九十]{1,3}\s*篇(?:范文|精选|合集|附目录)?[）)】\]]$")
# a template site's note on its sample after the title (（范例推荐）, （通用）, （完整版）)
_TEMPLATE_NOTE = re.compile(r"\s*[（(【\[](?:范例推荐|范文推荐|精选范文|通用范文|范例|范文|完整版|最新版|"
                            r"优选|精选|通用|推荐|汇总|全文|word版|可编辑)[）)】\]]$", re.I)
# a template site's word for a sample after its title (…的表态发言范文, …总结范文大全)
_SAMPLE_END = re.compile(r"(?<=[\u4e00-\u9fff])\s*(?:范文|例文)(?:大全|精选|汇总|参考)?"
                         r"(?:\s*[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|[一二三四五六七八九十\d]{1,2})?\s*$")
# a template page's first copy numbered in words after its title (…工作总结（一）), read
# as such only under a template site's head (…范文网, 范文大全 >, 小编…)
_FIRST_COPY = re.compile(r"(?<=[\u4e00-\u9fff”》])\s*[（(]\s*一\s*[）)]$")
_TEMPLATE_HEAD = re.compile(r"范文|文库|例文|小编|\d+篇")
# a copy's number after its title on a template page (…工作总结1, …总结（集合5篇）)
_SERIES_END = re.compile(r"(?:[\u4e00-\u9fff]\d{1,2}|[（(]集合\s*\d+\s*篇[)）]|[（(]\s*\d+\s*篇[)）])\s*$")
# a collection page's count after its heading without brackets (…工作总结5篇, …年度总结三篇)
_BARE_COPIES = re.compile(r"(?<=[\u4e00-\u9fff])\s*[\d一二三四五六七八九十]{1,2}\s*篇$")
# a template page's sample numbered in brackets after its title (…领导讲话（一）：)
_SAMPLE_PAREN = re.compile(r"^(?P<title>[^。，；：]{6,40}?)\s*[（(][一二三四五六七八九十\d]{1,2}[）)]\s*[：:]?$")
# a template site's own sentence before its sample (以下是…, 下面是…, 请欣赏…, 希望…帮助)
_TEMPLATE_LEAD = re.compile(r"以下是|下面是|请欣赏|小编|整理|希望.{0,12}(?:帮助|参考)|仅供参考|欢迎阅读|一起来看")


def _author_with_unit(line: str, data: LayoutData) -> str | None:
    """The unit of an author field that gives a unit and then a person (作者：XX医院党委办公室
    孙某): the author's unit, as a byline's."""
    m = _AUTHOR_FIELD.search(line)
    unit = source_field_unit(line, data, _AUTHOR_FIELD) if m else None
    if not unit:
        return None
    rest = line[m.end():].lstrip()
    rest = rest[len(unit):] if rest.startswith(unit) else ""
    return unit if _NAME_AFTER_UNIT.match(rest) else None


_NAME_AFTER_UNIT = re.compile(r"^\s*[\u4e00-\u9fff]{2,3}(?=\s|$|阅读|浏览|点击|来源|发布|时间|日期|审核|编辑)")


# a bulletin's masthead: the unit that edits it and the issue's date (XX党支部编　2019年5月6日)
_MASTHEAD = re.compile(r"^(?P<unit>[\u4e00-\u9fff（）()]{3,30}?)\s*(?:编印|编|主办|印发|编发)\s+"
                       r"(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
                       r"[二〇○O0一三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
                       r"\s*(?:[（(](?:星期|周)[一二三四五六日天][）)])?$")
_COLLECTION_NAME = re.compile(r"(?:案例|案例汇编|案例选编|案例集|汇编|选编|文集|材料汇编)(?:[（(][^（）()]{2,10}[）)])?$")
# a citation: authors, a full stop, the title, a type mark ([J], [M], [D]…)
_CITATION_TITLE = re.compile(r"^[^.．。\[\]]{2,40}[.．]\s*(?P<title>[^.．。\[\]]{6,80}?)\s*\[[JMCDNRSZ]\]")
_ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]{0,2}\s*[：:]?$")
# a body's book of its own rules over one of them (XX医院院务管理, XX学校规章制度汇编)
_COLLECTION_OWNER = re.compile(r"^(?P<unit>\S{4,30}?)(?:院务管理|校务管理|(?:规章|管理|工作)?制度(?:汇编|选编))$")
# a template site's sample numbered after its title (…工作计划篇1)
_SAMPLE_TAIL = re.compile(r"^(?P<title>[^。，；：]{6,40}?)\s*篇\s*[\d一二三四五六七八九十]{1,2}$")
# a template site's line that names its sample (小编给大家带来了…方案，有需要的…)
_SITE_INTRO = re.compile(r"(?:小编|本站|本网)(?:为|给|帮)?(?:大家|你们|您|你)?(?:精心)?"
                         r"(?:整理|带来|分享|收集|准备|推荐|搜集)(?:了|的)*(?:一篇|一份|几篇|多篇|\d+篇)?"
                         r"(?:关于)?《?(?P<title>[^，。！,!《》]{6,60}?)》?(?:范文|模板|例文|大全)?"
                         r"(?=[，,。！!]|希望|供|欢迎|仅供)")
# a speech's title (在…上的讲话, …致辞)
_SPEECH_END = re.compile(r"(?:讲话|致辞|发言|报告|讲稿|发言稿)$")
# a template's outline printed above the document (目录/提纲：……)
_OUTLINE_HEAD = re.compile(r"^(?:目\s*录|提\s*纲|目录\s*[/／]\s*提纲)\s*[：:]?\s*[…\.]*$")
# a document's own table of contents under its title (目 录)
_OWN_TOC_HEAD = re.compile(r"^[-–•·]?\s*目\s*录$")
# a web page's list item mark before a head line (- 1.XX大学，…)
_LIST_DASH = re.compile(r"^[-–•·]\s+")
# a chapter heading (第一章 总则)
_CHAPTER = re.compile(r"^第\s*[一二三四五六七八九十\d]{1,3}\s*章(?![程节])")
# an editor's note a page sets above the title (编者按：…, 导读：…)
_EDITOR_NOTE = re.compile(r"^[【\[]?\s*(?:编者按|编者的话|编辑按|导读|导语)\s*[】\]]?\s*[：:]?")


def _title_in_head(lines: list[str], rx: re.Pattern[str], group: str, data: LayoutData) -> str | None:
    """The first ``group`` of ``rx`` matched at a head line's start that reads as a title."""
    for line in lines:
        m = rx.match(line.strip())
        if m and title_like(m.group(group), data):
            return m.group(group).strip()
    return None


def _title_under_lead(lines: list[str], data: LayoutData, start: int = 0) -> int | None:
    """A title set one or two lines below ``start``, under running text or an editor's
    note (a page's summary sentence above 2017县级公立医院改革实施方案; 编者按：… above a
    speech's title and its ——subtitle): the title's line; None when the text does not
    open so. The title is a whole one by its genre word over running text, or any title
    over its subtitle."""
    for t in (start + 1, start + 2):
        if t + 1 >= len(lines):
            return None
        s = lines[t].strip()
        below = lines[t + 1].strip()
        if title_like(s, data) and not is_heading(s) \
                and all(is_body(lines[j], data) or _EDITOR_NOTE.match(lines[j].strip())
                        for j in range(start, t) if lines[j].strip()) \
                and (_strong_title(s, data) and (is_body(below, data) or is_heading(below)
                                                 or is_header_line(below, data))
                     or below.startswith(("——", "—", "--"))
                     # the head run on into one line above it (a page's copy of the whole
                     # text before its own lines): the title, however its lines go on
                     or t == start + 1 and len(s) >= 8 and lines[start].strip().startswith(s)):
            return t
    return None


def _strong_title(s: str, data: LayoutData) -> bool:
    s = _SERIES_NO.sub("", _TITLE_MARK.sub("", s.strip()))
    return bool(data.title_end.search(_STATUS_NOTE.sub("", s)) or _GENRE_END.search(s)
                or _STATUS_NOTE.search(s) or _TITLE_UNIT_END.search(s) and len(s) >= 12)


def _page_title_over_fields(lines: list[str], title_lines: list[int],
                            data: LayoutData) -> tuple[int, list[int]] | None:
    """A web page's title over its field row (时间：… 阅读：…) when what the head walk took
    for the title is a weak line under that row, at most two such lines over the body: a
    section heading with no title word and no status note (支部设置标准化), at most half
    the page title's width; or a short one (at most eight characters: 具体标准, 组织设置
    规范) under a page title that is a whole title itself (…标准（试行）) twice as wide.
    Returns (the page title's line, the field row's lines); else None."""
    def weak(s: str) -> bool:
        return not _strong_title(s, data) or display_width(s) <= _SHORT_HEADING

    top = title_lines[0]
    lower = _join_title([lines[j] for j in title_lines])
    if not weak(lower):
        return None
    j, n_weak = top - 1, 0
    while j >= 0 and n_weak < _WEAK_LINES and (not lines[j].strip() or (
            display_width(lines[j].strip()) <= 16 and not _field_piece(lines, j, data)
            and not re.search(r"[。，,；;：:！？]", lines[j]) and weak(lines[j].strip()))):
        n_weak += bool(lines[j].strip())
        j -= 1
    if j < 0 or not _field_piece(lines, j, data):
        return None
    run = _field_run(lines, j, data)
    if not run:
        return None
    page = run[-1] - 1
    ps = lines[page].strip()
    if is_furniture(ps, data) or ps == lower or _SECTION_END.search(ps):
        return None
    if _strong_title(lower, data):  # a short heading with a title word: a strong page title only
        return (page, run) if _strong_title(ps, data) and \
            display_width(ps) >= 2 * display_width(lower) else None
    return (page, run) if _strong_title(ps, data) or \
        display_width(ps) >= 2 * display_width(lower) else None


def read_header(lines: list[str], blank_before: list[bool] | None = None,
                data: LayoutData | None = None, *, max_title_lines: int = 3) -> Header:
    """Read the head of one item (``lines``: its lines, one paragraph each;
    ``blank_before[i]``: a blank line stood before line ``i`` in the file)."""
    data = data or default_layout()
    n = len(lines)
    blank_before = blank_before or [False] * n
    if n == 0:
        return Header(body=0)
    lines = [_page_line(ln, data) if i < 12 else ln for i, ln in enumerate(lines)]
    b = _preface_under_title(lines, body_start(lines, data), data)
    if b < n and (b == 0 or _EDITOR_NOTE.match(lines[b].strip()) or all(
            not lines[j].strip() or is_furniture(lines[j], data)
            or _EDITOR_NOTE.fullmatch(lines[j].strip()) for j in range(b))):
        # (编者按： on a line of its own over the note's paragraph)
        t = _title_under_lead(lines, data, b)
        if t is not None:  # a page's summary sentence or an editor's note over the title
            b = t + 1 if t + 1 < n and is_heading(lines[t + 1].strip()) \
                else body_start(lines, data, start=t + 1)  # (its first heading: the body's)
    if b <= 2 and n > 3:
        # a template's outline of the document above it (目录/提纲：…… / 一、… / 二、… / ……)
        # and then the document's own head
        j = next((j for j in range(min(n, 2)) if _OUTLINE_HEAD.match(lines[j].strip())), None)
        if j is not None:
            k = j + 1
            while k < n and (is_heading(lines[k].strip()) or re.fullmatch(r"[…\.。]+", lines[k].strip())):
                k += 1
            if k > j + 2 and k < n:
                b = body_start(lines, data, start=k)
    if b <= 2 and n > 5:
        # a template's outline of its sections with no head of its own (一、… / （一）… /
        # 1.… / 三、…) over the document's title and its text (关于…的通知 / 各党员：)
        k = 0
        while k < min(n, 40) and _outline_line(lines[k]):
            k += 1
        if k >= 4 and k + 1 < n and title_like(lines[k], data) and _GENRE_END.search(lines[k].strip()) \
                and not is_heading(lines[k].strip()):
            b = body_start(lines, data, start=k + 1)
    toc = next((j for j in range(1, min(b, 6)) if _OWN_TOC_HEAD.match(lines[j].strip())), None)
    if toc is not None and any(_CHAPTER.match(lines[j].strip()) for j in range(toc + 1, min(n, toc + 4))):
        b = toc  # a charter's own table of contents (目录 / 序言 / 第一章 总则 …) under its title
    if b + 1 < n and _CHAPTER.match(lines[b].strip()) and title_like(lines[b + 1], data) \
            and _strong_title(lines[b + 1], data) and not is_heading(lines[b + 1].strip()) \
            and (b + 2 >= n or is_body(lines[b + 2], data) or is_heading(lines[b + 2].strip())):
        # a collection's chapter over one of its documents (第一章 党群管理制度 / 医院党委
        # 会议议事决策制度 / 为了…): a document's own chapter opens on its articles
        b = body_start(lines, data, start=b + 2)
    roles = [BODY] * n
    # walk back from the body over the header lines to the title
    file_title = None
    k = b - 1
    header_lines: list[int] = []
    below_title: list[int] = []  # a web page's source and time line under the title
    names_lines: dict[int, tuple[str, ...]] = {}  # names whose spaces were lost
    while k >= 0:
        s = lines[k].strip()
        kind = _header_kind(s, data)
        if kind is None and k == b - 1 and k >= 1 and _STATUS_NOTE.fullmatch(s) \
                and _header_kind(lines[k - 1].strip(), data) == DATE:
            # …的讲话 / （2017年5月3日上午，区委党校）/ （送审稿）: the draft's note under the
            # date of the speech, no title of its own
            below_title.append(k)
            k -= 1
            continue
        if _field_piece(lines, k, data):
            run = _field_run(lines, k, data)
            if run:
                below_title.extend(run)
                k = run[-1] - 1
                continue
        if kind != BLANK and is_furniture(s, data) and not _bulleted_byline(s, kind):
            up = _furniture_under_title(lines, k, data)
            if up is not None:  # 论文部分内容阅读, 166人看过 between the title and the body
                below_title.extend(range(up + 1, k + 1))
                k = up
                continue
        if kind is None and (any(lines[j].strip() for j in header_lines) or below_title or (
                k + 1 < n and _ABSTRACT_MARK.match(lines[k + 1].strip())) or (
                k > 0 and lines[k - 1].strip().startswith(("——", "—")) or (
                    # two reporters' names between a headline and its text (an e-paper's
                    # 徐某某 叶某某 once the space is lost)
                    k + 1 < n and is_body(lines[k + 1], data)
                    and len(glued_names(s, data) or ()) >= 2))) and \
                glued_names(s, data) and (_title_above(lines, k, data) or _head_line_above(lines, k, data)
                                          or _AFFILIATED_NAMES.fullmatch(s)):
            names_lines[k] = glued_names(s, data) or ()  # 陈卫东许丽娜 / （XX医院）
            header_lines.append(k)
            k -= 1
            continue
        if kind is None or (is_furniture(s, data) and not _bulleted_byline(s, kind)) or label_of(s):
            break  # a byline set off by a bullet (□ XX社区党委 王某) is no furniture
        header_lines.append(k)
        k -= 1
    title_end = k + 1
    title_lines: list[int] = []
    speaker_unit = affiliation = None
    while k >= 0 and len(title_lines) < max_title_lines:
        s = lines[k].strip()
        if title_lines and lines[title_lines[-1]].strip().startswith(("——", "—", "--")) \
                and _field_piece(lines, k, data):
            run = _field_run(lines, k, data)  # a title / 2011-07-12 来源：… / ——在…上的报告
            if run:
                below_title.extend(run)
                k = run[-1] - 1
                continue
        if title_lines and len(title_lines) == 1 and (
                _colon_lead(s, data) or _tagged_upper(s, data) or s.endswith(("，", ","))
                and comma_headline(s + lines[title_lines[0]].strip(), data)):
            # 【支部风采】XX党支部： / 实验室里亮身份 科研一线当先锋; a two-clause headline
            # wrapped after its comma (汽修专业部党员教师下企业， / 把车间当课堂)
            title_lines.append(k)
            k -= 1
            break
        if not title_lines and _OWN_TOC_HEAD.match(s):
            below_title.append(k)  # the title / 目录 / its entries: the contents' head
            k -= 1
            continue
        if s == "在" and title_lines and _SPEECH_END.search(
                _join_title([lines[j] for j in reversed(title_lines)])):
            title_lines.append(k)  # 在 / …开班上 / 的讲话: a speech's title wrapped short
            k -= 1
            break
        if not title_lines and _GENRE_ALONE.match(s) and k >= 1 and title_like(lines[k - 1], data):
            title_lines.append(k)  # …代表大会 / 开幕词: the kind wrapped alone, too short a title
            k -= 1
            continue
        if not title_like(s, data) or label_of(s) or banner_unit(s):
            break
        if len(title_lines) == 2 and s == lines[title_lines[0]].strip() \
                and _header_kind(lines[title_lines[1]], data) == UNIT:
            header_lines.append(title_lines[1])  # title / its unit / the title again
            title_lines = title_lines[:1]
            break
        if title_lines == [k + 1] and lines[k + 1].strip().startswith(("——", "—")) and k >= 1 \
                and _header_kind(s, data) == UNIT and title_like(lines[k - 1], data) \
                and _header_kind(lines[k - 1].strip(), data) is None and not label_of(lines[k - 1]):
            # headline / its unit / ——subtitle: the unit's line set between the two
            header_lines.append(k)
            title_lines = [k + 1, k - 1]
            k -= 2
            continue
        if title_lines == [k + 1] and _SPEECH_END.search(s):
            below = lines[k + 1].strip()
            pm = data.post_byline.fullmatch(below)
            if pm and pm.group("names") and pm.group("unit"):
                # 在…大会上的讲话 / XX董事长某某: the speaker's line under the speech's title
                # (a unit the suffixes do not know, a company's short name)
                header_lines.append(k + 1)
                names_lines[k + 1] = (pm.group("names"),)
                speaker_unit = pm.group("unit")
                title_lines = [k]
                k -= 1
                continue
            if len(below) <= 10 and any(below.endswith(p) for p in data.posts) \
                    and not _GENRE_END.search(below):
                below_title.append(k + 1)  # …的讲话 / 县委副书记: the speaker's post alone
                title_lines = [k]
                k -= 1
                continue
        if title_lines and not _joins_title(s, lines[title_lines[-1]].strip()):
            if len(title_lines) == 1 and _SPEAKER_CLAUSE.search(lines[title_lines[0]].strip()):
                title_lines = [k]  # a news headline over its subtitle: the headline
                k -= 1
                continue
            break  # a page's numbered heading, a forwarded speech's title over this one
        if title_lines:
            # a blank line between two title-like lines ends the title, unless the
            # lower one is a subtitle (——…) or continues a wrapped line: the upper
            # one stops where no title ends (…改革进程中 / 基层法院…路径选择)
            below = lines[title_lines[-1]].strip()
            if s == below or (s.endswith(below) and re.search(r"[_|｜]\s*$", s[:-len(below)])):
                break  # the same title printed twice (a page's heading over the text's,
                # also as the last part of a page title: 十八届…代表大会_XX镇第十二次代表大会)
            if blank_before[title_lines[-1]] and not below.startswith(("——", "—", "--")) \
                    and not _OPEN_END.search(s) and not _open_subject(s) and not (
                        len(below) <= 8 and _GENRE_END.search(below) and not _GENRE_END.search(s)):
                break  # …2018年度整体支出 / 绩效评价报告: the genre word wrapped alone
            if _GENRE_END.search(s) and not re.match(r"^(?:——|—|[（(]|暨|和|及|与|并)", below):
                break  # a whole title (…上的讲话) over a slogan: a page's head, not this title
            if unit_name(s, data) and (below.startswith(("中共", "中国共产党"))
                                       or _title_unit(below, data) and fuller_unit(_title_unit(below, data), s)):
                break  # a site's or a school's name over a title that names it itself
        if _ATTACHMENT_LABEL.match(s):
            break  # 附件2 over the title: the notice's numbering, no part of it
        if title_lines and _COLLECTION_NAME.search(s):
            break  # XX优秀案例汇编 over a case's title: the collection's name, a running head
        title_lines.append(k)
        k -= 1
    title_lines.reverse()
    if title_lines and not header_lines:
        over = _page_title_over_fields(lines, title_lines, data)
        if over:  # …标准（试行） / 时间：… / 具体标准 / 支部设置标准化 / 1.规范设置
            b = run_end = over[1][0] + 1
            below_title.extend(over[1])
            title_lines = [over[0]]
            k = over[0] - 1
            roles[run_end:] = [BODY] * (n - run_end)
    # a title of one line that is only a unit name with header lines below is the unit
    # line of a title-less item; keep it as the title only when nothing else is there
    label = None
    if k >= 0 and label_of(lines[k]):
        label = lines[k].strip()
        roles[k] = LABEL
    elif title_lines and label_of(lines[title_lines[0]]) and len(title_lines) > 1:
        label = lines[title_lines[0]].strip()
        roles[title_lines[0]] = LABEL
        title_lines = title_lines[1:]
    head_top = title_lines[0] if title_lines else title_end
    furniture = []
    banner = None
    doc_number = None
    for j in range(0, head_top):
        s = lines[j].strip()
        if not s or roles[j] == LABEL:
            continue
        if banner_unit(s) and banner is None:
            banner = banner_unit(s)
            roles[j] = BANNER
            continue
        owner = _COLLECTION_OWNER.match(s)
        if owner and banner is None and unit_name(owner.group("unit"), data) \
                and proper_unit(owner.group("unit"), data):
            banner = owner.group("unit")  # XX医院院务管理 over one of its rules: its owner
            roles[j] = BANNER
            continue
        no = doc_number_of(s)
        if no or _SIGNER.match(s):  # 签发人 stands beside the 文号 in the 版头
            doc_number = doc_number or no
            roles[j] = DOC_NUMBER
            continue
        if banner is None and unit_name(s, data) and proper_unit(s, data) \
                and not is_furniture(s, data) and not any(
                is_furniture(lines[x].strip(), data) for x in range(j + 1, head_top)
                if lines[x].strip()):
            # the issuing body's line above its 文号 and title; a name over a page's
            # furniture (徐州市XX医院 / 当前位置：首页 > 医院党建) is the site's
            banner = s
            roles[j] = BANNER
            continue
        roles[j] = FURNITURE
        furniture.append(j)
    if not title_lines and title_end > 0:
        sm = _SAMPLE_HEAD.match(lines[title_end - 1].strip()) or \
            _PIAN_TITLE.match(lines[title_end - 1].strip())
        if sm and title_like(sm.group("title"), data):
            file_title = sm.group("title").strip()  # 篇一：XX村党支部…实施方案
    if not title_lines and not file_title:
        # a breadcrumb that ends in the document's title (首页 > 党建工作 > XX的情况报告)
        # over the text run on from it (1XX的情况报告按照…): the title is the crumb
        first = re.sub(r"^\d{1,3}[、.．]?", "", lines[b].strip()) if b < n else ""
        for j in range(b):
            crumbs = re.split(r"\s*[>＞›»]\s*", lines[j].strip())
            last = crumbs[-1].strip() if len(crumbs) >= 2 else ""
            if len(last) >= 8 and title_like(last, data) and (
                    first.startswith(last) or _GENRE_END.search(last)):
                file_title = last
    if not title_lines and not file_title:
        # a page's field that holds the title (标题：…, 名 称：…) when no line gives it
        for j in range(0, head_top):
            fm = _TABLE_TITLE_FIELD.search(lines[j]) if re.search(r"[|｜]", lines[j]) \
                else _TITLE_FIELD.match(lines[j].strip())
            if fm and title_like(fm.group("title"), data):
                file_title = fm.group("title").strip()
                break
    if not title_lines and not file_title:
        # a journal database's citation of the article in its head (某某，某某.XX的强化[J].
        # 某某学报，2017，19(5)：533-538.): its title when no line gives one
        file_title = _title_in_head(lines[:head_top], _CITATION_TITLE, "title", data)
    if not title_lines and not file_title:
        # a sharing site shows the document's file name (…的通知.doc 免费下载) above its
        # furniture: that name is the title when nothing else is
        file_title = _title_in_head(lines[:head_top], _FILE_NAME, "name", data)
    if not title_lines and not file_title:
        # a template site's page whose walk stopped short of its heading (a numbered copy
        # …总结1, the site's intro paragraph between the heading and the text): the first
        # line of the head that is a whole title by its genre word
        # (a template site's …表态发言范文: the title without 范文)
        heads = [_COPIES_NOTE.sub("", _SAMPLE_END.sub("", _CATEGORY_TAIL.sub("", lines[j].strip())))
                 for j in range(head_top)]
        heads = [h2 if (h2 := _BARE_COPIES.sub("", h)) != h and _GENRE_END.search(h2) else h
                 for h in heads]  # (2023社区党建工作总结5篇: the heading without its count)
        at = next((j for j, h in enumerate(heads) if h and title_like(h, data)
                   and not _SERIES_END.search(h) and _strong_title(h, data)), None)
        file_title = heads[at] if at is not None else None
        if at is not None:
            # an author's affiliation between that title and the body, past the page's
            # furniture the walk stopped at (a journal database's record: 作者信息 /
            # - 1.XX大学，山西太原030027 / 折叠 / 摘要)
            affiliation = next((_unit_text(lines[j], data) for j in range(at + 1, b)
                                if _header_kind(lines[j], data) == UNIT
                                and _AFFILIATION.match(_LIST_DASH.sub("", lines[j].strip()))), None)
    if not title_lines and not file_title:
        # a template site's sample numbered after its title (2024街道团委工作计划篇1)
        for j in range(min(b, 8)):
            sm = _SAMPLE_TAIL.match(lines[j].strip())
            if sm and title_like(sm.group("title"), data) and _strong_title(sm.group("title"), data):
                file_title = sm.group("title").strip()
                break
    if not title_lines and not file_title:
        # a template page whose own sentence opens the text (忙碌的工作就快来了…以下是…) over
        # its first sample's heading (XX工作计划篇1, XX领导讲话（一）：): that heading's
        # title, the text after it
        for j in range(min(n, b + 4)):
            s = lines[j].strip()
            sm = _SAMPLE_TAIL.match(s) or _SAMPLE_PAREN.match(s)
            if sm and title_like(sm.group("title"), data) and _strong_title(sm.group("title"), data) \
                    and any(_TEMPLATE_LEAD.search(lines[i]) for i in range(j)) \
                    and not any(is_heading(lines[i].strip()) for i in range(b, j)):
                file_title = sm.group("title").strip()
                if j >= b:
                    roles[b:j + 1] = [FURNITURE] * (j + 1 - b)
                    b = j + 1
                break
    if not title_lines and not file_title:
        # a template site's line that names the sample it brings (今天小编给大家带来了
        # XX实施方案，有需要的…): the title, the line the site's
        for j in range(min(b + 1, n, 4)):
            im = _SITE_INTRO.search(lines[j].strip())
            if im and title_like(im.group("title"), data) and _strong_title(im.group("title"), data):
                file_title = im.group("title")
                if j == b:
                    b = body_start(lines, data, start=b + 1)
                    roles[j] = FURNITURE
                    roles[b:] = [BODY] * (n - b)
                break
    for j in below_title:
        if lines[j].strip():
            roles[j] = FURNITURE
            furniture.append(j)
    furniture.sort()
    for j in title_lines:
        roles[j] = TITLE
    title = _join_title([lines[j] for j in title_lines]) if title_lines else file_title
    if title:
        # …实施方案 某某党发〔2017〕33号: the 文号 set after the title on its line
        cut = next((k for k in range(6, len(title) - 6)
                    if _DOC_NUMBER_ANY.fullmatch(title[k:].strip())
                    and (title[k].isspace() or _GENRE_END.search(title[:k]))), None)
        if cut is not None:
            doc_number = doc_number or doc_number_of(title[cut:])
            title = title[:cut].rstrip()
        title = _clean_title(title, [lines[j] for j in range(b) if j not in title_lines])
    unit = unit_src = None
    authors: tuple[str, ...] = ()
    date = date_src = None
    if title:  # ——在…大会上的讲话（2011年6月30日）: the date it was given
        date = split_paren_date(title, data)[1] or subtitle_date(title, data)
        date_src = "header" if date else None
    if banner:
        unit, unit_src = banner, "banner"
    if title and not unit:
        tu = title_unit(title, data)
        if tu:
            unit, unit_src = tu, "title"
    for j in sorted(header_lines):
        s = lines[j].strip()
        kind = _header_kind(s, data)
        roles[j] = {BLANK: BLANK}.get(kind, kind or BODY)
        if j in names_lines:
            roles[j] = BYLINE
            authors = authors or names_lines[j]
            continue
        if kind in (UNIT, BYLINE, DOC_NUMBER):
            s, pdate = split_paren_date(s, data)
            if pdate and not date:
                date, date_src = pdate, "header"
        if kind == DOC_NUMBER:
            doc_number = doc_number or doc_number_of(s)
        elif kind == DATE and j > 0 and re.search(r"(?:时间|日期)[：:]$", lines[j - 1].strip()):
            roles[j] = FURNITURE  # 发布时间： / 2019-04-02: a web page's upload date
        elif kind == DATE:
            when = find_dates(s, data)[0].iso if _when_and_where(s, data) else None
            date, date_src = date or date_of_line(s, data) or when, date_src or "header"
            nu = note_unit(s, data)
            if nu and not unit:
                unit, unit_src = nu, "header"
        elif kind == UNIT and (not unit or unit_src == "title" and (
                fuller_unit(_unit_text(s, data), unit) or _unit_text(s, data) != s)):
            # an author's affiliation (XX学院 河南新乡 453003) is the article's unit
            unit, unit_src = first_of_joint(_unit_text(s, data), data), "header"
        elif kind == BYLINE:
            if _NUMBERED_AUTHORS.match(s):
                s = re.sub(r"\s*\d(?:[,，]\d)*\*?", "", s)  # 张某某1, 李某2: the names
            s = re.sub(r"^[—–-]{1,2}\s*", "", s)  # ——罗某某: the speaker under the title
            bu, ba = byline_of(s, data) or (None, tuple(re.split(r"[\s、，,]+", s)))
            if bu and proper_unit(bu, data) and (not unit or unit_src == "title" and fuller_unit(bu, unit)):
                # 镇党委书记 names no unit; a speaker's 石桥街道党工委书记 names the body of the
                # 石桥街道 whose meeting the title names
                unit, unit_src = bu, "byline"
                su = subtitle_unit(title, data) if title else None
                if su and signs_more_fully(su, bu):  # ——XX学院机械工程系…案例 / 机械工程系党总支
                    unit, unit_src = su, "subtitle"
            authors = authors or ba
    if not unit and (speaker_unit or affiliation):
        unit, unit_src = speaker_unit or affiliation, "byline"
    if not date:
        # a web page's field block giving the document's own date (成文日期：…), not its
        # upload date (发布日期：…)
        date = next((d for j in range(b) if (d := issue_field_date(
            lines[j], data, next((x for x in lines[j + 1:j + 3] if x.strip()), "")))), None)
        date_src = "header" if date else None
    if not date and b < n:
        # a news report's lead opening with the full date (本报讯（记者 某某）2019年5月20日，…);
        # a lead without 讯 whose subject is a unit (2023年6月28日，XX村党支部在…); a speech's
        # date glued to its opening address (（2015年8月）同志们：…)
        date = news_lead_date(lines[b], data) or salutation_date(lines[b], data) or (
            dated_lead(lines[b], data) if not (title and _GENRE_END.search(title)) else None)
        # (a plan, notice or summary opening with the day of a meeting it cites is not
        # dated by it: only a report's lead, its title no genre word)
        date_src = "header" if date else None
    if not unit:
        # an author's unit in a web page's field row under the title (作者：…单位：XX科),
        # or above it in an account's head (作者：某某（作者单位：XX工委）)
        au = next((u for j in [*below_title, *furniture]
                   if (u := source_field_unit(lines[j], data, _UNIT_FIELD)
                       or _author_with_unit(lines[j], data))), None)
        if au:
            unit, unit_src = au, "byline"
    masthead = next((m for j in furniture if (m := _MASTHEAD.match(lines[j].strip()) or (
        j + 1 < head_top and _MASTHEAD.match(lines[j].strip() + " " + lines[j + 1].strip())))), None)
    if masthead:
        # a bulletin's masthead over the article (XX党支部编　2019年5月6日（星期一）): the
        # issue's unit and date, before what the body names
        if not unit or unit_src not in ("banner", "header", "byline"):
            if unit_name(masthead.group("unit"), data) and proper_unit(masthead.group("unit"), data):
                unit, unit_src = masthead.group("unit"), "header"
        if not date:
            date, date_src = date_of_line(masthead.group("date"), data), "header"
    source_unit = next((u for j in furniture if (u := source_field_unit(
        lines[j] + (lines[j + 1] if _LABEL_ALONE.match(lines[j].strip()) and j + 1 < n else ""),
        data))), None) or next((u for j in [*below_title, *furniture] if (
            u := source_field_unit(lines[j], data, _AUTHOR_FIELD))), None)
    # a name relative to the site's own unit (来源：校团委, 作者：院团委), for a page that
    # names no unit in full
    relative_source = None if source_unit else next((
        u for j in [*below_title, *furniture] for lab in (_SOURCE_FIELD, _AUTHOR_FIELD)
        if (u := source_field_unit(lines[j], data, lab, relative=True))), None)
    page_date = next((d for j in range(b) if (d := page_date_of(
        lines[j], lines[j + 1] if j + 1 < b else "", data))), None)
    if page_date and any(p.search(lines[j]) for j in range(min(n, b + 1)) for p in data.sharing_marks):
        # (the sharing site's note may open the text: 导语：…一文来源于网友上传)
        # a document-sharing or template site's date is when someone uploaded a copy,
        # not when the document was made public (LABELING.md, date)
        page_date = None
    return Header(title=title, title_span=(title_lines[0], title_lines[-1] + 1) if title_lines
                  else None, label=label, unit=unit, unit_source=unit_src, authors=authors,
                  date=date, date_source=date_src, doc_number=doc_number,
                  furniture=tuple(furniture), body=b, roles=tuple(roles),
                  source_unit=source_unit, relative_source=relative_source, page_date=page_date)


# the opening of a news report's lead: 本报讯（记者 某某）, 本网讯, XX日报讯：
_LEAD_OPENING = re.compile(r"^[^，。！？：:（()）]{0,16}讯\s*(?:[（(][^（）()]{0,60}[）)])?\s*[：:]?\s*")


def news_lead_date(line: str, data: LayoutData | None = None) -> str | None:
    """The date a news report's lead opens with, when it gives the year
    (``本报讯（通讯员 某某）2019年5月20日，…`` -> ``2019-05-20``); a lead's day without
    its year (``5月20日一早，…``) is no date of the document."""
    m = _LEAD_OPENING.match(line.strip())
    if not m:
        return None
    rest = line.strip()[m.end():]
    ds = find_dates(rest[:24], data)
    if not ds or ds[0].start != 0 or len(ds[0].iso) != 10:
        return None
    return ds[0].iso



_LEAD_DAY_REST = re.compile(r"^(?:[上中下]午|晚上?|一早|凌晨)?\s*[，,]")


def dated_lead(line: str, data: LayoutData | None = None) -> str | None:
    """The date of a report's lead without a 讯 that opens with the full date and then
    names the unit that did what it tells (``2023年6月28日，XX村党支部在村委会议室…``);
    a lead whose subject is no unit (``…，由XX组织的…``, ``…，我校…``) gives none."""
    data = data or default_layout()
    s = line.strip()
    ds = find_dates(s[:24], data)
    if not ds or ds[0].start != 0 or len(ds[0].iso) != 10:
        return None
    m = _LEAD_DAY_REST.match(s[ds[0].end:])
    if not m:
        return None
    at = ds[0].end + m.end()
    own = _OWN_BRANCH.match(s, at)
    if own:  # 我院外科第二党支部与…: a branch of the unit whose page tells it
        at = own.end()
    return ds[0].iso if _clause_unit(s, at, data) else None


# the unit's own 我院 / 我校 before the name of one of its branches in a lead
_OWN_BRANCH = re.compile(r"\s*我[院校局委厅司所站部](?=[一-鿿]{2,}?(?:支部|总支|党委|科|处|系|室|中心|团委|工会))")


_SALUTED = re.compile(r"^\s*(?:尊敬的|各位|同志们|亲爱的|老师们|同学们|女士们|朋友们)")


def salutation_date(line: str, data: LayoutData | None = None) -> str | None:
    """A speech's own date glued to its opening address (``（2006年9月）同志们：…``,
    ``2017年4月12日　同志们：``), a month alone as printed."""
    s = line.strip()
    m = re.match(r"^[（(]?\s*", s)
    rest = s[m.end():]
    ds = find_dates(rest[:20], data)
    if not ds or ds[0].start != 0:
        return None
    after = re.sub(r"^\s*[）)]?", "", rest[ds[0].end:])
    return ds[0].iso if _SALUTED.match(after) else None


# a web page's date field: 时间：2011-12-7, 日期：…, 【发布日期：…】, 来源：… 发布时间：…; not
# a document's own date field (成文日期：…, issue_field_date)
_PAGE_DATE_FIELD = re.compile(r"(?:发布|更新|上传|发表|录入|编辑|添加|提交|刊发|推送|信息|文章)?"
                              r"(?<!成文)(?<!印发)(?<!发文)(?<!签发)(?:日期|时间)\s*(?:[\]］】]?\s*[：:]|[|｜])\s*")
# a page's field row naming its source or author ([来源]:…, 来源:XX 作者:某某…), whose stamp
# with a clock time (2017-01-18 11:10:31) is the page's, wherever in the row it stands
_SOURCE_ROW = re.compile(r"(?:来源|作者|编辑|责编|发布者|发布人|稿源|供稿)\s*[\]］】]?\s*[：:]")
_CLOCK = re.compile(r"^\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?!\d)")
# a server's stamp in English (Mon May 27 09:12:56 CST 2019)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EN_STAMP = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(?P<mon>" + "|".join(_MONTHS) +
                       r")\s+(?P<day>\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?:[A-Z]{2,5}\s+)?(?P<year>(?:19|20)\d{2})\b")


def _stamp_in_row(s: str, data: LayoutData | None) -> str | None:
    """The page's date in a field row (``_SOURCE_ROW`` or a date field): a date with a
    clock time after it, or a server's stamp in English."""
    if not (_SOURCE_ROW.search(s) or _PAGE_DATE_FIELD.search(s)):
        return None
    for d in find_dates(s, data):
        if _CLOCK.match(s[d.end:]):
            return d.iso
    m = _EN_STAMP.search(s)
    if m:
        return f"{m.group('year')}-{_MONTHS.index(m.group('mon')) + 1:02d}-{int(m.group('day')):02d}"
    return None


def page_date_of(line: str, next_line: str = "", data: LayoutData | None = None) -> str | None:
    """The date a web page's field gives (``时间：2011-12-7``, ``【发布日期：2012-03-15】``,
    ``来源：XX中学 时间：2012-3-5``; a label alone with the date on the next line): when
    the page put the copy up, not when the document was made. Used for an item's date
    only when the document has none of its own."""
    s = line.strip()
    for m in _PAGE_DATE_FIELD.finditer(s):
        rest = s[m.end():].lstrip("|｜ ")  # (a disclosure table's cell: 发布日期：| 2023-11-07)
        if not rest.strip() and m.start() == 0:
            d = date_of_line(next_line, data) if next_line.strip() else None
            if d:
                return d
            continue
        ds = find_dates(rest, data)
        if ds and ds[0].start == 0:
            return ds[0].iso
        glued = _PADDED_DATE.match(rest)
        if glued:  # 日期:2023-12-221225: the page's count run on once spaces are lost
            ds = find_dates(glued.group(), data)
            if ds and ds[0].start == 0 and ds[0].end == len(glued.group()):
                return ds[0].iso
    short = _SHORT_YEAR_STAMP.match(s)
    if short:  # 21-04-03 16:32 来源：…: a portal's stamp with a two-digit year
        return f"20{short.group('y')}-{short.group('m')}-{short.group('d')}"
    ds = find_dates(s[:60], data)
    if ds and _STAMP_REST.match(s[ds[0].end:]) and (ds[0].start == 0 or unit_name(
            s[:ds[0].start].strip(), data) or _ACCOUNT_STAMP.match(s)):
        # 2019-06-12 15:20 阅读(236) 来源:… / 2013-10-11 14:22:36 / the publishing unit
        # before the stamp (XX县人民医院　2023-07-03 08:30)
        return ds[0].iso
    return _stamp_in_row(s, data)  # 来源:县总工会 2021-05-21 11:01 / …作者:某某2017-01-18 11:10


# a portal's stamp with a two-digit year and a clock (21-04-03 16:32)
_SHORT_YEAR_STAMP = re.compile(r"^(?P<y>[0-2]\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\s*\d{1,2}[:：]\d{2}(?!\d)")


# an account's name, its post's date and time and nothing else but where it posted from
# or the page's font switch (“机关党建研究”微信公众号 2023-03-02 07:50, 某某发布
# 2021-07-08 08:30 发表于湖南, 某某日报 2017-05-24 07:15 大字)
_ACCOUNT_STAMP = re.compile(r"^[“”\"\u4e00-\u9fff]{2,30}\s*(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\s*"
                            r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?\s*(?:发表于\S{1,8}|大字|小字|[大中小](?:\s*[大中小]){0,2})?$")


# a page field's date written with two-digit months and days (2023-12-22), whose end is
# certain though digits run on after it
_PADDED_DATE = re.compile(r"\s*(?:19|20)\d{2}-[01]\d-[0-3]\d(?=\d)")


# what follows a web page's bare date stamp under the title: a clock time, or the page's
# fields (阅读、来源、作者…): a page's stamp, not a document's date line
_STAMP_REST = re.compile(r"^\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?!\d)|[■□◆◇●○/｜|\s]+$|"
                         r"(?=\s*(?:阅读|来源|作者|点击|浏览|编辑|发布|人气|访问)))")


# the field of a web page's block that gives the date a document was made or issued
# (a repost's 原文发布：… is when the document itself was first published)
_ISSUE_FIELD = re.compile(r"(?:(?:成文|印发|发文|签发)(?:日期|时间)|原文(?:发布|发表)(?:日期|时间)?)\s*[：:|｜]\s*")


def issue_field_date(line: str, data: LayoutData | None = None, next_line: str = "") -> str | None:
    """The date of a field ``成文日期：2012-03-15`` (``印发日期``, ``发文时间``) in a line, or
    on ``next_line`` when the label ends its line (a page's field block: ``• 成文日期：`` /
    ``2021年02月26日 16:40``)."""
    m = _ISSUE_FIELD.search(line)
    if not m:
        return None
    rest = line[m.end():]
    if not rest.strip():
        rest = next_line.strip()
    ds = find_dates(rest, data)
    return ds[0].iso if ds and ds[0].start == 0 else None


# a disclosure table's title cell (名称：| XX工作总结 | 文号：)
_TABLE_TITLE_FIELD = re.compile(r"(?:名\s*称|标\s*题|题\s*名)\s*(?:[：:]\s*[|｜]?|[|｜])\s*(?P<title>[^|｜：:]{4,78}?)"
                                r"\s*(?:[|｜]|文\s*号\s*[：:]|$)")
_TITLE_FIELD = re.compile(r"^[-–—·•*]?\s*(?:标\s*题|名\s*称|题\s*名|文章标题|信息名称)\s*[：:]\s*(?P<title>\S.{4,78})$")
_FILE_NAME = re.compile(r"^(?P<name>[^。！？/\\]{6,80}?)\.(?:docx?|pdf|wps|txt)(?![a-z])", re.I)
_SOURCE_FIELD = re.compile(r"(?:信息|稿件|文章)?(?:来源|供稿单位|供稿)\s*[：:]\s*|"
                           r"(?:发布机构|发文机关|发文单位|发布单位|公开主体|发布主体)\s*[：:]\s*[|｜]?\s*")  # (a disclosure table's)


_UNIT_FIELD = re.compile(r"(?:作者)?单\s*位\s*[：:]\s*")
# an author field that names a unit, not a person (作者：中恒化工集团团委): who posted the
# page, the last resort like the source field (the report may be about another unit)
_AUTHOR_FIELD = re.compile(r"(?:作\s*者|发\s*布\s*者)\s*[：:]\s*")


def source_field_unit(line: str, data: LayoutData | None = None,
                      label: re.Pattern[str] = _SOURCE_FIELD, *, relative: bool = False) -> str | None:
    """The unit a web page's source field names (``作者：张丽 来源：XX小学 时间：…``; the
    spaces between fields may be lost): the longest unit name after ``来源：`` (or
    after another ``label``); with ``relative``, a name relative to the site's unit
    (作者：校团委) as well."""
    data = data or default_layout()
    for m in label.finditer(line):  # 作者：某某 单位：XX科: the field that names a unit
        rest = line[m.end():m.end() + 40]
        for k in range(len(rest), 2, -1):
            piece = rest[:k].strip()
            if unit_name(piece, data) and (proper_unit(piece, data) and k > 3
                                           or relative and relative_unit(piece, data)):
                return piece
    return None


_TITLE_UNIT = re.compile(r"^(?P<unit>(?:中共|中国共产党)?[\u4e00-\u9fff" + ANON + r"（）()]{2,36}?)"
                         r"(?=关于|印发|转发|深入开展|开展|推进|进一步|全面|在全|2\d{3}年|二[〇○O0]|"
                         r"创先争优|党建|\d{4}|[“《「]|实施|贯彻|落实|加强|建立|推行|创建)")


_TITLE_UNIT_END = re.compile(r"(?=关于|印发|转发|深入开展|开展|推进|进一步|全面|在全|2\d{3}年|二[〇○O0]|"
                             r"创先争优|党建|\d{4}|[“《「]|实施|贯彻|落实|加强|建立|推行|创建)")


# function characters no unit's name holds (中等专业学校 holds 等; 校长在学校 is a post and
# the place it speaks in)
_NEVER_IN_NAMES = set("的在是")


_SUBTITLE_DATED = re.compile(r"——\s*(?P<rest>.{6,20}?)\s*在")


def subtitle_date(title: str, data: LayoutData | None = None) -> str | None:
    """The date a speech's subtitle opens with (``…——2015年3月8日在XX会议上的讲话``):
    the day it was given; a year or month alone, or a date elsewhere in the title, is
    none."""
    m = _SUBTITLE_DATED.search(title)
    if not m:
        return None
    ds = find_dates(m.group("rest"), data)
    if len(ds) != 1 or ds[0].start != 0 or ds[0].end != len(m.group("rest")):
        return None
    return ds[0].iso


# a title's kind of branch (XX学院学生党支部规范化建设标准, …教工党支部工作细则): a system
# for all the unit's branches of that kind, the unit's, not one branch's
_BRANCH_KIND = re.compile(r"(?:学生|教工|教师|研究生|本科生|离退休|退休|在职|流动|农民工)"
                          r"(?:党支部|党总支|支部|总支|党小组)$")
_SYSTEM_OPENING = re.compile(r"^(?:规范化|标准化|建设标准|工作标准|考核|管理|工作细则|工作制度|"
                             r"工作规则|工作办法|工作条例|组织生活)")


def title_unit(title: str, data: LayoutData | None = None) -> str | None:
    """The unit a title opens with; a kind of branch before a system's words is the
    unit's that has such branches (``XX学院学生党支部规范化建设标准`` -> ``XX学院``)."""
    data = data or default_layout()
    u = _title_unit(title, data)
    if u and re.match(r"^[xX×*＊\d]{2,4}年", u):
        return None  # xxxx年局工会…总结: a year left blank, no unit's name
    if u and title.strip().startswith(u) and _SYSTEM_OPENING.match(title.strip()[len(u):]):
        kind = _BRANCH_KIND.search(u)
        if kind and unit_name(u[:kind.start()], data) and proper_unit(u[:kind.start()], data):
            return u[:kind.start()]
    return u


def _title_unit(title: str, data: LayoutData | None = None) -> str | None:
    """The unit a title opens with (``中共XX县委教育工委关于…的通知`` -> the 工委;
    ``XX中学党支部2012年工作总结`` -> the 党支部); ``在XX医院…大会上的讲话`` -> the
    unit whose meeting it is."""
    data = data or default_layout()
    title = title.strip()
    year = _LEADING_YEAR.match(title)
    if year and len(title) - year.end() >= 8:
        # 2023年XX中学党支部工作总结: the year the title opens with, then its unit
        u = _title_unit(title[year.end():], data)
        return None if u and re.search(r"计划|总结|方案|要点|报告|通知|意见|制度", u) else u
    note = _TITLE_UNIT_NOTE.search(title)
    if note and unit_name(note.group("unit"), data) and proper_unit(note.group("unit"), data) \
            and not _STATUS_NOTE.search(title) \
            and not note.group("unit").startswith(("各", "全", "第")):
        return note.group("unit")  # …实施方案（区林业局）: the unit the title is of
    tag = _UNIT_TAG.match(title)
    if tag and unit_name(tag.group("unit"), data):
        # [XX分局]党支部开展…: a news site's tag with the unit, its branch after it
        return title_unit(tag.group("unit") + title[tag.end():], data)
    slogan = _SLOGAN_HEAD.match(title)
    if slogan and not _longest_unit_prefix(title, data):
        # 携手共建，XX党支部参加…: a slogan, then the unit the headline is about
        return _longest_unit_prefix(title[slogan.end():], data, at_stop=True)
    lead = re.match(r"^(?P<unit>[\u4e00-\u9fff]{3,20})[：:]\s*\S", title)
    if lead and unit_name(lead.group("unit"), data) and proper_unit(lead.group("unit"), data) \
            and not _UNIT_STOP.search(lead.group("unit")) and not _DIVISION_END.search(lead.group("unit")):
        # 共同村：强化党建引领…: a headline led by its unit (a town or a county before the
        # colon is a place: its committee or government the report names is the unit)
        return lead.group("unit")
    if title.startswith("在"):
        return _longest_unit_prefix(title[1:], data)
    if title[:1] in _NOT_UNIT_START:
        return None
    for m in _TITLE_UNIT_END.finditer(title[:40]):
        u = title[:m.start()]
        if title.startswith("关于", m.start()) and 3 <= len(u) <= 12 and unit_name(u, data) \
                and re.fullmatch(r"[\u4e00-\u9fff]+", u) and not _UNIT_STOP.search(u) \
                and not proper_unit(u, data):
            return u  # 教育体育局关于…: the issuing body before 关于, its place left off
        if len(u) >= 4 and unit_name(u, data) and re.fullmatch(rf"[{_NAME_CHARS}]+", u) \
                and not _UNIT_STOP.search(u) and proper_unit(u, data) and not any(
                    c in _NEVER_IN_NAMES for c in u):
            # 中共XX县委办公室XX县人民政府办公室关于…; a speaker's post before 在 (校长在
            # 学校…动员会上的讲话) names no unit
            h = _without_honour(u, title, data)
            return h if h != u else first_of_joint(u, data)
    u = _longest_unit_prefix(title, data)
    if u and title[len(u):len(u) + 1] in "，,、；;":
        return None  # one half of a slogan (红歌嘹亮进社区，创先争优促和谐)
    if not u or len(title) - len(u) < 4:
        return None
    h = _without_honour(u, title, data)
    return h if h != u else first_of_joint(u, data)


_LEADING_YEAR = re.compile(r"^(?:19|20)\d{2}(?:\s*[-—至~]\s*(?:19|20)?\d{2})?\s*(?:年度|年|学年)\s*(?!度)")
# a unit in parentheses closing a title (…互联共建实施方案（区林业局）); a news site's tag
# with a unit opening one ([XX公路分局]党支部…, 【XX社区】…); a short slogan before a
# comma or a space opening a headline (携手共建，XX党支部参加…, 亮牌服务群众“点单” XX局…)
_TITLE_UNIT_NOTE = re.compile(r"[（(](?P<unit>[\u4e00-\u9fff]{3,24})[）)]$")
_UNIT_TAG = re.compile(r"^[\[［【](?P<unit>[\u4e00-\u9fff]{3,20})[\]］】]\s*")
_SLOGAN_HEAD = re.compile(r"^(?:[\u4e00-\u9fff]{2,8}[，,]|[^，,。；\s]{2,16}\s)\s*")


# an honour a unit is working for, named before its kind in a …创建 topic (桃园文明社区
# 创建总结: the 桃园社区 creating a 文明社区)
_HONOUR = re.compile(r"(?:文明|先进|示范|五好|模范|标准化|星级|五星级?|和谐|平安|优秀|样板)"
                     r"(?P<kind>(?:(?!文明|先进|示范|五好|模范|星级|和谐|平安|优秀|样板)[\u4e00-\u9fff]){1,3})$")


def _without_honour(u: str, title: str, data: LayoutData) -> str:
    """A title's unit prefix without the honour it is being created as (``XX文明社区``
    before ``创建…`` -> ``XX社区``; ``XX村五好村`` -> ``XX村``)."""
    m = _HONOUR.search(u)
    if not m or not title[len(u):].startswith("创建") or not data.ends_in_unit(u):
        return u
    before, kind = u[:m.start()], m.group("kind")
    end = data.unit_end.search(before) if data.ends_in_unit(before) else None
    if end and (len(end.group()) >= 2 or kind.endswith(end.group())) and unit_name(before, data):
        return before  # XX村五好村, XX小学先进学校: the unit is named before the honour
    whole = before + kind
    return whole if len(before) >= 2 and data.ends_in_unit(whole) else u


_PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党)")
_PARTY_SUFFIX = re.compile(r"(?:总支部委员会|支部委员会|委员会|党工委|党总支|党支部|党委|党组|总支|支部)$")


def unit_core(name: str) -> str:
    """A unit's name without its party prefix and suffixes (``中共XX学院委员会``,
    ``XX学院党委`` -> ``XX学院``)."""
    core = _PARTY_PREFIX.sub("", name.strip())
    while True:
        cut = _PARTY_SUFFIX.sub("", core)
        if cut == core or len(cut) < 3:
            return core
        core = cut


def fuller_unit(full: str, short: str) -> bool:
    """Does ``full`` name the same unit as ``short`` more fully: the party body that
    signs for it (``中共XX学院委员会`` for ``XX学院``), its branch (``XX中学党支部`` for
    ``XX中学``), its name with the place (``中共大同市…文兴社区委员会`` for ``文兴社区党委``)?"""
    full, short = full.strip(), short.strip()
    if not full or not short or full == short or len(full) <= len(unit_core(short)):
        return False
    core = unit_core(short)
    return len(core) >= 3 and core in full


def signs_more_fully(signature: str, unit: str) -> bool:
    """Does a signature name the unit a title (or the body) named more fully: the same
    name with its branch or department after it (``XX中学`` signed ``XX中学党支部``), with
    more of its place before it (``文兴社区党委`` signed ``中共大同市…文兴社区委员会``), or as
    the party body's formal name (``XX中学`` or ``XX中学党支部`` signed ``中共XX中学支部委员会``,
    ``XX公司党委`` signed ``中共XX公司委员会``): the body that signs is the document's unit
    (corpora/understanding/LABELING.md, "unit")."""
    sig, unit = signature.strip(), unit.strip()
    if not sig or not unit or sig == unit:
        return False
    if unit in sig and not _PARTY_PREFIX.match(sig):
        return True
    if formal_party_name(sig, unit):
        return True
    core, sig_core = unit_core(unit), unit_core(sig)
    return len(core) >= 3 and core in sig_core and len(sig_core) > len(core)


def formal_party_name(signature: str, unit: str) -> bool:
    """Is ``signature`` the party body's formal name for ``unit`` (``中共XX公司委员会`` for
    ``XX公司党委`` or ``XX公司``, ``中共XX局党组`` for ``XX局``)?"""
    sig, unit = signature.strip(), unit.strip()
    core, sig_core = unit_core(unit), unit_core(sig)
    # the same name, or with its place before it (柏林路中学 / 中共江州市柏林路中学支部委员会)
    return (len(core) >= 3 and sig != unit and sig_core.endswith(core)
            and bool(_PARTY_PREFIX.match(sig)) and not _PARTY_PREFIX.match(unit))


# --- the tail: signature ------------------------------------------------------------

@dataclass(frozen=True)
class Tail:
    unit: str | None
    authors: tuple[str, ...]
    date: str | None
    line: int          # first line of the signature block (relative)
    colophon_date: str | None = None
    colophon_unit: str | None = None  # the unit a colophon names (XX委员会编印, XX办公室 编)


def _tail_unit(line: str, data: LayoutData) -> str | None:
    """A unit name run onto the end of a longer line (text that lost its line breaks):
    one that opens with 中共/共青团, else one that follows a punctuation mark."""
    for opening in (True, False):
        for k in range(0, max(0, len(line) - 3)):
            piece = line[k:]
            if len(piece) > 40:
                continue
            if opening:
                ok = piece.startswith(("中共", "中国共产党", "共青团"))
            else:
                ok = k > 0 and line[k - 1] in "，。；：、 "
            if ok and unit_name(piece, data):
                return piece
    return None


_ATTACHMENTS = re.compile(r"^附\s*件\s*\d*\s*[：:]")
_LIST_ENTRY = re.compile(r"^\d{1,2}\s*[.．、]")
_RELATED_HEAD = re.compile(r"^(?:相关|热门|推荐|延伸|猜你|您可能|你可能|更多|上一篇|下一篇|阅读全文|"
                           r"剩余内容|下载完整|本文档由|本文由)")


# a seal note after a signature's unit (XX中学党支部（盖章）) and the labels of a form's
# signature fields (报送单位：…, 报送时间：…)
_SEAL = re.compile(r"\s*[（(](?:盖章|公章|章|签章|印章|签字|签名|签字盖章)[）)]")
_TAIL_LABEL = re.compile(r"^(?:(?:报送|填报|申报|推荐)?单位(?:名称)?|(?:报送|填报|成文|落款|签发|印发|发文)?(?:时间|日期))"
                         r"\s*[：:]\s*")


# the closing formula of a letter or notice above its signature (特此通知, 此致)
_CLOSING = re.compile(r"^(?:特此|此致|敬礼|妥否|当否|以上|请予)")
_INLINE_PAGE = re.compile(r"第\s*\d{1,4}\s*页\s*[/／,，]?\s*共\s*\d{1,4}\s*页|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页")
_RUN_ON_ATTACHMENTS = re.compile(r"(?<=[日号月])\s*附\s*件\s*[：:]")
_NOTES_ONLY = re.compile(r"\s*(?:[（(][^（）()]{0,40}[）)]\s*)*")
_ATTACHMENT_HEAD = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]{0,3}(?:\s*[：:].{0,40})?$")
_YEAR_ONLY = re.compile(r"^(?:(?:19|20)\d{2}|[二一][〇○◯零OoＯΟοОо0一二三四五六七八九]{3})\s*年$")
_MONTH_DAY = re.compile(r"^(?:\d{1,2}|十[一二]?|[一二三四五六七八九元])\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*[日号])?$")


def _appended_attachment(lines: list[str], n: int, data: LayoutData) -> int | None:
    """The line where an attachment printed after the signature starts: a heading
    ``附件`` (``附件1``, ``附件2：…表``) right under a date line; None when there is none."""
    for k in range(n - 1, 0, -1):
        if not _ATTACHMENT_HEAD.match(lines[k].strip()):
            continue
        above = next((lines[j].strip() for j in range(k - 1, -1, -1) if lines[j].strip()), "")
        if above and (date_of_line(above, data) or _date_over_two_lines(lines, k - 1, data)):
            return k
    return None


def _date_over_two_lines(lines: list[str], d: int, data: LayoutData) -> tuple[str, int] | None:
    """A date whose year stands on the line above its month and day (``二〇一三年`` /
    ``四月八日``, a signature's date broken in two): (ISO date, the year's line)."""
    while d >= 0 and not lines[d].strip():
        d -= 1
    if d < 1 or not _MONTH_DAY.match(lines[d].strip()):
        return None
    y = d - 1
    while y >= 0 and not lines[y].strip():
        y -= 1
    if y < 0 or not _YEAR_ONLY.match(lines[y].strip()):
        return None
    iso = date_of_line(lines[y].strip() + lines[d].strip(), data)
    return (iso, y) if iso else None


# a note of its own line under the signature, wholly in parentheses: （此件公开发布）,
# （此件主动公开）, （本页无正文）, a sender's note on the copy
_TAIL_NOTE = re.compile(r"^[（(][^（）()]{1,30}[）)]$")


def _tail_note(s: str, data: LayoutData) -> bool:
    """A note under the signature, read through like the colophon; an author's unit in
    parentheses (（作者单位：…）) is not one: it names the unit."""
    if not _TAIL_NOTE.match(s) or find_dates(s, data):
        return False
    by = byline_of(s, data)
    return not (by and by[0])


# a colophon that names the unit that compiled, printed or issued the document, after
# its name (XX委员会编印, XX办公室 编, XX局印发, XX办公室 2010年6月29日印发)
_COLOPHON_UNIT = re.compile(r"^(?P<unit>.{3,40}?)\s*(?:编印|印发|编制|翻印|印制|编)$")


def colophon_unit_of(line: str, data: LayoutData | None = None) -> str | None:
    """The unit a colophon line names before 编印 / 印发 / 编 (a date between them read
    through): the first of joint units; None for any other line."""
    s = line.strip()
    m = _COLOPHON_UNIT.match(s)
    if not m:
        return None
    head = m.group("unit").strip()
    ds = find_dates(head, data)
    if ds and not head[ds[-1].end:].strip():
        head = head[:ds[-1].start].strip()
    if unit_name(head, data) and proper_unit(head, data):
        return first_of_joint(head, data)
    return None


# the endings of an office or a party body inside a unit, printed on the line under the
# unit's name in a signature (教务处, 团委, 党支部, 办公室, 工会)
_SUB_UNIT = re.compile(r"^[\u4e00-\u9fff]{0,5}(?:[处科室部办]|团委|团总支|党委|党总支|党支部|总支|支部|"
                       r"办公室|工会|委员会|教研室|研究室|中心)$")


def sub_unit(line: str, data: LayoutData | None = None) -> bool:
    """A line that names an office or a party body of the unit on the line above it
    (``教务处``, ``团委``, ``党支部``): short, no place or party prefix of its own."""
    s = line.strip()
    return bool(_SUB_UNIT.match(s)) and not _PLACE.search(s) and 2 <= len(s) <= 7 \
        and not (data or default_layout()).not_unit_end.search(s)


# a note at an article's or report's end naming its author's or contributor's unit:
# （作者系XX县委党校讲师）, 作者系XX中学校长, （XX中学 供稿）, 供稿：XX党支部,
# （XX中学 王某 报道）
_NOTE_AUTHOR_IS = re.compile(r"^[（(]?\s*作者(?:系|为|是)\s*(?P<rest>[^（）()]{3,50}?)\s*[）)]?[。.]?$")
_NOTE_SUPPLIED = re.compile(r"^(?:[（(]\s*(?P<a>[^（）()]{3,40}?)\s*(?:供稿|供图|报道|报送)\s*[）)]|"
                            r"(?:供稿|供稿单位|稿件来源)\s*[：:]\s*(?P<b>[^（）()]{3,40}))$")


def end_note_unit(line: str, data: LayoutData | None = None) -> str | None:
    """The unit an end note names (``（作者系中共XX县委党校讲师）`` -> the 党校; ``（XX中学
    供稿）`` -> the 中学); a post and names after the unit are left off."""
    data = data or default_layout()
    s = line.strip()
    m = _NOTE_AUTHOR_IS.match(s)
    if m:
        rest = re.split(r"[，,；;]", m.group("rest"))[0].strip()
        pm = data.post_byline.match(rest)
        if pm and unit_name(pm.group("unit"), data) and proper_unit(pm.group("unit"), data):
            return pm.group("unit")
        return rest if unit_name(rest, data) and proper_unit(rest, data) else None
    m = _NOTE_SUPPLIED.match(s)
    if m:
        inner = (m.group("a") or m.group("b")).strip()
        if unit_name(inner, data) and proper_unit(inner, data):
            return first_of_joint(inner, data)
        up = unit_and_people(inner, data)
        if up and proper_unit(up[0], data):
            return up[0]
        glued = _glued_unit_name(inner, data, several=True)
        if glued and glued[0] and proper_unit(glued[0], data):
            return glued[0]
    return None


def read_tail(lines: list[str], data: LayoutData | None = None, *, look: int = 10) -> Tail | None:
    """The signature at the end of an item (``_read_tail``); where neither it nor a
    colophon names a unit, the unit of an end note in the item's last lines
    (``end_note_unit``), given as the colophon's: the last resort, after the head, the
    title and the body (a contributor's note names who sent the text, not whose it is)."""
    data = data or default_layout()
    tail = _read_tail(lines, data, look=look)
    if tail is not None and (tail.unit or tail.colophon_unit):
        return tail
    last = [k for k in range(len(lines) - 1, -1, -1) if lines[k].strip()][:3]
    for k in last:
        nu = end_note_unit(lines[k], data)
        if nu:
            if tail is None:
                return Tail(None, (), None, len(lines), None, nu)
            return replace(tail, colophon_unit=nu)
    return tail


def _read_tail(lines: list[str], data: LayoutData | None = None, *, look: int = 10) -> Tail | None:
    """The signature at the end of an item: a date line with up to two unit or name
    lines above it (or a unit and a date on one line), before any colophon (主送, 抄送,
    主题词, 印发) and trailing furniture. A seal note (（盖章）) and the labels of a
    form's signature fields (报送单位：, 报送时间：) are read through."""
    data = data or default_layout()
    lines = [_TAIL_LABEL.sub("", _SEAL.sub("", ln.strip())) if i >= len(lines) - 20 else ln
             for i, ln in enumerate(lines)]
    n = len(lines)
    end = n
    colophon_date = None
    colophon_unit = None
    # text that lost its line breaks: the list of attachments run onto the date
    # (…党支部2013年10月8日附件：1.…2.…)
    last = next((k for k in range(n - 1, -1, -1) if lines[k].strip()), None)
    if last is not None:
        # page marks and a sharing site's prompt run onto the signature
        # (…2013年8月28日第3页共3页下载文档到电脑…继续阅读)
        s = _INLINE_PAGE.sub("", lines[last].strip())
        ds = find_dates(s, data)
        if ds and ds[-1].end < len(s) and is_furniture(s[ds[-1].end:], data):
            s = s[:ds[-1].end]
        lines[last] = s
        m = _RUN_ON_ATTACHMENTS.search(s)
        ds = find_dates(s[:m.start()], data) if m else []
        if ds and ds[-1].end == len(s[:m.start()].rstrip()):
            lines[last] = s[:m.start()].rstrip()
    # a list of related documents after the end: everything from its heading on
    for k in range(max(0, n - 15), n):
        t = lines[k].strip()
        if _RELATED_HEAD.match(t) and not _SENTENCE_END.search(t) and (
                len(t) <= 16 or re.match(r"^.{0,8}[：:]", t)):  # not 推荐对象应…。
            end = n = k
            break
    # the list of attachments after the signature (附件：1.… / 2.…)
    for k in range(n - 1, max(-1, n - 12), -1):
        if _ATTACHMENTS.match(lines[k].strip()):
            rest = [ln.strip() for ln in lines[k + 1:n] if ln.strip()]
            head = lines[k].strip()
            dated = bool(re.search(r"[日月]$", head)) and bool(find_dates(head[-14:], data))
            if rest and not dated and all(_LIST_ENTRY.match(ln) and not _SENTENCE_END.search(ln) for ln in rest):
                end = n = k
            break
    # an attachment printed after the signature (附件 / 附件1：…表 right under the date)
    cut = _appended_attachment(lines, n, data)
    if cut is not None:
        end = n = cut
    printed_by = False  # the line below is the 印发 date: this one may be the printer
    for k in range(n - 1, max(-1, n - look - 6), -1):
        s = lines[k].strip()
        if not s:
            continue
        ends_dated = bool(re.search(r"[日月]$", s)) and bool(find_dates(s[-14:], data))
        cu = colophon_unit_of(s, data) or (unit_name(s, data) and printed_by and proper_unit(s, data)
                                           and first_of_joint(s, data)) or None
        if cu and colophon_unit is None:
            colophon_unit = cu
        if cu or (_COLOPHON.search(s) and not (s.startswith("附") and ends_dated)) or \
                is_furniture(s, data) or _SUBJECT.match(s) or _COLOPHON_PEOPLE.match(s) or \
                (printed_by and unit_name(s, data)) or _tail_note(s, data):
            end = k
            printed_by = s.endswith("印发") and date_of_line(s, data) is not None
            if s.endswith("印发") and colophon_date is None:
                ds = find_dates(s, data)
                colophon_date = ds[-1].iso if ds else None
            continue
        break
    # an author's unit noted at the end (（作者单位：XX委员会）)
    last = next((lines[k].strip() for k in range(end - 1, -1, -1) if lines[k].strip()), "")
    if last.startswith(("（", "(")) and byline_of(last, data) and byline_of(last, data)[0]:
        bu, ba = byline_of(last, data)
        # the date printed above the unit in parentheses (二〇一五年十二月 / （XX党支部）)
        k = next((k for k in range(end - 2, max(-1, end - 4), -1) if lines[k].strip()), None)
        above_date = date_of_line(lines[k], data) if k is not None else None
        return Tail(bu, ba, above_date, end - 1 if above_date is None else k,
                    colophon_date, colophon_unit)
    below: list[str] = []  # units printed under the date (2015年3月8日 / XX党委 / XX政府)
    for d in range(end - 1, max(-1, end - 4), -1):
        s = lines[d].strip()
        if not s:
            continue
        date = date_of_line(s, data)
        two = _date_over_two_lines(lines, d, data) if date is None else None
        if two:
            date, d = two
        if date is None:
            # a unit and its date on one line (``XX中学  2012年3月5日``), or at the end of
            # a line of text that lost its breaks (…设备。XX医院2020年4月28日（星期五）),
            # notes in parentheses after the date read through
            head, pdate = split_paren_date(s, data)
            if pdate and unit_name(head, data):  # XX党支部（二〇一二年三月五日）
                return Tail(first_of_joint(head, data), (), pdate, d, colophon_date, colophon_unit)
            ds = find_dates(s, data)
            last_d = ds[-1] if ds else None
            if last_d and last_d.start > 0 and (len(ds) == 1 or d == end - 1) and \
                    _NOTES_ONLY.fullmatch(s[last_d.end:]):
                head = s[:last_d.start].strip()
                if unit_name(head, data):
                    return Tail(first_of_joint(head, data), (), last_d.iso, d, colophon_date, colophon_unit)
                tu = _tail_unit(head, data)
                if tu:
                    return Tail(first_of_joint(tu, data), (), last_d.iso, d, colophon_date, colophon_unit)
                if re.search(r"[。！？]$", head):
                    return Tail(None, (), last_d.iso, d, colophon_date, colophon_unit)  # …谢谢大家。2012年6月29日
            ds = find_dates(s, data)
            if len(ds) == 1 and ds[0].start == 0 and "年" in s[:ds[0].end]:
                after = s[ds[0].end:].strip()
                if after and unit_name(after, data) and proper_unit(after, data):
                    # the date before the unit on one line (2015年3月8日  XX党支部)
                    return Tail(first_of_joint(after, data), (), ds[0].iso, d,
                                colophon_date, colophon_unit)
            if len(below) < 2 and unit_name(s, data) and proper_unit(s, data) \
                    and d >= end - 2 - len(below):
                below.insert(0, s)
                continue
            if d == end - 1:
                continue
            break
        above: list[str] = []
        k = d - 1
        while k >= 0 and len(above) < 2:
            t = lines[k].strip()
            if not t or len(t) > 36 or re.search(r"[。！？；，]", t) or (
                    re.search(r"[：:]", t) and not byline_of(t, data)):
                break
            above.insert(0, t)
            k -= 1
        while k >= 0 and len(above) < 5 and above and all(unit_name(t, data) for t in above):
            # units that sign jointly, one a line: the first is the document's unit
            t = lines[k].strip()
            if not unit_name(t, data) or not proper_unit(t, data):
                break
            above.insert(0, t)
            k -= 1
        if len(above) == 2 and sub_unit(above[1], data) and unit_name(above[0], data) \
                and proper_unit(above[0], data) and not sub_unit(above[0], data):
            above = [above[0] + above[1]]  # XX中学 / 教务处: the office of that school
        if not above and d > 0:
            tu = _tail_unit(lines[d - 1].strip(), data)
            if tu:
                return Tail(tu, (), date, d - 1, colophon_date, colophon_unit)
        unit = None
        authors: tuple[str, ...] = ()
        n_above = len(above)
        if len(above) == 2 and unit_name("".join(above), data) and not is_person_line(above[1], data) \
                and not (unit_name(above[0], data) and unit_name(above[1], data)) \
                and not _CLOSING.match(above[0]):
            above = ["".join(above)]  # a unit name printed over two lines
        for t in above:
            up = unit_and_people(t, data)
            if unit_name(t, data) and unit is None:
                unit = first_of_joint(t, data)
            elif up and unit is None:
                unit, authors = up
            elif is_person_line(t, data):
                authors = authors or tuple(p for p in re.split(r"[\s、，,]+", t) if p)
            elif unit is None and byline_of(t, data):
                unit, authors = byline_of(t, data)  # 中共XX委员会书记 张某
        if unit is None and not authors and below:
            unit = first_of_joint(below[0], data)  # the first of the units under the date
        first = d - n_above if (unit or authors) else d
        return Tail(unit, authors, date, first, colophon_date, colophon_unit)
    if colophon_date or colophon_unit:
        return Tail(None, (), None, n, colophon_date, colophon_unit)
    return None


# --- the unit named in the body ---------------------------------------------------------

_SELF_REF = re.compile(r"我(?:局|校|院|所|馆|镇|乡|村|委|厂|矿|部|处|站|园|中心|公司|集团|单位|支部|党委|社区|街道|区|县|市)"
                       r"|(?:本|全)(?:院|校|镇|乡|村|社区|街道|公司|集团|支部|单位|厂|矿)(?![长区])")
_NEWS = re.compile(r"(?:记者|通讯员|本报讯|本网讯|日前|近日|讯[（(])")
_DIVISION_END = re.compile(r"[省市县区镇乡]$")
# where a clause that may open with its subject starts: a sentence's start, after an
# opening phrase of time (近年来，…以来，2011年，) or of purpose (为…，)
_CLAUSE_HEAD = re.compile(r"(?:(?:^|[。！？；\n])为[^，。！？；\n]{2,60}，|以来，|之际，|期间，|"
                          r"(?:19|20)[\dxX]{2}年(?:以来)?，|"
                          # a news lead's day (2020年9月18日，5月20日上午，)
                          r"(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:[上中下]午|晚|晚上|一早)?，|"
                          r"^|[。！？；\n]|近日，?|日前，?|近年来，?|今年以来，?|多年来，?)")
# a unit a text names for short from here on: its subject (XX公司（以下简称：XX公司）)
_ALIAS = re.compile(r"[（(]以下简称")
# a speaker's or reporter's own unit (首先，我代表XX镇党委…)
_ON_BEHALF = re.compile(r"^(?:首先|在此|借此机会|下面)?[，,]?(?:请允许)?我(?:谨)?代表")
# a clause opening with a preposition or a linking word has no unit for its subject
_LEAD_WORD = re.compile(r"^(?:根据|按照|依照|遵照|围绕|为了|通过|经过|结合|随着|针对|由于|鉴于|对照|"
                        r"首先|其次|同时|此外|另外|目前|当前|今天|今年|去年|近期|"
                        r"摘要|内容摘要|内容提要|提要|关键词|刚才|刚刚|下面|请|"
                        # a sentence that opens with electing a body (选举共青团XX镇第九届委员会，是…)
                        r"选举|选出)")  # (an abstract's label run on; 刚才校团委…; 请各分工会…)
_NOT_UNIT_START = set("我本该各全这那其此每在为对从近今自据按由随以")


_SUBTITLE_VISIT = re.compile(r"^(?:记|访|走进|走近|来自|探访|聚焦)")


def subtitle_unit(title: str, data: LayoutData | None = None) -> str | None:
    """The unit a subtitle opens with (``…——XX街道XX社区划分党员责任区见闻``)."""
    data = data or default_layout()
    if "——" not in title:
        return None
    sub = title.split("——", 1)[1].strip()
    ds = find_dates(sub[:20], data)
    if ds and ds[0].start == 0 and sub[ds[0].end:].lstrip().startswith("在"):
        sub = sub[ds[0].end:].lstrip()  # ——2017年9月8日在XX学校…上的讲话
    visit = _SUBTITLE_VISIT.match(sub)
    if visit:  # ——记XX社区党委的…, ——走进XX中学: the unit the portrait is of
        sub = sub[visit.end():]
    if sub.startswith("在"):  # ——在XX大学…典礼上的讲话: the unit whose meeting it is
        return _longest_unit_prefix(sub[1:], data)
    return _longest_unit_prefix(sub, data)


def opening_unit(line: str, data: LayoutData | None = None) -> str | None:
    """The unit a second title line opens with (``XX学院化学化工学院探索…新路径``)."""
    data = data or default_layout()
    return _longest_unit_prefix(line.strip().lstrip("—-").strip(), data)


# where a unit name ends at the latest: a verb or phrase that starts what the unit did
# 理论学习中心组 / 中心组: the committee's study group, no unit of its own (XX党委理论学习
# 中心组学习制度 is the 党委's)
_UNIT_STOP = re.compile(r"关于|开展|推进|实施|深入|加强|做好|建立|推行|创建|印发|转发|制定|出台|修订|起草|在全|常态化|下沉|一站式|"
                        r"理论学习|中心组|提升|提高|增强|促进|强化|发挥|引领|"
                        r"根据|按照|依照|立足|结合|通过|始终|积极|认真|高度|精心|紧紧|牢牢|不断|大力|着力|"
                        r"首先|(?<!自)由|须|应当|"
                        # a page's field labels run on into the name (文件编号发布机构XX街道)
                        r"编号|日期|索引号|来源|作者|发布机构|发文机关|记者|通讯员|代表(?!大会)|同志|"
                        r"[一每两三几][名个位]|"
                        # a slogan's 进 (义诊进社区, 法律进校园); not 进修 or 进出口
                        r"(?<!先)进(?!修|出口|步)|"
                        # what a unit does, said right after its name (XX社区党总支召开…,
                        # …活动采取XX局机关党支部与…; 组织部 is a department)
                        r"召开|召集|举行|举办|组织(?![部委])|参加|参与|采取|采用|邀请|联合(?!会|社|体|党)|携手|走进|前往|来到|赴|"
                        # what is done to a system or heard (健全现代医院管理制度, 聆听XX的讲座)
                        r"健全|完善|聆听|观看|参观|"
                        # where a unit is and how large, opening its own account (XX社区位于…)
                        r"位于|地处|坐落|下辖|辖区|始建于|创建于|成立于|"
                        # what a unit means to do or recalls (XX党委拟表彰…, 回顾共青团…)
                        r"(?<!模)拟|回顾|庆祝|弘扬|激励|勉励|切实|解决|背景下|高质量发展|"
                        # a body's meeting named after it (XX党委会议事规则; not 政治协商会议, 委员会议事规则)
                        r"(?<!协商|委员)会议|领导(?!小组)|搞|树立|"
                        # a span of time said after the place (我镇三年来共青团工作…)
                        r"年来|以来|近年|今年|去年|明年|上半年|下半年|"
                        r"基层|党员|全体|(?<!退休)干部|门户|网站|如何|怎样|浅谈|试论|坚持|围绕|聚焦|打造|探索|推动|落实|贯彻|"
                        r"让|把|用|以|与|"
                        # 和 and 为 three characters in at least: a name may hold one near its
                        # start (宏和文化传播有限公司, 和平区, 为民服务中心)
                        r"(?<=[^\s]{3})(?:为|和)|"
                        r"“|《|「")
_PLACE = re.compile(rf"[省市县区镇乡村州旗盟]|中共|共青团|[{ANON}]")


# places' names opening a name (泰州市, 江苏省泰州市), and a word that makes a kind of
# unit many (中小学校, 各级党组织, 基层医院)
_PLACES = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?[省市县区州盟旗](?![市县区盟旗]))+")
_COLLECTIVE = re.compile(r"中小|各级|各类|所属|基层|城乡|高校$")  # 四川省高校: its universities


def proper_unit(name: str, data: LayoutData | None = None) -> bool:
    """Does a unit name found in running text or a title name a particular unit, not a
    kind of unit (高校学生党支部, 县级教育部门)? What is left of it without its unit
    suffixes and the generic words of ``generic_unit_words.txt`` must be a name."""
    data = data or default_layout()
    if name.startswith(("第", "各", "全")):
        return False
    rest = re.sub(r"^(?:中国共产党|中共)(?=\S{4})", "", name)  # (中国共产党普通高等学校: the party's kind)
    while True:
        m = data.unit_end.search(rest)
        if not m or m.start() == 0:
            break
        rest = rest[:m.start()]
    named = rest
    for w in sorted(data.generic_words, key=len, reverse=True):
        rest = rest.replace(w, "")
    if rest != named and len(rest) >= 2 and data.unit_end.search(rest):
        # a body's kind inside a kind (医院党委书记办公室: the hospital party secretary's
        # office, of no hospital by name) once the generic words are gone
        inner = rest
        while (m := data.unit_end.search(inner)) and len(m.group()) >= 2:
            inner = inner[:m.start()]
        if not inner:
            rest = inner
    # another kind in brackets (高校（大学）党委: no name either way)
    rest = re.sub(r"[（(]([^（）()]{1,4})[）)]", lambda m: "" if (
        m.group(1) in data.generic_words or (k := data.unit_end.search(m.group(1))) and k.start() == 0)
        else m.group(), rest)
    place = _PLACES.match(name)
    if place and _COLLECTIVE.search(name[place.end():]) and not _kind_words(
            name[place.end():], data):
        return False  # a place and a kind of unit: its schools (泰州市中小学校), no one unit
    return len(rest) >= 2 or bool(_ANON_RUN.search(name))


def relative_unit(name: str, data: LayoutData | None = None) -> bool:
    """Is ``name`` a unit named relative to the one its page belongs to (校团委, 院团委,
    机关党总支, 市教育局, 学院团委): a unit name whose words before its suffixes are one
    of ``relative_units.txt``? Such a name is the
    document's unit only where the document gives no fuller one."""
    data = data or default_layout()
    if not data.relative_prefixes or not unit_name(name, data) \
            or re.search(r"[我本该此]", name):
        return False  # (我校党支部, 本院团委: the text speaking of its own unit, no name)
    rest = name
    stages = []
    while (m := data.unit_end.search(rest)) and m.start() > 0:
        rest = rest[:m.start()]
        stages.append(rest)
        stripped = rest
        for w in sorted(data.generic_words, key=len, reverse=True):
            stripped = stripped.replace(w, "")
        stages.append(stripped)
    return any(s in data.relative_prefixes for s in stages)


def acts_after_name(title: str, name: str, data: LayoutData | None = None) -> bool:
    """Does a title that opens with the unit ``name`` go on with what the unit does or
    with the year of its account (校团委组织开展…, 县妇联2022年工作总结, 机关党总支开展…),
    not with a thing named after it (机关党支部工作展示暨…表彰会举行: an event, whoever
    held it; 机关支部结对共建实施方案: a plan about it)?"""
    at = title.find(name)
    rest = title[at + len(name):] if at >= 0 else ""
    return bool(_UNIT_STOP.match(rest) or re.match(r"(?:19|20)\d{2}|二[〇○O0]", rest))


def post_after_name(title: str, name: str, data: LayoutData | None = None) -> bool:
    """Does ``name`` in a title stand before a post (农村党支部书记…, 社区团支部书记述职报告):
    a title about the post's holders, which names no unit by that kind?"""
    data = data or default_layout()
    at = title.find(name)
    rest = title[at + len(name):] if at >= 0 else ""
    post = next((p for p in sorted(data.posts, key=len, reverse=True) if rest.startswith(p)), None)
    # (集团党委书记袁某参加…: one holder by name, acting for the unit)
    return post is not None and rest[len(post):len(post) + 1] not in data.surnames


def _kind_words(s: str, data: LayoutData) -> str:
    """What is left of ``s`` without generic words and unit suffixes."""
    for w in sorted(data.generic_words, key=len, reverse=True):
        s = s.replace(w, "")
    while s and (m := data.unit_end.search(s)):
        s = s[:m.start()]
    return s


# a character after a unit suffix that makes it part of a longer word (党组织, 部署, 局面)
# 会议 after 党委会 (党委会议议事办法: the 党委's meeting), not 议事 after 委员会
_WORD_GOES_ON = re.compile(r"[织署门面势]|议(?!事)")


def _name_end(clause: str, data: LayoutData) -> int:
    """Where a unit name opening ``clause`` ends at the latest (``_UNIT_STOP``); a 与 or
    和 between two words that are no unit (计算机科学与技术学院, 发展和改革局) is inside
    the name, one after a unit (城东社区与城西社区) ends it; so is 结合 (中西医结合医院;
    XX医院党委结合医院实际…)."""
    pos = 0
    while True:
        stop = _UNIT_STOP.search(clause, pos)
        if not stop:
            return len(clause)
        if stop.group() in ("与", "和", "结合") and stop.start() >= 2 and \
                not unit_name(clause[:stop.start()], data) and \
                re.fullmatch(rf"[{_NAME_CHARS}]+", clause[:stop.start()]):
            pos = stop.end()
            continue
        return stop.start()


# function characters that also occur inside names (成都, 向阳, 从化; 科学与技术学院):
# read as part of a name unless a whole unit name stands before them
_IN_NAMES = set("与和及都向从等")  # 等: 高等专科学校, 中等专业学校


def _longest_unit_prefix(clause: str, data: LayoutData, *, at_stop: bool = False) -> str | None:
    """The longest unit name ``clause`` opens with; one of four characters only where the
    name plainly ends (``at_stop``: also before a word that starts what the unit does,
    the subject of a sentence: 南湖社区党员志愿者…)."""
    full = clause
    clause = clause[:_name_end(clause, data)]
    best = None
    for k in range(3, min(len(clause), 30) + 1):
        piece = clause[:k]
        if not re.fullmatch(rf"[{_NAME_CHARS}]+", piece) or any(
                c in _FUNCTION_CHARS and not (c in _IN_NAMES and not unit_name(piece[:i], data))
                for i, c in enumerate(piece)):
            break
        # a name of four (汉水大学) only where the name plainly ends: at a digit or a
        # quote (汉水大学2018级…), or at the text's end; before a word (城西街道党员…) a
        # unit the signature or colophon names is the better reading
        whole = k == len(full) or not is_han(full[k]) or at_stop and k == len(clause)
        if unit_name(piece, data) and (len(piece) >= 5 or len(piece) == 4 and whole) \
                and _strong_suffix(piece, data) \
                and proper_unit(piece, data) and not _WORD_GOES_ON.match(clause[k:k + 2]):
            best = piece
    return best


def _strong_suffix(name: str, data: LayoutData) -> bool:
    m = data.unit_end.search(name)
    return bool(m) and len(m.group()) >= 2


def restated_title_unit(title: str, body: str, data: LayoutData | None = None) -> str | None:
    """The unit the text gives before its own title where it names the document it makes
    (现特制定XX学院职业教育活动周实施方案; 制定《XX公司…办法》): the unit of a title that
    names none."""
    data = data or default_layout()
    title = title.strip()
    if len(title) < 6:
        return None
    rx = re.compile(rf"(?:制定|印发|出台|修订|发布|形成|起草)(?:了|本|此)?《?(?P<unit>[{_NAME_CHARS}]{{3,30}}?)"
                    + re.escape(title))
    for m in rx.finditer(body[:1500]):
        u = m.group("unit")
        if unit_name(u, data) and proper_unit(u, data) and not _UNIT_STOP.search(u):
            return u
    return None


# a title naming a unit's own account of its work (…工作总结, …情况报告, …述职报告)
_OWN_ACCOUNT = re.compile(r"(?:总结|汇报|述职报告|工作报告|情况报告|自查报告|总结报告)(?:[（(][^（）()]{1,12}[）)])?$")


def body_unit(body: str, data: LayoutData | None = None, *, window: int = 260,
              title: str = "", relative: bool = False) -> str | None:
    """The unit a case or report names as its subject near the start of its body
    (``近年来，XX中学党支部坚持…``), used when the head and the signature name none;
    only for a text that speaks of itself (我校, 我院) or reports news, or the subject of
    the first sentence of a unit's own account of its work (``title``: …工作总结; 2023年，
    XX院党委认真学习…). With ``relative``, only such a subject named relative to the
    site's unit (院团委围绕…): the caller's last resort, after the page's fields, once the
    call without it found none."""
    own_account = bool(_OWN_ACCOUNT.search(title.strip()))
    data = data or default_layout()
    bio = None if relative else bio_unit(body, data)
    if bio:
        return bio
    news_lead = bool(_NEWS_LEAD.match(body.lstrip()))  # 本网讯（通讯员 某某）: a news report
    if _LEAD_DATE.match(body) and title and not _GENRE_END.search(title.strip()):
        news_lead = True  # a headline over a lead that opens with the day (4月28日下午，…)
    body = _NEWS_LEAD.sub("", body.lstrip(), count=1)
    head = body[:window]
    self_ref = _SELF_REF.search(body[:3000])
    speaks_of_itself = bool(self_ref or news_lead or _NEWS.search(head))
    first_end = head.find("。") % (len(head) + 1)
    for m in () if relative else _CLAUSE_HEAD.finditer(head):  # (the caller read these before)
        best = _clause_unit(head, m.end(), data)
        if not best:
            continue
        at = head.find(best, m.end())
        if speaks_of_itself or _ALIAS.match(head, at + len(best)) or (
                m.end() <= first_end and (own_account or _kind_recurs(best, body, data))):
            # a text about itself; a unit it names for short (XX公司（以下简称…）); the
            # subject of its first sentence that it goes on to call by its kind alone
            return best
    if relative and (news_lead or own_account or _NEWS.search(head)):
        # the subject of a report's or a unit's own account's first sentence named relative
        # to the site's unit (院团委围绕…, 3月1日，市教育局召开…) when the text names no
        # unit in full (not a notice's: 为…，校党委发布了… cites the body above it)
        for m in _CLAUSE_HEAD.finditer(head):
            if m.end() > first_end:
                break
            rel = _clause_unit(head, m.end(), data, relative=True)
            if rel:
                return rel
    if self_ref and not relative:
        # the unit named further on, the one the text calls 我局 / 我校 / 我院
        kind = self_ref.group()[1:]
        for m in _CLAUSE_HEAD.finditer(body[:3000]):
            best = _clause_unit(body, m.end(), data)
            if best and kind in unit_core(best)[-len(kind) - 3:]:
                return best
    return None


_NOT_NAME_OPENING = re.compile(r"^(?:会上|会后|会前|会议|其中|同时|随后|最后|此外|之后|今后|目前|日前|近日|期间|当天|"
                               r"上午|下午|晚上|现在|已经|正在|成立|作为|书记|主任|代表|记者|通讯员|"
                               r"获悉|了解|看到|来自|"
                               # an article's number once its space is lost (第二条医院党委…)
                               r"[一二三四五六七八九十百零\d]+[条章节款项])")
# a verb whose object the unit is (…要求XX社区党总支…, 授予XX中学…): the name starts after it
_OBJECT_VERB = re.compile(r"要求|希望|督促|指导|帮助|支持|协助|配合|推动|带领|带动|依托|指出|表示|"
                          r"认为|获得|荣获|授予|命名|评为|成为|属于|隶属|包括|号召|动员|表彰|慰问|"
                          r"走访|看望|调研|检查|考察|听取|探寻|探索|加强|提升|深化|强化|完善|聚焦|对标|"
                          r"选送|报送|上报|择优|助推|助力|牵引|引导|面向|覆盖|促进|规范|激发|赋能|"
                          # a body a congress elects (选举共青团XX镇第九届委员会): not yet the speaker's
                          r"选举|选出|产生")


# a heading's or a page field's words run on into the name after it once spaces are lost
# (一、基本情况 XX学区…, 内容概述 XX街道…)
_HEADING_WORDS = re.compile(r"情况|概况|简介|简况|概述|摘要")


def bare_title_unit(title: str, data: LayoutData | None = None) -> str | None:
    """A unit name a title opens with that names no particular unit by itself, the place
    or parent left off (``市中医院…阶段总结``, ``学区党支部2020年…总结``, ``携手共建，
    高科党支部参加…``): to be looked for in full in the text (``fuller_name_in``)."""
    data = data or default_layout()
    title = title.strip()
    slogan = _SLOGAN_HEAD.match(title)
    if slogan:
        title = title[slogan.end():]
    clause = title[:_name_end(title, data)]
    clause = re.match(rf"[{_NAME_CHARS}]*", clause).group()
    for k in range(min(len(clause), 20), 2, -1):
        piece = clause[:k]
        end = data.unit_end.search(piece)
        if end and end.start() == 0:
            continue  # 共青团 alone (共青团莲花镇第十二次代表大会): a kind, no name to look for
        if unit_name(piece, data) and _strong_suffix(piece, data) and \
                not any(c in _FUNCTION_CHARS and c not in _IN_NAMES for c in piece):
            return piece
    return None


# a unit name that opens with its place (a province, city or county by name)
_PLACE_NAMED = re.compile(r"^[\u4e00-\u9fff]{2,4}[省市县](?![委])")


def fuller_name_in(unit: str, text: str, data: LayoutData | None = None) -> str | None:
    """The longest name of ``unit`` the text gives: the same name with its place or parent
    before it (``市人民医院`` -> ``邳州市人民医院``, ``柳岸社区党总支`` -> ``青州市城东街道
    柳岸社区党总支``, ``学区党支部`` -> ``石门学区党支部``), where the name in the text starts
    at a word's boundary (the text's or a line's start, punctuation, a space or a function
    character) and is a particular unit; None when the text has no longer one."""
    data = data or default_layout()
    if len(unit) < 3 or _PARTY_PREFIX.match(unit) or _PLACE_NAMED.match(unit):
        return None  # (安徽省人民政府 names its place: no longer name of it in running text)
    if relative_unit(unit, data) and not re.match(r"[省市县区镇乡村州旗盟]", unit):
        return None  # 校工会, 院团委: the school's own, never part of a longer name (日前报校工会)
    best = None
    for m in re.finditer(re.escape(unit), text):
        if text[m.end():m.end() + 1] in ("员", "旗"):
            continue  # 市级优秀共青团员, 五星红旗: a member or a flag, no unit, follows the name
        at = m.start()
        k = at
        while k > 0 and at - k < 12 and is_han(text[k - 1]) and text[k - 1] not in "我你他她" and (
                text[k - 1] not in _FUNCTION_CHARS or text[k - 1] in "都等"):  # 成都, 高等
            k -= 1
        if at - k >= 12:
            continue  # no boundary near: the name runs on from a longer phrase
        for stop in [*_UNIT_STOP.finditer(text, k, at), *_HEADING_WORDS.finditer(text, k, at),
                     *_OBJECT_VERB.finditer(text, k, at)]:
            k = max(k, stop.end())  # …采取县水利局: the name starts after what was done
        after_party = k
        for j in range(k, at - 1):
            before = text[j:at]
            cand = text[j:m.end()]
            party = _PARTY_PREFIX.match(cand)
            if party or j < after_party:
                # 中共XX中学 out of 中共XX中学支部委员会 is a party body's name cut short:
                # the name starts after the prefix
                after_party = max(after_party, j + party.end()) if party else after_party
                continue
            if before[0] in _NOT_UNIT_START or _LEAD_WORD.match(before) or \
                    _NOT_NAME_OPENING.match(before) or _UNIT_STOP.search(before):
                continue
            if not _kind_words(before, data):
                continue  # 医院心内科党支部: the kind of the unit it is in, no name of it
            if unit_name(cand, data) and proper_unit(cand, data):
                if best is None or len(cand) > len(best):
                    best = cand
                break
    return best


def _kind_recurs(name: str, body: str, data: LayoutData, *, times: int = 3) -> bool:
    """Does the text go on about the unit it opened with by its kind alone (区直西社区
    党支部…；党支部召开…，党支部结合…，支部和党员…): the last two characters of its
    suffix, or of the unit's it is the party body of, stand ``times`` times or more in
    the text's start besides the name?"""
    rest = body[:1500].replace(name, "")
    for n in (name, unit_core(name)):  # XX医院党委: 党委, or the 医院 it is of
        m = data.unit_end.search(n)
        if m and len(m.group()) >= 2 and rest.count(m.group()[-2:]) >= times:
            return True
    return False


# a news report's lead (清溪网讯（通讯员 XX镇人民政府 王某）, 本报讯（记者 …）)
_NEWS_LEAD = re.compile(r"^(?:[^，。\n]{0,16}讯\s*[（(][^（）()]{0,60}[）)]\s*[：:]?|"
                        r"[^，。\s]{1,12}(?:网|报|台|社)讯\s*[：:]?(?=\S))")  # (XX网讯 今年以来，…)
# an author's note: 作者简介：李某（1978—），男，…，XX大学马克思主义学院副教授，…
_BIO = re.compile(r"(?:^|(?<=[\s。；]))[（(【\[]?作者简介[】\]]?\s*[：:]", re.M)


def _clause_unit(text: str, at: int, data: LayoutData, *, relative: bool = False) -> str | None:
    clause = text[at:at + 60].lstrip("，：　 ")
    behalf = _ON_BEHALF.match(clause)
    if behalf:
        clause = clause[behalf.end():].lstrip()
    if not clause or clause[0] in _NOT_UNIT_START or _LEAD_WORD.match(clause):
        return None
    if relative:
        stop = _UNIT_STOP.search(clause, 1)  # (附院党委中心组举行…: the 党委's study group)
        m = re.match(rf"[{_NAME_CHARS}]{{3,12}}", clause[:stop.start()] if stop else clause)
        name = m and next((m.group()[:k] for k in range(len(m.group()), 2, -1)
                           if relative_unit(m.group()[:k], data)), None)
        return name or None
    best = _longest_unit_prefix(clause[:40], data, at_stop=True)
    return best if best and proper_unit(best, data) and "我" not in best else None


def bio_unit(text: str, data: LayoutData | None = None) -> str | None:
    """The unit an author's note names (``作者简介：李某（1978—），男，…，XX大学马克思主义
    学院副教授``): the first part of it that is a unit, or a unit with a post after it."""
    data = data or default_layout()
    m = _BIO.search(text)
    if not m:
        return None
    line = text[m.end():].split("\n", 1)[0]
    for part in re.split(r"[，,；;。、]", line):
        part = part.strip()
        if not part or len(part) > 40:
            continue
        if unit_name(part, data) and proper_unit(part, data):
            return part
        pm = data.post_byline.match(part)
        if pm and unit_name(pm.group("unit"), data) and proper_unit(pm.group("unit"), data) \
                and not pm.group("names"):
            return pm.group("unit")
    return None
