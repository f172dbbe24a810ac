"""What every page shares: the store connection, the resources, the signed-in user,
the error guard, and the collection key that invalidates cached query results.

Connection choice: one sqlite3 connection per store per process, cached with
``st.cache_resource`` and opened with ``check_same_thread=False``, because Streamlit
runs every session's script in its own thread. A Python sqlite3 connection is not
safe for two threads at once (one thread's statements would land inside another's
open transaction), so every use goes through ``db()``, which holds the connection's
lock for the duration; pages only hold it for short reads and single-row writes (a
score, a label), which take milliseconds. The long write, importing files, opens its
own connection (``import_connection``) so searches keep running against the WAL
snapshot while it works.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Callable, Iterator

import streamlit as st

from huibian.core.errors import HuibianError, PermissionDenied
from huibian.core.messages import zh, zh_text
from huibian.core.timefmt import local_time
from huibian.core.models_dir import model_file
from huibian.services.people import User, require
from huibian.store.db import resolved_db
from huibian.store import connect
from huibian.pipeline.resources import Resources
from huibian.store.catalog import collection_stamp
from huibian.nlp.taxonomy import load_taxonomy
from huibian.nlp.lexicons import load_stopwords
from huibian.nlp.reason_text import reason_zh

log = logging.getLogger("huibian.app")


def db_path() -> Path | str:

    return resolved_db()  # HUIBIAN_DB, else data/huibian.db


@dataclass
class _Store:
    conn: object
    lock: threading.RLock


@st.cache_resource(show_spinner=False)
def _store(path: str) -> _Store:

    return _Store(connect(path, check_same_thread=False), threading.RLock())


@contextmanager
def db() -> Iterator:
    """The shared connection, held for the duration of the ``with`` block."""
    s = _store(str(db_path()))
    with s.lock:
        yield s.conn


def import_connection():
    """A separate connection for a long write (import): its own transactions, and the
    shared connection stays free for other sessions meanwhile."""

    return connect(db_path())


@st.cache_resource(show_spinner=False)
def resources():
    """Tokenizer, stopwords, models: loaded once per process."""

    return Resources()


# what the pages import and use first, warmed before the models (issue 17): the page
# modules (the menu imports them all at sign-in; 概览's charts take a second), the search
# engine and the tokenizer (the first page, 检索, browses the store at once)
WARM_MODULES = ("huibian.app_pages.search_page", "huibian.app_pages.item_page",
                "huibian.app_pages.import_page", "huibian.app_pages.check_page",
                "huibian.app_pages.review_page", "huibian.app_pages.overview_page",
                "huibian.app_pages.volume_page", "huibian.app_pages.users_page",
                "huibian.app_pages.audit_page", "huibian.search.engine")


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Load in the background, once per process, started by the first script run (the
    sign-in page renders meanwhile): first what the first page after sign-in needs
    (``WARM_MODULES``, the tokenizer), then the analysis models (scikit-learn and spaCy
    take seconds), so neither the first page nor the first import waits for them."""
    res = resources()  # in the script thread: st.cache_* needs its context

    def load() -> None:
        import importlib  # only this thread imports modules by name

        start = time.monotonic()
        try:
            for name in WARM_MODULES:
                importlib.import_module(name)
            res.tokenizer
            log.info("warm-up: pages and tokenizer ready in %.1f s", time.monotonic() - start)
            res.analyzer
            log.info("warm-up: analysis models ready in %.1f s", time.monotonic() - start)
        except Exception:  # noqa: BLE001 - the page or the import will report it properly
            log.exception("warming up the pages and the analysis models failed")

    t = threading.Thread(target=load, name="huibian-warm-up", daemon=True)
    t.start()
    return t


@st.cache_resource(show_spinner=False)
def _rubric(path: str, mtime: float):
    from huibian.services.review import load_rubric  # deferred for start-up time (argon2)

    return load_rubric(path)


def rubric():
    """The rubric, reloaded when the organizer edits the file."""
    from huibian.services.review import rubric_file  # deferred for start-up time (argon2)

    path = rubric_file()  # HUIBIAN_RUBRIC, else the models' rubric.json
    return _rubric(str(path), path.stat().st_mtime if path.exists() else 0.0)


def collection_key() -> tuple:
    """Changes whenever items are added or removed (by the app or the CLI): part of
    every cached query's key, so a result is never older than the collection."""

    with db() as conn:
        count, newest, last = collection_stamp(conn)
    return (str(db_path()), count, newest, last)


def item_count() -> int:
    return collection_key()[1]


def clear_query_caches() -> None:
    """After an import or a label change: every cached query result is stale."""
    st.cache_data.clear()


# -- people --------------------------------------------------------------------------

def current_user() -> User | None:
    return st.session_state.get("user")


def need(action: str) -> User:
    """The signed-in user, if allowed to ``action``; raises PermissionDenied otherwise."""
    return require(current_user(), action)


# -- page guard ----------------------------------------------------------------------

def page(title: str, *, action: str = "read", needs_items: bool = True):
    """Decorator for a page body: checks sign-in and permission, shows the empty-store
    message, and turns any error into one sentence (the exception goes to the log,
    never to the screen)."""

    def wrap(body: Callable[[], None]) -> Callable[[], None]:
        @wraps(body)
        def render() -> None:
            st.title(title)
            try:
                need(action)
                if needs_items and item_count() == 0:
                    empty_store()
                    return
                body()
            except PermissionDenied as exc:
                st.warning(f"没有权限：{md(message(exc, with_code=False))}")
            except HuibianError as exc:
                log.warning("%s: %s", title, exc)
                st.error(f"操作未完成：{md(message(exc))}")
            except Exception:  # noqa: BLE001 - never a traceback on screen
                log.exception("page %s failed", title)
                st.error("出错了：这个页面未能完成，错误已记入日志。请重试，或把操作步骤告诉管理员。")

        return render

    return wrap


def empty_store() -> None:
    user = current_user()
    if user is not None and user.can("import"):
        st.info("库中还没有文档。请先在「导入」页上传文件（PDF、Word、文本或 zip）。")
    else:
        st.info("库中还没有文档。请联系管理员在「导入」页导入文件。")


def unavailable(feature: str, module: str) -> None:
    st.warning(f"{feature}功能暂不可用（缺少模块 {module}）。")


def taxonomy():
    """The taxonomy in use (models/taxonomy.json, or the one in the HUIBIAN_MODELS
    folder), loaded again when its file changes."""
    path = model_file("taxonomy.json")
    return _taxonomy(str(path), path.stat().st_mtime if path.exists() else 0.0)


@st.cache_resource(show_spinner=False)
def _taxonomy(path: str, mtime: float):

    return load_taxonomy(Path(path))


# the facet axes that are not taxonomy axes
OTHER_AXIS_NAMES = {"named_carrier": "具名载体", "region": "地区", "year": "年份", "unit": "单位",
                    "collection": "汇编"}


def label_axes() -> tuple[str, ...]:
    """The taxonomy's axes (models/taxonomy.json), in its order: what every page shows
    and filters by."""
    return tuple(taxonomy().axes)


def axis_name(axis: str) -> str:
    """The Chinese name of a facet axis: a taxonomy axis's name (文种, 领域 …), or that of
    the other facets (地区, 年份 …); the id itself if unknown."""
    if axis in OTHER_AXIS_NAMES:
        return OTHER_AXIS_NAMES[axis]
    try:
        return taxonomy()[axis].name
    except KeyError:
        return axis


def label_name(axis: str, label_id: str) -> str:
    """The Chinese name of a taxonomy label id (the id itself if unknown)."""
    try:
        return taxonomy()[axis].label(label_id).name
    except Exception:  # noqa: BLE001 - not a taxonomy axis, or a label no longer there
        return label_id


# ASCII punctuation Markdown (CommonMark, GFM, Streamlit's :color[…] and :icon: directives,
# $…$ math) gives a meaning to; a backslash before each makes it a literal character
_MD_SPECIAL = set("\\`*_{}[]()<>#+-.!|~:$&\"'=")


def md(text: object) -> str:
    """``text`` (a title, a unit, a file name: anything a user or a submitted file
    controls) as Markdown that renders exactly those characters: every Markdown
    character backslash-escaped, so ``[点此领奖](http://evil.example/)`` is not a link,
    ``![](http://host/p.png)`` fetches nothing, and a bare ``http://…`` (its ``:`` and
    ``.`` escaped) is not turned into a link; line breaks become spaces (a line of its
    own could start a heading or a list). HTML is not rendered by these elements, and
    ``<``/``>``/``&`` are escaped too."""
    s = " ".join(str(text).split("\n")) if text is not None else ""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in s)


# -- Chinese everywhere (issue 17) -----------------------------------------------------

def message(error: HuibianError | str, *, file: str | None = None,
            with_code: bool = True) -> str:
    """An error (or a reported line ending ``[E101]``) in Chinese, with its file and,
    unless ``with_code`` is false, its code (models/messages_zh.json)."""
    if not with_code and isinstance(error, HuibianError):
        return zh_text(error.code, error.message)
    return zh(error, file=file)


def month_filter(key: str, years: list[int], *, columns=None) -> tuple:
    """A date filter in Chinese (Streamlit's calendar names its months and days in
    English): 年份 (全部年份, or one of ``years``) and, once a year is chosen, 月份
    (全年, 1月 … 12月). Returns (since, until), the first and last day chosen, both
    included, or (None, None) for all."""
    c1, c2 = columns or st.columns(2)
    year = c1.selectbox("年份", [None] + list(years), key=f"{key}_year",
                        format_func=lambda y: "全部年份" if y is None else f"{y}年")
    if year is None:
        return None, None
    month = c2.selectbox("月份", [None] + list(range(1, 13)), key=f"{key}_month",
                         format_func=lambda m: "全年" if m is None else f"{m}月")
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (dt.date(year, month, 1),
            dt.date(year, month, calendar.monthrange(year, month)[1]))


def when(value) -> str:
    """A stored time in the campaign's time zone (HUIBIAN_TZ): ``2026-12-06 14:05``."""
    return local_time(value)


@st.cache_resource(show_spinner=False)
def _stopwords(path: str, mtime: float) -> frozenset:
    return load_stopwords(Path(path))


def stopwords() -> frozenset:
    path = model_file("stopwords.txt")
    return _stopwords(str(path), path.stat().st_mtime if path.exists() else 0.0)


def reason(text: str | None) -> str:
    """A label's stored reason as Chinese sentences (huibian.nlp.reason_text)."""
    return reason_zh(text, stopwords=stopwords(), when=local_time,
                     genre_name=lambda g: label_name("genre", g))


# the entity tags of nlp.annotate (and the item page's own marks) as a reader names them
ENTITY_NAMES = {"ORG": "组织", "GPE": "地名", "LOC": "地名", "DATE": "日期", "PERSON": "人名",
                "CARRIER": "载体", "ACTIVITY": "活动", "SEARCH": "检索词"}


def entity_name(tag: str) -> str:
    return ENTITY_NAMES.get(tag, tag)


def chrome() -> None:
    """Streamlit's own words a user sees, in Chinese: the file uploader's button and
    instructions (its limit is server.maxUploadSize), the date fields' placeholders, a
    list's 全选 and 没有匹配的选项, an input's 按回车键确认 (its first hint: the widgets here
    set no max_chars, whose count would come first otherwise), the Stop button beside
    the running indicator, the skip link for keyboard users, and the box Streamlit shows
    for an unknown address. Streamlit has no option for these texts, so CSS hides the
    English and shows the Chinese in its place (the toolbar is in its minimal mode:
    .streamlit/config.toml)."""
    limit = st.get_option("server.maxUploadSize")  # MB, what Streamlit takes in one upload
    st.html("""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {
  font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0 !important; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "拖放文件到此处，或点击选择文件；单个文件不超过 LIMIT MB"; font-size: 0.875rem; }
[data-testid="stDateInput"] span[data-placeholder="true"] { font-size: 0 !important; }
[data-testid="stDateInput"] span[data-placeholder="true"][data-type="year"]::after {
  content: "年"; font-size: 0.875rem; }
[data-testid="stDateInput"] span[data-placeholder="true"][data-type="month"]::after {
  content: "月"; font-size: 0.875rem; }
[data-testid="stDateInput"] span[data-placeholder="true"][data-type="day"]::after {
  content: "日"; font-size: 0.875rem; }
[role="option"][data-key="__select_all__"] [data-item-hl] { font-size: 0 !important; }
[role="option"][data-key="__select_all__"] [data-item-hl]::after {
  content: "全选"; font-size: 0.875rem; }
[role="listbox"] [role="option"][style*="contents"] > span { font-size: 0 !important; }
[role="listbox"] [role="option"][style*="contents"] > span::after {
  content: "没有匹配的选项"; font-size: 0.875rem; }
[data-testid="InputInstructions"] > span:first-child { font-size: 0 !important; }
[data-testid="InputInstructions"] > span:first-child::after {
  content: "按回车键确认"; font-size: 0.75rem; }
[data-testid="stForm"] [data-testid="InputInstructions"] > span:first-child::after {
  content: "按回车键提交"; }
[data-testid="stTextArea"] [data-testid="InputInstructions"] > span:first-child::after {
  content: "按 Ctrl+回车 确认"; }
[data-testid="stForm"] [data-testid="stTextArea"] [data-testid="InputInstructions"]
  > span:first-child::after { content: "按 Ctrl+回车 提交"; }
[data-testid="stStatusWidget"] button { font-size: 0 !important; }
[data-testid="stStatusWidget"] button::after { content: "停止"; font-size: 0.875rem; }
[data-testid="stSkipToContent"] { font-size: 0 !important; }
[data-testid="stSkipToContent"]::after { content: "跳到正文"; font-size: 0.875rem; }
section[role="dialog"]:not(:has([data-testid])) > h2 { font-size: 0 !important; }
section[role="dialog"]:not(:has([data-testid])) > h2::after {
  content: "没有这个页面"; font-size: 1.5rem; }
section[role="dialog"]:not(:has([data-testid])) > h2 + div > div { font-size: 0 !important; }
section[role="dialog"]:not(:has([data-testid])) > h2 + div > div::after {
  content: "您打开的地址不存在，已转到首页。"; font-size: 1rem; }
</style>""".replace("LIMIT", str(int(limit))))
