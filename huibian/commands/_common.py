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


def add_cluster_option(p: argparse.ArgumentParser, help: str | None = None) -> None:
    p.add_argument("--cluster", metavar="SPEC",
                   help=help or "do the reading and analysis on a Dask cluster: local:N (N "
                        "worker processes on this machine) or tcp://HOST:8786 (a running "
                        "scheduler); the store is written by this process as without it")


def open_cluster(args: argparse.Namespace):
    """The ``--cluster`` given (None: none); a ClusterError [E95x] says why not."""
    if not getattr(args, "cluster", None):
        return None
    # deferred for start-up time: the cluster side imports dask
    from huibian.pipeline.cluster import Cluster

    return Cluster(args.cluster)

