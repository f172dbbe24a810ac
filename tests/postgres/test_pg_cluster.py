"""Issue 21's acceptance, the cluster on the PostgreSQL store: the ``huibian`` CLI run as
a user runs it, a real throwaway PostgreSQL server and real Dask ``LocalCluster``s.

- the seeds ingested by one process while a second ingests 30 other files on
  ``--cluster local:2`` into the same store: no lock error, every item stored once; a
  second node with an empty ``HUIBIAN_INDEX_DIR`` then finds 创岗建区 and checks a
  stored seed as copied;
- ``reanalyze --cluster local:2`` after a taxonomy change (a fifth axis in a copy of
  models/, ``HUIBIAN_MODELS``) gives the labels a local ``reanalyze`` gives;
- (the killed worker on this store: tests/cluster/test_cluster.py, which runs that test
  on both stores.)"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from huibian.store import connect
from tests.architecture.test_fifth_axis import TEXTS, _models_with_a_fifth_axis
from tests.conftest import SEED_NOTICE, SEED_PLAN, SEED_VOLUME

HUIBIAN = [sys.executable, "-m", "huibian.cli"]
SEEDS = (SEED_VOLUME, SEED_PLAN, SEED_NOTICE)
SUMMARY = re.compile(r"^(\d+) files: (\d+) stored \((\d+) items(?:, (\d+) renditions)?\), "
                     r"(\d+) duplicate, (\d+) failed$")


def start(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(HUIBIAN + list(args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, **env))


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=900)
    return proc.returncode, out, err


def rows(url: str, sql: str) -> list[tuple]:
    conn = connect(url)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def thirty_files(folder: Path) -> None:
    """30 text files of one generated item each (the benches' generator: distinct texts
    in the vocabulary of the sample corpus)."""
    from huibian.testkit.corpus_vocab import text_items

    folder.mkdir(parents=True)
    for k, text in enumerate(text_items(30, seed=21, min_chars=800, max_chars=2500)):
        (folder / f"投稿{k:02d}.txt").write_text(text, encoding="utf-8")


def test_seeds_and_a_cluster_ingest_at_once_then_a_second_node(pg_store, tmp_path,
                                                                monkeypatch):
    folder = tmp_path / "三十篇"
    thirty_files(folder)
    cluster = start("ingest", "--cluster", "local:2", str(folder), "--db", pg_store)
    seeds = start("ingest", *map(str, SEEDS), "--db", pg_store)
    (rc_s, out_s, err_s), (rc_c, out_c, err_c) = finish(seeds), finish(cluster)
    assert (rc_s, rc_c) == (0, 0), (err_s[-2000:], err_c[-2000:])
    for err in (err_s, err_c):
        assert "lock" not in err.lower() and "deadlock" not in err.lower(), err[-2000:]
    s = SUMMARY.match(out_s.splitlines()[-1]).groups()
    c = SUMMARY.match(out_c.splitlines()[-1]).groups()
    assert s[:2] == ("3", "3") and s[4:] == ("0", "0"), out_s
    assert c[:3] == ("30", "30", "30") and c[4:] == ("0", "0"), out_c
    items = int(s[2]) + int(c[2])
    # every item once: as many rows as the two summaries stored, each (file, seq) once
    assert rows(pg_store, "SELECT count(*) FROM files") == [(33,)]
    assert rows(pg_store, "SELECT count(*), count(DISTINCT id) FROM items") == [(items, items)]
    assert rows(pg_store, "SELECT count(*) FROM (SELECT DISTINCT file_sha256, seq "
                          "FROM items) d") == [(items,)]
    # every stored item has its analysis and search rows (nothing half-stored)
    assert rows(pg_store, "SELECT count(*) FROM items WHERE id NOT IN (SELECT item_id "
                          "FROM labels WHERE source='final')") == [(0,)]
    assert rows(pg_store, "SELECT count(*) FROM search_docs") == [(items,)]

    # a second node: its own empty index folder, the same store and files
    monkeypatch.setenv("HUIBIAN_INDEX_DIR", str(tmp_path / "node2"))
    rc, out, err = finish(start("search", "创岗建区", "--json", "--db", pg_store))
    assert rc == 0, err
    found = json.loads(out)
    # the generated files draw on the sample's vocabulary: some name the carrier too
    having = rows(pg_store, "SELECT id, title FROM items WHERE text LIKE '%创岗建区%'")
    assert found["total"] == len(having) >= 2
    assert "推行“创岗建区”活动 提升党建管理水平" in {h["title"] for h in found["hits"]}
    assert {h["id"] for h in found["hits"]} <= {i for i, _ in having}
    # a submission that copies a stored seed (another file: a file is not checked
    # against itself)
    copy = tmp_path / "抄送稿.txt"
    copy.write_text(SEED_PLAN.read_text(encoding="utf-8") + "\n（本单位转发）\n",
                    encoding="utf-8")
    rc, out, err = finish(start("check", str(copy), "--json", "--db", pg_store))
    assert rc == 0, err
    report = json.loads(out)
    assert report["ratios"]["total"] >= 0.90
    sha = hashlib.sha256(SEED_PLAN.read_bytes()).hexdigest()
    assert [report["sources"][0]["title"]] == [t for t, in rows(
        pg_store, f"SELECT title FROM items WHERE file_sha256 = '{sha}'")]


LABELS = ("SELECT i.title, l.axis, l.label, l.score, l.reason, l.source FROM labels l "
          "JOIN items i ON i.id = l.item_id ORDER BY i.title, l.axis, l.label, l.source")
FACETS = ("SELECT d.item_id, f.axis, f.label FROM search_facets f JOIN search_docs d "
          "ON d.docid = f.docid ORDER BY d.item_id, f.axis, f.label")


def test_reanalyze_on_the_cluster_gives_the_local_labels(pg_server, tmp_path, monkeypatch):
    monkeypatch.setenv("HUIBIAN_FILES", str(tmp_path / "files"))
    folder = tmp_path / "投稿"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    url = pg_server.new_database()
    monkeypatch.setenv("HUIBIAN_INDEX_DIR", str(tmp_path / "index_cluster"))
    rc, out, err = finish(start("ingest", str(folder), "--db", url))
    assert rc == 0, err
    # the same store twice: the second a copy of the first (nobody connected to it)
    stores = {"cluster": url,
              "local": pg_server.new_database(template=url.rsplit("/", 1)[1])}
    before = rows(stores["local"], LABELS)
    assert rows(stores["cluster"], LABELS) == before
    assert not [r for r in before if r[1] == "funding"]

    models = str(_models_with_a_fifth_axis(tmp_path))
    monkeypatch.setenv("HUIBIAN_INDEX_DIR", str(tmp_path / "index_cluster"))
    on_cluster = start("reanalyze", "--cluster", "local:2", "--json", "--db",
                       stores["cluster"], HUIBIAN_MODELS=models)
    monkeypatch.setenv("HUIBIAN_INDEX_DIR", str(tmp_path / "index_local"))
    local = start("reanalyze", "--json", "--db", stores["local"], HUIBIAN_MODELS=models)
    (rc_c, out_c, err_c), (rc_l, out_l, err_l) = finish(on_cluster), finish(local)
    assert (rc_c, rc_l) == (0, 0), (err_c[-2000:], err_l[-2000:])
    a, b = json.loads(out_c), json.loads(out_l)
    assert (a["items"], a["changed"]) == (b["items"], b["changed"]) == (3, 2)
    after = rows(stores["cluster"], LABELS)
    assert after == rows(stores["local"], LABELS)
    assert rows(stores["cluster"], FACETS) == rows(stores["local"], FACETS)
    funding = {(t, lab) for t, axis, lab, _, _, src in after
               if axis == "funding" and src == "final"}
    assert funding == {("关于保障村级党组织活动经费的实施方案", "fiscal"),
                       ("社区党员志愿服务站建设情况汇报", "self_raised")}
