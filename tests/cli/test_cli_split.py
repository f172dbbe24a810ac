"""``huibian split`` reads its file the way ingest does: in a worker process, with the
environment's limits (time, size, pages), and the same items as ``process_file``."""

import json
import os
import subprocess
import sys

from huibian.commands.split import item_json
from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from tests.conftest import SAMPLE, SEED_NOTICE

HUIBIAN = [sys.executable, "-m", "huibian.cli"]
PDF = SAMPLE / "000_3d6cb0e400fd333e.pdf"


def run(*args, **env):
    return subprocess.run(HUIBIAN + list(args), capture_output=True, text=True,
                          env={**os.environ, **env})


def test_split_gives_the_items_of_process_file():
    r = run("split", str(SEED_NOTICE), "--json")
    assert r.returncode == 0, r.stderr
    doc = process_file(SourceFile.from_bytes(str(SEED_NOTICE), SEED_NOTICE.read_bytes()))
    assert json.loads(r.stdout) == [item_json(it) for it in doc.items]
    assert len(json.loads(r.stdout)) == 2


def test_split_is_stopped_after_the_per_file_time_limit():
    r = run("split", str(PDF), HUIBIAN_FILE_TIMEOUT="0.001")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == (f"huibian: {PDF}: processing the file took longer than 0.001 s and "
                        "was stopped (HUIBIAN_FILE_TIMEOUT); the rest of the batch goes on "
                        "[E115]\n")


def test_split_applies_the_size_and_page_limits(tmp_path):
    r = run("split", str(PDF), HUIBIAN_MAX_PAGES="1")
    assert r.returncode == 1 and r.stderr.startswith(f"huibian: {PDF}: the PDF has ")
    assert r.stderr.endswith("-page limit (HUIBIAN_MAX_PAGES) [E112]\n")
    r = run("split", str(PDF), HUIBIAN_MAX_FILE_MB="0.01")
    assert r.returncode == 1 and r.stderr.endswith("(HUIBIAN_MAX_FILE_MB) [E111]\n")
    r = run("split", str(tmp_path / "missing.txt"))
    assert r.returncode == 1 and r.stderr.endswith("missing.txt: no such file [E105]\n")
