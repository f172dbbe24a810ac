"""Real stores and real servers for the API tests: a store (a SQLite file in tmp_path, or
a database on the session's PostgreSQL server in a ``both_stores`` run) with accounts
and the sample seeds ingested, and ``huibian serve`` started as a process on a free
port (httpx talks to it over loopback)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from huibian.testkit.pgserver import node_env
from tests.conftest import environment

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpora" / "sample"
SEED_VOLUME = SAMPLE / "000_3d6cb0e400fd333e.txt"
SEED_PLAN = SAMPLE / "001_034e52bbb917526e.txt"
SEED_NOTICE = SAMPLE / "002_f10f9b464623ee1e.txt"
SEEDS = (SEED_VOLUME, SEED_PLAN, SEED_NOTICE)
HUIBIAN = str(Path(sys.executable).with_name("huibian"))

ACCOUNTS = {  # name: (password, role, unit)
    "admin": ("adminpass1", "admin", None),
    "ed": ("editorpass1", "editor", None),
    "rev": ("reviewpass1", "reviewer", "江西省电教馆"),
    "rev2": ("reviewpass2", "reviewer", None),
}


@pytest.fixture(scope="module")
def store_kind(request):
    """tests/conftest.py's ``store_kind``, module-scoped here: an API module builds its
    store (and starts its server) once for each kind."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="module")
def module_db(store_kind, request, tmp_path_factory):
    """A fresh store's address for a module's fixtures: a SQLite file in a new folder,
    or a new database on the session's PostgreSQL server, with its HUIBIAN_FILES and
    HUIBIAN_INDEX_DIR in that folder, set while the module runs (the CLI and server
    processes its tests start inherit them)."""
    folder = tmp_path_factory.mktemp(f"api-{store_kind}")
    if store_kind != "postgresql":
        yield folder / "store" / "huibian.db"
        return
    url = request.getfixturevalue("pg_server").new_database("api_")
    with environment(node_env(folder)):
        yield url


def make_store(db: Path | str, seeds=SEEDS) -> Path | str:
    from huibian.pipeline.ingestor import Ingestor
    from huibian.services.people import LOCAL_OPERATOR, Accounts
    from huibian.store import connect

    try:
        from huibian.pipeline.sources import sources_from_paths
    except ImportError:
        from huibian.pipeline.ingestor import sources_from_paths

    conn = connect(db)
    accounts = Accounts.for_store(conn)
    for name, (pw, role, unit) in ACCOUNTS.items():
        accounts.add(LOCAL_OPERATOR, name, pw, role, unit, conn=conn)
    if seeds:
        with Ingestor(conn) as ing:
            report = ing.ingest(sources_from_paths([str(s) for s in seeds], ing.limits))
        assert [r.status for r in report.results] == ["stored"] * len(seeds)
    conn.close()
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``huibian serve`` over ``db`` as a child process."""

    def __init__(self, db: Path, log: Path, env: dict | None = None, args: tuple = ()):
        self.db, self.log, self.args = db, log, tuple(args)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 90.0) -> "Server":
        fh = open(self.log, "ab")
        self.proc = subprocess.Popen([HUIBIAN, "serve", "--port", str(self.port), "--db",
                                      str(self.db), "--log-level", "warning", *self.args],
                                     stdout=fh, stderr=subprocess.STDOUT, env=self.env,
                                     start_new_session=True)
        fh.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"huibian serve exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.base + "/openapi.json", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("huibian serve did not answer in time")

    def kill(self) -> None:
        """SIGKILL the server and everything it started (its worker processes)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                self.kill()

    def token(self, name: str) -> str:
        r = httpx.post(self.base + "/token", data={"username": name,
                                                    "password": ACCOUNTS[name][0]})
        assert r.status_code == 200, r.text
        return r.json()["token"]

    def client(self, name: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token(name)}"} if name else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=120)


def wait_task(client, task_id: str, timeout: float = 240.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = client.get(f"/tasks/{task_id}")
        assert r.status_code == 200, r.text
        task = r.json()
        if task["status"] in ("done", "failed"):
            return task
        time.sleep(0.3)
    raise AssertionError(f"task {task_id} not finished: {task}")


def cli(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([HUIBIAN, "--db", str(db), *args], capture_output=True, text=True,
                          input=stdin, timeout=300)
