"""评审 Review: the rubric, scoring an item (not one's own unit's), others' scores after
one's own is in, and the shortlist with its XLSX export. Rules: huibian/review.py."""

from __future__ import annotations

import html

import streamlit as st

from app_pages import _nav, _ui
from huibian.errors import PermissionDenied


@_ui.page("评审")
def render() -> None:
    from huibian import review

    rubric = _ui.rubric()
    user = _ui.current_user()
    with st.expander(f"评分标准：{rubric.title}", expanded=False):
        st.markdown("\n".join(f"- **{html.escape(c.name)}**（权重 {c.weight:g}）："
                              f"{html.escape(c.description)}" for c in rubric.criteria))
        st.caption(f"每项 {rubric.min:g}–{rubric.max:g} 分；加权分 = Σ(权重×得分)/Σ权重。")
    tab_score, tab_list = st.tabs(["打分", "入围名单"])
    with tab_score:
        _score(review, rubric, user)
    with tab_list:
        _shortlist(review, rubric, user)


def _items() -> list:
    from store.documents import list_items

    with _ui.db() as conn:
        return list_items(conn)


def _score(review, rubric, user) -> None:
    items = _items()
    # the id in the label: Streamlit keeps a selectbox's value as its label, and the
    # same article submitted twice (PDF and text) has the same title and unit
    labels = {it.id: f"{it.title}（{it.unit or '-'}）· {it.id[:8]}" for it in items}
    ids = list(labels)
    pre = st.session_state.get("item_id")
    item_id = st.selectbox("评审对象", ids, format_func=labels.get,
                           index=ids.index(pre) if pre in ids else 0, key="review_item")
    unit = next(it.unit for it in items if it.id == item_id)
    st.page_link(_nav.page("item"), label="阅读全文", query_params={"id": item_id})
    if not user.can("score"):
        st.info("你的角色不参与打分；可在「入围名单」查看结果。")
        _all_scores(review, user, item_id)
        return
    if review.has_conflict(user, unit):
        st.warning(f"回避：该文档来自 {unit}，与你的单位（{user.unit}）相同，不能打分。")
        return
    with _ui.db() as conn:
        mine = review.my_score(conn, user, item_id)
    with st.form(f"score_form_{item_id}"):
        values = {}
        for c in rubric.criteria:
            values[c.id] = st.slider(
                f"{c.name}（权重 {c.weight:g}）", min_value=float(rubric.min),
                max_value=float(rubric.max), step=float(rubric.step),
                value=float(mine.scores.get(c.id, rubric.min) if mine else rubric.min),
                help=c.description, key=f"score_{item_id}_{c.id}")
        comment = st.text_area("评语", value=mine.comment if mine else "",
                               key=f"score_comment_{item_id}")
        ok = st.form_submit_button("提交评分" if mine is None else "修改评分")
    if ok:
        with _ui.db() as conn:
            mine = review.submit_score(conn, user, rubric, item_id, values, comment)
        st.success(f"已提交：加权分 {mine.weighted:.2f}")
    if mine is not None:
        _all_scores(review, user, item_id)
    else:
        st.caption("提交自己的评分后，才能看到其他评审专家的评分。")


def _all_scores(review, user, item_id: str) -> None:
    try:
        with _ui.db() as conn:
            scores = review.item_scores(conn, user, item_id)
    except PermissionDenied as exc:
        st.caption(exc.message)
        return
    if not scores:
        st.caption("该文档还没有评分。")
        return
    st.markdown("**全部评分**")
    st.dataframe([{"评审人": s.reviewer, "加权分": round(s.weighted, 2), "评语": s.comment,
                   **{k: v for k, v in s.scores.items()}, "时间": s.updated_at}
                  for s in scores], hide_index=True, key=f"scores_{item_id}")


def _shortlist(review, rubric, user) -> None:
    with _ui.db() as conn:
        rows = review.shortlist(conn, user, rubric)
    if not user.can("see_all_scores"):
        st.caption("评审专家只能看到自己已评分的文档。")
    if not rows:
        st.info("还没有评分。")
        return
    st.dataframe([{"名次": r.rank, "标题": r.title, "单位": r.unit or "", "评审人数": r.reviewers,
                   "平均加权分": r.mean, "标准差": r.stdev, "最低": r.low, "最高": r.high,
                   "编号": r.item_id} for r in rows], hide_index=True, key="shortlist_table")
    st.download_button("导出 XLSX", review.shortlist_xlsx(rows, rubric), "入围名单.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="shortlist_xlsx")
