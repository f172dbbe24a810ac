"""The bulk actions on several items at once (issue 17), shared by the search results
and the shortlists (入围名单, a round's ranking): add to a 汇编 section, add to a review
round, set a label. The rules (sections by genre, an item once per volume, assignment
by the conflict-of-interest rule, the audit) are the services' (``volumes``,
``rounds``, ``review``); each function draws its pickers and button and returns the
notice to show after acting (the caller reruns), or None."""

from __future__ import annotations

import streamlit as st

from huibian.app_pages import _ui

AUTO = "按文种自动归入栏目"


def add_to_volume(chosen: list[str], prefix: str) -> str | None:
    """The volume and section pickers and the 加入汇编 button for ``chosen``; the notice
    to show after adding (the caller reruns), or None."""
    from huibian.services import volumes as vols  # deferred for start-up time (argon2)

    with _ui.db() as conn:
        volumes = vols.list_volumes(conn)
    if not volumes:
        st.info("还没有汇编。请先在「汇编」页新建。")
        return None
    by_id = {v["id"]: v for v in volumes}
    vid = st.selectbox("汇编", list(by_id), key=f"{prefix}_volume",
                       format_func=lambda i: f"{by_id[i]['title']}（{by_id[i]['items']} 篇）")
    with _ui.db() as conn:
        vol = vols.get_volume(conn, vid)
    section = st.selectbox("栏目", [AUTO] + [x.title for x in vol.sections],
                           key=f"{prefix}_section_{vid}")
    if not st.button("加入汇编", key=f"{prefix}_add", type="primary", disabled=not chosen):
        return None
    present = set(vol.item_ids)
    new = [i for i in chosen if i not in present]
    if new:
        with _ui.db() as conn:
            vols.add_items(conn, vid, new, section=None if section == AUTO else section,
                           actor=_ui.need("volume"))
    skipped = len(chosen) - len(new)
    return (f"已将 {len(new)} 篇加入「{vol.title}」"
            + (f"；{skipped} 篇已在其中，未重复加入" if skipped else "") + "。")


def add_to_round(chosen: list[str], prefix: str) -> str | None:
    """An open review round's picker and the 加入评审轮次 button (admins): the chosen
    items join the round and are assigned to its reviewers; the notice, or None."""
    from huibian.services import rounds as rounds_  # deferred for start-up time (argon2)

    user = _ui.need("manage_users")
    with _ui.db() as conn:
        open_rounds = [r for r in rounds_.rounds(conn, user) if r.open]
    if not open_rounds:
        st.info("没有进行中的评审轮次。请先在「评审」页开启一轮。")
        return None
    by_id = {r.id: r for r in open_rounds}
    rid = st.selectbox("评审轮次", list(by_id), key=f"{prefix}_round",
                       format_func=lambda i: f"{by_id[i].name}（{by_id[i].items} 篇）")
    if not st.button("加入评审轮次", key=f"{prefix}_round_add", disabled=not chosen):
        return None
    with _ui.db() as conn:
        before = rounds_.get_round(conn, rid).items
        added = rounds_.add_items(conn, _ui.need("manage_users"), rid, chosen)
    n = added.round.items - before
    return (f"已将 {n} 篇加入「{added.round.name}」并分配给评审专家"
            + (f"；{len(chosen) - n} 篇已在本轮中" if len(chosen) > n else "")
            + (f"；{len(added.short)} 篇因回避规则未配满评审专家" if added.short else "")
            + "。")


def set_label(chosen: list[str], prefix: str) -> str | None:
    """The axis and label pickers and the 设置标签 button: the chosen items get that one
    label on that axis (a person's correction, audited); the notice, or None."""
    from huibian.services.review import correct_labels  # deferred for start-up time (argon2)

    tax = _ui.taxonomy()
    axis = st.selectbox("维度", _ui.label_axes(), format_func=_ui.axis_name,
                        key=f"{prefix}_axis")
    label = st.selectbox("标签", tax[axis].ids, key=f"{prefix}_label_{axis}",
                         format_func=lambda x: _ui.label_name(axis, x))
    st.caption("所选文档在该维度上的标签将改为这一个（人工标签）。")
    if not st.button("设置标签", key=f"{prefix}_set_label", disabled=not chosen):
        return None
    with _ui.db() as conn:
        for iid in chosen:
            correct_labels(conn, _ui.need("label"), tax, iid, axis, [label],
                           _ui.resources().tokenizer)
    _ui.clear_query_caches()
    return f"已将 {len(chosen)} 篇的{_ui.axis_name(axis)}设为“{_ui.label_name(axis, label)}”。"
