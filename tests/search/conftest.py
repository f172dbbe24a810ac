"""A real store in tmp_path holding the sample corpus (corpora/sample/) as items, and
the real tokenizer."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from huibian.core.records import count_chinese
from huibian.pipeline.resources import Resources

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


@pytest.fixture(scope="session")
def resources() -> Resources:
    return Resources()


@pytest.fixture(scope="session")
def tokenizer(resources):
    return resources.tokenizer


def _paragraphs(lines: list[str], hard_wrapped: bool) -> str:
    """Blank lines end paragraphs; inside one, hard-wrapped lines are joined."""
    if not hard_wrapped:
        return "\n".join(l.strip() for l in lines if l.strip())
    paras, buf = [], []
    for line in lines:
        if line.strip():
            buf.append(line.strip())
        elif buf:
            paras.append("".join(buf))
            buf = []
    if buf:
        paras.append("".join(buf))
    return "\n".join(paras)


# (file, first line, last line (1-based, inclusive), title, unit, date, region)
SPLITS = [
    ("000_3d6cb0e400fd333e.txt", 1, 62, "序言", None, "2012-07", "江西省", True),
    ("000_3d6cb0e400fd333e.txt", 63, 201, "做好学科课程网络资源，促进义务教育均衡发展",
     "江西省电教馆", "2012-07", "江西省", True),
    ("000_3d6cb0e400fd333e.txt", 202, 10**6, "推行“创岗建区”活动提升党建管理水平",
     "南昌大学第四附属医院", "2012-07", "江西省", True),
    ("001_034e52bbb917526e.txt", 1, 10**6,
     "关于在全区教育系统党的基层组织和党员中深入开展创先争优活动的实施方案",
     "中共青山湖区教育体育局委员会", "2010-06-28", "江西省", False),
    ("002_f10f9b464623ee1e.txt", 1, 10**6,
     "关于印发《在全市教育卫生系统党组织和党员中深入开展创先争优活动的指导意见》的通知",
     "中共吴江市委深入开展创先争优活动领导小组办公室", "2010-08-19", "江苏省", False),
]


def sample_items() -> list[dict]:
    items = []
    for seq, (name, a, b, title, unit, date, region, wrapped) in enumerate(SPLITS):
        lines = (SAMPLE / name).read_text(encoding="utf-8").splitlines()[a - 1:b]
        text = _paragraphs(lines, wrapped)
        items.append(dict(name=name, seq=seq, title=title, unit=unit, date=date,
                          region=region, text=text))
    return items


def insert_items(conn, items: list[dict], collection: str = "default") -> list[str]:
    """Insert files + items rows the way ingest stores them; returns the item ids."""
    from huibian.store.db import now_iso

    ids = []
    for it in items:
        sha = hashlib.sha256(it["name"].encode()).hexdigest()
        conn.execute("INSERT OR IGNORE INTO files(sha256, kind, size, raw_text, norm_text, "
                     "offset_map, ingested_at) VALUES (?,?,?,?,?,?,?)",
                     (sha, "text", 0, "", "", b"", now_iso()))
        conn.execute("INSERT OR IGNORE INTO file_names VALUES (?,?,?)",
                     (sha, it["name"], now_iso()))
        iid = hashlib.sha256(f"{sha}:{it['seq']}".encode()).hexdigest()[:16]
        conn.execute("INSERT INTO items(id, file_sha256, seq, title, unit, date, region, "
                     "chars, start, end, text, collection, created_at) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     (iid, sha, it["seq"], it["title"], it.get("unit"), it.get("date"),
                      it.get("region"), count_chinese(it["text"]), 0, len(it["text"]),
                      it["text"], it.get("collection", collection), now_iso()))
        ids.append(iid)
    return ids


def ingested_documents():
    """The sample files read, normalized and split by the real ingest (no store)."""
    from huibian.pipeline.ingestor import process_file
    from huibian.core.records import SourceFile

    return [process_file(SourceFile.from_bytes(p.name, p.read_bytes()))
            for p in sorted(SAMPLE.glob("*.txt"))]


@pytest.fixture(scope="session")
def ingested_db(tmp_path_factory, resources) -> Path:
    """The sample corpus ingested once by the real pipeline (with the search stage)."""
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.core.limits import Limits
    from huibian.store.db import connect

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    conn = connect(path)
    report = Ingestor(conn, resources).ingest(sources_from_paths([SAMPLE], Limits()))
    assert report.failed == 0
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _ingest_sample(url, resources) -> None:
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.core.limits import Limits
    from huibian.store.db import connect

    conn = connect(url)
    report = Ingestor(conn, resources).ingest(sources_from_paths([SAMPLE], Limits()))
    assert report.failed == 0
    conn.close()


@pytest.fixture
def store(tmp_path, store_kind, request, monkeypatch, resources):
    """A private copy of the ingested sample store (on SQLite, or on PostgreSQL for a
    ``both_stores`` run); yields (conn, {unit or title: id})."""
    import shutil

    from huibian.store.db import connect

    if store_kind == "postgresql":
        conn = connect(request.getfixturevalue("pg_templates").copy(
            "search_sample", lambda url: _ingest_sample(url, resources), tmp_path,
            monkeypatch))
    else:
        shutil.copy(request.getfixturevalue("ingested_db"), tmp_path / "t.db")
        conn = connect(tmp_path / "t.db")
    by_name = {}
    for iid, unit, title in conn.execute("SELECT id, unit, title FROM items ORDER BY rowid"):
        by_name[title] = iid
        by_name.setdefault(unit or title, iid)
    yield conn, by_name
    conn.close()
