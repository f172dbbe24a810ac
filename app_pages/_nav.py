"""The page list (one place), so pages can link to each other with ``st.page_link`` /
``st.switch_page`` using the same ``st.Page`` definitions app.py navigates over."""

from __future__ import annotations

import importlib

import streamlit as st

# key -> (module, title, icon, url path, who sees it in the menu)
PAGES = {
    "search": ("huibian.app_pages.search_page", "检索", ":material/search:", "search", "read"),
    "item": ("huibian.app_pages.item_page", "文档", ":material/description:", "item", "read"),
    "import": ("huibian.app_pages.import_page", "导入", ":material/upload:", "import", "import"),
    "check": ("huibian.app_pages.check_page", "查重", ":material/compare:", "check", "read"),
    "review": ("huibian.app_pages.review_page", "评审", ":material/rate_review:", "review", "read"),
    "overview": ("huibian.app_pages.overview_page", "概览", ":material/bar_chart:", "overview", "read"),
    "volume": ("huibian.app_pages.volume_page", "汇编", ":material/menu_book:", "volume", "volume"),
    "users": ("huibian.app_pages.users_page", "账号", ":material/group:", "users", "manage_users"),
    "audit": ("huibian.app_pages.audit_page", "审计", ":material/policy:", "audit", "audit"),
}


def _unavailable(title: str, module: str):
    def render() -> None:
        st.title(title)
        st.warning(f"「{title}」页暂不可用（模块 {module} 尚未就绪）。")

    return render


def page(key: str, *, default: bool = False):
    module, title, icon, url, _who = PAGES[key]
    try:
        render = importlib.import_module(module).render
    except (ImportError, AttributeError):
        render = _unavailable(title, module)
    return st.Page(render, title=title, icon=icon, url_path=url, default=default)


def pages_for(user) -> list:
    return [page(k, default=(k == "search")) for k, v in PAGES.items() if user.can(v[4])]
