"""The embedded store: one SQLite file with a versioned schema, plus the original
files kept under content-hash names in a folder beside it."""

from huibian.store.db import connect, default_db_path, transaction

__all__ = ["connect", "default_db_path", "transaction"]
