"""``huibian watch DIR [--done DIR] [--failed DIR]``: ingest every file that appears in
a folder (a unit's shared folder, a mail-to-folder rule) once it has stopped growing,
and move it to done/ or failed/ (with a .log saying why). Library: pipeline/watch.py."""

from __future__ import annotations

import argparse
import sys

from huibian.commands._common import add_db_option, open_store
from huibian.store.documents import sweep_orphans


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("watch", help="ingest the files that appear in a folder",
                       description="Ingest each file that appears in DIR once its size stops "
                                   "changing, then move it to the done folder (stored or a "
                                   "duplicate) or the failed folder (with NAME.log). Runs "
                                   "until interrupted; files left in DIR are taken at the "
                                   "next start.")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--done", metavar="DIR", help="where handled files go (default DIR/done)")
    p.add_argument("--failed", metavar="DIR",
                   help="where files that failed go, with a .log (default DIR/failed)")
    p.add_argument("--settle", type=float, default=2.0, metavar="S",
                   help="seconds a file's size must stay the same before it is taken (2)")
    p.add_argument("--interval", type=float, default=1.0, metavar="S",
                   help="seconds between looks at the folder (1)")
    p.add_argument("--once", action="store_true",
                   help="handle the files present now, then exit (for cron)")
    add_db_option(p)
    p.set_defaults(func=run_watch)


def run_watch(args: argparse.Namespace) -> int:
    from huibian.pipeline.watch import FolderWatch  # deferred for start-up time (workers)
    from huibian.search import tantivy_index  # deferred for start-up time (tantivy)

    if args.settle < 0 or args.interval <= 0:
        print("huibian: --settle must be at least 0 and --interval more than 0",
              file=sys.stderr)
        return 2
    conn = open_store(args)
    sweep_orphans(conn)
    watch = FolderWatch(conn, args.folder, done=args.done, failed=args.failed,
                        settle=args.settle)
    watch.on_skip = lambda path, why: print(f"{path}: skipped: {why}", file=sys.stderr)
    failed = 0

    def report(h) -> None:
        nonlocal failed
        failed += not h.ok
        for line in h.lines:
            print(line, flush=True)
        print(f"  -> {h.path}", file=sys.stderr, flush=True)
        tantivy_index.sync(conn)

    if not args.once:
        print(f"huibian: watching {args.folder} (Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        watch.run(interval=args.interval, once=args.once, on_handled=report)
    except KeyboardInterrupt:
        print("huibian: stopped watching; files left in the folder are taken at the next "
              "start", file=sys.stderr)
        return 0
    finally:
        watch.close()
    return 1 if (args.once and failed) else 0
