"""Run one page (or the whole app) under streamlit.testing.v1.AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT = 60


def _page_script(module: str, name: str, role: str, unit, query_params) -> None:
    import importlib
    import sys

    import streamlit as st

    from huibian.services.people import User

    st.session_state.setdefault("user", User(name, role, unit))
    for k, v in (query_params or {}).items():
        st.query_params[k] = v
    importlib.import_module(module).render()


def page(module: str, role: str = "admin", name: str | None = None, unit: str | None = None,
         query_params: dict | None = None) -> AppTest:
    at = AppTest.from_function(_page_script, args=(f"app_pages.{module}", name or role, role,
                                                   unit, query_params),
                               default_timeout=TIMEOUT)
    return at.run()


def app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()


def errors(at: AppTest) -> list[str]:
    """Error boxes and exceptions shown on the page."""
    return [e.value for e in at.error] + [str(e.value) for e in at.exception]
