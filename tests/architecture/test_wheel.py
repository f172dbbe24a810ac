"""A plain install works: a wheel of the working tree, built offline with the venv's own
build backend, installed (not editable) into a fresh venv, runs ``split``, ``classify``,
``ingest``, ``search``, ``check`` and ``volume export`` from an unrelated folder, with
its store there too. The fresh venv sees the project venv's site-packages for the
dependencies only (a ``.pth`` line: the ``.pth`` files in that folder, among them the
editable install's finder, are not run), so ``huibian`` is the installed copy, which
the test proves before it runs anything. The commands run on a SQLite file there; the
installed copy on a PostgreSQL store is the last test's (ingest and search)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpora" / "sample"
INPUTS = ("000_3d6cb0e400fd333e.txt", "001_034e52bbb917526e.txt", "002_f10f9b464623ee1e.txt")
CASE = "e579e3915f427cbd"  # 推行“创岗建区”活动 提升党建管理水平 (ids are content hashes)


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _copy_sources(dest: Path) -> Path:
    """What the build reads: pyproject.toml, the readme and every package folder
    (the working tree, so uncommitted work is what is tested), without caches."""
    conf = _project()
    dest.mkdir()
    shutil.copy(ROOT / "pyproject.toml", dest)
    shutil.copy(ROOT / conf["project"]["readme"], dest)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in sorted(set(conf["tool"]["setuptools"]["package-dir"].values())):
        shutil.copytree(ROOT / folder, dest / folder, ignore=skip)
    return dest


def _run(cmd: list[str], *, cwd: Path, env: dict, timeout: float = 300,
         stdin: str | None = None) -> subprocess.CompletedProcess:
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                       timeout=timeout, input=stdin)
    assert r.returncode == 0, f"{cmd}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HUIBIAN_", "PYTHON", "PIP_", "VIRTUAL_ENV"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    src = _copy_sources(tmp / "src")
    dist = tmp / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-index", "--no-cache-dir", "-q", "-w", str(dist), str(src)], cwd=tmp, env=env)
    (wheel,) = dist.glob("huibian-*.whl")
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp, env=env)
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                      "['purelib'])"], cwd=tmp, env=env).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_huibian_test_deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--no-index", "--no-cache-dir", "-q", str(wheel)], cwd=tmp, env=env)
    work = tmp / "elsewhere"  # an unrelated folder: no source tree, no models/ beside it
    (work / "input").mkdir(parents=True)
    for name in INPUTS:
        shutil.copy(SAMPLE / name, work / "input" / name)
    env["HUIBIAN_DB"] = str(tmp / "store" / "huibian.db")
    return {"wheel": wheel, "site": site, "python": python, "huibian": venv / "bin" / "huibian",
            "work": work, "env": env, "tmp": tmp}


def test_the_wheel_holds_one_package_with_its_data(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    version = _project()["project"]["version"]
    assert {n.split("/")[0] for n in names} == {"huibian", f"huibian-{version}.dist-info"}
    for data in ("huibian/store/migrations/0001_core.sql", "huibian/models/taxonomy.json",
                 "huibian/models/userdict.txt", "huibian/models/stopwords.txt",
                 "huibian/models/rubric.json", "huibian/models/classifier.skops",
                 "huibian/models/layout/furniture.txt", "huibian/models/t2s.tsv",
                 "huibian/ingest/tables/common_han.txt"):
        assert data in names
    # every module and data file of every package folder is in the wheel, under huibian/
    # (a new subpackage missing from [tool.setuptools] packages, or a data file no
    # package-data pattern takes, is caught here)
    src = installed["tmp"] / "src"
    missing = []
    for package, folder in _project()["tool"]["setuptools"]["package-dir"].items():
        for path in sorted((src / folder).rglob("*")):
            if path.is_dir() or "__pycache__" in path.parts:
                continue
            if path.suffix == ".py" and not (path.parent / "__init__.py").is_file():
                continue  # a script beside data (ingest/tables/make_common_han.py)
            name = f"{package.replace('.', '/')}/{path.relative_to(src / folder).as_posix()}"
            if name not in names:
                missing.append(name)
    assert missing == []
    # nothing generic in site-packages: only huibian (and our .pth line)
    assert sorted(p.name for p in installed["site"].iterdir()) == [
        "_huibian_test_deps.pth", "huibian", f"huibian-{version}.dist-info"]


def test_huibian_is_the_installed_copy(installed):
    r = _run([str(installed["python"]), "-c",
              "import huibian, huibian.core, huibian.store, huibian.models\n"
              "from huibian.core.models_dir import packaged_models_dir\n"
              "print(huibian.__file__); print(list(huibian.__path__))\n"
              "print(huibian.store.__file__); print(packaged_models_dir())"],
             cwd=installed["work"], env=installed["env"])
    init, path, store, models = r.stdout.splitlines()
    site = installed["site"]
    assert init == str(site / "huibian" / "__init__.py")
    assert path == repr([str(site / "huibian")])  # the checkout is not added
    assert store == str(site / "huibian" / "store" / "__init__.py")
    assert models == str(site / "huibian" / "models")
    assert str(ROOT) not in r.stdout


def test_the_commands_run_from_an_unrelated_folder(installed):
    hb, work, env = str(installed["huibian"]), installed["work"], installed["env"]

    def run(*args: str, stdin: str | None = None) -> str:
        return _run([hb, *args], cwd=work, env=env, stdin=stdin).stdout

    items = json.loads(run("split", "input/002_f10f9b464623ee1e.txt", "--json"))
    assert len(items) == 2
    assert (items[0]["title"], items[0]["unit"], items[0]["doc_number"]) == (
        "关于印发《在全市教育卫生系统党组织和党员中深入开展创先争优活动的指导意见》的通知",
        "中共吴江市委", "吴创组办〔2010〕13号")

    (plan,) = json.loads(run("classify", "input/001_034e52bbb917526e.txt", "--json"))
    assert plan["genre"]["label"] == "plan"
    assert plan["keywords"][:4] == ["教育", "学校", "创先争优", "党员"]

    out = run("ingest", *(f"input/{n}" for n in INPUTS))
    assert out.splitlines() == [
        "input/000_3d6cb0e400fd333e.txt: stored 3 items",
        "input/001_034e52bbb917526e.txt: stored 1 item",
        "input/002_f10f9b464623ee1e.txt: stored 2 items",
        "3 files: 3 stored (6 items), 0 duplicate, 0 failed"]
    assert Path(env["HUIBIAN_DB"]).is_file()

    found = json.loads(run("search", "创岗建区", "--json"))
    assert found["total"] == 1
    assert (found["hits"][0]["id"], found["hits"][0]["title"]) == (
        CASE, "推行“创岗建区”活动 提升党建管理水平")

    (work / "copy.txt").write_text(run("show", CASE, "--text"), encoding="utf-8")
    report = json.loads(run("check", "copy.txt", "--json"))
    assert report["ratios"]["total"] == 1.0
    assert [(s["id"], s["ratio"]) for s in report["sources"]] == [(CASE, 1.0)]

    vol = run("volume", "new", "测试汇编").strip()
    assert vol == "1"
    run("volume", "add", vol, CASE, "--section", "1")
    r = _run([hb, "volume", "export", vol, "--docx", "out/汇编.docx"], cwd=work, env=env)
    assert r.stderr.strip() == "wrote out/汇编.docx"
    docx = zipfile.ZipFile(work / "out" / "汇编.docx")
    body = docx.read("word/document.xml").decode("utf-8")
    assert "测试汇编" in body and "提升党建管理水平" in body


def test_the_installed_copy_runs_on_a_postgresql_store(installed, pg_store):
    """The installed copy on a PostgreSQL store (its migrations_pg/ read from the
    wheel, the adapter, HUIBIAN_FILES and HUIBIAN_INDEX_DIR): ingest and search from the
    unrelated folder give what they give on the SQLite file above."""
    hb, work = str(installed["huibian"]), installed["work"]
    env = dict(installed["env"], HUIBIAN_DB=pg_store,
               HUIBIAN_FILES=os.environ["HUIBIAN_FILES"],
               HUIBIAN_INDEX_DIR=os.environ["HUIBIAN_INDEX_DIR"])
    out = _run([hb, "ingest", *(f"input/{n}" for n in INPUTS)], cwd=work, env=env).stdout
    assert out.splitlines() == [
        "input/000_3d6cb0e400fd333e.txt: stored 3 items",
        "input/001_034e52bbb917526e.txt: stored 1 item",
        "input/002_f10f9b464623ee1e.txt: stored 2 items",
        "3 files: 3 stored (6 items), 0 duplicate, 0 failed"]
    found = json.loads(_run([hb, "search", "创岗建区", "--json"], cwd=work, env=env).stdout)
    assert found["total"] == 1
    assert (found["hits"][0]["id"], found["hits"][0]["title"]) == (
        CASE, "推行“创岗建区”活动 提升党建管理水平")
