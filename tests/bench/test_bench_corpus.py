"""The benchmark store builder: worker processes give the same stored rows as the
writing process alone (the worker prepares the blob the writer would have made).
Both builds run in a fresh interpreter, as a benchmark does."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

BUILD = """
from pathlib import Path
from huibian.pipeline.resources import Resources
from huibian.testkit.corpus import build_store, vocab_items

if __name__ == "__main__":
    items = vocab_items(12)
    tok = Resources().tokenizer
    build_store(Path({one!r}), items, tok, batch=5, cached=False, processes=1)
    build_store(Path({two!r}), items, tok, batch=5, cached=False, processes=2)
"""


def _rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT item_id, date, year, chars, terms FROM search_docs "
                            "ORDER BY item_id").fetchall()
    finally:
        conn.close()


def test_pooled_build_stores_what_the_writer_alone_stores(tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    script = tmp_path / "build.py"
    script.write_text(BUILD.format(one=str(one), two=str(two)), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows_one, rows_two = _rows(one), _rows(two)
    assert len(rows_one) == 12
    assert rows_one == rows_two
