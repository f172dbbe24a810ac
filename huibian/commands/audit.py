"""``huibian audit [--who NAME] [--kind KIND] [--since DATE] [--until DATE] [-n N] [--json]``:
the audit log (who changed which label, score, account or volume, and when), newest
first. The shell user acts as the local operator (an admin), like ``huibian user``."""

from __future__ import annotations

import argparse
import json
import sys

from huibian.commands._common import add_db_option, open_store
from huibian.jsonout import print_json


def register(sub: argparse._SubParsersAction) -> None:
    from huibian.services.audit import KINDS  # deferred for start-up time (argon2)

    p = sub.add_parser("audit", help="show the audit log (who changed what, and when)",
                       description="The audit log, newest first. Dates are UTC, both ends "
                                   "included.")
    p.add_argument("--who", metavar="NAME", help="only this account's changes")
    p.add_argument("--kind", choices=list(KINDS), help="only this kind of change")
    p.add_argument("--since", metavar="YYYY-MM-DD")
    p.add_argument("--until", metavar="YYYY-MM-DD")
    p.add_argument("-n", type=int, default=50, metavar="N", help="at most N records (50)")
    p.add_argument("--json", action="store_true")
    add_db_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # deferred for start-up time (argon2)
    from huibian.services.audit import AuditFilter, count, query
    from huibian.services.people import LOCAL_OPERATOR  # deferred for start-up time (argon2)

    conn = open_store(args)
    flt = AuditFilter(actor=args.who, kind=args.kind, since=args.since, until=args.until)
    rows = query(conn, LOCAL_OPERATOR, flt, limit=args.n)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        detail = json.dumps(r["detail"], ensure_ascii=False) if r["detail"] else ""
        print(f"{r['at']}  {r['actor']}  {r['action']}  {r['target_kind']} {r['target']}"
              f"{'  ' + detail if detail else ''}")
    print(f"{len(rows)} of {count(conn, LOCAL_OPERATOR, flt)} records", file=sys.stderr)
    return 0
