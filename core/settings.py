"""Settings: every ``HUIBIAN_*`` environment variable, read in this one module.

``read_settings(env)`` turns a mapping (``os.environ`` by default) into a frozen
``Settings``: typed fields, each checked, a variable that is unset or empty taking its
default. A value huibian cannot use is refused at once with ``SettingsError`` (E901),
naming the variable, its value and what it takes (``HUIBIAN_OCR`` naming no engine is
E603, as it always was). Nothing is cached: every call reads the mapping again, so a
test that sets a variable sees it, and there is no module-global state to reset.

The rest of the product never reads the environment itself: it is given a ``Settings``
(or its ``Limits``) or calls ``read_settings()`` where it needs one (``read_setting(name)``
checks one variable, for a path that runs per line). ``VARIABLES`` lists
every variable with its field and meaning; README's table of variables is checked
against it (tests/core/test_settings.py).

``Limits`` (the size, page, archive and time limits of one submission) lives here
because its values come from settings; ``huibian.core.limits`` re-exports it."""

from __future__ import annotations

import math
import re
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from huibian.core.errors import SettingsError, StoreError, ToolMissing

MB = 1024 * 1024

OCR_ENGINES = ("tesseract", "rapidocr", "off")
SEGMENTERS = ("auto", "fast", "jieba")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class Limits:
    """What one submission may be. Each limit, when hit, gives a ``LimitError`` naming
    the file and the limit's variable."""

    max_file_bytes: int = 200 * MB
    max_pages: int = 2000
    max_zip_members: int = 2000
    max_unpacked_bytes: int = 1024 * MB
    max_zip_depth: int = 2
    max_seconds_per_file: float = 300.0
    max_zip_ratio: float = 200.0  # inflated / compressed size of one zip member; 0: none
    max_chars: int = 10_000_000  # characters of text in one file
    max_item_chars: int = 2_000_000  # characters in one item

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Limits":
        """The limits of ``read_settings(env)`` (``HUIBIAN_MAX_FILE_MB``,
        ``HUIBIAN_MAX_PAGES``, ``HUIBIAN_MAX_ZIP_MEMBERS``, ``HUIBIAN_MAX_UNPACKED_MB``,
        ``HUIBIAN_MAX_ZIP_DEPTH``, ``HUIBIAN_FILE_TIMEOUT``, ``HUIBIAN_MAX_ZIP_RATIO``,
        ``HUIBIAN_MAX_CHARS``, ``HUIBIAN_MAX_ITEM_CHARS``)."""
        return read_settings(env).limits


def _default_cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "huibian-cache"


@dataclass(frozen=True)
class Settings:
    """Every setting, typed; the defaults are the product's defaults."""

    # the store and the data files
    db: Path | str | None = None           # None: data/huibian.db (store.db.default_db_path);
    #                                        a str: a PostgreSQL server's address
    files: Path | None = None              # a PostgreSQL store's originals (every node mounts it)
    index_dir: Path | None = None          # this node's search index and caches (PostgreSQL)
    models: Path | None = None             # a folder whose files replace packaged model files
    rubric: Path | None = None             # None: the rubric.json of the models
    cache_dir: Path = field(default_factory=_default_cache_dir)
    # reading
    ocr: str = "tesseract"
    ocr_lang: str = "chi_sim"
    segmenter: str = "auto"
    # limits of one submission
    max_file_mb: float = 200.0
    max_pages: int = 2000
    max_zip_members: int = 2000
    max_unpacked_mb: float = 1024.0
    max_zip_ratio: float = 200.0
    max_zip_depth: int = 2
    max_chars: int = 10_000_000
    max_item_chars: int = 2_000_000
    file_timeout: float = 300.0
    # the app and the API: sessions, sign-in throttling, client addresses, API tokens,
    # the first admin
    session_idle_min: float = 30.0
    session_max_hours: float = 12.0
    signin_free_failures: int = 3
    signin_free_failures_client: int = 10
    signin_free_failures_account: int = 20
    signin_max_delay_s: float = 900.0
    signin_account_max_delay_s: float = 60.0
    signin_window_min: float = 60.0
    trust_proxy: bool = False
    api_token_hours: float = 12.0
    admin_user: str = "admin"
    admin_password: str | None = field(default=None, repr=False)
    # the campaign's time zone: every time the app shows (IANA name)
    tz: str = "Asia/Shanghai"
    # the body running the campaign: author of exported volumes and 查重 reports
    campaign_body: str = "汇编编委会"
    # test and bench utilities (huibian.testkit.pdfmaker)
    font_cache: Path | None = None

    @property
    def limits(self) -> Limits:
        return Limits(max_file_bytes=int(self.max_file_mb * MB), max_pages=self.max_pages,
                      max_zip_members=self.max_zip_members,
                      max_unpacked_bytes=int(self.max_unpacked_mb * MB),
                      max_zip_depth=self.max_zip_depth,
                      max_seconds_per_file=self.file_timeout,
                      max_zip_ratio=self.max_zip_ratio, max_chars=self.max_chars,
                      max_item_chars=self.max_item_chars)


@dataclass(frozen=True)
class Variable:
    """One environment variable: the ``Settings`` field it sets, the kind of value it
    takes, and what it means (README's table says the same)."""

    name: str
    field: str
    kind: str  # path | text | secret | choice | count | positive_count | number | positive | flag
    #          | zone (an IANA time zone name) | store (a file, or a postgresql:// address;
    #          another server's address is E304)
    meaning: str
    choices: tuple[str, ...] = ()


VARIABLES: tuple[Variable, ...] = (
    Variable("HUIBIAN_DB", "db", "store",
             "the store (`--db` wins): a SQLite file, default data/huibian.db, or a "
             "PostgreSQL server, postgresql://user@host:port/db; another server's address "
             "is refused with E304"),
    Variable("HUIBIAN_FILES", "files", "path",
             "a PostgreSQL store's originals and shared files: a folder every node mounts "
             "(a SQLite store keeps them beside its file)"),
    Variable("HUIBIAN_INDEX_DIR", "index_dir", "path",
             "this node's search index and caches of a PostgreSQL store (default: a folder "
             "under HUIBIAN_CACHE_DIR named after the server and database)"),
    Variable("HUIBIAN_MODELS", "models", "path",
             "a folder whose files replace the packaged model files of the same name"),
    Variable("HUIBIAN_RUBRIC", "rubric", "path", "the app's review rubric file"),
    Variable("HUIBIAN_CACHE_DIR", "cache_dir", "path",
             "cache of the compiled segmenter dictionary"),
    Variable("HUIBIAN_OCR", "ocr", "choice", "the OCR engine", OCR_ENGINES),
    Variable("HUIBIAN_OCR_LANG", "ocr_lang", "text", "Tesseract's language model(s)"),
    Variable("HUIBIAN_SEGMENTER", "segmenter", "choice",
             "word segmenter: auto (the C++ engine when installed), fast, jieba", SEGMENTERS),
    Variable("HUIBIAN_MAX_FILE_MB", "max_file_mb", "number", "size of one file, MB"),
    Variable("HUIBIAN_MAX_PAGES", "max_pages", "count", "pages of one PDF, OFD or TIFF"),
    Variable("HUIBIAN_MAX_ZIP_MEMBERS", "max_zip_members", "count",
             "members of one zip, .docx or OFD package"),
    Variable("HUIBIAN_MAX_UNPACKED_MB", "max_unpacked_mb", "number",
             "MB unpacked from one upload and every archive nested in it"),
    Variable("HUIBIAN_MAX_ZIP_RATIO", "max_zip_ratio", "number",
             "inflated / compressed size of one zip member (0: no limit)"),
    Variable("HUIBIAN_MAX_ZIP_DEPTH", "max_zip_depth", "count", "zips nested in zips"),
    Variable("HUIBIAN_MAX_CHARS", "max_chars", "count", "characters of text in one file"),
    Variable("HUIBIAN_MAX_ITEM_CHARS", "max_item_chars", "count", "characters in one item"),
    Variable("HUIBIAN_FILE_TIMEOUT", "file_timeout", "number",
             "seconds to read and analyze one file"),
    Variable("HUIBIAN_SESSION_IDLE_MIN", "session_idle_min", "positive",
             "minutes without activity that end an app session"),
    Variable("HUIBIAN_SESSION_MAX_HOURS", "session_max_hours", "positive",
             "hours after sign-in that end an app session"),
    Variable("HUIBIAN_SIGNIN_FREE_FAILURES", "signin_free_failures", "positive_count",
             "failed sign-ins of one name from one address before delays"),
    Variable("HUIBIAN_SIGNIN_FREE_FAILURES_CLIENT", "signin_free_failures_client",
             "positive_count", "failed sign-ins from one address before delays"),
    Variable("HUIBIAN_SIGNIN_FREE_FAILURES_ACCOUNT", "signin_free_failures_account",
             "positive_count", "failed sign-ins of one name from all addresses before delays"),
    Variable("HUIBIAN_SIGNIN_MAX_DELAY_S", "signin_max_delay_s", "positive",
             "longest delay after failed sign-ins, seconds"),
    Variable("HUIBIAN_SIGNIN_ACCOUNT_MAX_DELAY_S", "signin_account_max_delay_s", "positive",
             "longest delay locking a name for everyone, seconds"),
    Variable("HUIBIAN_SIGNIN_WINDOW_MIN", "signin_window_min", "positive",
             "minutes after the last failure that its count is forgotten"),
    Variable("HUIBIAN_TRUST_PROXY", "trust_proxy", "flag",
             "take the client address from a trusted reverse proxy's headers"),
    Variable("HUIBIAN_API_TOKEN_HOURS", "api_token_hours", "positive",
             "hours a token from POST /api/v1/token lasts"),
    Variable("HUIBIAN_ADMIN_USER", "admin_user", "text",
             "name of the first admin the app creates when there are no accounts"),
    Variable("HUIBIAN_ADMIN_PASSWORD", "admin_password", "secret",
             "password of that first admin (no password: none is created)"),
    Variable("HUIBIAN_TZ", "tz", "zone",
             "the campaign's time zone (IANA name): every time the app shows is in it"),
    Variable("HUIBIAN_CAMPAIGN_BODY", "campaign_body", "text",
             "the body running the campaign: the author of exported volumes and 查重 reports"),
    Variable("HUIBIAN_FONT_CACHE", "font_cache", "path",
             "tests and bench: cache of the CJK font subsets of generated PDFs"),
)


# ``postgresql://…``, ``mysql://…``: the address of a database server, not a file
_SERVER_URL = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*://")
POSTGRES_SCHEMES = ("postgresql", "postgres")


def store_path(raw: str | os.PathLike) -> Path | str:
    """The store named by ``--db`` or ``HUIBIAN_DB``: a SQLite file (a ``Path``) or a
    PostgreSQL server's address (``postgresql://…`` or ``postgres://…``, a ``str``).
    Another server's address is refused (E304) before ``Path`` folds its ``//``: taking
    it for a file name would create a SQLite store in a folder named ``mysql:``."""
    given = os.fspath(raw)
    if _SERVER_URL.match(given):
        scheme = given.strip().split("://", 1)[0]
        if scheme.lower() in POSTGRES_SCHEMES:
            return given.strip()
        raise StoreError(f"{given}: a {scheme} server address is not a store; the store is "
                         "a SQLite file or a PostgreSQL server (postgresql://user@host:port/db)",
                         code="E304")
    return Path(given)


def _number(var: Variable, raw: str) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        raise SettingsError(f"{var.name}={raw!r} is not a number", code="E901") from None
    if not math.isfinite(value):
        raise SettingsError(f"{var.name}={raw!r} is not a finite number", code="E901")
    if var.kind in ("positive", "positive_count") and value <= 0:
        raise SettingsError(f"{var.name}={raw!r} must be a positive number", code="E901")
    if value < 0:
        raise SettingsError(f"{var.name}={raw!r} must not be negative", code="E901")
    return value


def _parse(var: Variable, raw: str):
    kind = var.kind
    if kind == "secret":
        return raw
    if kind == "text":
        return raw.strip()
    if kind == "path":
        return Path(raw)
    if kind == "store":
        return store_path(raw)
    if kind == "zone":
        value = raw.strip()
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(f"{var.name}={raw!r} is not a time zone; use a name such as "
                                "Asia/Shanghai", code="E901") from None
        return value
    if kind == "choice":
        value = raw.strip().lower()
        if value in var.choices:
            return value
        if var.name == "HUIBIAN_OCR":  # E603 since issue 19 (docs/errors.md)
            raise ToolMissing(f"HUIBIAN_OCR={value!r} is not an OCR engine; use one of "
                              f"{', '.join(var.choices)}", code="E603")
        raise SettingsError(f"{var.name}={raw!r}: use one of {', '.join(var.choices)}",
                            code="E901")
    if kind == "flag":
        value = raw.strip().lower()
        if value in _TRUE or value in _FALSE:
            return value in _TRUE
        raise SettingsError(f"{var.name}={raw!r}: use 1 (yes) or 0 (no)", code="E901")
    value = _number(var, raw)
    if kind in ("count", "positive_count"):
        if not value.is_integer():
            raise SettingsError(f"{var.name}={raw!r} is not a whole number", code="E901")
        return int(value)
    return value


def read_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The settings of ``env`` (default: ``os.environ``); unset or empty variables take
    their defaults. SettingsError (E901) names a variable with a value of the wrong
    kind; ToolMissing (E603) a ``HUIBIAN_OCR`` that names no engine."""
    env = os.environ if env is None else env
    # only the HUIBIAN_* entries, taken in one pass (a miss in os.environ is slow)
    given = {name: env[name] for name in env if name.startswith("HUIBIAN_")}
    values = {}
    for var in VARIABLES:
        raw = given.get(var.name)
        if raw is None or not raw.strip():
            continue
        values[var.field] = _parse(var, raw)
    return Settings(**values)


_BY_NAME = {var.name: var for var in VARIABLES}
_DEFAULTS = Settings()


def default_of(var: Variable) -> object:
    """The default value of a variable's field."""
    return getattr(_DEFAULTS, var.field)


def read_setting(name: str, env: Mapping[str, str] | None = None):
    """One variable's value, parsed and checked as ``read_settings`` does, for a path
    that runs often and needs only that one (the model-file resolver)."""
    var = _BY_NAME[name]
    raw = (os.environ if env is None else env).get(name)
    if raw is None or not raw.strip():
        return default_of(var)
    return _parse(var, raw)


# The settings that shape what reading and analyzing a file gives: a cluster's workers
# (huibian.pipeline.cluster) must have the same values as the client that sends them files.
PREPARE_VARIABLES = ("HUIBIAN_MODELS", "HUIBIAN_OCR", "HUIBIAN_OCR_LANG", "HUIBIAN_SEGMENTER")


def prepare_settings(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The parsed values of ``PREPARE_VARIABLES`` as text (a path resolved), for
    comparing one process's settings with another's."""
    out = {}
    for name in PREPARE_VARIABLES:
        value = read_setting(name, env)
        if isinstance(value, Path):
            value = value.resolve()
        out[name] = "" if value is None else str(value)
    return out
