"""The similarity report as one self-contained HTML file (no scripts, no external
files): the summary table, then the submission with copied passages highlighted,
one colour per source and common template text in its own colour, each passage
linked to the same passage in the source text shown alongside.

Exact copies (原文复制) are plain highlights; reworded copies (改写复制, issue 22) are
outlined with a dashed line, and their swapped words underlined on both sides (the
other side's word in the tooltip). A checkbox (CSS only: the page has no scripts)
shows the exact copies alone, CNKI-style, with the exact-only ratio.

Every piece of submitted or stored text goes through ``html.escape``: a ``<script>``
in a submission is shown as text, never run.
"""

from __future__ import annotations

from html import escape
from typing import Any, Mapping

COLOURS = ("#ffd6d6", "#d6e4ff", "#d9f2d0", "#ffe8c2", "#ead6ff", "#c9f0ef", "#f6d6ef",
           "#e8e8b0")
COMMON_COLOUR = "#e2e2e2"
_BODY = "\x00body\x00"  # where the escaped text goes in a mark's template

# (selector, rules); "R" is the report's root: the page's body in the HTML file, the
# report's own <div> when the app shows it inside its page (``embed``)
_RULES = (
    ("R", 'font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;'
          'color:#222;line-height:1.7'),
    ("R table", "border-collapse:collapse;margin:.5em 0 1.5em"),
    ("R th,R td", "border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top"),
    ("R th", "background:#f3f3f3"),
    ("R .cols", "display:grid;grid-template-columns:1fr 1fr;gap:1.2em"),
    ("R .pane", "border:1px solid #ccc;padding:.8em;white-space:pre-wrap;min-width:0"),
    ("R mark", "padding:0 1px;border-radius:2px;color:inherit"),
    ("R mark a", "color:inherit;text-decoration:none"),
    ("R mark.common", f"background:{COMMON_COLOUR}"),
    ("R .swatch", "display:inline-block;width:1em;height:1em;vertical-align:middle;"
                  "margin-right:.3em"),
    ("R h3", "margin:1em 0 .3em;font-size:1em;white-space:normal"),
    ("R :target", "outline:2px solid #c00"),
    ("R mark.rw", "outline:1px dashed #555;outline-offset:-1px"),
    ("R mark.swap", "text-decoration:underline wavy #c00;text-underline-offset:3px"),
    ("R .only-exact", "display:none"),
    ("R:has(#exact-only:checked) mark.rw,R:has(#exact-only:checked) mark.swap",
     "background:none!important;outline:none;text-decoration:none"),
    ("R:has(#exact-only:checked) .only-exact", "display:inline"),
    ("R:has(#exact-only:checked) .with-rw", "display:none"),
)


def _css(root: str) -> str:
    """The report's style sheet with every selector under ``root``; the file's body
    has a margin and its two panes scroll side by side within the window, the embedded
    report grows with its text (the app page is its only scroll bar)."""
    out = [f"{sel.replace('R', root)}{{{rules}}}" for sel, rules in _RULES]
    if root == "body":
        out += ["body{margin:1.5em}", "body .pane{height:80vh;overflow:auto}"]
    return "\n".join(out)


_CSS = _css("body")
EMBED_CLASS = "hb-report"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _colour(i: int) -> str:
    return COLOURS[i % len(COLOURS)]


def _name(report: Mapping[str, Any], item_id: str | None) -> str:
    """A source as a panel names it: its number in the list, title and unit (issue 17:
    never its hex id)."""
    for i, s in enumerate(report["sources"]):
        if s["id"] == item_id:
            return f"[{i + 1}] {s['title'] or ''}" + (f"（{s['unit']}）" if s["unit"] else "")
    return ""


def _summary(report: Mapping[str, Any], title: str,
             counts: Mapping[str, Any] | None = None) -> list[str]:
    r = report["ratios"]
    best = r["max_single_source"]
    # 字数 as an item counts it (its Chinese characters) when the counts are given
    n = counts or report
    out = [f"<h1>相似性检测报告 · {escape(title)}</h1>",
           "<table><tr><th>字数</th><th>复制字数</th><th>总复制比</th>"
           "<th>去除引用复制比</th><th>去除本单位复制比</th><th>去除公共文本复制比</th>"
           "<th>单篇最大复制比</th></tr>",
           f"<tr><td>{n['chars']}</td><td>{n['copied_chars']}</td>"
           f"<td><span class='with-rw'>{_pct(r['total'])}</span>"
           f"<span class='only-exact'>{_pct(r.get('exact_copy', r['total']))}</span></td>"
           f"<td>{_pct(r['excluding_quotes'])}</td>"
           f"<td>{_pct(r['excluding_same_unit'])}</td><td>{_pct(r['excluding_common'])}</td>"
           f"<td>{_pct(best['ratio'])} {escape(_name(report, best['id']))}</td></tr></table>",
           f"<p>原文复制 {_pct(r.get('exact_copy', r['total']))}"
           f"（{n.get('exact_chars', n['copied_chars'])}字）· "
           f"<span class='with-rw'>改写复制 {_pct(r.get('reworded_copy', 0.0))}"
           f"（{n.get('reworded_chars', 0)}字，同义词替换、语序调整）</span></p>",
           "<table><tr><th>来源</th><th>标题</th><th>单位</th><th>日期</th><th>文件</th>"
           "<th>复制比</th><th>其中改写</th><th>片段</th></tr>"]
    for i, s in enumerate(report["sources"]):
        out.append(
            f"<tr><td><span class='swatch' style='background:{_colour(i)}'></span>"
            f"<a href='#src-{i}'>[{i + 1}]</a></td><td>{escape(s['title'] or '')}</td>"
            f"<td>{escape(s['unit'] or '')}</td><td>{escape(s['date'] or '')}</td>"
            f"<td>{escape(s['source'] or '')}</td><td>{_pct(s['ratio'])}</td>"
            f"<td>{_pct(s.get('reworded_ratio', 0.0))}</td>"
            f"<td>{len(s['passages'])}</td></tr>")
    out.append(f"</table><p><span class='swatch' style='background:{COMMON_COLOUR}'></span>"
               "公共文本（模板语言、参考文献），不计入去除公共文本复制比；"
               "<mark class='rw'>虚线框</mark>为改写复制，"
               "<mark class='swap'>波浪线</mark>为替换的同义词（悬停显示对方原词）</p>")
    return out


def _highlight(text: str, spans: list[tuple[int, int, str, str, str]]) -> str:
    """``text`` escaped, with ``spans`` (start, end, css class, style, link/anchor
    attributes) wrapped in <mark>; earlier spans win where spans overlap."""
    owner = [-1] * (len(text) + 1)
    for k, (start, end, *_rest) in enumerate(spans):
        for i in range(start, min(end, len(text))):
            if owner[i] < 0:
                owner[i] = k
    out, i = [], 0
    while i < len(text):
        k = owner[i]
        j = i
        while j < len(text) and owner[j] == k:
            j += 1
        chunk = escape(text[i:j])
        if k < 0:
            out.append(chunk)
        else:
            _s, _e, cls, style, inner = spans[k]
            out.append(f"<mark class='{cls}' style='{style}'>"
                       f"{inner.replace(_BODY, chunk, 1)}</mark>")
        i = j
    return "".join(out)


def render(report: Mapping[str, Any], submission_text: str,
           source_texts: Mapping[str, str], title: str = "", *,
           counts: Mapping[str, Any] | None = None, embed: bool = False) -> str:
    """The HTML page for a report (``Report.as_dict()``), the submission's text and
    the sources' texts by item id. ``counts`` (``pdf_report.report_numbers``): the
    字数 shown are those, counted as an item's 字数 is. ``embed``: a ``<div>`` with its
    own scoped style for the app to show inline (no frame, no scroll box of its own)."""
    spans, by_source = [], []
    swap_spans, swap_by_source = [], []
    for i, s in enumerate(report["sources"]):
        src_spans, src_swaps = [], []
        for j, p in enumerate(s["passages"]):
            rw = p.get("kind") == "reworded"
            cls = ("common" if p["common"] else f"s{i}") + (" rw" if rw else "")
            style = "" if p["common"] else f"background:{_colour(i)}"
            for w in p.get("swaps", ()):
                swap_spans.append((w["start"], w["end"], cls + " swap", style,
                                   f"<a href='#src-{i}-{j}' title='原词：{escape(w['source_text'])}'>"
                                   f"{_BODY}</a>"))
                src_swaps.append((w["source_start"], w["source_end"], cls + " swap", style,
                                  f"<a href='#sub-{i}-{j}' title='改为：{escape(w['text'])}'>"
                                  f"{_BODY}</a>"))
            tip = "；".join(f"{e['text'] or '∅'} ← {e['source_text'] or '∅'}"
                           for e in p["edits"])
            tip_attr = f" title='{escape(tip)}'" if tip else ""
            spans.append((p["start"], p["end"], cls, style,
                          f"<a id='sub-{i}-{j}' href='#src-{i}-{j}'{tip_attr}>{_BODY}</a>"))
            src_spans.append((p["source_start"], p["source_end"], cls, style,
                              f"<a id='src-{i}-{j}' href='#sub-{i}-{j}'>{_BODY}</a>"))
        by_source.append(src_spans)
        swap_by_source.append(src_swaps)
    if embed:
        html = [f"<div class='{EMBED_CLASS}'><style>{_css('.' + EMBED_CLASS)}</style>"]
    else:
        html = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
                f"<title>相似性检测报告 · {escape(title)}</title><style>{_CSS}</style>"
                "</head><body>"]
    summary = _summary(report, title, counts)
    html += summary[:1]  # the title, then the exact-only switch before all it governs
    html.append("<p><input type='checkbox' id='exact-only'><label for='exact-only'> "
                "仅显示原文复制（不计改写复制，同知网口径）</label></p>")
    html += summary[1:]
    html.append("<div class='cols'><div class='pane'><h3>送检文本</h3>")
    html.append(_highlight(submission_text, swap_spans + spans))  # swapped words win
    html.append("</div><div class='pane'>")
    for i, s in enumerate(report["sources"]):
        text = source_texts.get(s["id"], "")
        html.append(f"<h3 id='src-{i}'><span class='swatch' style='background:{_colour(i)}'>"
                    f"</span>[{i + 1}] {escape(s['title'] or '')} · {escape(s['unit'] or '')} · "
                    f"{_pct(s['ratio'])}</h3>")
        html.append(_highlight(text, swap_by_source[i] + by_source[i]))
    html.append("</div></div></div>" if embed else "</div></div></body></html>")
    return "".join(html)
