"""The similarity report as one self-contained HTML file (no scripts, no external
files): the summary table, then the submission with copied passages highlighted,
one colour per source and common template text in its own colour, each passage
linked to the same passage in the source text shown alongside.

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

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;margin:1.5em;
 color:#222;line-height:1.7}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1.2em}
.pane{border:1px solid #ccc;padding:.8em;height:80vh;overflow:auto;white-space:pre-wrap}
mark{padding:0 1px;border-radius:2px;color:inherit}
mark a{color:inherit;text-decoration:none}
mark.common{background:%s}
.swatch{display:inline-block;width:1em;height:1em;vertical-align:middle;margin-right:.3em}
h3{margin:1em 0 .3em;font-size:1em;white-space:normal}
:target{outline:2px solid #c00}
""" % COMMON_COLOUR


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _colour(i: int) -> str:
    return COLOURS[i % len(COLOURS)]


def _summary(report: Mapping[str, Any], title: str) -> list[str]:
    r = report["ratios"]
    best = r["max_single_source"]
    out = [f"<h1>相似性检测报告 · {escape(title)}</h1>",
           "<table><tr><th>字数</th><th>复制字数</th><th>总复制比</th>"
           "<th>去除引用复制比</th><th>去除本单位复制比</th><th>去除公共文本复制比</th>"
           "<th>单篇最大复制比</th></tr>",
           f"<tr><td>{report['chars']}</td><td>{report['copied_chars']}</td>"
           f"<td>{_pct(r['total'])}</td><td>{_pct(r['excluding_quotes'])}</td>"
           f"<td>{_pct(r['excluding_same_unit'])}</td><td>{_pct(r['excluding_common'])}</td>"
           f"<td>{_pct(best['ratio'])} {escape(best['id'] or '')}</td></tr></table>",
           "<table><tr><th>来源</th><th>标题</th><th>单位</th><th>日期</th><th>文件</th>"
           "<th>复制比</th><th>片段</th></tr>"]
    for i, s in enumerate(report["sources"]):
        out.append(
            f"<tr><td><span class='swatch' style='background:{_colour(i)}'></span>"
            f"<a href='#src-{i}'>{escape(s['id'])}</a></td><td>{escape(s['title'] or '')}</td>"
            f"<td>{escape(s['unit'] or '')}</td><td>{escape(s['date'] or '')}</td>"
            f"<td>{escape(s['source'] or '')}</td><td>{_pct(s['ratio'])}</td>"
            f"<td>{len(s['passages'])}</td></tr>")
    out.append(f"</table><p><span class='swatch' style='background:{COMMON_COLOUR}'></span>"
               "公共文本（模板语言、参考文献），不计入去除公共文本复制比</p>")
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
           source_texts: Mapping[str, str], title: str = "") -> str:
    """The HTML page for a report (``Report.as_dict()``), the submission's text and
    the sources' texts by item id."""
    spans, by_source = [], []
    for i, s in enumerate(report["sources"]):
        src_spans = []
        for j, p in enumerate(s["passages"]):
            cls = "common" if p["common"] else f"s{i}"
            style = "" if p["common"] else f"background:{_colour(i)}"
            tip = "；".join(f"{e['text'] or '∅'} ← {e['source_text'] or '∅'}"
                           for e in p["edits"])
            tip_attr = f" title='{escape(tip)}'" if tip else ""
            spans.append((p["start"], p["end"], cls, style,
                          f"<a id='sub-{i}-{j}' href='#src-{i}-{j}'{tip_attr}>{_BODY}</a>"))
            src_spans.append((p["source_start"], p["source_end"], cls, style,
                              f"<a id='src-{i}-{j}' href='#sub-{i}-{j}'>{_BODY}</a>"))
        by_source.append(src_spans)
    html = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
            f"<title>相似性检测报告 · {escape(title)}</title><style>{_CSS}</style></head><body>"]
    html += _summary(report, title)
    html.append("<div class='cols'><div class='pane'><h3>送检文本</h3>")
    html.append(_highlight(submission_text, spans))
    html.append("</div><div class='pane'>")
    for i, s in enumerate(report["sources"]):
        text = source_texts.get(s["id"], "")
        html.append(f"<h3 id='src-{i}'><span class='swatch' style='background:{_colour(i)}'>"
                    f"</span>{escape(s['title'] or s['id'])} · {escape(s['unit'] or '')} · "
                    f"{_pct(s['ratio'])}</h3>")
        html.append(_highlight(text, by_source[i]))
    html.append("</div></div></body></html>")
    return "".join(html)
