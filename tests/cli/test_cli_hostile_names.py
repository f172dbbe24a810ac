"""Issue 18: file names that are not UTF-8 (GBK bytes left by ``unzip``), names with
control characters, and symbolic links in an ingested folder. Each is run through the
``huibian`` command as a user would, beside good files of the same batch.

Runs on both stores with ``pytest --both-stores`` (``db_path``; passes on both); not
marked both_stores: its PostgreSQL half is nine more CLI processes (each loading the
analysis models), more than the ~25 s a marked module may add."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from huibian.store import connect
from huibian.store.db import integrity_check
from tests.conftest import ROOT, SEED_NOTICE, SEED_PLAN, SEED_VOLUME

HUIBIAN = [sys.executable, "-m", "huibian.cli"]


def run(db: Path, *args: str):
    return subprocess.run(HUIBIAN + ["--db", str(db), *args], capture_output=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"))


def _rows(db: Path | str, sql: str) -> list:
    conn = connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def _integrity(db: Path | str) -> str:
    conn = connect(db)
    try:
        return integrity_check(conn)
    finally:
        conn.close()


def test_non_utf8_names_are_stored_and_the_batch_goes_on(tmp_path, db_path):
    folder = tmp_path / "in"
    folder.mkdir()
    b = os.fsencode(folder)
    gbk = "关于开展党员先锋岗活动的通知".encode("gbk") + b".txt"  # what unzip leaves
    junk = b"\xff\xfe\x80-report.txt"  # neither UTF-8 nor GB18030
    for raw, seed in ((gbk, SEED_PLAN), (junk, SEED_NOTICE), (b"z-good.txt", SEED_VOLUME)):
        with open(os.path.join(b, raw), "wb") as fh:
            fh.write(seed.read_bytes())
    db = db_path
    r = run(db, "ingest", str(folder))
    assert r.returncode == 0, r.stderr.decode()
    lines = r.stdout.decode("utf-8").splitlines()
    assert lines == [  # in the order of the names' bytes
        f"{folder}/z-good.txt: stored 3 items",
        f"{folder}/关于开展党员先锋岗活动的通知.txt: stored 1 item",
        f"{folder}/\\xff\\xfe\\x80-report.txt: stored 2 items",
        "3 files: 3 stored (6 items), 0 duplicate, 0 failed"]
    names = sorted(n for (n,) in _rows(db, "SELECT name FROM file_names"))
    assert names == [f"{folder}/\\xff\\xfe\\x80-report.txt", f"{folder}/z-good.txt",
                     f"{folder}/关于开展党员先锋岗活动的通知.txt"]
    # every original has its row (none left on disk without one)
    assert len(_rows(db, "SELECT sha256 FROM files")) == 3
    assert _integrity(db) == "ok"
    # a second run finds them all stored (it used to crash on the same file each time)
    again = run(db, "ingest", str(folder))
    assert again.returncode == 0
    assert again.stdout.decode().splitlines()[-1] == \
        "3 files: 0 stored (0 items), 3 duplicate, 0 failed"


def test_a_non_utf8_name_given_on_the_command_line(tmp_path, db_path):
    path = os.path.join(os.fsencode(tmp_path), "方案".encode("gbk") + b".txt")
    with open(path, "wb") as fh:
        fh.write(SEED_PLAN.read_bytes())
    db = db_path
    r = subprocess.run([os.fsencode(sys.executable), b"-m", b"huibian.cli", b"--db",
                        os.fsencode(db), b"ingest", path], capture_output=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode("utf-8").splitlines()[0] == f"{tmp_path}/方案.txt: stored 1 item"


def test_control_characters_in_names_are_escaped_in_every_line(tmp_path, db_path):
    folder = tmp_path / "in"
    folder.mkdir()
    evil = folder / "a\x1b]0;pwned\x07\x1b[2J.txt"
    evil.write_bytes(SEED_PLAN.read_bytes())
    forged = folder / "b\nx.txt: stored 99 items.txt"
    forged.write_bytes(b"")  # empty: fails, and its reason is on the same line
    db = db_path
    r = run(db, "ingest", str(folder))
    out = r.stdout.decode("utf-8")
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines() == [
        f"{folder}/a\\x1b]0;pwned\\x07\\x1b[2J.txt: stored 1 item",
        f"{folder}/b\\x0ax.txt: stored 99 items.txt: failed: the file is empty (0 bytes) "
        "[E101]",
        "2 files: 1 stored (1 items), 0 duplicate, 1 failed"]
    # the store keeps the name as it is; --json escapes it the JSON way
    assert _rows(db, "SELECT name FROM file_names") == [(str(evil),)]
    listed = run(db, "ls").stdout.decode("utf-8")
    assert "\x1b" not in listed and "a\\x1b]0;pwned\\x07\\x1b[2J.txt" in listed
    j = run(db, "ingest", "--json", str(forged))
    assert json.loads(j.stdout)["results"][0]["name"] == str(forged)
    # a single-file command's error line is escaped too
    s = run(db, "split", str(forged))
    assert s.returncode == 1
    assert s.stderr.decode("utf-8").strip().endswith(
        "b\\x0ax.txt: stored 99 items.txt: the file is empty (0 bytes) [E101]")


def test_symbolic_links_in_a_folder_are_not_followed(tmp_path, db_path, store_kind, request,
                                                     monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "passwd.txt"
    secret.write_bytes(SEED_NOTICE.read_bytes())
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_bytes(SEED_PLAN.read_bytes())
    (folder / "sub" / "inner.txt").write_bytes(SEED_VOLUME.read_bytes())
    (folder / "link.txt").symlink_to(secret)            # out of the folder
    (folder / "linkdir").symlink_to(outside)            # a folder out of it
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "inside.txt").symlink_to(folder / "sub" / "inner.txt")
    db = db_path
    r = run(db, "ingest", str(folder))
    assert r.returncode == 1
    assert r.stdout.decode("utf-8").splitlines() == [
        f"{folder}/dangling.txt: failed: a symbolic link to {tmp_path}/gone.txt, which does "
        "not exist [E109]",
        f"{folder}/good.txt: stored 1 item",
        f"{folder}/inside.txt: failed: a symbolic link (to {folder}/sub/inner.txt); not "
        "followed (give --follow-links to read links inside the folder) [E107]",
        f"{folder}/link.txt: failed: a symbolic link to {secret}, outside the folder "
        f"{folder}; not followed [E108]",
        f"{folder}/linkdir: failed: a symbolic link to {outside}, outside the folder "
        f"{folder}; not followed [E108]",
        f"{folder}/sub/inner.txt: stored 3 items",
        "6 files: 2 stored (4 items), 0 duplicate, 4 failed"]
    stored = {n for (n,) in _rows(db, "SELECT name FROM file_names")}
    assert stored == {f"{folder}/good.txt", f"{folder}/sub/inner.txt"}
    assert _integrity(db) == "ok"

    # --follow-links reads a link that stays inside the folder, never one out of it
    if store_kind == "postgresql":  # another database, its files and index apart
        from huibian.testkit.pgserver import node_env

        for key, value in node_env(tmp_path / "second").items():
            monkeypatch.setenv(key, value)
        db2 = request.getfixturevalue("pg_server").new_database()
    else:
        db2 = tmp_path / "h2.db"
    (folder / "sub" / "inner.txt").unlink()
    (folder / "sub" / "real.txt").write_bytes(SEED_VOLUME.read_bytes())
    (folder / "inside.txt").unlink()
    (folder / "inside.txt").symlink_to(folder / "sub" / "real.txt")
    r = run(db2, "ingest", "--follow-links", str(folder))
    lines = r.stdout.decode("utf-8").splitlines()
    assert f"{folder}/inside.txt: stored 3 items" in lines
    assert f"{folder}/sub/real.txt: duplicate of {folder}/inside.txt" in lines
    assert sum(line.endswith("[E108]") for line in lines) == 2
    assert sum(line.endswith("[E109]") for line in lines) == 1
    assert lines[-1] == "6 files: 2 stored (4 items), 1 duplicate, 3 failed"
