"""评审 Review: the reviewer's queue of a review round (read and score on one screen,
下一篇), scoring any item outside a round (not one's own unit's), others' scores after
one's own is in, the shortlist with its XLSX export, and the admin's rounds (open one,
who has not finished, the ranking with its spread, seed the next). Rules:
huibian/services/review.py and huibian/services/rounds.py. ``/review?round=N`` opens a
round's queue (``&item=ID`` an item of it)."""

from __future__ import annotations


import streamlit as st

from huibian.app_pages import _bulk, _nav, _ui
from huibian.core.errors import HuibianError, PermissionDenied
from huibian.services import rounds as rounds_
from huibian.services.people import Accounts
from huibian.store.catalog import find_items, item_titles
from huibian.store.documents import get_item

METHOD_NAMES = {"even": "平均分配", "random": "随机分配"}


@_ui.page("评审")
def render() -> None:
    from huibian.services import review  # deferred for start-up time (a slow import, argon2)

    rubric = _ui.rubric()
    user = _ui.current_user()
    with st.expander(f"评分标准：{_ui.md(rubric.title)}", expanded=False):
        st.markdown("\n".join(f"- **{_ui.md(c.name)}**（权重 {c.weight:g}）："
                              f"{_ui.md(c.description)}" for c in rubric.criteria))
        st.caption(f"每项 {rubric.min:g}–{rubric.max:g} 分；加权分 = Σ(权重×得分)/Σ权重。")
    names = ["待评", "打分", "入围名单"] + (["评审轮次"] if user.can("manage_users") else [])
    wanted = st.query_params.get("round")
    default = "待评" if wanted or _has_queue(user) else "打分"
    tabs = st.tabs(names, default=default)
    with tabs[0]:
        _queue(rubric, user)
    with tabs[1]:
        _score(review, rubric, user)
    with tabs[2]:
        _shortlist(review, rubric, user)
    if len(tabs) > 3:
        with tabs[3]:
            _rounds_admin(rubric, user)


def _has_queue(user) -> bool:
    if not user.can("score"):
        return False
    with _ui.db() as conn:
        return any(r.open and rounds_.queue(conn, user, r.id).pending
                   for r in rounds_.rounds(conn, user))


def criteria_inputs(rubric, prefix: str, current: dict | None = None) -> dict:
    """One field per criterion, empty until the reviewer sets it (no value is assumed),
    whole numbers on a scale of whole steps."""
    whole = all(float(x).is_integer() for x in (rubric.min, rubric.max, rubric.step))
    conv = int if whole else float
    values = {}
    for c in rubric.criteria:
        have = (current or {}).get(c.id)
        values[c.id] = st.number_input(
            f"{c.name}（权重 {c.weight:g}，{rubric.min:g}–{rubric.max:g} 分）",
            min_value=conv(rubric.min), max_value=conv(rubric.max), step=conv(rubric.step),
            value=None if have is None else conv(have), placeholder="未评分",
            help=c.description or None, key=f"{prefix}_{c.id}")
    return values


def unset(rubric, values: dict) -> list[str]:
    return [c.name for c in rubric.criteria if values.get(c.id) is None]


# -- the reviewer's queue ------------------------------------------------------------

def _queue(rubric, user) -> None:
    if not user.can("score"):
        st.info("你的角色不参与打分；可在「入围名单」查看结果。")
        return
    with _ui.db() as conn:
        mine = [(r, rounds_.queue(conn, user, r.id)) for r in rounds_.rounds(conn, user)]
    mine = [(r, q) for r, q in mine if q.total]
    if not mine:
        st.info("目前没有分配给你的评审任务。")
        return
    by_id = {r.id: (r, q) for r, q in mine}
    ids = list(by_id)
    wanted = st.query_params.get("round")
    pre = int(wanted) if wanted and wanted.isdigit() and int(wanted) in by_id else None
    rid = st.selectbox(
        "评审轮次", ids, index=ids.index(pre) if pre in ids else 0, key="queue_round",
        format_func=lambda i: f"{by_id[i][0].name}（待评 {by_id[i][1].pending} / "
                              f"{by_id[i][1].total}{'，已结束' if not by_id[i][0].open else ''}）")
    rnd, q = by_id[rid]
    done_note = st.session_state.pop("queue_done", None)
    if done_note:
        st.success(done_note)
    st.markdown(f"**待评 {q.pending} / {q.total}**")
    st.progress(q.done / q.total if q.total else 1.0)
    order = [i.item_id for i in q.items]
    cur_key = f"queue_cur_{rid}"
    linked = st.query_params.get("item")
    if linked in order and st.session_state.get("queue_linked") != (rid, linked):
        st.session_state["queue_linked"] = (rid, linked)
        st.session_state[cur_key] = linked
    cur = st.session_state.get(cur_key)
    if cur not in order:
        cur = rounds_.next_item(q) or order[0]
    st.session_state[cur_key] = cur
    st.query_params["round"] = str(rid)
    st.query_params["item"] = cur  # this page's link; not a new arrival on the next run
    st.session_state["queue_linked"] = (rid, cur)
    if q.pending == 0:
        st.success("本轮分配给你的文档已全部评完。")
    items = {i.item_id: i for i in q.items}
    pick = st.selectbox("篇目", order, index=order.index(cur), key=f"queue_pick_{rid}_{cur}",
                        format_func=lambda i: f"{'✓ ' if items[i].done else ''}{items[i].title}"
                                              f"（{items[i].unit or '单位不详'}）")
    if pick != cur:
        st.session_state[cur_key] = pick
        st.rerun()
    read, form = st.columns([3, 2])
    with _ui.db() as conn:
        item = get_item(conn, cur)
        mine_score = rounds_.my_score(conn, user, rid, cur)
        locked = rounds_.is_locked(conn, user, rid, cur)
    with read:
        st.subheader(_ui.md(item.title))
        st.caption(_ui.md(" · ".join(x for x in (item.unit, item.date, f"{item.chars}字") if x)))
        st.page_link(_nav.page("item"), label="在文档页打开", query_params={"id": cur})
        with st.container(height=640, border=True, key=f"queue_text_{cur}"):
            st.markdown("\n\n".join(_ui.md(line) for line in item.text.splitlines()
                                     if line.strip()))
    with form:
        _queue_form(rubric, user, rnd, q, cur, mine_score, locked)


def _queue_form(rubric, user, rnd, q, cur, mine, locked) -> None:
    rid = rnd.id
    if locked or not rnd.open:
        st.info("你已看过其他评审专家的评分，本篇评分已锁定。" if locked else
                "本轮已结束，不能再评分。")
        if mine is not None:
            st.markdown(f"你的加权分：**{mine.weighted:.2f}**")
    else:
        with st.form(f"queue_form_{rid}_{cur}"):
            values = criteria_inputs(rubric, f"queue_{rid}_{cur}",
                                     mine.scores if mine else None)
            comment = st.text_area("评语", value=mine.comment if mine else "",
                                   key=f"queue_comment_{rid}_{cur}")
            ok = st.form_submit_button("提交评分" if mine is None else "修改评分",
                                       type="primary")
        if ok:
            missing = unset(rubric, values)
            if missing:
                st.error(f"还有评分项没有打分：{'、'.join(missing)}。每一项都打分后才能提交。")
            else:
                try:
                    with _ui.db() as conn:
                        saved = rounds_.submit(conn, user, rubric, rid, cur, values, comment)
                        after = rounds_.queue(conn, user, rid)
                except HuibianError as exc:
                    st.error(_ui.md(_ui.message(exc)))
                else:
                    nxt = rounds_.next_item(after, cur)
                    st.session_state["queue_done"] = (
                        f"已提交：加权分 {saved.weighted:.2f}。"
                        + ("" if nxt else "本轮已全部评完。"))
                    if nxt:
                        st.session_state[f"queue_cur_{rid}"] = nxt
                    st.rerun()
    if mine is not None and st.toggle("查看其他评审专家的评分（查看后本篇评分锁定）",
                                      key=f"queue_others_{rid}_{cur}"):
        with _ui.db() as conn:
            scores = rounds_.item_scores(conn, user, rid, cur)
        st.dataframe([{"评审人": s.reviewer, "加权分": round(s.weighted, 2),
                       **{c.name: s.scores.get(c.id) for c in rubric.criteria},
                       "评语": s.comment} for s in scores], hide_index=True)
    order = [i.item_id for i in q.items]
    nxt = rounds_.next_item(q, cur) or order[(order.index(cur) + 1) % len(order)]
    if len(order) > 1 and st.button("下一篇", key=f"queue_next_{rid}"):
        st.session_state[f"queue_cur_{rid}"] = nxt
        st.rerun()


BULK = (("加入汇编", "volume"), ("加入评审轮次", "manage_users"), ("设置标签", "label"),
        ("导出", "read"))


def can_bulk(user) -> bool:
    return any(user.can(a) for t, a in BULK if t != "导出")


def _bulk_rows(rows, picked, prefix: str, rubric) -> None:
    """Bulk actions on a shortlist or a round's ranking, as on search results (issue
    17): the rows chosen in the table (or the first N) into a 汇编 section or a review
    round, given a label, or exported (XLSX of those rows)."""
    chosen_rows = sorted(getattr(getattr(picked, "selection", None), "rows", None) or [])
    note = st.session_state.pop(f"{prefix}_done", None)
    if note:
        st.success(note)
    user = _ui.current_user()
    with st.expander(f"批量操作（已在表格中选 {len(chosen_rows)} 篇）"):
        top = st.number_input("未在表格中勾选时，取前几名", min_value=1, max_value=len(rows),
                              value=min(len(rows), 10), step=1, key=f"{prefix}_top")
        picked_rows = ([rows[i] for i in chosen_rows] if chosen_rows else rows[:int(top)])
        ids = [r.item_id for r in picked_rows]
        st.caption(f"将处理 {len(ids)} 篇。")
        # one action at a time (a choice, not tabs: this sits inside the page's tabs)
        action = st.radio("操作", [t for t, a in BULK if user.can(a)], horizontal=True,
                          key=f"{prefix}_action")
        acts = {"加入汇编": (_bulk.add_to_volume, ""), "加入评审轮次": (_bulk.add_to_round, "_r"),
                "设置标签": (_bulk.set_label, "_l")}
        if action in acts:
            act, suffix = acts[action]
            done = act(ids, prefix + suffix)
            if done:
                st.session_state[f"{prefix}_done"] = done
                st.rerun()
        elif action == "导出":
            # made on request, for exactly these rows
            sig = tuple(ids)
            if st.button("准备导出所选 XLSX", key=f"{prefix}_export"):
                # deferred for start-up time (a slow import, argon2), as in render()
                from huibian.services.review import shortlist_xlsx

                st.session_state[f"{prefix}_file"] = (sig, shortlist_xlsx(picked_rows, rubric))
            ready = st.session_state.get(f"{prefix}_file")
            if ready and ready[0] == sig:
                st.download_button(
                    "下载所选 XLSX", ready[1], "入围名单（所选）.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    key=f"{prefix}_xlsx")


# -- rounds (admins) -----------------------------------------------------------------

def _rounds_admin(rubric, user) -> None:
    with _ui.db() as conn:
        accounts = Accounts.for_store(conn)
        all_rounds = rounds_.rounds(conn, user)
    people = rounds_.reviewers(accounts)
    with st.expander("开启新一轮评审", expanded=not all_rounds):
        _open_round_form(rubric, user, people, all_rounds)
    if not all_rounds:
        return
    by_id = {r.id: r for r in all_rounds}
    rid = st.selectbox("查看轮次", list(by_id), key="rounds_pick",
                       format_func=lambda i: f"{by_id[i].name}（{by_id[i].items} 篇，"
                                             f"{'进行中' if by_id[i].open else '已结束'}）")
    rnd = by_id[rid]
    st.caption(f"{METHOD_NAMES.get(rnd.method, rnd.method)}，每篇 {rnd.per_item} 位评审专家；"
               f"由 {_ui.md(rnd.created_by)} 于 {_ui.when(rnd.created_at)} 开启"
               + (f"；{_ui.when(rnd.closed_at)} 结束" if rnd.closed_at else ""))
    st.page_link(_nav.page("review"), label="本轮待评链接", query_params={"round": str(rid)})
    with _ui.db() as conn:
        prog = rounds_.progress(conn, user, rid)
        rank = rounds_.ranking(conn, user, rubric, rid)
    st.markdown("**评审进度**")
    st.table([{"评审人": p.reviewer, "已评": p.done, "应评": p.total,
               "状态": "已完成" if p.finished else f"未完成（差 {p.total - p.done} 篇）"}
              for p in prog], hide_index=True)
    st.markdown("**本轮排名**")
    if rank:
        picked = st.dataframe(
            [{"名次": r.rank, "标题": r.title, "单位": r.unit or "", "评审人数": r.reviewers,
              "平均加权分": round(r.mean, 2), "标准差": round(r.stdev, 2),
              "最低": round(r.low, 2), "最高": round(r.high, 2), "分差": round(r.spread, 2)}
             for r in rank], hide_index=True, key=f"rounds_rank_{rid}", on_select="rerun",
            selection_mode="multi-row")
        _bulk_rows(rank, picked, f"rank_bulk_{rid}", rubric)
    else:
        st.caption("本轮还没有评分。")
    c1, c2 = st.columns(2)
    if rnd.open and c1.button("结束本轮", key=f"rounds_close_{rid}"):
        with _ui.db() as conn:
            rounds_.close_round(conn, user, rid)
        st.rerun()
    if rank:
        with c2.form(f"rounds_seed_{rid}"):
            st.caption("以本轮排名靠前的文档开启下一轮")
            top = st.number_input("入围篇数", min_value=1, max_value=len(rank),
                                  value=min(len(rank), 10), step=1, key=f"rounds_top_{rid}")
            name = st.text_input("下一轮名称", value="复评", key=f"rounds_next_name_{rid}")
            who = st.multiselect("评审专家", [u.name for u in people], placeholder="请选择",
                                 key=f"rounds_next_who_{rid}")
            per = st.number_input("每篇评审人数", min_value=1, value=min(3, max(1, len(who) or 1)),
                                  step=1, key=f"rounds_next_per_{rid}")
            if st.form_submit_button("开启下一轮"):
                with _ui.db() as conn:
                    opened = rounds_.seed_round(conn, user, rubric, rid, int(top), name, who,
                                                int(per))
                _opened_note(opened)
                st.rerun()


def _opened_note(opened) -> None:
    note = (f"已开启「{opened.round.name}」：{opened.round.items} 篇，"
            + "，".join(f"{n} {k} 篇" for n, k in opened.assigned.items()) + "。")
    if opened.short:
        note += f"有 {len(opened.short)} 篇因回避规则未配满评审专家。"
    st.session_state["rounds_note"] = note


def _open_round_form(rubric, user, people, all_rounds) -> None:
    note = st.session_state.pop("rounds_note", None)
    if note:
        st.success(note)
    name = st.text_input("轮次名称", placeholder="初评", key="rounds_name")
    sources = ["文种", "全部文档"] + (["上一轮排名"] if all_rounds else [])
    source = st.radio("选择文档", sources, horizontal=True, key="rounds_source")
    if source == "文种":
        axis = _ui.taxonomy()["genre"]
        genre = st.selectbox("文种", list(axis.ids), key="rounds_genre",
                             format_func=lambda g: _ui.label_name("genre", g))
        with _ui.db() as conn:
            picked = rounds_.items_of_genre(conn, genre)
    elif source == "全部文档":
        with _ui.db() as conn:
            picked = rounds_.items_of_genre(conn, None)
    else:
        by_id = {r.id: r for r in all_rounds}
        prev = st.selectbox("上一轮", list(by_id), key="rounds_prev",
                            format_func=lambda i: by_id[i].name)
        top = st.number_input("取排名前几篇", min_value=1, value=10, step=1, key="rounds_prev_top")
        with _ui.db() as conn:
            picked = [r.item_id for r in rounds_.ranking(conn, user, rubric, prev)][:int(top)]
    st.caption(f"已选 {len(picked)} 篇。也可在「检索」页勾选检索结果加入轮次。")
    who = st.multiselect("评审专家", [u.name for u in people], placeholder="请选择",
                         default=[u.name for u in people if u.role == "reviewer"],
                         format_func=lambda n: next(f"{u.name}（{u.unit}）" if u.unit else u.name
                                                    for u in people if u.name == n),
                         key="rounds_who")
    per = st.number_input("每篇评审人数", min_value=1, value=2, step=1, key="rounds_per")
    method = st.radio("分配方式", list(METHOD_NAMES), format_func=METHOD_NAMES.get,
                      horizontal=True, key="rounds_method")
    st.caption("不会把文档分给与其同单位的评审专家。")
    if st.button("开启评审轮次", key="rounds_open", type="primary"):
        try:
            with _ui.db() as conn:
                opened = rounds_.open_round(conn, user, name, picked, who, int(per), method)
        except HuibianError as exc:
            st.error(_ui.md(_ui.message(exc)))
            return
        _opened_note(opened)
        st.rerun()


# -- scoring outside a round ---------------------------------------------------------

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
        values = criteria_inputs(rubric, f"score_{item_id}", mine.scores if mine else None)
        comment = st.text_area("评语", value=mine.comment if mine else "",
                               key=f"score_comment_{item_id}")
        ok = st.form_submit_button("提交评分" if mine is None else "修改评分")
    if ok:
        missing = unset(rubric, values)
        if missing:
            st.error(f"还有评分项没有打分：{'、'.join(missing)}。每一项都打分后才能提交。")
        else:
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
        st.caption(_ui.md(_ui.message(exc, with_code=False)))
        return
    if not scores:
        st.caption("该文档还没有评分。")
        return
    st.markdown("**全部评分**")
    names = {c.id: c.name for c in _ui.rubric().criteria}  # criteria by name, not id
    st.dataframe([{"评审人": s.reviewer, "加权分": round(s.weighted, 2), "评语": s.comment,
                   **{names.get(k, k): v for k, v in s.scores.items()},
                   "时间": _ui.when(s.updated_at)}
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
    picked = st.dataframe(
        [{"名次": r.rank, "标题": r.title, "单位": r.unit or "", "评审人数": r.reviewers,
          "平均加权分": r.mean, "标准差": r.stdev, "最低": r.low, "最高": r.high,
          "看分后改分": r.changed, "编号": r.item_id} for r in rows],
        hide_index=True, key="shortlist_table",
        on_select="rerun" if can_bulk(user) else "ignore", selection_mode="multi-row")
    if can_bulk(user):
        _bulk_rows(rows, picked, "shortlist_bulk", rubric)
    # the file is made on request (not on every redraw), for exactly the rows shown
    sig = (rubric.version, tuple((r.item_id, r.reviewers, r.mean, r.stdev) for r in rows))
    if st.button("准备导出 XLSX", key="shortlist_prepare"):
        st.session_state["shortlist_file"] = (sig, review.shortlist_xlsx(rows, rubric))
    ready = st.session_state.get("shortlist_file")
    if ready and ready[0] == sig:
        st.download_button("下载 XLSX", ready[1], "入围名单.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="shortlist_xlsx")
