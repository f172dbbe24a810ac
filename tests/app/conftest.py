"""Fixtures for the app tests: a real store in tmp_path holding the sample corpus,
with real accounts (Argon2 hashes) beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from huibian.testkit.pgserver import node_env
from tests.conftest import environment

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "corpora" / "sample"
PASSWORD = "correct-horse-9"


def _ingest(db: Path) -> None:
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.core.limits import Limits
    from huibian.store import connect

    conn = connect(db)
    report = Ingestor(conn).ingest(sources_from_paths([SAMPLE], Limits()))
    assert report.failed == 0, report.summary()
    conn.close()


def _accounts(db: Path) -> None:
    from huibian.services.people import LOCAL_OPERATOR, Accounts
    from huibian.store import connect

    conn = connect(db)
    acc = Accounts.for_store(db)
    acc.add(LOCAL_OPERATOR, "admin", PASSWORD, "admin", conn=conn)
    acc.add(LOCAL_OPERATOR, "ed", PASSWORD, "editor", conn=conn)
    acc.add(LOCAL_OPERATOR, "ann", PASSWORD, "reviewer", "江西省电教馆", conn=conn)
    acc.add(LOCAL_OPERATOR, "ben", PASSWORD, "reviewer", "中共吴江市委", conn=conn)
    conn.close()


@pytest.fixture(scope="session")
def sample_store_template(tmp_path_factory) -> Path:
    """Ingest once per session; tests get a copy."""
    folder = tmp_path_factory.mktemp("template")
    db = folder / "huibian.db"
    _ingest(db)
    _accounts(db)
    return folder


@pytest.fixture(scope="session")
def pg_sample_template(pg_server, tmp_path_factory) -> tuple[str, Path]:
    """The sample store on the session's PostgreSQL server, ingested once: (its
    database's name, the folder of its HUIBIAN_FILES); tests get a copy of both."""
    folder = tmp_path_factory.mktemp("pg-template")
    url = pg_server.new_database("sample_template_")
    with environment(node_env(folder)):
        _ingest(url)
        _accounts(url)
    return url.rsplit("/", 1)[1], folder


def _pg_sample_db(request, tmp_path, monkeypatch) -> str:
    name, folder = request.getfixturevalue("pg_sample_template")
    shutil.copytree(folder / "files", tmp_path / "files")
    monkeypatch.setenv("HUIBIAN_FILES", str(tmp_path / "files"))
    monkeypatch.setenv("HUIBIAN_INDEX_DIR", str(tmp_path / "node"))
    url = request.getfixturevalue("pg_server").new_database(template=name)
    monkeypatch.setenv("HUIBIAN_DB", url)
    return url


@pytest.fixture
def sample_db(store_kind, request, tmp_path, monkeypatch) -> Path | str:
    """A fresh copy of the sample store, selected through HUIBIAN_DB (on PostgreSQL for
    a ``both_stores`` run: its address)."""
    if store_kind == "postgresql":
        return _pg_sample_db(request, tmp_path, monkeypatch)
    sample_store_template = request.getfixturevalue("sample_store_template")
    dest = tmp_path / "store"
    shutil.copytree(sample_store_template, dest)
    db = dest / "huibian.db"
    monkeypatch.setenv("HUIBIAN_DB", str(db))
    return db


@pytest.fixture
def empty_db(store_kind, request, tmp_path, monkeypatch) -> Path | str:
    from huibian.services.people import LOCAL_OPERATOR, Accounts
    from huibian.store import connect

    db = tmp_path / "empty" / "huibian.db"
    if store_kind == "postgresql":
        db = request.getfixturevalue("pg_store")
    conn = connect(db)
    Accounts.for_store(db).add(LOCAL_OPERATOR, "admin", PASSWORD, "admin", conn=conn)
    conn.close()
    monkeypatch.setenv("HUIBIAN_DB", str(db))
    return db
