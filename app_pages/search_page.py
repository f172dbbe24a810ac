"""检索 Search: query box, facet filters in the sidebar, highlighted snippets, paging,
sort, export of the result list (CSV / XLSX). The search itself is huibian.search.engine."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import streamlit as st

from huibian.app_pages import _nav, _ui

PAGE_SIZE = 20
SORT_NAMES = {"relevance": "相关度", "date": "日期（新→旧）", "date_asc": "日期（旧→新）",
              "length": "篇幅（长→短）", "length_asc": "篇幅（短→长）"}
HELP = ("**检索语法**：`党员 教师` 两词都要；`\"五个好\"` 按原文精确匹配；`-医院` 排除；"
        "`党员 OR 团员` 任一即可。留空则浏览全部。")


@st.cache_data(show_spinner=False, ttl=600, max_entries=256)
def run_search(key: tuple, query: str, filters: tuple, sort: str, offset: int,
               limit: int = PAGE_SIZE):
    """Cached per (collection, query, filters, sort, page)."""
    from huibian.search.engine import Filters, search  # deferred for start-up time (tantivy)

    with _ui.db() as conn:
        return search(conn, query or None, tokenizer=_ui.resources().tokenizer,
                      filters=Filters(**dict(filters)), sort=sort, limit=limit, offset=offset,
                      facet_limit=30, axes=_ui.label_axes())


def marked(text: str, marks) -> str:
    """Escaped text with <mark> around the marked spans, for an HTML block: no line
    breaks (a blank line would end the block, and Markdown after it would be parsed:
    links, images)."""
    out, pos = [], 0
    for s, e in marks:
        out.append(html.escape(text[pos:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:]))
    return " ".join("".join(out).split("\n"))


def _filters_sidebar(facets: dict) -> dict:
    chosen: dict = {}
    with st.sidebar:
        st.subheader("筛选")
        for axis in _ui.label_axes() + ("named_carrier", "region", "year", "unit"):
            counts = facets.get(axis) or {}
            prior = st.session_state.get(f"search_f_{axis}", [])
            options = list(dict.fromkeys(list(counts) + list(prior)))
            if not options:
                continue
            sel = st.multiselect(
                _ui.axis_name(axis), options, key=f"search_f_{axis}", placeholder="全部",
                format_func=lambda lab, c=counts, a=axis: f"{_ui.label_name(a, lab)}（{c.get(lab, 0)}）")
            if sel:
                if axis == "year":
                    years = sorted(int(y) for y in sel)
                    chosen["year_from"], chosen["year_to"] = years[0], years[-1]
                else:
                    chosen[axis] = tuple(sel)
    return chosen


@_ui.page("检索")
def render() -> None:
    try:
        import huibian.search.engine  # noqa: F401
    except ImportError:
        _ui.unavailable("检索", "huibian.search.engine")
        return
    with st.expander("检索语法", expanded=False):
        st.markdown(HELP)
    c1, c2 = st.columns([4, 1])
    query = c1.text_input("检索词", key="search_q", placeholder="例如：创岗建区")
    sort = c2.selectbox("排序", list(SORT_NAMES), format_func=SORT_NAMES.get, key="search_sort")
    key = _ui.collection_key()
    # facet counts of the query without filters, so every option stays visible
    base = run_search(key, query, (), sort, 0, 0)
    filters = _filters_sidebar(base.facets)
    page_no = st.session_state.get("search_page_no", 0)
    sig = (query, tuple(sorted(filters.items())), sort)
    if st.session_state.get("search_sig") != sig:
        st.session_state["search_sig"], page_no = sig, 0
        st.session_state["search_page_no"] = 0
        st.session_state.pop("search_csv", None)
        st.session_state.pop("search_xlsx", None)
    result = run_search(key, query, tuple(sorted(filters.items())), sort, page_no * PAGE_SIZE)
    if result.total == 0:
        st.info("没有找到符合条件的文档。试试更少的检索词，或去掉一些筛选。")
        return
    pages = (result.total + PAGE_SIZE - 1) // PAGE_SIZE
    st.caption(f"共 {result.total} 篇，第 {page_no + 1}/{pages} 页")
    for n, hit in enumerate(result.hits, page_no * PAGE_SIZE + 1):
        _hit(n, hit, query)
    nav = st.columns(4)
    if page_no > 0 and nav[0].button("上一页", key="search_prev"):
        st.session_state["search_page_no"] = page_no - 1
        st.rerun()
    if page_no + 1 < pages and nav[1].button("下一页", key="search_next"):
        st.session_state["search_page_no"] = page_no + 1
        st.rerun()
    _exports(key, query, tuple(sorted(filters.items())), sort, result.total, nav[2], nav[3])


def _hit(n: int, hit, query: str) -> None:
    with st.container(border=True):
        params = {"id": hit.id}
        if query:
            params["q"] = query
        st.page_link(_nav.page("item"), label=f"{n}\\. {_ui.md(hit.title)}", query_params=params)
        meta = " · ".join(x for x in (hit.unit, hit.date, f"{hit.chars}字", hit.region) if x)
        labels = "　".join(f"{_ui.axis_name(a)}：{'、'.join(_ui.label_name(a, x) for x in v)}"
                          for a, v in hit.labels.items() if v)
        st.caption(_ui.md(meta) + (f"<br>{_ui.md(labels)}" if labels else ""),
                   unsafe_allow_html=True)
        for sn in hit.snippets:
            st.markdown(f"<div class='hb-snippet'>…{marked(sn.text, sn.marks)}…</div>",
                        unsafe_allow_html=True)


def _exports(key, query, filters, sort, total, col_csv, col_xlsx) -> None:
    from huibian.search.engine import MAX_LIMIT  # deferred for start-up time (tantivy)
    from huibian.search.export import write_csv, write_xlsx  # deferred for start-up time (tantivy)

    if col_csv.button("准备导出", key="search_export"):
        full = run_search(key, query, filters, sort, 0, min(total, MAX_LIMIT))
        with tempfile.TemporaryDirectory() as tmp:
            st.session_state["search_csv"] = Path(write_csv(full, Path(tmp) / "r.csv")).read_bytes()
            st.session_state["search_xlsx"] = Path(write_xlsx(full, Path(tmp) / "r.xlsx")).read_bytes()
    if "search_csv" in st.session_state:
        col_csv.download_button("下载 CSV", st.session_state["search_csv"], "检索结果.csv",
                                "text/csv", key="search_dl_csv")
        col_xlsx.download_button(
            "下载 XLSX", st.session_state["search_xlsx"], "检索结果.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="search_dl_xlsx")
