"""汇编 huibian web app: navigation, shared state and the sign-in gate only.

Run: ``streamlit run app.py`` (store: $HUIBIAN_DB or data/huibian.db). Each page is a
module in app_pages/ with a ``render()``; the logic lives in the library. Sessions end
after ``HUIBIAN_SESSION_IDLE_MIN`` idle minutes or ``HUIBIAN_SESSION_MAX_HOURS`` hours
(``huibian.services.sessions``), checked before every page; the browser keeps the
session in a signed cookie, so a reload, a new tab or a link stays signed in."""

import logging

import streamlit as st

from huibian.app_pages import _nav, _ui, signin

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
st.set_page_config(page_title="汇编 huibian", page_icon=":material/library_books:", layout="wide")

_ui.chrome()  # Streamlit's own English (uploader, date fields, 404 box) in Chinese
_ui.warm_up()  # shared state: models load in the background once per process
user = signin.check_session()
if user is None:
    # every page's address shows the sign-in form (no "page not found"), and keeps its
    # query (/item?id=…): after signing in, the same address opens that page
    st.navigation(signin.pages(), position="hidden").run()
else:
    with st.sidebar:
        st.caption(f"已登录：{_ui.md(user.label)}")
        if st.button("退出登录", key="signout"):
            signin.sign_out()
            st.rerun()
    st.navigation(_nav.pages_for(user)).run()
# last, so the script's element does not shift the page's elements between runs (that
# would leave a stale copy of the page on screen while it reruns)
signin.cookie_script()  # the browser keeps the session (a reload, a new tab, a link)
