"""Settings: one module reads every HUIBIAN_* variable, typed and checked; nothing
else in the product reads the environment; README documents exactly these variables."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from huibian.core.errors import SettingsError, StoreError, ToolMissing
from huibian.core.limits import MB, Limits
from huibian.core.settings import VARIABLES, Settings, default_of, read_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("core", "store", "ingest", "nlp", "search", "similarity", "volume", "pipeline",
           "services", "evaluation", "api", "testkit", "huibian", "app_pages")


def test_defaults_are_the_products_defaults():
    s = read_settings({})
    assert s == Settings()
    assert s.db is None and s.models is None and s.rubric is None
    assert (s.ocr, s.ocr_lang, s.segmenter) == ("tesseract", "chi_sim", "auto")
    assert s.limits == Limits() == Limits(200 * MB, 2000, 2000, 1024 * MB, 2, 300.0, 200.0,
                                          10_000_000, 2_000_000)
    assert (s.session_idle_min, s.session_max_hours) == (30.0, 12.0)
    assert (s.signin_free_failures, s.signin_free_failures_client,
            s.signin_free_failures_account) == (3, 10, 20)
    assert (s.signin_max_delay_s, s.signin_account_max_delay_s, s.signin_window_min) == \
        (900.0, 60.0, 60.0)
    assert s.trust_proxy is False and s.admin_user == "admin" and s.admin_password is None
    assert "admin_password" not in repr(read_settings({"HUIBIAN_ADMIN_PASSWORD": "geheim"}))
    # unset and empty are the same
    assert read_settings({v.name: "" for v in VARIABLES}) == s


SAMPLE = {"path": ("/srv/x", Path("/srv/x")), "text": (" zh ", "zh"),
          "secret": (" pw ", " pw "), "count": ("7", 7), "positive_count": ("7", 7),
          "number": ("7.5", 7.5), "positive": ("7.5", 7.5), "flag": ("yes", True),
          "zone": (" Europe/Berlin ", "Europe/Berlin"),
          "store": ("/srv/campaign.db", Path("/srv/campaign.db"))}


@pytest.mark.parametrize("var", VARIABLES, ids=lambda v: v.name)
def test_every_variable_sets_its_field(var):
    raw, value = (var.choices[-1], var.choices[-1]) if var.kind == "choice" else SAMPLE[var.kind]
    s = read_settings({var.name: raw})
    assert getattr(s, var.field) == value != default_of(var)
    assert s == Settings(**{var.field: value})  # and nothing else


def test_limits_from_the_environment(monkeypatch):
    env = {"HUIBIAN_MAX_FILE_MB": "0.01", "HUIBIAN_MAX_PAGES": "1", "HUIBIAN_MAX_CHARS": "1e6",
           "HUIBIAN_MAX_UNPACKED_MB": "300", "HUIBIAN_MAX_ZIP_RATIO": "0",
           "HUIBIAN_FILE_TIMEOUT": "0.001"}
    lim = Limits.from_env(env)
    assert lim == Limits(max_file_bytes=10485, max_pages=1, max_unpacked_bytes=300 * MB,
                         max_seconds_per_file=0.001, max_zip_ratio=0.0, max_chars=1_000_000)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Limits.from_env() == lim == read_settings().limits  # os.environ by default


@pytest.mark.parametrize("name,raw,says", [
    ("HUIBIAN_MAX_PAGES", "many", "HUIBIAN_MAX_PAGES='many' is not a number [E901]"),
    ("HUIBIAN_MAX_PAGES", "1.5", "HUIBIAN_MAX_PAGES='1.5' is not a whole number [E901]"),
    ("HUIBIAN_MAX_FILE_MB", "-1", "HUIBIAN_MAX_FILE_MB='-1' must not be negative [E901]"),
    ("HUIBIAN_FILE_TIMEOUT", "inf", "HUIBIAN_FILE_TIMEOUT='inf' is not a finite number [E901]"),
    ("HUIBIAN_SESSION_IDLE_MIN", "0",
     "HUIBIAN_SESSION_IDLE_MIN='0' must be a positive number [E901]"),
    ("HUIBIAN_SIGNIN_FREE_FAILURES", "x",
     "HUIBIAN_SIGNIN_FREE_FAILURES='x' is not a number [E901]"),
    ("HUIBIAN_TRUST_PROXY", "ture", "HUIBIAN_TRUST_PROXY='ture': use 1 (yes) or 0 (no) [E901]"),
    ("HUIBIAN_SEGMENTER", "ltp", "HUIBIAN_SEGMENTER='ltp': use one of auto, fast, jieba [E901]"),
    ("HUIBIAN_TZ", "Beijing", "HUIBIAN_TZ='Beijing' is not a time zone; use a name such as "
     "Asia/Shanghai [E901]"),
])
def test_a_bad_value_names_the_variable(name, raw, says):
    with pytest.raises(SettingsError) as err:
        read_settings({name: raw})
    assert str(err.value) == says and err.value.code == "E901"


def test_a_bad_ocr_engine_keeps_its_code():
    with pytest.raises(ToolMissing) as err:
        read_settings({"HUIBIAN_OCR": "ABBYY"})
    assert str(err.value) == ("HUIBIAN_OCR='abbyy' is not an OCR engine; use one of "
                              "tesseract, rapidocr, off [E603]")
    assert read_settings({"HUIBIAN_OCR": " Off "}).ocr == "off"
    assert read_settings({"HUIBIAN_TRUST_PROXY": "0"}).trust_proxy is False
    assert read_settings({"HUIBIAN_TRUST_PROXY": "TRUE"}).trust_proxy is True


def _env_reads(path: Path) -> list[int]:
    """Lines reading the environment: any use of ``os.environ`` or ``os.getenv`` but a
    copy for a child process (``{**os.environ, …}``, ``dict(os.environ)``,
    ``os.environ.copy()``) or setting a variable for one (``os.environ[NAME] = …``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parent = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "getenv":
            out.append(node.lineno)
        if not (isinstance(node, ast.Attribute) and node.attr == "environ"):
            continue
        up = parent.get(node)
        if isinstance(up, ast.Dict) and any(k is None and v is node
                                            for k, v in zip(up.keys, up.values)):
            continue  # {**os.environ, ...}
        if isinstance(up, ast.Call) and isinstance(up.func, ast.Name) and \
                up.func.id == "dict" and up.args == [node]:
            continue  # dict(os.environ)
        if isinstance(up, ast.Attribute) and up.attr == "copy":
            continue  # os.environ.copy()
        if isinstance(up, ast.Subscript) and isinstance(up.ctx, (ast.Store, ast.Del)):
            continue  # os.environ[NAME] = value, for a child process
        out.append(node.lineno)
    return out


def test_only_the_settings_module_reads_the_environment():
    files = [ROOT / "app.py"] + [p for top in PRODUCT for p in (ROOT / top).rglob("*.py")
                                 if "__pycache__" not in p.parts]
    reads = {str(p.relative_to(ROOT)): lines for p in files if (lines := _env_reads(p))}
    assert reads == {"core/settings.py": reads.get("core/settings.py")}
    assert len(reads["core/settings.py"]) == 2  # read_settings and read_setting


def test_readme_documents_every_variable():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(HUIBIAN_[A-Z_]+)` \|", readme, flags=re.M)
    assert rows == [v.name for v in VARIABLES]


def test_every_variable_the_product_names_is_a_setting():
    files = [ROOT / "app.py"] + [p for top in PRODUCT for p in (ROOT / top).rglob("*.py")
                                 if "__pycache__" not in p.parts]
    named = {m for p in files
             for m in re.findall(r"HUIBIAN_[A-Z_]*[A-Z]", p.read_text(encoding="utf-8"))}
    assert named - {v.name for v in VARIABLES} == {"HUIBIAN_SIGNIN"}  # HUIBIAN_SIGNIN_* in prose


@pytest.mark.parametrize("address", ["mysql+pymysql://h/d", " mysql://db/huibian",
                                     "sqlite:///x.db"])
def test_a_database_server_address_is_refused_not_taken_for_a_folder(address, tmp_path,
                                                                     monkeypatch):
    """HUIBIAN_DB=postgresql://… once created a SQLite store in a folder named
    ``postgresql:``; a server address other than PostgreSQL's is refused with E304 from
    the variable and from --db alike."""
    from huibian.store.db import connect, default_db_path  # the store floor, for --db

    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError) as info:
        read_settings({"HUIBIAN_DB": address})
    assert info.value.code == "E304"
    assert address.strip() in str(info.value)
    with pytest.raises(StoreError) as info:
        connect(address)
    assert info.value.code == "E304"
    assert list(tmp_path.iterdir()) == []
    assert default_db_path("data/x.db") == Path("data/x.db")


@pytest.mark.parametrize("address", ["postgresql://review@10.0.0.5:5432/huibian",
                                     " postgres://db/huibian"])
def test_a_postgresql_address_names_a_server_not_a_file(address, tmp_path, monkeypatch):
    """A PostgreSQL address is kept as the server's address (issue 21), never a path."""
    from huibian.store.db import default_db_path  # the store floor, for --db

    monkeypatch.chdir(tmp_path)
    assert read_settings({"HUIBIAN_DB": address}).db == address.strip()
    assert default_db_path(address) == address.strip()
    assert list(tmp_path.iterdir()) == []
