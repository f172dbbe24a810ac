"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import sqlite3
from huibian.store import connect


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Every command that uses the store takes ``--db`` after its name too."""
    parser.add_argument("--db", metavar="DB",
                        help="the store (default: $HUIBIAN_DB or data/huibian.db)")


def db_path(args: argparse.Namespace) -> str | None:
    return getattr(args, "db", None) or getattr(args, "global_db", None)


def open_store(args: argparse.Namespace, *, create: bool = True) -> sqlite3.Connection:

    return connect(db_path(args), create=create)
