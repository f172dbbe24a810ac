"""``huibian purge``: remove the stored files no item references any more (a deleted
item's original and renditions are kept until then; library:
``huibian.services.items.purge_files``)."""

from __future__ import annotations

import argparse

from huibian.commands._common import add_db_option, open_store
from huibian.jsonout import print_json
from huibian.services.items import purge_files


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("purge", help="remove stored files (originals, renditions) that no "
                                     "item references any more; audited")
    p.add_argument("--dry-run", action="store_true",
                   help="only count the files and bytes that would be removed")
    p.add_argument("--json", action="store_true", help='{"files", "bytes", "sha256"} on stdout')
    add_db_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # deferred for start-up time (argon2)
    from huibian.services.people import LOCAL_OPERATOR

    conn = open_store(args)
    result = purge_files(conn, LOCAL_OPERATOR, dry_run=args.dry_run)
    if args.json:
        print_json({**result, "dry_run": args.dry_run})
        return 0
    verb = "would remove" if args.dry_run else "removed"
    print(f"huibian: {verb} {result['files']} unreferenced file(s), {result['bytes']} bytes")
    return 0
