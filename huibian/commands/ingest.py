"""``huibian ingest PATH…`` (``huibian split`` is in ``split.py``)."""

from __future__ import annotations

import argparse
import sys

from huibian.commands._common import add_cluster_option, add_db_option, open_cluster, open_store
from huibian.jsonout import print_json
from huibian.pipeline.forking import start_forkserver  # standard library only
from huibian.store.documents import sweep_orphans
from huibian.core.names import printable


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="ingest files, folders and zips into the store",
                       description="Ingest PDF, Word, text and zip files (folders recursively). "
                                   "One line per file; exit 0 when all succeeded, 1 when any failed.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--follow-links", action="store_true",
                   help="in a folder, follow symbolic links that stay inside it (links are "
                        "not followed by default; links out of the folder never)")
    add_cluster_option(p)
    add_db_option(p)
    p.set_defaults(func=run_ingest)


class _Progress:
    """A progress line on a terminal (stderr); silent otherwise."""

    def __init__(self) -> None:
        self.on = sys.stderr.isatty()
        self.done = 0

    def tick(self, name: str) -> None:
        self.done += 1
        if self.on:

            sys.stderr.write(f"\r\x1b[K[{self.done}] {printable(name)[-60:]}")
            sys.stderr.flush()

    def page(self, name: str, step: str, done: int, total: int) -> None:
        """A file's progress while a worker reads it (OCR page by page)."""
        if self.on:

            what = "OCR" if step == "ocr" else step
            sys.stderr.write(f"\r\x1b[K[{self.done + 1}] {printable(name)[-50:]}: "
                             f"{what} {done}/{total}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.on:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def run_ingest(args: argparse.Namespace) -> int:
    conn = open_store(args)
    if not args.cluster:
        start_forkserver()  # the readers' forkserver imports the stages while we do
    # deferred for start-up time (datasketch, numpy, scipy, sklearn)
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths

    swept = sweep_orphans(conn)  # originals an ingest killed before its commit left
    if swept:
        print(f"removed {len(swept)} original{'s' if len(swept) != 1 else ''} left without a "
              "row by an interrupted ingest", file=sys.stderr)
    cluster = open_cluster(args)
    try:
        return _ingest(args, conn, Ingestor(conn, cluster=cluster))
    finally:
        if cluster is not None:
            cluster.close()


def _ingest(args: argparse.Namespace, conn, ingestor) -> int:
    # deferred for start-up time (as in run_ingest)
    from huibian.pipeline.ingestor import sources_from_paths

    progress = _Progress()

    def show(result):
        progress.clear()
        if not args.json:
            print(result.line(), flush=True)
        progress.tick(result.name)

    report = ingestor.ingest(sources_from_paths(args.paths, ingestor.limits,
                                                follow_links=args.follow_links), on_result=show,
                             on_progress=progress.page)
    progress.clear()
    from huibian.search import tantivy_index  # deferred for start-up time (a slow import, tantivy)

    tantivy_index.sync(conn, trim=True)  # searches would apply it too; do it now, once
    if args.json:
        print_json({"results": [r.as_dict() for r in report.results],
                    "summary": report.summary()})
    else:
        print(report.summary())
    return 1 if report.failed else 0
