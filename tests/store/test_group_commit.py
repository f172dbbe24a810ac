"""``Ingestor.ingest`` commits a few files per transaction, each file in its own
savepoint: a file is reported only once committed, results stay in source order, a
duplicate inside one transaction is seen, and an error writing one file undoes that
file only (the files before it are committed and reported) before it propagates."""

import sqlite3

import pytest

from huibian.pipeline.ingestor import Ingestor, sources_from_paths
from huibian.store import connect
from huibian.core.stages import Stage
from tests.conftest import SAMPLE

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def _paths():
    paths = sorted(p for p in SAMPLE.iterdir() if p.suffix in (".txt", ".pdf", ".docx"))
    assert len(paths) >= 4
    return paths


def test_results_in_order_reported_after_commit(conn, db_path, tmp_path):
    paths = _paths()
    copy = tmp_path / "again.txt"
    copy.write_bytes(paths[0].read_bytes())
    seen = []

    def on_result(r):
        # reported only when committed: another connection sees the file already
        other = connect(db_path)
        n = other.execute("SELECT COUNT(*) FROM file_names WHERE name=?", (r.name,)).fetchone()[0]
        other.close()
        seen.append((r.name, r.status, n))

    with Ingestor(conn, stages=[]) as ing:
        rep = ing.ingest(sources_from_paths([*map(str, paths), str(copy)], ing.limits),
                         on_result=on_result)
    assert [r.name for r in rep.results] == [*map(str, paths), str(copy)]
    assert [r.status for r in rep.results] == ["stored"] * len(paths) + ["duplicate"]
    assert rep.results[-1].duplicate_of == str(paths[0])
    assert seen == [(r.name, r.status, 1 if r.status == "stored" else 0) for r in rep.results]


def test_a_write_error_undoes_that_file_only(conn):
    paths = _paths()[:4]
    calls = []

    def write(c, prepared):
        calls.append(prepared.document.source.name)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error (simulated in the test)")

    reported = []
    with Ingestor(conn, stages=[Stage("boom", write=write)]) as ing:
        with pytest.raises(sqlite3.OperationalError):
            ing.ingest(sources_from_paths(map(str, paths), ing.limits),
                       on_result=reported.append)
    stored = {r[0] for r in conn.execute("SELECT name FROM file_names")}
    assert stored == {str(p) for p in paths[:2]}
    assert [r.name for r in reported] == [str(p) for p in paths[:2]]
    n_items = conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    assert n_items == sum(r.items for r in reported)
    assert not conn.in_transaction
