"""Shared fixtures: the real sample corpus and real stores in tmp_path."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator, Mapping

import pytest

from huibian.testkit.pgserver import node_env
# the sample corpus and its seed documents (shared with bench/)
from huibian.testkit.samples import ROOT, SAMPLE, SEED_NOTICE, SEED_PLAN, SEED_VOLUME, SEEDS


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` set for the block, as it was after it (for a
    session fixture, which cannot use pytest's function-scoped ``monkeypatch``)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


__all__ = ["ROOT", "SAMPLE", "SEED_NOTICE", "SEED_PLAN", "SEED_VOLUME", "SEEDS"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_stores: run the module's store-touching tests (those using the "
        "db_path or conn fixtures) on a SQLite file and on a PostgreSQL server")
    config.addinivalue_line(
        "markers", "one_store: in a both_stores module, a test too slow to run twice in "
        "make test: on SQLite, and on PostgreSQL too only with --both-stores")
    _start_forkserver()


def _start_forkserver():
    """The session's forkserver builds the default ingest stages once, and every
    in-process ingest's workers start with them (huibian.testkit.warm_workers: seconds
    of model loading per worker, per test, otherwise). It is started now, so that its
    imports and models load while tests are collected, not in the first test that
    ingests (a test timing its batch would count them), and with the session's
    environment, not a test's. Subprocesses (the CLI, the app, the API server) are
    not touched."""
    # deferred: the workers module imports the ingest stages (seconds), wanted only
    # once pytest runs, not when this file is merely imported
    from huibian.pipeline import forking, workers

    if "huibian.testkit.warm_workers" not in workers.PRELOAD:
        workers.PRELOAD.append("huibian.testkit.warm_workers")
    forking.start_forkserver()


def pytest_collection_finish(session):
    """Wait for the forkserver (a no-op process forked from it) before the first test:
    no test's clock counts its start-up."""
    if session.config.option.collectonly or not session.items:
        return
    # deferred as in pytest_configure
    import multiprocessing
    import os

    from huibian.pipeline import forking

    with forking.without_main_module():
        probe = multiprocessing.get_context("forkserver").Process(target=os.getpid)
        probe.start()
    probe.join()


@pytest.fixture(scope="session")
def resources():
    from huibian.pipeline.resources import Resources

    return Resources()


@pytest.fixture(scope="session")
def splitter():
    from huibian.ingest.split import Splitter

    return Splitter()


# the modules that take longest (their wall time in a full run, longest first): run
# first, so that ``make test``'s workers (``--dist loadfile``: a module stays on one
# worker) do not end with one of them alone on one core while the other waits
SLOWEST_FIRST = (
    "tests/bench/test_benches_quick.py", "tests/store/test_kill_mid_batch.py",
    "tests/nlp/test_train_and_store.py", "tests/postgres/test_pg_cli.py",
    "tests/postgres/test_pg_cluster.py", "tests/app/test_workbench_browser.py",
    "tests/cli/test_cli_ingest.py", "tests/cli/test_cli_hostile_names.py",
    "tests/cli/test_cli_watch.py", "tests/store/test_concurrency.py",
    "tests/cluster/test_cluster.py", "tests/app/test_chinese_browser.py",
    "tests/ingest/test_readers_pdf.py", "tests/ingest/test_volume_layouts_issue16.py",
    "tests/ingest/test_ocr.py",
)


def pytest_collection_modifyitems(session, config, items):
    """The slowest modules first (``SLOWEST_FIRST``), each module's tests kept together
    and in their order; the rest as collected."""
    rank = {name: k for k, name in enumerate(SLOWEST_FIRST)}
    order = {id(item): k for k, item in enumerate(items)}
    items.sort(key=lambda item: (rank.get(item.nodeid.split("::", 1)[0], len(rank)),
                                 order[id(item)]))


def pytest_addoption(parser):
    parser.addoption("--both-stores", action="store_true",
                     help="run every test using the db_path or conn fixture on SQLite and "
                          "on PostgreSQL, not only those of modules marked both_stores")


def pytest_generate_tests(metafunc):
    """A module marked ``both_stores`` (or every module, with ``--both-stores``) runs
    each test using the store twice: on SQLite and on PostgreSQL (``store_kind``)."""
    if metafunc.definition.get_closest_marker("one_store") and \
            not metafunc.config.getoption("both_stores"):
        return  # a slow test of a both_stores module: SQLite unless --both-stores
    wanted = metafunc.definition.get_closest_marker("both_stores") or \
        metafunc.config.getoption("both_stores")
    if wanted and "store_kind" in metafunc.fixturenames:
        metafunc.parametrize("store_kind", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def store_kind(request):
    """``sqlite`` (the default) or ``postgresql`` (a ``both_stores`` module's second run)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_path(tmp_path, store_kind, request):
    """The store a test uses: a SQLite file in ``tmp_path``, or (``store_kind``
    postgresql) a fresh database's address on the session's server."""
    if store_kind == "postgresql":
        return request.getfixturevalue("pg_store")
    return tmp_path / "store" / "huibian.db"


@pytest.fixture
def conn(db_path):
    from huibian.store import connect

    c = connect(db_path)
    yield c
    c.close()


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the session (huibian.testkit.pgserver);
    skipped, with the reason, only where PostgreSQL is not installed."""
    from huibian.testkit.pgserver import NoPostgres, PgServer

    try:
        server = PgServer().start()
    except NoPostgres as exc:
        pytest.skip(f"no PostgreSQL server: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_store(pg_server, tmp_path, monkeypatch):
    """A fresh database on the session's server, its originals in ``tmp_path/files``
    (HUIBIAN_FILES) and this node's index in ``tmp_path/node`` (HUIBIAN_INDEX_DIR), set
    for this process and the CLI processes it starts. Returns the address."""
    monkeypatch.setenv("HUIBIAN_FILES", str(tmp_path / "files"))
    monkeypatch.setenv("HUIBIAN_INDEX_DIR", str(tmp_path / "node"))
    return pg_server.new_database()


class PgTemplates:
    """Stores built once per session on the PostgreSQL server (a database and its
    HUIBIAN_FILES folder), copied for each test that asks (CREATE DATABASE … TEMPLATE)."""

    def __init__(self, server, root) -> None:
        self.server = server
        self.root = root
        self.built: dict[str, tuple[str, object]] = {}

    def copy(self, key: str, build, tmp_path, monkeypatch) -> str:
        """A fresh copy of the template ``key`` (made by ``build(url)`` the first time),
        its files in ``tmp_path/files``, selected for this test; returns its address."""
        import shutil

        if key not in self.built:
            folder = self.root / key
            url = self.server.new_database(f"tpl_{key}_")
            with environment(node_env(folder)):
                build(url)
            self.built[key] = (url.rsplit("/", 1)[1], folder)
        name, folder = self.built[key]
        if (folder / "files").exists():
            shutil.copytree(folder / "files", tmp_path / "files", dirs_exist_ok=True)
        monkeypatch.setenv("HUIBIAN_FILES", str(tmp_path / "files"))
        monkeypatch.setenv("HUIBIAN_INDEX_DIR", str(tmp_path / "node"))
        return self.server.new_database(template=name)


@pytest.fixture(scope="session")
def pg_templates(pg_server, tmp_path_factory):
    return PgTemplates(pg_server, tmp_path_factory.mktemp("pg-templates"))
