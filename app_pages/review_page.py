"""评审 Review: the rubric, scoring an item (not one's own unit's), others' scores after
one's own is in, and the shortlist with its XLSX export. Rules: huibian/review.py."""

from __future__ import annotations


import streamlit as st

from huibian.app_pages import _nav, _ui
from huibian.core.errors import PermissionDenied
from huibian.store.catalog import find_items, item_titles


@_ui.page("评审")
def render() -> None:
    from huibian.services import review  # deferred for start-up time (a slow import, argon2)

    rubric = _ui.rubric()
    user = _ui.current_user()
    with st.expander(f"评分标准：{_ui.md(rubric.title)}", expanded=False):
        st.markdown("\n".join(f"- **{_ui.md(c.name)}**（权重 {c.weight:g}）："
                              f"{_ui.md(c.description)}" for c in rubric.criteria))
        st.caption(f"每项 {rubric.min:g}–{rubric.max:g} 分；加权分 = Σ(权重×得分)/Σ权重。")
    tab_score, tab_list = st.tabs(["打分", "入围名单"])
    with tab_score:
        _score(review, rubric, user)
    with tab_list:
        _shortlist(review, rubric, user)


MAX_CHOICES = 200  # items offered in the picker at once (type to narrow a large store)


def _items(needle: str, keep: str | None) -> dict[str, tuple[str, str | None]]:
    """{id: (title, unit)} of up to MAX_CHOICES items whose title, unit or id holds
    ``needle``, plus ``keep`` (the item already chosen)."""

    with _ui.db() as conn:
        out = {i: (title, unit) for i, title, unit in find_items(conn, needle, MAX_CHOICES)}
        if keep and keep not in out:
            out = {**item_titles(conn, [keep]), **out}
    return out


def _score(review, rubric, user) -> None:
    pre = st.session_state.get("item_id")
    needle = st.text_input("查找文档（标题、单位或编号）", key="review_find")
    # with no search text, the item already chosen stays offered (e.g. opened from 文档)
    items = _items(needle.strip(),
                   None if needle.strip() else st.session_state.get("review_item") or pre)
    if not items:
        st.info("没有符合的文档。")
        return
    if len(items) >= MAX_CHOICES:
        st.caption(f"只列出前 {MAX_CHOICES} 篇；输入标题、单位或编号的一部分以缩小范围。")
    # the id in the label: Streamlit keeps a selectbox's value as its label, and the
    # same article submitted twice (PDF and text) has the same title and unit
    ids = list(items)
    item_id = st.selectbox("评审对象", ids,
                           format_func=lambda i: f"{items[i][0]}（{items[i][1] or '-'}）· {i}",
                           index=ids.index(pre) if pre in ids else 0, key="review_item")
    unit = items[item_id][1]
    st.page_link(_nav.page("item"), label="阅读全文", query_params={"id": item_id})
    if not user.can("score"):
        st.info("你的角色不参与打分；可在「入围名单」查看结果。")
        _all_scores(review, user, item_id)
        return
    with _ui.db() as conn:
        unit, known = review.item_unit(conn, item_id)
    if not known and (user.unit or user.can("manage_users")):
        if not user.can("manage_users"):
            st.info("该文档没有识别出单位，无法排除回避关系；需管理员确认其单位后才能打分。")
            return
        with st.form(f"unit_form_{item_id}"):
            st.caption("该文档没有识别出单位。请填写其来源单位（确无单位可留空），评审专家才能打分。")
            given = st.text_input("来源单位", key=f"unit_in_{item_id}")
            if st.form_submit_button("确认单位"):
                with _ui.db() as conn:
                    review.resolve_unit(conn, user, item_id, given)
                st.rerun()
    if review.has_conflict(user, unit):
        st.warning(f"回避：该文档来自 {_ui.md(unit)}，与你的单位（{_ui.md(user.unit)}）相同，不能打分。")
        return
    with _ui.db() as conn:
        mine = review.my_score(conn, user, item_id)
        locked = review.score_locked(conn, user, item_id)
    if locked:
        st.info("你已看过其他评审专家对本文档的评分，你的评分已锁定；如需修改，请联系管理员解锁。"
                f"你的加权分：{mine.weighted:.2f}")
        _all_scores(review, user, item_id)
        return
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
    if mine is not None or user.can("see_all_scores"):
        _all_scores(review, user, item_id)  # admins, who organise the review, see them
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
    if user.can("manage_users"):
        with _ui.db() as conn:
            locked = review.locked_reviewers(conn, item_id)
        if locked:
            who = st.selectbox("已看过他人评分、评分已锁定的评审专家", locked,
                               key=f"unlock_who_{item_id}")
            if st.button("解锁其评分（允许修改一次，记入审计日志）", key=f"unlock_{item_id}"):
                with _ui.db() as conn:
                    review.unlock_score(conn, user, item_id, who)
                st.success(f"已解锁 {_ui.md(who)} 的评分。")


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
                   "看分后改分": r.changed, "编号": r.item_id} for r in rows],
                 hide_index=True, key="shortlist_table")
    # the file is made on request (not on every redraw), for exactly the rows shown
    sig = (rubric.version, tuple((r.item_id, r.reviewers, r.mean, r.stdev) for r in rows))
    if st.button("准备导出 XLSX", key="shortlist_prepare"):
        st.session_state["shortlist_file"] = (sig, review.shortlist_xlsx(rows, rubric))
    ready = st.session_state.get("shortlist_file")
    if ready and ready[0] == sig:
        st.download_button("下载 XLSX", ready[1], "入围名单.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="shortlist_xlsx")
