"""账号 Accounts (admins only): add an account, change its role or unit, set a new
password, disable or enable it. Every change goes through ``huibian.services.people.Accounts``,
which checks the role and writes the audit log."""

from __future__ import annotations

import streamlit as st

from huibian.app_pages import _ui
from huibian.services.people import LOCAL_OPERATOR, ROLE_NAMES, ROLES, Accounts


def _accounts() -> Accounts:
    with _ui.db() as conn:
        return Accounts.for_store(conn)


def _do(method: str, *args, new_form: bool = False, **kwargs) -> None:
    user = _ui.need("manage_users")
    with _ui.db() as conn:
        getattr(Accounts.for_store(conn), method)(user, *args, conn=conn, **kwargs)
    st.session_state["users_done"] = "已保存。"
    if new_form:  # fields with new keys: the browser shows them empty, not as they were
        st.session_state["users_add_n"] = st.session_state.get("users_add_n", 0) + 1
    st.rerun()


@_ui.page("账号管理", action="manage_users", needs_items=False)
def render() -> None:
    _ui.need("manage_users")
    done = st.session_state.pop("users_done", None)
    if done:
        st.success(done)
    records = _accounts().records()
    st.dataframe([{"账号": r["name"], "角色": ROLE_NAMES.get(r["role"], r["role"]),
                   "单位": r["unit"] or "", "状态": "已停用" if r["disabled"] else "正常",
                   "创建": _ui.when(r["created_at"]),
                   "创建人": "本机命令行" if r["created_by"] == LOCAL_OPERATOR.name
                   else r["created_by"] or ""}
                  for r in records], hide_index=True, key="users_table")
    with st.expander("新建账号", expanded=bool(st.session_state.get("users_add_open"))):
        # every field starts empty, the role too: nothing is carried over from the
        # account made before (the unit decides whose items a reviewer may not score)
        n = st.session_state.get("users_add_n", 0)
        with st.form(f"users_add_{n}"):
            name = st.text_input("账号", key=f"users_add_name_{n}")
            role = st.selectbox("角色", ROLES, format_func=ROLE_NAMES.get, index=None,
                                placeholder="请选择角色", key=f"users_add_role_{n}")
            unit = st.text_input("单位（评审专家不能为本单位的文档打分）",
                                 key=f"users_add_unit_{n}")
            pw = st.text_input("初始密码（至少 8 个字符）", type="password",
                               key=f"users_add_pw_{n}")
            if st.form_submit_button("新建"):
                st.session_state["users_add_open"] = True
                if role is None:
                    st.error("请选择角色。")
                else:
                    _do("add", name, pw, role, unit or None, new_form=True)
    if not records:
        return
    names = [r["name"] for r in records]
    by = {r["name"]: r for r in records}
    who = st.selectbox("选择账号", names, key="users_pick",
                       format_func=lambda n: f"{n}（{ROLE_NAMES.get(by[n]['role'])}"
                                             f"{'，已停用' if by[n]['disabled'] else ''}）")
    r = by[who]
    c1, c2, c3 = st.columns(3)
    with c1.form(f"users_role_{who}"):
        role = st.selectbox("角色", ROLES, index=ROLES.index(r["role"]),
                            format_func=ROLE_NAMES.get, key=f"users_role_sel_{who}")
        unit = st.text_input("单位", value=r["unit"] or "", key=f"users_unit_{who}")
        if st.form_submit_button("保存角色与单位"):
            _do("set_role", who, role, unit)
    with c2.form(f"users_pw_{who}", clear_on_submit=True):
        pw = st.text_input("新密码", type="password", key=f"users_pw_in_{who}")
        if st.form_submit_button("设置密码"):
            _do("set_password", who, pw)
    with c3:
        if r["disabled"]:
            if st.button("启用账号", key=f"users_enable_{who}"):
                _do("set_disabled", who, False)
        elif st.button("停用账号", key=f"users_disable_{who}"):
            _do("set_disabled", who, True)
