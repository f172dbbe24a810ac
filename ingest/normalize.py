"""Chinese text normalization as one visible pipeline of pure steps.

Every step takes a ``Mapped`` text (the text plus, for each character, the offset of
the raw character it came from) and returns a new one, so highlights found in the
normalized text land on the right characters of the raw text. ``normalize_text`` is
the plain ``str -> str`` view of the same pipeline.

PIPELINE (in order):
  drop_invisible     zero-width and control characters out, tabs to spaces
  fold_width         full-width ASCII letters and digits to half-width
  split_wide_gaps    a run of 4+ spaces inside a line (a layout column gap) ends the line
  break_runon        (text whose line breaks were lost) a break after each sentence and
                     between the parts of its head (title, unit, date, addressee)
  strip_lines        no leading or trailing white space on a line
  drop_page_furniture  page-number lines and the running head beside them (text copied
                     from pages) out
  unify_punctuation  quotation variants to “…”, ASCII , ; : ! ? ( ) after Chinese to
                     full width
  tidy_spaces        no spaces inside Chinese text or between Chinese and numbers
  join_wrapped       (hard-wrapped text only) lines wrapped at a fixed width rejoined
  drop_blank_lines   one paragraph per line
"""

from __future__ import annotations

import bisect

import re
from dataclasses import dataclass
from typing import Callable

from huibian.core.records import Normalized
from huibian.ingest.layout import (default_layout, glued_names, is_furniture, is_header_line,
                                   separate_head_lines)
from huibian.core.script import is_traditional, to_simplified
from huibian.ingest.metadata import is_date_line, is_unit_line
from huibian.ingest.structure import starts_outline

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018-\u201f\u2026\u00b7"
_CJK_CLASS = f"[{CJK}{CJK_PUNCT}]"


@dataclass(frozen=True)
class Mapped:
    text: str
    offs: tuple[int, ...]  # len(text) + 1 entries; offs[i] = raw offset of text[i]

    @classmethod
    def of(cls, raw: str) -> "Mapped":
        return cls(raw, tuple(range(len(raw) + 1)))


def sub_mapped(pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str],
               m: Mapped) -> Mapped:
    """``pattern.sub`` that keeps the offset map: a replacement of the same length maps
    character by character; otherwise every new character maps to the match start."""
    text, offs = m.text, m.offs
    out_text: list[str] = []
    out_offs: list[int] = []
    pos = 0
    for match in pattern.finditer(text):
        s, e = match.span()
        out_text.append(text[pos:s])
        out_offs.extend(offs[pos:s])
        r = repl(match) if callable(repl) else match.expand(repl)
        out_text.append(r)
        if len(r) == e - s:
            out_offs.extend(offs[s:e])
        else:
            out_offs.extend([offs[s]] * len(r))
        pos = e
    if pos == 0 and not out_text:
        return m
    out_text.append(text[pos:])
    out_offs.extend(offs[pos:])
    return Mapped("".join(out_text), tuple(out_offs))


# --- steps -----------------------------------------------------------------------

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff"
                        r"\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAB = re.compile(r"[\t\u00a0\u3000\u2002-\u200a]")


def drop_invisible(m: Mapped) -> Mapped:
    m = sub_mapped(_INVISIBLE, lambda x: "\n" if x.group() in "\x0b\x0c\x1c\x1d\x1e\x85" else "", m)
    return sub_mapped(_TAB, " ", m)


_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def fold_width(m: Mapped) -> Mapped:
    return sub_mapped(_FULLWIDTH_ALNUM, lambda x: chr(ord(x.group()) - 0xFEE0), m)


def fold_script(m: Mapped) -> Mapped:
    """A document written in traditional characters, in simplified ones (one character
    for one, so every offset holds; ``core.script``): layout, metadata, labels and
    search then read it as they read the documents they were built on. A simplified
    document, even one quoting a traditional name, is left as it is. The original file
    keeps its characters."""
    if not is_traditional(m.text):
        return m
    return Mapped(to_simplified(m.text), m.offs)


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# a syllable of pinyin in brackets right after a character, with a tone mark: a reading
# a mirror site prints after the characters it glosses (风(fēng)景区(qū))
_PINYIN_GLOSS = re.compile(rf"(?<=[{CJK}])[(（]\s*(?=[a-z{_TONED}]*[{_TONED}])"
                           rf"[a-z{_TONED}]{{1,7}}\s*[)）]")


def drop_pinyin_glosses(m: Mapped) -> Mapped:
    """A page that glosses characters with their pinyin (风(fēng)景区(qū)) without the
    glosses: they are no part of the document's words (a title, a unit name)."""
    return sub_mapped(_PINYIN_GLOSS, "", m)


# a forum's anti-copy jammer: runs of one to three printable ASCII characters parted by
# single spaces, set at a line's end or before its text (标题 ' J0 z# o' @% k. x)
_JAMMER = re.compile(r"(?:(?<=[\u4e00-\u9fff）)。，！？])|^)[ \t]*(?:[!-'*-~]{1,3}[ \t]){3,}[!-'*-~]{1,3}[ \t]*(?=$|[\u4e00-\u9fff（(])",
                     re.M)
_JAMMER_MARKS = re.compile(r"[#@%;'\\/!$^&*]")


def drop_jammer(m: Mapped) -> Mapped:
    """A forum copy without its anti-copy jammer (random marks and letters between the
    words of a line: ``' J0 z# o' @% k. x``): no part of a title, a date line or the
    text. A run counts only with two marks or more that no word or number holds."""
    def repl(match: re.Match[str]) -> str:
        run = match.group()
        return "" if len(_JAMMER_MARKS.findall(run)) >= 2 and re.search(r"[A-Za-z0-9]", run) else run
    return sub_mapped(_JAMMER, repl, m)


_WIDE_GAP = re.compile(r"(?<=\S) {4,}(?=\S)")


def split_wide_gaps(m: Mapped) -> Mapped:
    return sub_mapped(_WIDE_GAP, "\n", m)


# text whose line breaks were lost (copied from a web page): few lines, very long
RUNON_MIN_CHARS = 200
RUNON_MEAN_WIDTH = 350
_RUNON_SENTENCE = re.compile(r"(?<=[。！？])(?![”’」』）)。！？…\n])|(?<=[。！？][”’」』）)])(?![。！？…\n])")
# (a space before a comma is a typing slip inside a sentence, no gap between parts)
_RUNON_HEAD_GAP = re.compile(r"(?<=[^\s>＞›»/|｜]) +(?=[^\s>＞›»/|｜,，、。；;])")
# (after a plan's or a report's last word only before running text's opening: 工作计划
# 2023年，… / 年度计划为…; 计划实施方案 goes on)
_RUNON_HEAD_CUT = re.compile(
    r"(?<=通知|方案|意见|总结|讲话|发言|办法|制度|规定|细则|前言|报告)(?=[\u4e00-\u9fffxX*＊\d])(?![的和及与、])"
    r"|(?<=计划|规划|要点|安排|汇报|材料)(?=(?:19|20)\d{2}年(?:[，,]|以来|上半年|是)|为了?[\u4e00-\u9fff]|"
    r"根据|按照|近年来|今年以来|一年来|过去的一年)"
    r"|(?<=\S)(?=编者按\s*[：:])"
    r"|(?<=[：:])(?=\S)")
_RUNON_DATE = re.compile(r"[（(]?(?:(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?"
                         r"|[二〇○O0一][〇○O0一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月"
                         r"(?:[一二三四五六七八九十]{1,3}日)?)[）)]?")


_PUNCT_INSIDE = re.compile(r"[，。、；：！？]")
_HEAD_GAP_LINE = re.compile(r"^(?P<head>[^。！？；，：\n]{6,50}?) +(?=\S[^\n]{20,})", re.M)
_TITLE_END_WORD = re.compile(r"(?:通知|方案|意见|总结|讲话|发言|办法|制度|规定|细则|前言|报告|材料|汇报|"
                             r"要点|计划|规划|章程|守则|准则|规则|决定|"
                             r"纪要|思考|探析|浅析|浅谈|体会|做法|经验|实践|启示|见闻|纪实|侧记)$")


# a web page's title set in brackets before the text it leads (【XX小学党建工作制度】为…)
_BRACKET_HEAD_LINE = re.compile(r"^(?P<head>【[^】\n]{6,50}】)(?=[^\s】][^\n]{20,})", re.M)


# a page's headline printed again after its stamp, all run into the text (XX进社区 齐心协力
# 创文明时间:2024-04-01 XX进社区 齐心协力创文明 为贯彻…): headline / stamp / headline / text
_STAMP_TWICE = re.compile(r"^(?P<head>[^。！？；，\n]{6,40}?) *(?P<stamp>(?:发布|更新|发表)?(?:时间|日期)\s*[：:]\s*"
                          r"(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?) *"
                          r"(?P<again>(?P=head)) *(?=\S)", re.M)


def break_title_gap(m: Mapped) -> Mapped:
    """A title run into its first paragraph with a space between (``XX工作总结 今年以来，…``)
    or set in brackets before it (``【XX工作制度】为…``) gets its line back: on the first
    lines only, where the part before the space ends a title with its genre word."""
    lines = m.text.split("\n")
    cut_at = []
    pos = 0
    for k, line in enumerate(lines[:6]):
        st = _STAMP_TWICE.match(line)
        if st:
            cut_at.extend(pos + st.end(g) for g in ("head", "stamp", "again"))
            pos += len(line) + 1
            continue
        mm = _HEAD_GAP_LINE.match(line) or _BRACKET_HEAD_LINE.match(line)
        if mm and _TITLE_END_WORD.search(mm.group("head").strip().rstrip("】")):
            cut_at.append(pos + mm.end("head"))
        pos += len(line) + 1
    if not cut_at:
        return m
    pieces, prev = [], 0
    for c in cut_at:
        pieces.append(_slice(m, prev, c))
        pieces.append(Mapped("\n", (m.offs[c], m.offs[c])))
        prev = c
    pieces.append(_slice(m, prev, len(m.text)))
    return _concat(pieces, m.offs[-1])


def break_runon(m: Mapped) -> Mapped:
    """Text that lost its line breaks (one or a few very long lines) gets one: after
    each sentence, and in the head before its first sentence, at the gaps between its
    parts (spaces, after a title's genre word, around a date, after an addressee's
    colon). Ordinary text is left alone."""
    lines = [ln for ln in m.text.split("\n") if ln.strip()]
    total = sum(len(ln) for ln in lines)
    # one run-on line holding most of the text under a few short lines (a sharing
    # site's file name and prompts above the document that lost its breaks)
    longest = max(lines, key=len, default="")
    one_long = len(longest) >= RUNON_MEAN_WIDTH and len(longest) >= 0.6 * total \
        and len(re.findall(r"[。！？]", longest)) >= 8  # many sentences, one line
    if total < RUNON_MIN_CHARS or (len(lines) > 3 and total / len(lines) < RUNON_MEAN_WIDTH
                                   and not one_long):
        return m
    out = sub_mapped(_RUNON_SENTENCE, "\n", m)
    # the head: the text before the first sentence end of the first long line
    long_at = next((k for k, ln in enumerate(m.text.split("\n"))
                    if len(ln) >= RUNON_MEAN_WIDTH), 0)
    raw_at = m.offs[sum(len(ln) + 1 for ln in m.text.split("\n")[:long_at])]
    head_start = bisect.bisect_left(out.offs, raw_at, 0, len(out.text)) if long_at else 0
    first = out.text.find("\n", head_start)
    head_end = first if first >= 0 else len(out.text)
    if head_end - head_start < 12:
        return out
    head = _slice(out, head_start, head_end)
    # a space beside a number or after a hidden name (建党 90 周年, xxx 镇党委) is
    # type, not a gap between the head's parts
    head = sub_mapped(_RUNON_HEAD_GAP, lambda g: " " if _in_parens(head.text, g.start())
                      or _typeset_space(head.text, g.start(), g.end()) else "\n", head)
    pieces, pos = [], 0
    for k, part in enumerate(head.text.split("\n")):
        if k:
            pieces.append(_slice(head, pos - 1, pos))  # the line break
        pieces.append(_cut_head(_slice(head, pos, pos + len(part))))
        pos += len(part) + 1
    head = _concat(pieces, head.offs[-1])
    rest = _slice(out, head_end, len(out.text))
    # the tail after the last sentence end: a signature run together (unit, date)
    last = max(rest.text.rfind("\n"), 0)
    if len(rest.text) - last > 6:
        tail = _slice(rest, last, len(rest.text))
        cuts = sorted({dm.start() for dm in _RUNON_DATE.finditer(tail.text)
                       if dm.end() >= len(tail.text.rstrip()) - 1 and dm.start() > 1})
        if cuts:
            c = cuts[-1]
            tail = _concat([_slice(tail, 0, c), Mapped("\n", (tail.offs[c], tail.offs[c])),
                            _slice(tail, c, len(tail.text))], tail.offs[-1])
            rest = _concat([_slice(rest, 0, last), tail], rest.offs[-1])
    if head_start:
        return _concat([_slice(out, 0, head_start), head, rest], out.offs[-1])
    return _concat([head, rest], out.offs[-1])


# a notice's or a plan's title run into its addressee and text (关于做好…的通知各市（区）委
# 组织部，…党组织：今年6月，…): the title, the addressee and the text
_GLUED_NOTICE = re.compile(
    r"^(?P<title>(?:中共)?[^。，：:\n]{0,30}?关于[^。：:\n]{4,80}?的(?:通知|意见|实施方案|方案|决定|通报|函))"
    r"(?P<to>各[^。：:\n]{2,120}?[：:])(?=\S)", re.M)


def break_glued_notice(m: Mapped) -> Mapped:
    """A line that runs a notice's title into its addressee and its text is cut after
    the title and after the addressee's colon (a copy that lost its line breaks)."""
    cuts = [c for g in _GLUED_NOTICE.finditer(m.text) for c in (g.end("title"), g.end("to"))]
    if not cuts:
        return m
    parts, prev = [], 0
    for c in cuts:
        parts += [_slice(m, prev, c), Mapped("\n", (m.offs[c], m.offs[c]))]
        prev = c
    parts.append(_slice(m, prev, len(m.text)))
    return _concat(parts, m.offs[-1])


# a sharing site's preview cut into numbered chunks of a fixed length: ``1、`` opens the
# document and ``2、``, ``3、`` … open lines that go on with a sentence the chunk before cut off
_CHUNK_NO = re.compile(r"^ *(\d{1,3}) *、")
_SENTENCE_DONE = re.compile(r"[。！？；：”」』）)…]\s*$")
CHUNK_MIN_CHARS = 80


def drop_chunk_numbers(m: Mapped) -> Mapped:
    """A document-sharing site's chunk numbers (``1、…方法步骤都`` / ``2、作了具体的安排``)
    go, and a sentence a chunk break cut is one line again: only when the chunks run
    1, 2, 3 … on long lines and most breaks fall inside a sentence (a numbered list's
    items end their sentences or are short)."""
    lines = m.text.split("\n")
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    if not filled:
        return m
    chunks = []
    for i in filled:
        cm = _CHUNK_NO.match(lines[i])
        if cm and int(cm.group(1)) == len(chunks) + 1 and len(lines[i].strip()) >= CHUNK_MIN_CHARS:
            chunks.append(i)
    if len(chunks) < 2:
        return m
    prev_of = {i: max(j for j in filled if j < i) for i in chunks[1:]}
    cut = [i for i in chunks[1:] if not _SENTENCE_DONE.search(lines[prev_of[i]])]
    if 2 * len(cut) < len(chunks) - 1:
        return m
    parts, pos = [], 0
    for i in chunks:
        s = starts[i] + _CHUNK_NO.match(lines[i]).end()
        # a cut sentence goes on where the chunk before stopped: drop the break(s) too
        e = starts[i] if i not in cut else starts[prev_of[i]] + len(lines[prev_of[i]])
        parts.append(_slice(m, pos, e))
        pos = s
    parts.append(_slice(m, pos, len(m.text)))
    return _concat(parts, m.offs[-1])


_NUMBER_NEXT = re.compile(r"\d{1,4}(?=\s|[\u4e00-\u9fff]|$)")
_NUMBER_OR_HIDDEN_BEFORE = re.compile(r"(?:^|[\s\u4e00-\u9fff])(?:\d{1,4}|[xX*＊]{2,4})$")


def _typeset_space(text: str, start: int, end: int) -> bool:
    """A space set around a number or a hidden name inside a phrase (建党 90 周年,
    xxx 镇党委), not one between a date stamp and the next part (2012-06-11 各…)."""
    after = text[end:end + 1]
    return bool(_NUMBER_NEXT.match(text, end)) or (
        "\u4e00" <= after <= "\u9fff" and bool(_NUMBER_OR_HIDDEN_BEFORE.search(text, 0, start)))


def _in_parens(text: str, pos: int) -> bool:
    before = text[:pos]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


def _cut_head(head: Mapped) -> Mapped:
    """One head without spaces: cut before its addressee or date and after its
    title's genre word, keeping only cuts that leave pieces of two or more characters."""
    text = head.text
    cuts = {mm.start() for mm in _RUNON_HEAD_CUT.finditer(text)}
    for dm in _RUNON_DATE.finditer(text):
        cuts.update((dm.start(), dm.end()))
    cuts = sorted(c for c in cuts if 0 < c < len(text))
    keep, last = [], 0
    for c in cuts:
        if c - last >= 2 and len(text) - c >= 2:
            keep.append(c)
            last = c
    if not keep:
        return head
    parts = []
    prev = 0
    for c in keep:
        parts.append(_slice(head, prev, c))
        parts.append(Mapped("\n", (head.offs[c], head.offs[c])))
        prev = c
    parts.append(_slice(head, prev, len(text)))
    return _concat(parts, head.offs[-1])


# a spaced 目 录 heading broken over two lines by a text extraction (…汇编 目 / 录)
_SPLIT_TOC = re.compile(r"(?<=目) *\n *(?=录 *(?:\n|$))")


def join_split_toc(m: Mapped) -> Mapped:
    return sub_mapped(_SPLIT_TOC, "", m)


_LINE_EDGE_SPACE = re.compile(r"^ +| +$", re.M)


def strip_lines(m: Mapped) -> Mapped:
    return sub_mapped(_LINE_EDGE_SPACE, "", m)


# a web page's print view keeps its layout table's bars: a line of bars only, a row
# opening with one and bars after its last cell (| 标题 | |)
_PIPES_ONLY = re.compile(r"^[ \t]*[|｜](?:[ \t]*[|｜])*[ \t]*$", re.M)
_PIPE_EDGES = re.compile(r"^[ \t]*[|｜][ \t]*(?=[^\n]*[|｜][ \t]*$)|(?<=\S)(?:[ \t]*[|｜])+[ \t]*$", re.M)


def drop_table_bars(m: Mapped) -> Mapped:
    return sub_mapped(_PIPE_EDGES, "", sub_mapped(_PIPES_ONLY, "", m))


# a page number printed in the text (copied from a PDF or a printed volume): - 3 -,
# — 3 —, 第 3 页, 第3页 共12页, 共12页 第3页, 3/12
_PAGE_NUMBER = re.compile(r"^(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[/／,，]?\s*共\s*\d{1,4}\s*页)?"
                          r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|\d{1,4}\s*[/／]\s*\d{1,4})$")
_DIGITS = re.compile(r"\d+")
_HEAD_AND_NUMBER = re.compile(r"^\S.{1,30}?\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页)$")


def drop_page_furniture(m: Mapped) -> Mapped:
    """Page furniture a text kept from the pages it was copied from: the page-number
    lines (two or more of them: page furniture repeats) and a running head, a short line
    that stands again and again right next to them (or carries the page number
    itself). The raw text keeps them; offsets hold."""
    lines = m.text.split("\n")
    numbered = [i for i, ln in enumerate(lines) if _PAGE_NUMBER.match(ln)]
    if len(numbered) < 2:
        return m
    drop = set(numbered)
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    near: dict[str, list[int]] = {}
    seen: dict[str, int] = {}
    for i, ln in enumerate(lines):
        if not ln or display_width(ln) > 40 or _TERMINAL.search(ln):
            continue
        k = _DIGITS.sub("#", ln)
        seen[k] = seen.get(k, 0) + 1
        beside = any(abs(i - j) <= 2 and not any(lines[x] for x in range(min(i, j) + 1, max(i, j)))
                     for j in numbered)  # only blank lines between it and a page number
        if beside or _HEAD_AND_NUMBER.match(ln):
            near.setdefault(k, []).append(i)
    for k, idx in near.items():
        # a running head stands by most page numbers; a unit or a heading that happens
        # to fall beside one or two of them is text
        if len(idx) >= max(2, len(numbered) // 2) and 2 * len(idx) >= seen[k]:
            drop.update(idx)
        elif first is not None and _DIGITS.sub("#", lines[first]) == k and first not in idx \
                and seen[k] == len(idx) + 1:
            # the first page's head (its number not printed) standing again by the next
            # pages' numbers: a running head on every page, the first included
            drop.update(idx + [first])
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    parts, pos = [], 0
    for i in sorted(drop):
        parts.append(_slice(m, pos, starts[i]))
        pos = min(starts[i + 1], len(m.text))
    parts.append(_slice(m, pos, len(m.text)))
    return _concat(parts, m.offs[-1])


_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK_CLASS}) +|(?<=\S) +(?={_CJK_CLASS})")
_SPACE_IN_PARENS = re.compile(r"(?<=\() +| +(?=\))")


_SUBJECT_LINE = re.compile(r"^((?:主题词|关键词|关键字)[：:]) *(.*)$", re.M)
_SPACE_RUN = re.compile(r" +")


def tidy_spaces(m: Mapped) -> Mapped:
    """No spaces inside Chinese text; a subject-word line (主题词) keeps one space
    between its words."""
    out_parts: list[Mapped] = []
    pos = 0
    for sm in _SUBJECT_LINE.finditer(m.text):
        out_parts.append(_tidy(_slice(m, pos, sm.start(2))))
        out_parts.append(sub_mapped(_SPACE_RUN, " ", _slice(m, sm.start(2), sm.end())))
        pos = sm.end()
    out_parts.append(_tidy(_slice(m, pos, len(m.text))))
    return _concat(out_parts, m.offs[-1])


def _tidy(m: Mapped) -> Mapped:
    m = sub_mapped(_SPACE_NEAR_CJK, "", m)
    return sub_mapped(_SPACE_IN_PARENS, "", m)


def _slice(m: Mapped, s: int, e: int) -> Mapped:
    return Mapped(m.text[s:e], m.offs[s:e] + (m.offs[e],))


def _concat(parts: list[Mapped], end: int) -> Mapped:
    text = "".join(p.text for p in parts)
    offs: list[int] = []
    for p in parts:
        offs.extend(p.offs[:-1])
    offs.append(end)
    return Mapped(text, tuple(offs))


# a pair is converted only when nothing inside it is a quotation mark: nested pairs keep
# their outer marks, so converting never creates a pair a second pass would convert
# (normalization stays idempotent)
_Q = "‚‛「」『』“”\"\n"
_QUOTE_PAIRS = re.compile(rf"‚([^{_Q}]{{0,200}}?)‛|「([^{_Q}]{{0,200}}?)」|『([^{_Q}]{{0,200}}?)』")
_STRAIGHT_QUOTES = re.compile(r'"([^"“”\n]{0,200}?)"')
_HALF_PUNCT_AFTER_CJK = re.compile(rf"(?<=[{CJK}]) *([,;:!?])")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_PAREN_NUMERAL = re.compile(r"\(([一二三四五六七八九十\d]{1,3})\)")
_PAREN_CJK = re.compile(rf"\(([^()（）\n]*[{CJK}][^()（）\n]*)\)")


# the horizontal bar (―, U+2015) and a pair of box-drawing lines before text (──某某) typed
# for the dash (——): a subtitle's or a speaker's line must read as one
_BAR_DASH = re.compile(rf"―|─(?=─[{CJK}“（])|(?<=─)─(?=[{CJK}“（])")


def unify_punctuation(m: Mapped) -> Mapped:
    m = sub_mapped(_BAR_DASH, "—", m)
    m = sub_mapped(_QUOTE_PAIRS, lambda x: f"“{next(g for g in x.groups() if g is not None)}”", m)
    m = sub_mapped(_STRAIGHT_QUOTES, lambda x: f"“{x.group(1)}”", m)
    m = sub_mapped(_HALF_PUNCT_AFTER_CJK, lambda x: _HALF_TO_FULL[x.group(1)], m)
    # spaces just inside parentheses go first (tidy_spaces would drop them later
    # anyway): "(1 )" must become "（1）" in one pass, or normalizing twice differs
    m = sub_mapped(_SPACE_IN_PARENS, "", m)
    m = sub_mapped(_PAREN_NUMERAL, lambda x: f"（{x.group(1)}）", m)
    return sub_mapped(_PAREN_CJK, lambda x: f"（{x.group(1)}）", m)


_TOC_LINE = re.compile(r"[.·…．_—-]{2,}\s*\d{1,4}$")
_TERMINAL = re.compile(r"([。！？；：…]|[。！？][”’」』）)])$")
_SOFT_END = re.compile(r"[，、,]$")
_ENDS_IN_TEXT = re.compile(rf"[{CJK}A-Za-z0-9“”（）()—《》，、]$")


def display_width(line: str) -> float:
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in line)


def typical_widths(lines: list[str], window: int = 8) -> list[float]:
    """For each line, the width a wrapped line runs to around it: the median width of
    the neighbouring lines of some length (page layouts differ within one volume)."""
    widths = [display_width(x) for x in lines]
    out = []
    for i in range(len(lines)):
        near = sorted(w for w in widths[max(0, i - window):i + window + 1] if w >= 12)
        out.append(near[len(near) // 2] if near else 0.0)
    return out


def join_wrapped(m: Mapped) -> Mapped:
    """Rejoin lines that a fixed-width layout wrapped: a line that runs (nearly) to the
    width of the lines around it, or ends in a comma, and does not end a sentence
    continues on the next line, even across one blank line (a page break in text
    copied from a PDF). A line that opens an outline heading (一、 （一） 1. …) always
    starts a paragraph; a heading line without a sentence in it is never continued."""
    lines = m.text.split("\n")
    # text that is not wrapped as a whole may still have a line cut inside a sentence:
    # one that stops on a comma goes on in the next line (never across a blank line)
    soft_only = not _looks_wrapped(lines)
    if soft_only and not any(_SOFT_END.search(ln) for ln in lines):
        return m
    fulls = typical_widths(lines)
    starts = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    drop: list[tuple[int, int]] = []  # [start, end) spans of text to delete
    prev_width = 0.0
    i = 0
    n = len(lines)
    while i < n - 1:
        a = lines[i]
        if not a:
            i += 1
            continue
        j = i + 1
        gap = 0
        while j < n and not lines[j] and gap < 2:
            j += 1
            gap += 1
        if j >= n or gap > 1 or not lines[j]:
            prev_width = display_width(a)
            i = j
            continue
        b = lines[j]
        if soft_only and (gap or not _SOFT_END.search(a)):
            prev_width = display_width(a)
            i = j
            continue
        inside = (i > 0 and bool(lines[i - 1]) and not _TERMINAL.search(lines[i - 1])
                  and display_width(lines[i - 1]) >= 0.85 * fulls[i - 1])
        if fulls[i] > 0 and not _heads_next_item(lines, j, gap) and \
                _continues(a, b, gap, fulls[i], prev_width, inside):
            drop.append((starts[i] + len(a), starts[j]))
        prev_width = display_width(a)
        i = j
    if not drop:
        return m
    out_text, out_offs = [], []
    pos = 0
    for s, e in drop:
        out_text.append(m.text[pos:s])
        out_offs.extend(m.offs[pos:s])
        pos = e
    out_text.append(m.text[pos:])
    out_offs.extend(m.offs[pos:])
    return Mapped("".join(out_text), tuple(out_offs))


_SENTENCE_INSIDE = re.compile(r"[。！？；]")


_COLOPHON = re.compile(r"^(?:主\s*送|抄\s*送|主题词|关键词|附件)|印发$")


WRAPPED_SHARE = 0.05
# a line that opens a body: an addressee (各…：) or a salutation (同志们：)
_OPENS_BODY = re.compile(r"^(?:各[^。；\n]{1,80}[：:]|(?:同志们|各位[^，。]{0,20}|尊敬的[^，。]{0,20})[：:，,])$")


def _looks_wrapped(lines: list[str]) -> bool:
    """Is the text hard-wrapped at all: do a good share of its lines of some length
    stop without ending a sentence? (Text with one paragraph per line, or lines
    restored from run-on text, is left alone.)"""
    long_lines = [ln for ln in lines if display_width(ln) >= 16 and not is_furniture(ln)
                  and not _TOC_LINE.search(ln)]
    if len(long_lines) < 3:
        return False
    open_lines = [ln for ln in long_lines if not _TERMINAL.search(ln)]
    if len(open_lines) < WRAPPED_SHARE * len(long_lines):
        return False
    if len(open_lines) >= 0.3 * len(long_lines):
        return True
    # a few open lines: a wrapped line stops at the width the text is wrapped to, the
    # widest its lines run (most open lines stop there); in text with one paragraph
    # per line a cut sentence, a list entry or a title stops short of most paragraphs
    widths = sorted(display_width(ln) for ln in long_lines)
    wrap = widths[int(0.9 * (len(widths) - 1))]
    at_wrap = sum(1 for ln in open_lines if display_width(ln) >= 0.85 * wrap)
    return 3 * at_wrap >= 2 * len(open_lines)


def _continues(a: str, b: str, gap: int, full: float, prev_width: float,
               inside: bool = True) -> bool:
    if is_furniture(a) or is_furniture(b) or _OPENS_BODY.match(b):
        return False
    if _TOC_LINE.search(a) or _TOC_LINE.search(b):
        return False  # a 目录 entry (its leader and page number) is a line of its own
    if is_header_line(a) or is_header_line(b):  # 文号, date, byline, unit: lines of their own
        return False
    if separate_head_lines(a, b):  # a page's title tag; a title over a news subtitle
        return False
    if _TITLE_END_WORD.search(a) and not _PUNCT_INSIDE.search(a) and not starts_outline(a):
        return False  # a title ending in its genre word (…工作总结) is never continued
    if starts_outline(b) or _TERMINAL.search(a) or _COLOPHON.search(a) or _COLOPHON.search(b):
        return False
    if is_unit_line(b) or is_date_line(b):  # a title's unit line, a signature's date
        return False
    if re.fullmatch(r"目\s*录", b.strip()) or re.fullmatch(r"目\s*录", a.strip()):
        return False  # a contents' head stands alone
    if _latin(a) != _latin(b) or glued_names(b):
        return False  # a title over its English title, or over its authors (程某1许某2)
    if starts_outline(a) and not _SENTENCE_INSIDE.search(a):
        return False
    w = display_width(a)
    wide = w >= 0.85 * full or (
        w >= 0.6 * full and (w >= 0.85 * display_width(b) or w >= 0.85 * prev_width))
    if gap == 0:
        return wide or bool(_SOFT_END.search(a))
    # across a blank line (a page break in text copied from a PDF) only a line that
    # runs to the full width continues: a blank line after a short line ends it
    # runs to the full width and is part of a paragraph (a punctuation mark inside it,
    # or the line before it continues into it): a blank line after a title ends it
    return (w >= 0.85 * full and (inside or bool(re.search(r"[，。；、：]", a)))
            and bool(_ENDS_IN_TEXT.search(a) or _SOFT_END.search(a)))


def _latin(line: str) -> bool:
    """Is the line written in Latin letters (an English title or abstract)?"""
    letters = sum(c.isascii() and c.isalpha() for c in line)
    return letters >= 12 and letters >= 0.6 * len(line.replace(" ", ""))


_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]{1,12}[）)]$")


def _title_by_its_words(line: str) -> bool:
    """A short line with no punctuation inside that ends in a title's genre word
    (LayoutData.title_end: …制度, …规程, …岗位职责), a status note after it allowed: a
    title, never the rest of a sentence a page break cut (that ends in 。)."""
    s = _TRAILING_NOTE.sub("", line.strip())
    return 4 <= display_width(s) <= 40 and not _PUNCT_INSIDE.search(s) and \
        bool(default_layout().title_end.search(s) or _TITLE_END_WORD.search(s))


def _heads_next_item(lines: list[str], j: int, gap: int) -> bool:
    """Is line ``j`` the title of the next item, whatever the line before it (a last
    line running to the full width, a list cut after its 、)? A title by its words
    after a blank line, or right over the first point or article (一、, 第一条) or over
    its unit's or date's line."""
    after = (lines[j + 1] if j + 1 < len(lines) else "").strip()
    return _title_by_its_words(lines[j]) and (
        gap > 0 or bool(after) and (starts_outline(after) or is_header_line(after)))


_BLANK_LINES = re.compile(r"\n{2,}")
_EDGE_NEWLINES = re.compile(r"^\n+|\n+$")


def drop_blank_lines(m: Mapped) -> Mapped:
    m = sub_mapped(_BLANK_LINES, "\n", m)
    return sub_mapped(_EDGE_NEWLINES, "", m)


COMMON_STEPS: tuple[Callable[[Mapped], Mapped], ...] = (
    drop_invisible, fold_width, fold_script, drop_pinyin_glosses, drop_jammer, split_wide_gaps,
    drop_chunk_numbers, break_runon, break_glued_notice, break_title_gap, drop_table_bars, strip_lines, join_split_toc, drop_page_furniture, unify_punctuation,
    tidy_spaces,
)


def pipeline(hard_wrapped: bool) -> tuple[Callable[[Mapped], Mapped], ...]:
    # joining wrapped lines can bring a quotation mark's pair onto one line: unify again
    tail = (join_wrapped, unify_punctuation, drop_blank_lines) if hard_wrapped \
        else (drop_blank_lines,)
    return COMMON_STEPS + tail


def normalize(raw: str, *, hard_wrapped: bool = False) -> Normalized:
    m = Mapped.of(raw)
    for step in pipeline(hard_wrapped):
        m = step(m)
    return Normalized(m.text, m.offs)


def normalize_text(raw: str, *, hard_wrapped: bool = False) -> str:
    return normalize(raw, hard_wrapped=hard_wrapped).text
