"""``huibian backup`` and ``restore`` of a PostgreSQL store (pg_dump, pg_restore), run as
a user runs them, on a real throwaway server."""

import json
import os
import subprocess
import sys

from huibian.store import connect
from tests.conftest import SAMPLE, environment

HUIBIAN = [sys.executable, "-m", "huibian.cli"]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(HUIBIAN + list(args), capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


def _rows(url: str, env: dict) -> dict:
    with environment(env):
        conn = connect(url)
        out = {t: [tuple(r) for r in conn.execute(sql)] for t, sql in (
            ("items", "SELECT id, title, unit, date, text FROM items ORDER BY id"),
            ("labels", "SELECT item_id, axis, label, source, score FROM labels "
                       "ORDER BY item_id, axis, label, source"),
            ("files", "SELECT sha256, blob_path, offset_map FROM files ORDER BY sha256"))}
        conn.close()
    return out


def test_backup_and_restore_into_another_database(pg_store, pg_server, tmp_path):
    assert run("ingest", str(SAMPLE), "--db", pg_store).returncode == 0
    out = tmp_path / "backup" / "huibian.dump"
    r = run("backup", str(out), "--json", "--db", pg_store)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"path": str(out), "files": 5, "items": 6,
                                    "originals": 5, "accounts": False}
    assert out.read_bytes()[:5] == b"PGDMP"
    assert len([p for p in (tmp_path / "backup" / "huibian_files").rglob("*")
                if p.is_file()]) == 5
    again = run("backup", str(out), "--db", pg_store)
    assert again.returncode != 0 and "[E325]" in again.stdout + again.stderr

    # another node's database and files folder
    other = pg_server.new_database()
    env = {"HUIBIAN_FILES": str(tmp_path / "files2"), "HUIBIAN_INDEX_DIR": str(tmp_path / "n2")}
    r = run("restore", str(out), "--json", "--db", other, env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["items"] == 6
    here = {"HUIBIAN_FILES": str(tmp_path / "files"), "HUIBIAN_INDEX_DIR": str(tmp_path / "node")}
    assert _rows(other, env) == _rows(pg_store, here)
    assert sorted(p.name for p in (tmp_path / "files2").rglob("*") if p.is_file()) == \
        sorted(p.name for p in (tmp_path / "files").rglob("*") if p.is_file())
    found = run("search", "创岗建区", "--json", "--db", other, env=env)
    assert [h["title"] for h in json.loads(found.stdout)["hits"]] == [
        "推行“创岗建区”活动 提升党建管理水平"]

    # a store that holds anything is replaced only with --force
    refused = run("restore", str(out), "--db", other, env=env)
    assert refused.returncode != 0 and "[E324]" in refused.stdout + refused.stderr
    forced = run("restore", str(out), "--force", "--db", other, env=env)
    assert forced.returncode == 0, forced.stderr
    assert _rows(other, env) == _rows(pg_store, here)


def test_a_sqlite_backup_is_not_restored_into_postgresql(pg_store, tmp_path):
    lite = tmp_path / "lite" / "h.db"
    assert run("ingest", str(SAMPLE / "002_f10f9b464623ee1e.txt"), "--db", str(lite)
               ).returncode == 0
    assert run("backup", str(tmp_path / "lite.bak"), "--db", str(lite)).returncode == 0
    r = run("restore", str(tmp_path / "lite.bak"), "--db", pg_store)
    assert r.returncode != 0 and "[E321]" in r.stdout + r.stderr
    assert "not a backup of a PostgreSQL store" in r.stdout + r.stderr
