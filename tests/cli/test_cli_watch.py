"""``huibian watch DIR``: files dropped into the folder (one bad) end in done/ and
failed/ (with a .log naming the reason and code), the good ones stored; a file still
growing is not taken; the watcher keeps going across restarts (the folder is its
state)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpora" / "sample"
HUIBIAN = str(Path(sys.executable).with_name("huibian"))

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([HUIBIAN, "--db", str(db), *args], capture_output=True, text=True,
                          timeout=300)


def test_dropped_files_end_in_done_and_failed(tmp_path, db_path):
    from huibian.testkit.pdfmaker import make_pdf, rejoin_seed

    inbox, db = tmp_path / "inbox", db_path
    inbox.mkdir()
    pdf = make_pdf(rejoin_seed((SAMPLE / "001_034e52bbb917526e.txt").read_text("utf-8")))
    (inbox / "方案.pdf").write_bytes(pdf)
    (inbox / "通知.txt").write_bytes((SAMPLE / "002_f10f9b464623ee1e.txt").read_bytes())
    (inbox / "残缺.pdf").write_bytes(pdf[: len(pdf) // 3])  # cut short: a corrupt PDF
    (inbox / ".hidden.txt").write_text("隐藏文件不处理", encoding="utf-8")
    out = _cli(db, "watch", str(inbox), "--once", "--settle", "0.2", "--interval", "0.1")
    assert out.returncode == 1, out.stderr  # one file failed
    assert sorted(p.name for p in (inbox / "done").iterdir()) == ["方案.pdf", "通知.txt"]
    assert sorted(p.name for p in (inbox / "failed").iterdir()) == ["残缺.pdf", "残缺.pdf.log"]
    log = (inbox / "failed" / "残缺.pdf.log").read_text("utf-8")
    assert log.startswith("残缺.pdf: failed: ") and "[E131]" in log
    assert sorted(p.name for p in inbox.iterdir()) == [".hidden.txt", "done", "failed"]
    listed = json.loads(_cli(db, "ls", "--json").stdout)
    assert sorted({i["source"] for i in listed}) == ["方案.pdf", "通知.txt"]
    assert "方案.pdf: stored 1 item" in out.stdout and "通知.txt: stored 2 items" in out.stdout

    # a restart: a file left in the folder, and one stored before (a crash before the
    # move) dropped again, are both taken; the stored one is a duplicate, done
    (inbox / "通知-again.txt").write_bytes((SAMPLE / "002_f10f9b464623ee1e.txt").read_bytes())
    out = _cli(db, "watch", str(inbox), "--once", "--settle", "0.2", "--interval", "0.1")
    assert out.returncode == 0, out.stderr
    assert "通知-again.txt: duplicate of 通知.txt" in out.stdout
    assert (inbox / "done" / "通知-again.txt").is_file()


def test_a_file_still_growing_is_not_taken(tmp_path, conn):
    from huibian.pipeline.watch import FolderWatch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    f = inbox / "a.txt"
    f.write_text("开头", encoding="utf-8")
    w = FolderWatch(conn, inbox, settle=1.0)
    assert w.ready(now=100.0) == []          # first seen
    assert w.ready(now=100.5) == []          # not settled yet
    with open(f, "a", encoding="utf-8") as fh:
        fh.write("，还在写")
    assert w.ready(now=101.2) == []          # it changed: the clock starts again
    assert w.ready(now=101.9) == []
    assert w.ready(now=102.3) == [f]


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_watch_runs_until_interrupted(tmp_path, db_path):
    inbox, db = tmp_path / "inbox", db_path
    inbox.mkdir()
    proc = subprocess.Popen([HUIBIAN, "--db", str(db), "watch", str(inbox), "--settle", "0.3",
                             "--interval", "0.2", "--done", str(tmp_path / "ok"),
                             "--failed", str(tmp_path / "bad")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            # Ctrl-C reaches it as in a terminal, even when this run was
                            # started in the background (a shell then ignores SIGINT for
                            # what it starts, and a child inherits that)
                            preexec_fn=_interruptible)
    try:
        time.sleep(1.0)
        part = inbox / "汇编.txt.part"  # written under a temporary name, then renamed
        part.write_bytes((SAMPLE / "000_3d6cb0e400fd333e.txt").read_bytes())
        os.rename(part, inbox / "汇编.txt")
        deadline = time.monotonic() + 180
        while not (tmp_path / "ok" / "汇编.txt").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (tmp_path / "ok" / "汇编.txt").exists()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()  # no watcher left running after a failed test
            proc.communicate()
            raise
    assert proc.returncode == 0, err
    assert "汇编.txt: stored 3 items" in out
    assert list((tmp_path / "bad").iterdir()) == []
