"""The sign-in form (shown by app.py to anyone not signed in), and the session check
app.py runs before every page. The rules (lifetimes, throttling of failures, disabled
accounts) are in ``huibian.services.sessions``; this page only asks and shows."""

from __future__ import annotations

import logging
import math
import time

import streamlit as st

from huibian.app_pages import _nav, _ui
from huibian.services.people import Accounts, ensure_first_admin
from huibian.services.sessions import (COOKIE_NAME, CookieSessions, SessionExpired,
                                       SessionPolicy, SignIn, client_address, refresh_session,
                                       start_session)

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
            now = time.time()
            with _ui.db() as conn:
                cs = CookieSessions(conn, accounts)
                started = cs.start(result.user, now)
            st.session_state["session"] = started.session
            st.session_state["session_token"] = started.token
            st.session_state["session_cookie"] = (started.token, cs.max_age(started, now))
            st.session_state["user"] = result.user
            st.session_state.pop("signin_password", None)
            st.rerun()  # the same address: a linked page (/item?id=…) opens now
    except Exception as exc:  # noqa: BLE001
        if type(exc).__name__ in ("RerunException", "StopException"):
            raise
        log.exception("sign-in failed")
        st.error("登录页出错，错误已记入日志。请重试或联系管理员。")


NOTICES = {"idle": "长时间未操作，已自动退出，请重新登录。",
           "lifetime": "登录已超过最长时限，请重新登录。",
           "account": "账号已停用、删除或已改密码，已退出登录。"}


def _cookie() -> str | None:
    """The session cookie the browser sent when this tab connected (a reload, a new tab
    or a link opens a new connection; None under AppTest)."""
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # noqa: BLE001 - no request context
        return None
    return value if isinstance(value, str) else None


def check_session():
    """The signed-in user after checking the session (idle time, lifetime, the account
    still enabled, its current role, not revoked); None, with a notice for the sign-in
    page, when it has ended. The session comes from this tab's state, else from the
    browser's cookie (a reload, a new tab, a link). A user put in ``session_state``
    without a session (tests) gets one kept in this tab only."""
    now = time.time()
    token = st.session_state.get("session_token")
    if token is None and st.session_state.get("user") is None:
        token = _cookie()
        if token is None or st.session_state.get("signed_out") == token:
            return None
    if token is not None:
        try:
            with _ui.db() as conn:
                resumed = CookieSessions(conn).resume(token, now)
        except SessionExpired as exc:
            _end(NOTICES.get(exc.reason), token)
            return None
        if st.session_state.get("session_token") != token:  # resumed from the cookie
            st.session_state["session_token"] = token
            st.session_state["session_cookie"] = (token, None)
        st.session_state["session"] = resumed.session
        st.session_state["user"] = resumed.session.user
        return resumed.session.user
    user = st.session_state["user"]
    session = st.session_state.get("session") or start_session(user, now)
    try:
        with _ui.db() as conn:
            accounts = Accounts.for_store(conn)
        session = refresh_session(session, SessionPolicy.from_env(), now, accounts)
    except SessionExpired as exc:
        _end(NOTICES[exc.reason], None)
        return None
    st.session_state["session"] = session
    st.session_state["user"] = session.user
    return session.user


def _end(notice: str | None, token: str | None) -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if token is not None:
        st.session_state["signed_out"] = token  # this tab's stale cookie: not again
    st.session_state["session_cookie"] = ("", 0)  # the browser forgets it
    if notice:
        st.session_state["signin_notice"] = notice


def sign_out() -> None:
    token = st.session_state.get("session_token")
    if token is not None:
        with _ui.db() as conn:
            cs = CookieSessions(conn)
            try:
                sid = cs.resume(token, time.time()).sid
            except SessionExpired:
                sid = None
            if sid is not None:
                cs.revoke(sid, time.time(), "signed out")
    _end(None, token)


def pages() -> list:
    """The sign-in form at the sign-in address and at every page's address."""
    out = [st.Page(render, title="登录", url_path="signin", default=True)]
    for _module, _title, _icon, url, _who in _nav.PAGES.values():
        out.append(st.Page(render, title="登录", url_path=url))
    return out


def cookie_script() -> None:
    """Write (or clear) the session cookie in the browser when this run changed it: a
    few lines of JavaScript in the page (Streamlit has no call that sets a cookie). The
    cookie lives until the session's lifetime is over (``Max-Age``), is sent to this site
    only (``SameSite=Strict``), and over TLS only when the app is served over TLS."""
    pending = st.session_state.pop("session_cookie", None)
    if pending is None:
        return
    token, max_age = pending
    if max_age is None:  # resumed from the cookie the browser already has
        return
    if token and not all(c in "0123456789abcdef." for c in token):
        return
    st.html(f"""<script>
(function () {{
  var secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = "{COOKIE_NAME}={token}; Path=/; Max-Age={int(max_age)}; SameSite=Strict"
    + secure;
}})();
</script>""", unsafe_allow_javascript=True)
