from __future__ import annotations

from pathlib import Path

import pytest

from huibian.pipeline.ingestor import Ingestor, process_file, sources_from_paths
from huibian.core.records import SourceFile
from huibian.core.limits import Limits
from huibian.store import connect

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def seed_path(prefix: str) -> Path:
    return next(SAMPLE.glob(f"{prefix}_*.txt"))


def ingest_paths(db: Path, paths) -> "sqlite3.Connection":
    conn = connect(db)
    report = Ingestor(conn, limits=Limits()).ingest(sources_from_paths(paths, Limits()))
    assert report.failed == 0, report.summary()
    return conn


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory) -> Path:
    """A real store with the three seed documents ingested through the real pipeline
    (so the fingerprint stage wrote the signatures). Tests must not modify it."""
    db = tmp_path_factory.mktemp("seeded") / "huibian.db"
    ingest_paths(db, sorted(SAMPLE.glob("*.txt"))).close()
    return db


@pytest.fixture
def seeded_db(store_kind, request, tmp_path, monkeypatch) -> Path | str:
    """The seeded store: the session's SQLite file, or (a ``both_stores`` run) a copy
    of it built on PostgreSQL, selected through HUIBIAN_FILES for this test."""
    if store_kind == "postgresql":
        return request.getfixturevalue("pg_templates").copy(
            "seeded", lambda url: ingest_paths(url, sorted(SAMPLE.glob("*.txt"))).close(),
            tmp_path, monkeypatch)
    return request.getfixturevalue("seeded_sqlite")


@pytest.fixture
def seeded(seeded_db):
    conn = connect(seeded_db)
    yield conn
    conn.close()


def read_doc(path: Path):
    return process_file(SourceFile.from_bytes(str(path), path.read_bytes()))


def item_by_unit(conn, unit_prefix: str, title_prefix: str = "") -> str:
    rows = conn.execute("SELECT id FROM items WHERE unit LIKE ? AND title LIKE ?",
                        (unit_prefix + "%", title_prefix + "%")).fetchall()
    assert len(rows) == 1, rows
    return rows[0][0]
