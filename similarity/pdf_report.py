"""The 查重 report as a PDF a panel can file, in the manner of CNKI's 文本复制检测报告单
(issue 17): the submission's particulars; the ratios (总文字复制比, 去除引用文献复制比,
去除本单位文献复制比, 去除常用语复制比, 单篇最大文字复制比); the counts (总字数, 重复字数,
单篇最大重复字数, 前部重合字数, 后部重合字数); the similar texts by title and unit; and
the full text with the copied passages in colour, each followed by the number of its
source, then every passage beside its source's title and unit.

One character count everywhere: every 字数 here counts Chinese characters, as an
item's 字数 does (``Item.chars``); the ratios are those of ``Report`` (over the
punctuation-free view: Chinese characters, letters and digits). 前部/后部重合字数: copied characters in the first and the last 20%
of the text (CNKI's definition).

Rendered with fpdf2 and the Simplified Chinese face of Noto Sans CJK (``SC``, face 2 of
the collection fontconfig names for ``:lang=zh-cn``), embedded as a subset."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from huibian.core.errors import ToolMissing
from huibian.core.records import count_chinese, is_han

EDGE = 0.2  # 前部/后部: the first and last fifth of the text

RED = (200, 30, 30)        # 原文复制
ORANGE = (200, 110, 0)     # 改写复制
GREEN = (30, 130, 60)      # 引用 (inside quotation marks)
GREY = (110, 110, 110)
BLUE = (20, 70, 170)
BLACK = (0, 0, 0)

_CANDIDATES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
               "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


@lru_cache(maxsize=1)
def sc_font() -> tuple[str, int]:
    """(path, face index) of an installed Simplified Chinese Noto CJK face."""
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh-cn", "file", "family", "index"],
                             capture_output=True, text=True, check=False).stdout
        found = []
        for line in out.splitlines():
            m = re.match(r"(.+?\.tt[cf]): ([^:]*):index=(\d+)", line)
            if m and "CJK SC" in m.group(2) and "Mono" not in m.group(2) \
                    and "Regular" in m.group(1):
                found.append((m.group(1), int(m.group(3))))
        if found:
            return sorted(found, key=lambda f: ("Sans" not in f[0], f))[0]
    for path in _CANDIDATES:
        if Path(path).exists():
            return path, 2  # SC is face 2 of the Noto CJK collections
    raise ToolMissing("no Simplified Chinese font for the PDF report: install fonts-noto-cjk")


def report_numbers(report) -> dict[str, Any]:
    """The CNKI-style counts of a ``similarity.report.Report``, in Chinese characters:
    the 字数 an item shows (``Item.chars``, ``count_chinese``), so an item's 字数 and its
    report's 总字数 are the same number."""
    view = report.view
    han = np.fromiter((is_han(view.original[i]) for i in view.to_orig), dtype=bool,
                      count=len(view))
    where = np.flatnonzero(han)
    n = len(where)
    covered = report.covered[where]
    edge = int(round(n * EDGE))
    best = report.found[0] if report.found else None
    per_source = {f.item.id: int(f.mask[where].sum()) for f in report.found}
    exact = report.exact[where]
    return {"chars": n, "copied_chars": int(covered.sum()),
            "exact_chars": int(exact.sum()), "reworded_chars": int((covered & ~exact).sum()),
            "front_chars": int(covered[:edge].sum()) if edge else 0,
            "back_chars": int(covered[n - edge:].sum()) if edge else 0,
            "edge_chars": edge,
            "max_single_chars": int(best.mask[where].sum()) if best else 0,
            "source_chars": per_source}


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


class _Doc:
    def __init__(self, title: str, author: str) -> None:
        from fpdf import FPDF  # deferred: only the report needs it (start-up time)

        path, index = sc_font()
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_margins(18, 18, 18)
        pdf.add_font("sc", "", path, collection_font_number=index)
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_subject("文本复制检测报告单")
        pdf.set_creator("huibian 汇编")
        pdf.set_lang("zh-CN")
        pdf.add_page()
        self.pdf = pdf

    def text(self, s: str, size: float = 10.5, color=BLACK, h: float = 6.5) -> None:
        self.pdf.set_font("sc", size=size)
        self.pdf.set_text_color(*color)
        self.pdf.write(h, s)

    def line(self, s: str = "", size: float = 10.5, color=BLACK, h: float = 6.5,
             align: str = "L") -> None:
        self.pdf.set_font("sc", size=size)
        self.pdf.set_text_color(*color)
        self.pdf.multi_cell(0, h, s, align=align, new_x="LMARGIN", new_y="NEXT")

    def rule(self) -> None:
        y = self.pdf.get_y() + 1
        self.pdf.set_draw_color(150, 150, 150)
        self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.set_y(y + 2)

    def table(self, rows: list[tuple[str, str]], widths=(70, 104)) -> None:
        self.pdf.set_font("sc", size=10.5)
        self.pdf.set_text_color(*BLACK)
        self.pdf.set_draw_color(180, 180, 180)
        for k, v in rows:
            self.pdf.cell(widths[0], 7.5, k, border=1)
            self.pdf.cell(widths[1], 7.5, v, border=1, new_x="LMARGIN", new_y="NEXT")


def render_pdf(data: dict, numbers: dict, text: str, *, title: str, unit: str | None,
               author: str, checked_at: dt.datetime | None = None,
               scope: str = "库中全部文档") -> bytes:
    """The report (``Report.as_dict()`` and ``report_numbers``) of the submission
    ``text`` as PDF bytes. ``author``: the body running the campaign."""
    r = data["ratios"]
    sources = data["sources"]
    number_of = {s["id"]: k for k, s in enumerate(sources, 1)}
    best = sources[0] if sources else None
    doc = _Doc(f"查重检测报告单：{title}", author)
    doc.line("文本复制检测报告单（全文标明引文）", size=17, h=10, align="C")
    doc.line(f"{author}", size=10, color=GREY, align="C")
    doc.rule()
    when = (checked_at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    doc.line(f"检测文献：{title}")
    doc.line(f"单位：{unit or '未署单位'}")
    doc.line(f"检测时间：{when}　检测范围：{scope}")
    doc.rule()
    doc.line("检测结果", size=13, h=8)
    doc.table([
        ("总文字复制比", _pct(r["total"])),
        ("去除引用文献复制比", _pct(r["excluding_quotes"])),
        ("去除本单位文献复制比", _pct(r["excluding_same_unit"])),
        ("去除常用语复制比", _pct(r["excluding_common"])),
        ("单篇最大文字复制比", _pct(r["max_single_source"]["ratio"]) + (
            f"（{best['title'][:24]}）" if best else "")),
        ("原文复制 / 改写复制", f"{_pct(r['exact_copy'])} / {_pct(r['reworded_copy'])}"),
        ("总字数", f"{numbers['chars']}"),
        ("重复字数", f"{numbers['copied_chars']}"),
        ("单篇最大重复字数", f"{numbers['max_single_chars']}"),
        ("前部重合字数", f"{numbers['front_chars']}"),
        ("后部重合字数", f"{numbers['back_chars']}"),
    ])
    doc.line("字数均为汉字数（与文档页的字数相同）；复制比按汉字、字母与数字计。前部、后部指全文的"
             f"前 {int(EDGE * 100)}% 与后 {int(EDGE * 100)}%（各 {numbers['edge_chars']} 字）。",
             size=9, color=GREY, h=5.5)
    doc.pdf.ln(2)
    doc.line("相似文献列表", size=13, h=8)
    if not sources:
        doc.line("未发现与库中文档相同的段落。")
    for k, s in enumerate(sources, 1):
        chars = numbers["source_chars"].get(s["id"], 0)
        doc.line(f"{k}. {s['title']}（{s['unit'] or '未署单位'}）", size=10.5)
        doc.line(f"    复制比 {_pct(s['ratio'])}，重合 {chars} 字，片段 {len(s['passages'])} 处"
                 + (f"，其中改写 {_pct(s['reworded_ratio'])}" if s["reworded_ratio"] else ""),
                 size=9.5, color=GREY, h=5.5)
    doc.pdf.ln(2)
    doc.line("原文内容", size=13, h=8)
    doc.line("红色：原文复制；橙色：改写复制；绿色：引用；[n]：相似文献序号。", size=9,
             color=GREY, h=5.5)
    _body(doc, text, sources, number_of)
    doc.pdf.ln(8)
    doc.line("复制片段与来源", size=13, h=8)
    for k, s in enumerate(sources, 1):
        doc.line(f"[{k}] {s['title']}（{s['unit'] or '未署单位'}）", size=10.5, color=BLUE)
        for p in s["passages"]:
            kind = "改写" if p["kind"] == "reworded" else "原文"
            doc.line(f"    （{kind}，{count_chinese(p['text'])} 字）{p['text']}", size=9.5,
                     color=ORANGE if p["kind"] == "reworded" else RED, h=5.5)
    return bytes(doc.pdf.output())


def _body(doc: _Doc, text: str, sources: list[dict], number_of: dict[str, int]) -> None:
    """The text with each copied span coloured and followed by its sources' numbers."""
    n = len(text)
    kind = np.zeros(n, dtype=np.int8)  # 0 plain, 1 exact, 2 reworded, 3 quoted
    marks: dict[int, set[int]] = {}
    for s in sources:
        for p in s["passages"]:
            a, b = max(0, p["start"]), min(n, p["end"])
            if b <= a:
                continue
            value = 3 if p["quoted"] else (2 if p["kind"] == "reworded" else 1)
            seg = kind[a:b]
            seg[(seg == 0) | (seg > value)] = value
            marks.setdefault(b, set()).add(number_of[s["id"]])
    colors = {0: BLACK, 1: RED, 2: ORANGE, 3: GREEN}
    start = 0
    for pos in range(1, n + 1):
        if pos == n or kind[pos] != kind[start] or pos in marks:
            doc.text(text[start:pos], color=colors[int(kind[start])])
            if pos in marks:
                doc.text("[" + ",".join(map(str, sorted(marks[pos]))) + "]", size=8,
                         color=BLUE)
            start = pos
