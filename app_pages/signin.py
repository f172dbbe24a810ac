"""The sign-in form (shown by app.py to anyone not signed in), and the session check
app.py runs before every page. The rules (lifetimes, throttling of failures, disabled
accounts) are in ``huibian.services.sessions``; this page only asks and shows."""

from __future__ import annotations

import logging
import math
import time

import streamlit as st

from huibian.app_pages import _ui
from huibian.services.people import Accounts, ensure_first_admin
from huibian.services.sessions import (SessionExpired, SessionPolicy, SignIn, client_address,
                              refresh_session, start_session)

log = logging.getLogger("huibian.app")


def _client() -> str | None:
    try:
        peer = st.context.ip_address
        headers = {k: v for k, v in st.context.headers.items()
                   if isinstance(k, str) and isinstance(v, str)}
    except Exception:  # noqa: BLE001 - no request context (e.g. under AppTest)
        return None
    return client_address(headers, peer if isinstance(peer, str) else None)


def render() -> None:
    st.title("汇编 · 登录")
    notice = st.session_state.pop("signin_notice", None)
    if notice:
        st.info(notice)
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
            # the shared connection's lock is held only for the throttle's reads and
            # writes, not during the password check (Argon2)
            result = SignIn(_ui.db, accounts).attempt(name, password, _client())
            if result.status == "locked":
                st.error(f"登录失败次数过多，请 {math.ceil(result.wait)} 秒后再试。")
                return
            if result.status == "disabled":
                st.error("该账号已停用，请联系管理员。")
                return
            if result.user is None:
                extra = (f"请 {math.ceil(result.wait)} 秒后再试。" if result.wait > 0 else "")
                st.error("账号或密码不对。" + extra)
                return
            st.session_state["session"] = start_session(result.user, time.time())
            st.session_state["user"] = result.user
            st.session_state.pop("signin_password", None)
            st.rerun()
    except Exception as exc:  # noqa: BLE001
        if type(exc).__name__ in ("RerunException", "StopException"):
            raise
        log.exception("sign-in failed")
        st.error("登录页出错，错误已记入日志。请重试或联系管理员。")


def check_session():
    """The signed-in user after checking the session (idle time, lifetime, the account
    still enabled, its current role); None, with a notice for the sign-in page, when it
    has ended. A user put in ``session_state`` without a session (tests) gets one."""
    user = st.session_state.get("user")
    if user is None:
        return None
    now = time.time()
    session = st.session_state.get("session") or start_session(user, now)
    try:
        with _ui.db() as conn:
            accounts = Accounts.for_store(conn)
        session = refresh_session(session, SessionPolicy.from_env(), now, accounts)
    except SessionExpired as exc:
        notice = {"idle": "长时间未操作，已自动退出，请重新登录。",
                  "lifetime": "登录已超过最长时限，请重新登录。",
                  "account": "账号已停用或删除，已退出登录。"}[exc.reason]
        sign_out()
        st.session_state["signin_notice"] = notice
        return None
    st.session_state["session"] = session
    st.session_state["user"] = session.user
    return session.user


def sign_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
