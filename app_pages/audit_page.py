"""审计 Audit log (admins only): who changed which label, score, account or volume,
and when, with filters by person, kind of change and date range. The reading and the
role check are in ``huibian.services.audit`` (a non-admin's call raises PermissionDenied)."""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from huibian.app_pages import _ui
from huibian.services import audit

PAGE_SIZE = 200
ACTIONS = {"label.set": "修改标注", "score.submit": "提交评分", "score.update": "修改评分",
           "user.add": "新建账号", "user.role": "修改角色", "user.password": "修改密码",
           "user.disable": "停用账号", "user.enable": "启用账号", "user.remove": "删除账号",
           "volume.create": "新建汇编", "volume.update": "修改封面", "volume.preface": "修改前言",
           "volume.delete": "删除汇编", "volume.items.add": "添加文档",
           "volume.items.remove": "移除文档", "volume.items.move": "移动文档",
           "volume.items.reorder": "重排文档", "volume.items.override": "修改篇目标题/单位",
           "volume.section.add": "添加分编", "volume.section.rename": "重命名分编",
           "volume.section.remove": "删除分编", "volume.section.move": "移动分编",
           "volume.export": "导出汇编", "import": "导入文件"}


@_ui.page("审计日志", action="audit", needs_items=False)
def render() -> None:
    user = _ui.need("audit")
    with _ui.db() as conn:
        people = audit.actors(conn, user)
    c1, c2, c3 = st.columns([2, 2, 3])
    who = c1.selectbox("操作人", [None] + people, key="audit_who",
                       format_func=lambda p: "全部" if p is None else p)
    kind = c2.selectbox("类别", [None] + list(audit.KINDS), key="audit_kind",
                        format_func=lambda k: "全部" if k is None else audit.KINDS[k])
    dates = c3.date_input("日期范围（UTC，含首尾）", value=(), key="audit_dates",
                          max_value=dt.date.today() + dt.timedelta(days=1))
    since, until = (tuple(dates) + (None, None))[:2] if dates else (None, None)
    if since and not until:
        until = since
    flt = audit.AuditFilter(actor=who, kind=kind, since=since, until=until)
    page_no = st.session_state.get("audit_page_no", 0)
    if st.session_state.get("audit_sig") != flt:
        st.session_state["audit_sig"], page_no = flt, 0
        st.session_state["audit_page_no"] = 0
    with _ui.db() as conn:
        total = audit.count(conn, user, flt)
        rows = audit.query(conn, user, flt, limit=PAGE_SIZE, offset=page_no * PAGE_SIZE)
    if not total:
        st.info("没有符合条件的记录。")
        return
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    st.caption(f"共 {total} 条，第 {page_no + 1}/{pages} 页（新→旧）")
    st.dataframe([{"时间": r["at"].replace("T", " ").replace("+00:00", ""),
                   "操作人": r["actor"], "操作": ACTIONS.get(r["action"], r["action"]),
                   "对象": f"{r['target_kind']} {r['target']}",
                   "详情": json.dumps(r["detail"], ensure_ascii=False)} for r in rows],
                 hide_index=True, key="audit_table", use_container_width=True)
    nav = st.columns(4)
    if page_no > 0 and nav[0].button("上一页", key="audit_prev"):
        st.session_state["audit_page_no"] = page_no - 1
        st.rerun()
    if page_no + 1 < pages and nav[1].button("下一页", key="audit_next"):
        st.session_state["audit_page_no"] = page_no + 1
        st.rerun()
