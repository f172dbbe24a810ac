"""``huibian import --jsonl FILE``: restore a collection from ``huibian export --jsonl``
into an empty store."""

from __future__ import annotations

import argparse
import sys

from huibian.commands._common import add_db_option, open_store
from huibian.jsonout import print_json
from huibian.pipeline.jsonl_import import import_file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="restore a collection from an export (JSON Lines)",
                       description="Read a file written by 'huibian export --jsonl' into an "
                                   "empty store: files with their texts and offset maps, "
                                   "items, labels (who set them, when), keywords, entities, "
                                   "named carriers, scores, volumes, references, similarity "
                                   "signatures and the audit log; then rebuild the search "
                                   "index. Refuses a store that holds anything [E324].")
    p.add_argument("--jsonl", metavar="FILE", required=True,
                   help="the export to read ('-' for standard input)")
    p.add_argument("--originals", metavar="DIR",
                   help="a folder with the original files under their content-hash names "
                        "(a store's NAME_files or a backup's OUT_files) to restore too")
    p.add_argument("--json", action="store_true")
    add_db_option(p)
    p.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:

    conn = open_store(args)
    rep = import_file(conn, args.jsonl, originals=args.originals)
    if args.json:
        print_json({"counts": dict(rep.counts), "originals": rep.originals,
                    "missing_originals": rep.missing_originals})
    else:
        print(f"imported {rep.line()}", file=sys.stderr)
    return 0
