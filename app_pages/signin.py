"""The sign-in form (shown by app.py to anyone not signed in)."""

from __future__ import annotations

import logging

import streamlit as st

from app_pages import _ui
from huibian.people import Accounts, ensure_first_admin

log = logging.getLogger("huibian.app")


def render() -> None:
    st.title("汇编 · 登录")
    try:
        with _ui.db() as conn:
            created = ensure_first_admin(conn)
            accounts = Accounts.for_store(conn)
            empty = accounts.is_empty()
        if created is not None:
            st.success(f"已按 HUIBIAN_ADMIN_PASSWORD 创建首个管理员账号 {created.name}。")
        if empty:
            st.info("还没有任何账号。请在终端创建管理员后刷新本页：\n\n"
                    "`huibian user add admin --role admin`\n\n"
                    "（或启动前设置环境变量 HUIBIAN_ADMIN_PASSWORD，首次启动时自动创建 admin。）")
            return
        with st.form("signin", clear_on_submit=False):
            name = st.text_input("账号", key="signin_name")
            password = st.text_input("密码", type="password", key="signin_password")
            ok = st.form_submit_button("登录")
        if ok:
            user = accounts.authenticate(name, password)
            if user is None:
                st.error("账号或密码不对。")
                return
            st.session_state["user"] = user
            st.session_state.pop("signin_password", None)
            st.rerun()
    except Exception as exc:  # noqa: BLE001
        if type(exc).__name__ in ("RerunException", "StopException"):
            raise
        log.exception("sign-in failed")
        st.error(f"登录页出错：{exc}")


def sign_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
