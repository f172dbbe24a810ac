"""The ``huibian`` console script, run as a user would, against a real store.

Runs on both stores with ``pytest --both-stores`` (``db_path``; passes on both); not
marked both_stores: its PostgreSQL half is nine more CLI processes (each loading the
analysis models), more than the ~25 s a marked module may add."""

import json
import os
import subprocess
import sys

from tests.conftest import SAMPLE, SEED_NOTICE, SEED_PLAN

HUIBIAN = [sys.executable, "-m", "huibian.cli"]


def run(*args, db=None, stdin=None):
    env = dict(os.environ)
    if db:
        env["HUIBIAN_DB"] = str(db)
    return subprocess.run(HUIBIAN + list(args), capture_output=True, env=env, input=stdin)


def test_ingest_ls_show_split(db_path):
    db = db_path
    r = run("ingest", str(SEED_PLAN), str(SEED_NOTICE), db=db)
    assert r.returncode == 0, r.stderr.decode()
    out = r.stdout.decode("utf-8").splitlines()
    assert out[0].endswith("001_034e52bbb917526e.txt: stored 1 item")
    assert out[1].endswith("002_f10f9b464623ee1e.txt: stored 2 items")
    assert out[-1] == "2 files: 2 stored (3 items), 0 duplicate, 0 failed"

    r = run("ingest", str(SEED_PLAN), db=db)
    assert r.returncode == 0
    assert "duplicate of" in r.stdout.decode()

    listed = json.loads(run("ls", "--json", db=db).stdout)
    assert [i["title"] for i in listed] == [
        "关于在全区教育系统党的基层组织和党员中深入开展创先争优活动的实施方案",
        "关于印发《在全市教育卫生系统党组织和党员中深入开展创先争优活动的指导意见》的通知",
        "在全市教育卫生系统党组织和党员中深入开展创先争优活动的指导意见"]
    assert set(listed[0]) == {"id", "title", "unit", "date", "source", "chars"}
    assert listed[0]["source"].endswith("001_034e52bbb917526e.txt")

    shown = json.loads(run("show", listed[0]["id"], "--json", db=db).stdout)
    assert shown["doc_number"] == "湖教体发[2010]6号" and "text" not in shown
    text = run("show", listed[0]["id"], "--text", "--db", str(db)).stdout.decode()
    assert text.startswith("湖教体发[2010]6号\n关于在全区")

    r = run("split", str(SEED_NOTICE), "--json")
    items = json.loads(r.stdout.decode("utf-8"))
    assert "吴创组办〔2010〕13号" in r.stdout.decode("utf-8")  # ensure_ascii=False
    assert [set(i) for i in items] == [{"title", "unit", "authors", "doc_number", "date", "region",
                                        "subject_words", "chars", "pages", "text"}] * 2
    assert items[1]["date"] == "2010-08-19" and items[1]["pages"] is None


def test_exit_codes_and_messages(tmp_path, db_path):
    db = db_path
    empty = tmp_path / "空文件.txt"
    empty.write_bytes(b"")
    r = run("ingest", str(empty), str(SEED_PLAN), db=db)
    assert r.returncode == 1
    lines = r.stdout.decode().splitlines()
    assert lines[0] == f"{empty}: failed: the file is empty (0 bytes) [E101]"
    assert lines[-1] == "2 files: 1 stored (1 items), 0 duplicate, 1 failed"
    assert run("ingest", db=db).returncode == 2
    assert run("frobnicate", db=db).returncode == 2
    r = run("show", "nonexistent", db=db)
    assert r.returncode == 1 and "no item with id" in r.stderr.decode()


def test_every_command_is_documented_in_readme():
    from huibian.cli import build_parser

    readme = (SAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    missing = [name for name in sub.choices if f"huibian {name}" not in readme]
    assert missing == []
