"""审计 Audit log (admins only): who changed which label, score, account or volume,
and when, with filters by person, kind of change and date range. The reading and the
role check are in ``huibian.services.audit`` (a non-admin's call raises PermissionDenied)."""

from __future__ import annotations

import datetime as dt
import streamlit as st

from huibian.app_pages import _ui
from huibian.core.timefmt import campaign_zone
from huibian.services import audit
from huibian.services.people import LOCAL_OPERATOR

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
           "volume.export": "导出汇编", "import": "导入文件", "review.unit": "确定单位",
           "score.unlock": "解锁评分", "user.token": "签发令牌", "user.token.revoke": "撤销令牌",
           "item.delete": "删除文档", "file.purge": "清理文件"}
TARGETS = {"item": "文档", "user": "账号", "volume": "汇编", "file": "文件", "task": "任务"}
# the keys of a record's details, as a reader names them
DETAIL_KEYS = {"role": "角色", "unit": "单位", "before": "原为", "after": "改为", "scores": "分数",
               "weighted": "加权分", "comment": "评语", "unlocked_by": "解锁人", "axis": "维度",
               "labels": "标签", "items": "文档", "item": "文档", "title": "标题",
               "section": "分编", "sections": "分编", "sectioning": "分编方式", "from": "从",
               "to": "到", "position": "位置", "formats": "格式", "pages": "页数",
               "chars": "字数", "chars_before": "原字数", "reviewer": "评审", "token": "令牌",
               "count": "个数", "expires_at": "到期", "label": "名称", "client": "来源地址",
               "status": "状态", "code": "代码", "message": "说明", "task": "任务",
               "bytes": "字节数", "file": "文件", "rubric": "评分标准版本", "name": "名称",
               "reviewers": "评审专家", "per_item": "每篇评审人数", "method": "分配方式",
               "seeded_from": "来自轮次", "short": "人手不足的文档", "merged": "并入",
               "ratio": "相同比例", "other": "另一篇", "resumed": "续做", "via": "途径"}
# the values a reader would otherwise see as English words
VALUE_NAMES = {"sectioning": {"award": "按评选类别", "region": "按地区", "manual": "手工分编"},
               "method": {"even": "平均分配", "random": "随机分配"},
               "via": {"cli": "命令行", "app": "网页", "api": "接口"}}
ROLE_NAMES = {"admin": "管理员", "editor": "编辑", "reviewer": "评审专家"}
# the person at the shell (huibian user …, huibian label …) has no account name
ACTORS = {LOCAL_OPERATOR.name: "本机命令行"}


def _value(key: str, value, axis: str | None, criteria: dict) -> str:
    if value is None:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        if key == "scores":
            return "，".join(f"{criteria.get(k, k)} {v:g}" if isinstance(v, (int, float))
                            else f"{criteria.get(k, k)} {v}" for k, v in value.items())
        return _detail(value, criteria)
    if isinstance(value, list):
        return "、".join(_value(key, v, axis, criteria) for v in value)
    if key == "role":
        return ROLE_NAMES.get(str(value), str(value))
    if key in VALUE_NAMES:
        return VALUE_NAMES[key].get(str(value), str(value))
    if key == "ratio" and isinstance(value, float):
        return f"{value:.0%}"
    if key == "axis":
        return _ui.axis_name(str(value))
    if key in ("labels", "label", "before", "after") and axis:  # a label change's ids
        return _ui.label_name(axis, str(value))
    if key == "expires_at":
        return _ui.when(value)
    return str(value)


def _detail(detail, criteria: dict) -> str:
    """A record's details as Chinese text: 角色：评审专家；单位：江西省电教馆."""
    if not isinstance(detail, dict):
        return "" if detail is None else str(detail)
    axis = detail.get("axis") if isinstance(detail.get("axis"), str) else None
    return "；".join(f"{DETAIL_KEYS.get(k, k)}：{_value(k, v, axis, criteria)}"
                    for k, v in detail.items())


@_ui.page("审计日志", action="audit", needs_items=False)
def render() -> None:
    user = _ui.need("audit")
    with _ui.db() as conn:
        people = audit.actors(conn, user)
    c1, c2, c3, c4 = st.columns([2, 2, 2, 2])
    who = c1.selectbox("操作人", [None] + people, key="audit_who",
                       format_func=lambda p: "全部" if p is None else ACTORS.get(p, p))
    kind = c2.selectbox("类别", [None] + list(audit.KINDS), key="audit_kind",
                        format_func=lambda k: "全部" if k is None else audit.KINDS[k])
    # year and month in Chinese (issue 17: the calendar of st.date_input is in English)
    this_year = dt.datetime.now(campaign_zone()).year
    with _ui.db() as conn:
        first = audit.first_year(conn, user, str(campaign_zone())) or this_year
    since, until = _ui.month_filter("audit", list(range(this_year, min(first, this_year) - 1, -1)),
                                    columns=(c3, c4))
    flt = audit.AuditFilter(actor=who, kind=kind, since=since, until=until,
                            tz=str(campaign_zone()))
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
    criteria = {c.id: c.name for c in _ui.rubric().criteria}
    st.dataframe([{"时间": _ui.when(r["at"]),
                   "操作人": ACTORS.get(r["actor"], r["actor"]),
                   "操作": ACTIONS.get(r["action"], r["action"]),
                   "对象": f"{TARGETS.get(r['target_kind'], r['target_kind'])} {r['target']}",
                   "详情": _detail(r["detail"], criteria)} for r in rows],
                 hide_index=True, key="audit_table", use_container_width=True)
    nav = st.columns(4)
    if page_no > 0 and nav[0].button("上一页", key="audit_prev"):
        st.session_state["audit_page_no"] = page_no - 1
        st.rerun()
    if page_no + 1 < pages and nav[1].button("下一页", key="audit_next"):
        st.session_state["audit_page_no"] = page_no + 1
        st.rerun()
