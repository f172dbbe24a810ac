"""``huibian backup OUT``, ``huibian restore IN`` and ``huibian export --jsonl OUT``."""

from __future__ import annotations

import argparse
import sys

from huibian.commands._common import add_db_option, db_path, open_store
from huibian.jsonout import print_json
from huibian.pipeline.backup import backup
from huibian.pipeline.backup import restore
from huibian.store.db import default_db_path
from huibian.pipeline.export import export_jsonl, write_jsonl


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("backup", help="back up the store (safe while ingests run)",
                       description="Copy the store with SQLite's online backup (a "
                                   "PostgreSQL store: pg_dump; one consistent snapshot while "
                                   "others keep writing), the originals (OUT_files/) and the "
                                   "accounts (OUT_users.json).")
    b.add_argument("out", metavar="OUT", help="the backup file to write (must not exist)")
    b.add_argument("--force", action="store_true", help="replace OUT if it exists")
    b.add_argument("--json", action="store_true")
    add_db_option(b)
    b.set_defaults(func=run_backup)

    r = sub.add_parser("restore", help="restore the store from a backup",
                       description="Check the backup (integrity_check, originals) and copy it "
                                   "into the store (a PostgreSQL store: pg_restore). Refuses "
                                   "to replace a store that holds anything unless --force is "
                                   "given.")
    r.add_argument("backup", metavar="IN", help="a file written by 'huibian backup'")
    r.add_argument("--force", action="store_true",
                   help="replace a store that is not empty")
    r.add_argument("--json", action="store_true")
    add_db_option(r)
    r.set_defaults(func=run_restore)

    e = sub.add_parser("export", help="export everything as JSON Lines",
                       description="Write items (with metadata and text), labels with who set "
                                   "them, scores, volumes, references and the audit log, one "
                                   "JSON object per line with a \"type\" field.")
    e.add_argument("--jsonl", metavar="OUT", required=True,
                   help="the file to write ('-' for standard output)")
    add_db_option(e)
    e.set_defaults(func=run_export)


def run_backup(args: argparse.Namespace) -> int:

    conn = open_store(args, create=False)
    rep = backup(conn, args.out, overwrite=args.force)
    if args.json:
        print_json({"path": str(rep.path), "files": rep.files, "items": rep.items,
                    "originals": rep.originals, "accounts": rep.accounts})
    else:
        print(f"backed up {rep.line()}")
    return 0


def run_restore(args: argparse.Namespace) -> int:

    rep = restore(args.backup, default_db_path(db_path(args)), force=args.force)
    if args.json:
        print_json({"path": str(rep.path), "files": rep.files, "items": rep.items,
                    "originals": rep.originals, "accounts": rep.accounts})
    else:
        print(f"restored {rep.line()}")
    return 0


def run_export(args: argparse.Namespace) -> int:

    conn = open_store(args, create=False)
    if args.jsonl == "-":
        sys.stdout.reconfigure(encoding="utf-8")
        counts = write_jsonl(conn, sys.stdout)
    else:
        counts = export_jsonl(conn, args.jsonl)
    print(", ".join(f"{n} {t}" for t, n in counts.items()), file=sys.stderr)
    return 0
