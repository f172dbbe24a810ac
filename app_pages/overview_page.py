"""概览 Overview: the collection in charts — items by genre, sector, theme, carrier,
region and year; length against each genre's required length; the most used named
carriers; near-duplicate clusters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from huibian.app_pages import _ui
from huibian.ingest.confidence import pending_items
from huibian.store.documents import get_item



@st.cache_data(show_spinner=False, ttl=600, max_entries=8)
def _facets(key: tuple) -> dict:
    """Items per category: the search engine's facets of the whole collection (an
    aggregation over the ranked index, milliseconds; huibian.services.review.collection_counts
    computes the same numbers from the rows and a test keeps the two equal)."""
    from huibian.search.engine import search  # deferred for start-up time (tantivy)

    with _ui.db() as conn:
        facets = search(conn, None, limit=0, snippets=0, axes=_ui.label_axes()).facets
    return {a: facets.get(a, {}) for a in _ui.label_axes() + ("named_carrier", "region", "year")}


@st.cache_data(show_spinner=False, ttl=600, max_entries=8)
def _lengths(key: tuple, rubric_version: str) -> list[dict]:
    from huibian.services.review import length_report  # deferred for start-up time (argon2)

    with _ui.db() as conn:
        return length_report(conn, _ui.rubric())


@st.cache_data(show_spinner=False, ttl=600, max_entries=4)
def _dupes(key: tuple) -> list[dict]:
    # deferred for start-up time (datasketch, numpy, scipy)
    from huibian.similarity.dupes import find_dupes

    with _ui.db() as conn:
        return [c.as_dict() for c in find_dupes(conn)]


@st.cache_resource(show_spinner=False)
def _dupes_done() -> dict:
    """collection key -> near-duplicate clusters already computed in this process."""
    return {}


def bar_rows(counts: dict, names: dict, total: int, top: int | None = None) -> pd.DataFrame:
    """One row per category, most items first: its full name, its items, their share of
    the ``total`` items and the label drawn beside the bar (``12 篇（34%）``)."""
    rows = sorted(((names.get(k, k), int(v)) for k, v in counts.items()),
                  key=lambda r: (-r[1], r[0]))
    if top:
        rows = rows[:top]
    df = pd.DataFrame(rows, columns=["类别", "篇数"])
    df["占比"] = [round(v / total, 4) if total else 0.0 for v in df["篇数"]]
    df["标注"] = [f"{v} 篇（{r:.0%}）" for v, r in zip(df["篇数"], df["占比"])]
    return df


BAR_PX = 26   # one bar and its name
AXIS_PX = 56  # the 篇数 axis: ticks, numbers and title


def _bar(counts: dict, axis: str, top: int | None = None, total: int | None = None) -> None:
    """Horizontal bars with the categories' full names (never cut) and each bar's count
    and share of the collection; a single category is said in words (a chart of one
    bar tells nothing)."""
    import altair as alt  # deferred for start-up time (only this page draws charts)

    total = total if total is not None else _ui.collection_key()[1]
    names = {k: _ui.label_name(axis, k) for k in counts}
    df = bar_rows(counts, names, total, top)
    if len(df) == 1:
        st.caption(f"全部 {df['篇数'][0]} 篇均为“{_ui.md(df['类别'][0])}”（{df['占比'][0]:.0%}）")
        return
    y = alt.Y("类别:N", sort=list(df["类别"]), title=None,
              axis=alt.Axis(labelLimit=0, labelFontSize=12))
    x = alt.X("篇数:Q", title="篇数", axis=alt.Axis(tickMinStep=1, format="d"),
              scale=alt.Scale(domain=[0, int(df["篇数"].max() * 1.35) + 1]))
    base = alt.Chart(df).encode(y=y, x=x, tooltip=["类别", "篇数",
                                                  alt.Tooltip("占比:Q", format=".0%")])
    # Streamlit fits the whole chart (bars and the 篇数 axis below them) into the
    # height: 26 px a bar plus the axis, so no category's name is hidden as overlapping
    chart = (base.mark_bar() + base.mark_text(align="left", dx=4).encode(text="标注:N")
             ).properties(height=BAR_PX * len(df) + AXIS_PX)
    st.altair_chart(chart, width="stretch")


def length_bands(lengths: list[dict]) -> dict[str, str]:
    """{genre: 不足八成 N 篇，八成至一倍半 N 篇，超过一倍半 N 篇} of the length report."""
    out: dict[str, list[int]] = {}
    for r in lengths:
        band = 0 if r["ratio"] < 0.8 else (1 if r["ratio"] <= 1.5 else 2)
        out.setdefault(r["genre"], [0, 0, 0])[band] += 1
    words = ("不足要求的八成", "达到要求（八成至一倍半）", "超过要求的一倍半")
    return {g: "，".join(f"{w} {n} 篇" for w, n in zip(words, counts) if n)
            for g, counts in out.items()}


FIELD_NAMES = {"title": "标题", "unit": "单位", "date": "日期", "doc_number": "文号"}


def _pending() -> None:
    """Items with a metadata field below its calibrated confidence (待定), most
    uncertain first: what needs a human look."""

    st.subheader("待核对（待定字段）")
    with _ui.db() as conn:
        rows = pending_items(conn, limit=200)
        items = [(get_item(conn, iid), lo, fields) for iid, lo, fields in rows]
    if not items:
        st.caption("（没有待定的字段）")
        return
    st.caption(f"共 {len(items)} 篇有待定字段，按置信度从低到高排列")
    df = pd.DataFrame([{"标题": it.title, "单位": it.unit or "—",
                        "待定字段": "、".join(FIELD_NAMES.get(f, f) for f in fields),
                        "最低置信度": f"{lo:.0%}", "编号": it.id} for it, lo, fields in items])
    st.dataframe(df, hide_index=True, key="overview_pending")


@_ui.page("概览")
def render() -> None:
    try:
        import huibian.search.engine  # noqa: F401
    except ImportError:
        _ui.unavailable("概览", "huibian.search.engine")
        return
    key = _ui.collection_key()
    st.caption(f"共 {key[1]} 篇")
    facets = _facets(key)
    cols = st.columns(2)
    for n, axis in enumerate(_ui.label_axes() + ("region", "year")):
        with cols[n % 2]:
            st.subheader(f"按{_ui.md(_ui.axis_name(axis))}")
            if facets.get(axis):
                _bar(facets[axis], axis)
            else:
                st.caption("（无数据）")
    st.subheader("篇幅与要求")
    rubric = _ui.rubric()
    lengths = _lengths(key, rubric.version)
    req = "，".join(f"{_ui.label_name('genre', g)} 约 {n} 字" for g, n in rubric.required_chars)
    st.caption(f"要求：{req}")
    if lengths:
        # a table, not a chart: every item of a genre has the same required length, so a
        # scatter of length against it put every point on one line (issue 17)
        bands = length_bands(lengths)
        st.markdown("；".join(f"{_ui.md(_ui.label_name('genre', g))}：{b}"
                              for g, b in bands.items()))
        df = pd.DataFrame([{"标题": r["title"], "文种": _ui.label_name("genre", r["genre"]),
                            "字数": r["chars"], "要求字数": r["required"],
                            "达到比例": round(r["ratio"] * 100)} for r in lengths])
        st.dataframe(df, hide_index=True, key="overview_lengths",
                     column_config={"达到比例": st.column_config.NumberColumn(
                         "达到比例", format="%d%%")})
    else:
        st.caption("（没有属于有篇幅要求的文种的文档）")
    _pending()
    st.subheader("最常用的具名载体")
    if facets.get("named_carrier"):
        _bar(facets["named_carrier"], "named_carrier", top=20)
    else:
        st.caption("（无数据）")
    st.subheader("近似重复")
    try:
        import huibian.similarity.dupes  # noqa: F401
    except ImportError:
        _ui.unavailable("近似重复", "huibian.similarity.dupes")
        return
    # grouping near-duplicates compares many pairs (minutes on a large, repetitive
    # collection): done on request, then kept for every session until the next import
    done = _dupes_done()
    if key not in done:
        st.caption("近似重复分组需要比较库中的文档，库较大时需要较长时间。")
        if not st.button("查找近似重复", key="overview_dupes"):
            return
        with st.spinner("正在比较文档…"):
            done[key] = _dupes(key)
    clusters = done[key]
    decided = st.session_state.pop("dupes_decided", None)
    if decided:
        st.success(decided)
    if not clusters:
        st.caption("没有发现近似重复的文档。")
    for n, c in enumerate(clusters, 1):
        with st.container(border=True):
            units = {it["unit"] for it in c["items"] if it["unit"]}
            unnamed = sum(not it["unit"] for it in c["items"])
            origin = (f"来自 {len(units)} 个单位" if units else "均未署单位") + (
                f"，{unnamed} 篇未署单位" if units and unnamed else "")
            st.markdown(f"**第 {n} 组**（{len(c['items'])} 篇，{origin}）")
            st.dataframe([{"标题": it["title"], "单位": it["unit"] or "—",
                           "日期": it["date"] or "—", "编号": it["id"]}
                          for it in c["items"]], hide_index=True, key=f"dupes_{n}")
            _pairs(c, n, key)


def _pairs(cluster: dict, n: int, key: tuple) -> None:
    """Each linked pair with its share of the same text; an admin can merge the two
    (one item, the other file kept as its second rendition) or mark them 不是重复
    (issue 17)."""
    titles = {it["id"]: f"{it['title']}（{it['unit'] or '未署单位'}）" for it in cluster["items"]}
    admin = _ui.current_user() is not None and _ui.current_user().can("import")
    for k, p in enumerate(cluster["pairs"]):
        st.markdown(f"- {_ui.md(titles[p['a']])} 与 {_ui.md(titles[p['b']])}：文字重合 "
                    f"{p['ratio']:.0%}")
        if not admin:
            continue
        left, right = st.columns(2)
        if left.button("合并为一篇（保留前者）", key=f"dupes_merge_{n}_{k}"):
            _decide("merge", p["a"], p["b"])
        if right.button("不是重复", key=f"dupes_distinct_{n}_{k}"):
            _decide("distinct", p["a"], p["b"])


def _decide(what: str, a: str, b: str) -> None:
    # deferred for start-up time (argon2, datasketch, the pipeline's stages)
    from huibian.services.renditions import mark_not_duplicates, merge_items

    user = _ui.need("import")
    with _ui.db() as conn:
        if what == "merge":
            merge_items(conn, user, a, b, _ui.resources())
        else:
            mark_not_duplicates(conn, user, a, b)
    _ui.clear_query_caches()  # the groups, the facets, the searches: all stale
    done = _dupes_done()
    done.clear()
    key = _ui.collection_key()
    done[key] = _dupes(key)  # the groups again, without asking
    st.session_state["dupes_decided"] = ("已合并为一篇：另一文件成为其另一版本。" if what == "merge"
                                         else "已标记为不是重复。")
    st.rerun()
