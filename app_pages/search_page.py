"""检索 Search: query box, facet filters in the sidebar, highlighted snippets, paging,
sort, export of the result list (CSV / XLSX). The search itself is huibian.search.engine."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import streamlit as st

from huibian.app_pages import _bulk, _nav, _ui

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
    bulk = _bulk_allowed()
    if st.session_state.pop("search_clear", False):  # before the boxes are drawn
        _pick_none()
    if bulk:
        st.button("全选本页", key="search_pick_page", on_click=_pick_all,
                  args=([h.id for h in result.hits],))
    for n, hit in enumerate(result.hits, page_no * PAGE_SIZE + 1):
        _hit(n, hit, query, bulk)
    nav = st.columns(4)
    if page_no > 0 and nav[0].button("上一页", key="search_prev"):
        st.session_state["search_page_no"] = page_no - 1
        st.rerun()
    if page_no + 1 < pages and nav[1].button("下一页", key="search_next"):
        st.session_state["search_page_no"] = page_no + 1
        st.rerun()
    _exports(key, query, tuple(sorted(filters.items())), sort, result.total, nav[2], nav[3])
    st.session_state["search_last"] = (key, query, tuple(sorted(filters.items())), sort)
    if bulk:
        _bulk_actions()


def _hit(n: int, hit, query: str, bulk: bool = False) -> None:
    with st.container(border=True, key=f"search_hit_{hit.id}"):
        params = {"id": hit.id}
        if query:
            params["q"] = query
        if bulk:
            pick, title = st.columns([1, 30], vertical_alignment="center")
            key = f"search_pick_{hit.id}"
            if key not in st.session_state:  # kept from another page of results
                st.session_state[key] = hit.id in _selected()
            pick.checkbox("选中", key=key, on_change=_pick, args=(hit.id,),
                          label_visibility="collapsed")
        else:
            title = st
        title.page_link(_nav.page("item"), label=f"{n}\\. {_ui.md(hit.title)}",
                        query_params=params)
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


# -- bulk actions on the chosen results (issue 17) -------------------------------------

def _export_chosen(chosen: list[str]) -> None:
    """The chosen results as CSV and XLSX, in the order chosen, with the columns of the
    result list's export."""
    import dataclasses

    from huibian.search.engine import MAX_LIMIT  # deferred for start-up time (tantivy)
    from huibian.search.export import write_csv, write_xlsx  # deferred (tantivy)

    sig = tuple(chosen)
    if st.button("准备导出所选", key="search_bulk_export"):
        key, query, filters, sort = st.session_state["search_last"]
        full = run_search(key, query, filters, sort, 0, MAX_LIMIT)
        by_id = {h.id: h for h in full.hits}
        hits = tuple(by_id[i] for i in chosen if i in by_id)
        part = dataclasses.replace(full, total=len(hits), hits=hits)
        with tempfile.TemporaryDirectory() as tmp:
            st.session_state["search_bulk_files"] = (
                sig, Path(write_csv(part, Path(tmp) / "r.csv")).read_bytes(),
                Path(write_xlsx(part, Path(tmp) / "r.xlsx")).read_bytes())
    ready = st.session_state.get("search_bulk_files")
    if ready and ready[0] == sig:
        c1, c2 = st.columns(2)
        c1.download_button("下载所选 CSV", ready[1], "所选文档.csv", "text/csv",
                           key="search_bulk_dl_csv")
        c2.download_button("下载所选 XLSX", ready[2], "所选文档.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="search_bulk_dl_xlsx")


def _bulk_allowed() -> bool:
    user = _ui.current_user()
    return user is not None and any(user.can(a) for a in ("volume", "manage_users", "label"))


def _selected() -> list[str]:
    return list(st.session_state.get("search_selected", ()))


def _pick(item_id: str) -> None:
    sel = [i for i in _selected() if i != item_id]
    if st.session_state.get(f"search_pick_{item_id}"):
        sel.append(item_id)
    st.session_state["search_selected"] = sel


def _pick_all(ids: list[str]) -> None:
    sel = _selected()
    st.session_state["search_selected"] = sel + [i for i in ids if i not in sel]
    for i in ids:
        st.session_state[f"search_pick_{i}"] = True


def _pick_none() -> None:
    for i in _selected():
        st.session_state[f"search_pick_{i}"] = False
    st.session_state["search_selected"] = []


def _purge_files() -> None:
    """Admins: remove the files no item references any more (a deleted item's original
    and renditions are kept until then), audited; ``huibian purge`` does the same."""
    from huibian.services.items import purge_files  # deferred (pipeline stages)

    done = st.session_state.pop("search_purge_done", None)
    if done:
        st.success(done)
    with _ui.db() as conn:
        todo = purge_files(conn, _ui.need("manage_users"), dry_run=True)
    if not todo["files"]:
        return
    with st.expander(f"清理已删除文档的文件（{todo['files']} 个，{_size(todo['bytes'])}）"):
        st.caption("删除文档时其原文件与其他格式的文件暂时保留；清理后这些文件从磁盘上移除，"
                   "仍被其他文档引用的文件不会移除。清理记入审计日志。")
        if st.button("清理文件", key="search_purge"):
            with _ui.db() as conn:
                out = purge_files(conn, _ui.need("manage_users"))
            st.session_state["search_purge_done"] = (
                f"已清理 {out['files']} 个文件，释放 {_size(out['bytes'])}。")
            st.rerun()


def _size(n: int) -> str:
    """Bytes as a reader counts them: 字节, KB, MB."""
    if n < 1024:
        return f"{n} 字节"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _bulk_actions() -> None:
    user = _ui.current_user()
    chosen = _selected()
    done = st.session_state.pop("search_bulk_done", None)
    if done:
        st.success(done)
    st.subheader(f"批量操作（已选 {len(chosen)} 篇）")
    if user.can("manage_users"):
        _purge_files()
    if not chosen:
        st.caption("勾选检索结果左侧的方框，可把多篇文档一起加入汇编、评审轮次，或设置标签。")
        return
    st.button("清除选择", key="search_pick_clear", on_click=_pick_none)
    tabs = [t for t, a in (("加入汇编", "volume"), ("加入评审轮次", "manage_users"),
                           ("设置标签", "label"), ("导出", "read"), ("删除", "import"))
            if user.can(a)]
    panes = dict(zip(tabs, st.tabs(tabs)))
    if "加入汇编" in panes:
        with panes["加入汇编"]:
            note = _bulk.add_to_volume(chosen, "search_bulk")
            if note:
                st.session_state["search_bulk_done"] = note
                st.session_state["search_clear"] = True  # done: nothing chosen
                st.rerun()
    for tab, act in (("加入评审轮次", _bulk.add_to_round), ("设置标签", _bulk.set_label)):
        if tab in panes:
            with panes[tab]:
                note = act(chosen, "search_bulk")
                if note:
                    st.session_state["search_bulk_done"] = note
                    st.session_state["search_clear"] = True  # done: nothing chosen
                    st.rerun()
    if "导出" in panes:
        with panes["导出"]:
            _export_chosen(chosen)
    if "删除" in panes:
        with panes["删除"]:
            st.caption("删除后，文档从检索、汇编和评审中移除；原文件保留，审计日志留有记录。")
            # a new key for another choice: asked again
            sure = st.checkbox(f"确认删除所选 {len(chosen)} 篇文档",
                               key=f"search_bulk_delete_ok_{'|'.join(chosen)}")
            if st.button("删除所选文档", key="search_bulk_delete", disabled=not sure):
                from huibian.services.items import delete_items  # deferred (pipeline stages)

                with _ui.db() as conn:
                    gone = delete_items(conn, _ui.need("import"), chosen, _ui.resources())
                _ui.clear_query_caches()
                st.session_state["search_bulk_done"] = f"已删除 {len(gone)} 篇文档（原文件保留）。"
                st.session_state["search_clear"] = True
                st.rerun()
