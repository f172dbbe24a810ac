"""A throwaway PostgreSQL server for tests and benches: ``initdb`` into a temporary
folder, ``pg_ctl start`` on a free port of 127.0.0.1 (its unix socket in that folder
too), one fresh database per ``new_database``, and ``stop`` removing it all.

Run as root (a test container), the server runs as the ``postgres`` user (PostgreSQL
refuses to run as root): the folder is given to that user and the commands run through
``runuser``. ``find_binaries`` says why no server can be started (PostgreSQL not
installed), for a test to skip with that reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN_DIRS = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
            "/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin")
SERVER_USER = "postgres"


class NoPostgres(Exception):
    """PostgreSQL's server programs are not installed (or cannot run here)."""


def find_binaries() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``; NoPostgres says why none is."""
    for d in BIN_DIRS:
        if (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists():
            return Path(d)
    raise NoPostgres("PostgreSQL's initdb and pg_ctl are not installed (Debian package "
                     "postgresql; `make test` installs it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """One running throwaway server (``start``), its databases, and ``stop``."""

    def __init__(self, root: Path | None = None) -> None:
        self.bin = find_binaries()
        self.root = Path(root or tempfile.mkdtemp(prefix="huibian-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sock"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        self.user = SERVER_USER if self.as_root else _current_user()
        self._count = 0
        self.running = False

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = list(args)
        if self.as_root:
            cmd = ["runuser", "-u", SERVER_USER, "--"] + cmd
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if check and out.returncode != 0:
            raise NoPostgres(f"{' '.join(args[:2])} failed ({out.returncode}): "
                             f"{(out.stderr or out.stdout).strip()[-800:]}")
        return out

    def start(self) -> "PgServer":
        self.sockets.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.root, SERVER_USER)
            shutil.chown(self.sockets, SERVER_USER)
        # C collation: text compares and sorts by code point, as SQLite's does
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.user,
                  "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60",
                  "-l", str(self.root / "server.log"),
                  "-o", f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
                        "-c fsync=off -c max_connections=200", "start")
        self.running = True
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "t", *, template: str | None = None) -> str:
        """A fresh database's address: empty, or a copy of the database ``template``
        (its name; nobody may be connected to it)."""
        # deferred: psycopg is wanted only once a server runs
        import psycopg

        self._count += 1
        name = f"{prefix}{self._count}"
        with psycopg.connect(self.url(), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template
                                                      else ""))
        return self.url(name)

    def stop(self) -> None:
        if self.running:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop", check=False)
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)


def _current_user() -> str:
    # deferred: only a run as another user than root asks
    import getpass

    return getpass.getuser()


def node_env(folder: Path) -> dict[str, str]:
    """A node's folders under ``folder``: the store's originals (``HUIBIAN_FILES``) in
    ``files``, this node's index and caches (``HUIBIAN_INDEX_DIR``) in ``node``."""
    return {"HUIBIAN_FILES": str(folder / "files"), "HUIBIAN_INDEX_DIR": str(folder / "node")}
