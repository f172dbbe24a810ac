"""What every request of one API server shares: the store's path, the accounts file,
the heavy resources (tokenizer, taxonomy) loaded once, and one SQLite connection per
thread (FastAPI runs plain ``def`` endpoints in a thread pool)."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from huibian.pipeline.resources import Resources
from huibian.services.people import Accounts
from huibian.store.db import connect, default_db_path


@dataclass
class ApiState:
    db_path: Path
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, db: str | None) -> "ApiState":
        path = default_db_path(db)
        connect(path).close()  # create and migrate the store now, not at the first request
        return cls(path)

    def conn(self) -> sqlite3.Connection:
        """This thread's connection to the store."""
        c = getattr(self._local, "conn", None)
        if c is None:
            c = connect(self.db_path)
            self._local.conn = c
        return c

    @property
    def accounts(self) -> Accounts:
        return Accounts.for_store(self.db_path)

    @cached_property
    def resources(self) -> Resources:
        return Resources()

    def tokenizer(self):
        with self._lock:  # loading the dictionary once, whichever thread asks first
            return self.resources.tokenizer

    def taxonomy(self):
        with self._lock:
            return self.resources.taxonomy
