"""``Ingestor.ingest`` commits a few files per transaction, each file in its own
savepoint: a file is reported only once committed, results stay in source order, a
duplicate inside one transaction is seen; an error writing one file undoes that file
only: a file the store refuses (or a bug in a stage's write) is reported failed and the
batch goes on, a store error that affects every file (disk I/O) propagates, the files
before it committed and reported."""

import sqlite3

import pytest

from huibian.pipeline.ingestor import Ingestor, sources_from_paths
from huibian.store import connect
from huibian.store.db import is_postgres
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


def _refuse_items_titled(conn, word: str) -> None:
    """A real trigger in the store refusing the items whose title holds ``word`` (a
    store that will not take one file's rows, whatever the reason)."""
    if is_postgres(conn):
        conn.execute("CREATE FUNCTION refuse_item() RETURNS trigger AS $$ BEGIN "
                     "RAISE EXCEPTION 'this item is refused'; END $$ LANGUAGE plpgsql")
        conn.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON items FOR EACH ROW "
                     f"WHEN (NEW.title LIKE '%{word}%') EXECUTE FUNCTION refuse_item()")
    else:
        conn.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON items "
                     f"WHEN NEW.title LIKE '%{word}%' "
                     f"BEGIN SELECT RAISE(ABORT, 'this item is refused'); END")


@pytest.mark.parametrize("stage_bug", [False, True])
def test_a_file_the_store_refuses_fails_alone_and_the_batch_goes_on(conn, tmp_path,
                                                                      stage_bug):
    names = []
    for k, title in enumerate(["关于开展读书月活动的通知", "拒收材料的情况说明",
                               "关于做好秋季开学工作的通知"]):
        path = tmp_path / f"{k}.txt"
        path.write_text(f"{title}\n\n各学校：\n    现将有关事项通知如下。第{k}条内容。\n",
                        encoding="utf-8")
        names.append(str(path))
    stages = []
    if stage_bug:  # a bug in a stage's write: the same for that file, not the batch
        def write(c, prepared):
            if "拒收" in prepared.document.normalized.text:
                raise ValueError("a bug in the write")
        stages = [Stage("buggy", write=write)]
    else:
        _refuse_items_titled(conn, "拒收")
    with Ingestor(conn, stages=stages) as ing:
        rep = ing.ingest(sources_from_paths(names, ing.limits))
    assert [r.status for r in rep.results] == ["stored", "failed", "stored"]
    error = rep.results[1].error
    assert error.endswith("nothing of it was stored [E306]")
    assert error.startswith("the store did not take this file (ValueError: a bug in the write)"
                            if stage_bug else "the store did not take this file (")
    stored = {r[0] for r in conn.execute("SELECT name FROM file_names")}
    assert stored == {names[0], names[2]}
    assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 2
    assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 2
    assert not conn.in_transaction
    with Ingestor(conn, stages=stages) as ing:  # one file alone: the same answer
        again = ing.ingest_one(next(iter(sources_from_paths(names[1:2], ing.limits))))
    assert again.status == "failed" and again.error.endswith("[E306]")
    assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 2
