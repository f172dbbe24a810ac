"""Adding several items to a 汇编 at once (issue 17): the search results' and the
shortlists' bulk action. The rules (sections by genre, an item once per volume, the
audit) are ``huibian.services.volumes``'."""

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
