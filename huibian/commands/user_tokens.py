"""``huibian user token NAME [--expires DAYS] [--label TEXT]`` and
``huibian user tokens NAME [--revoke ID|all] [--json]``: API tokens for a portal or a
script (``huibian.services.tokens``). Added to the ``user`` command of ``user.py``
(command modules are registered in name order, so ``user`` exists by now)."""

from __future__ import annotations

import argparse
import sys

from huibian.commands._common import add_db_option, open_store
from huibian.jsonout import print_json
from huibian.services.people import LOCAL_OPERATOR, Accounts
from huibian.services.tokens import issue_token, list_tokens, revoke_all, revoke_token


def _user_actions(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    parser = sub.choices["user"]
    for action in parser._actions:  # argparse keeps a parser's sub-commands as an action
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("the user command has no actions")


def register(sub: argparse._SubParsersAction) -> None:
    us = _user_actions(sub)
    t = us.add_parser("token", help="issue an API token for an account (printed once)",
                      description="Issue a long-lived API token (for a submission portal or "
                                  "a script). It is printed once on stdout; the store keeps "
                                  "only its hash.")
    t.add_argument("name", metavar="NAME")
    t.add_argument("--expires", type=float, default=None, metavar="DAYS",
                   help="days until it expires (default 365)")
    t.add_argument("--label", default=None, help="what the token is for (shown by 'tokens')")
    t.add_argument("--json", action="store_true")
    add_db_option(t)
    t.set_defaults(func=run_token)

    ts = us.add_parser("tokens", help="list an account's API tokens, or revoke them")
    ts.add_argument("name", metavar="NAME")
    ts.add_argument("--revoke", metavar="ID|all", help="revoke the token with this id, or all")
    ts.add_argument("--json", action="store_true")
    add_db_option(ts)
    ts.set_defaults(func=run_tokens)


def run_token(args: argparse.Namespace) -> int:
    conn = open_store(args)
    issued = issue_token(conn, Accounts.for_store(conn), args.name, kind="portal",
                         days=args.expires, label=args.label, actor=LOCAL_OPERATOR)
    if args.json:
        print_json({"id": issued.id, "account": issued.account, "token": issued.token,
                    "expires_at": issued.expires_at})
    else:
        print(issued.token)
        print(f"token {issued.id} for {issued.account}, expires {issued.expires_at}; "
              "it is not shown again", file=sys.stderr)
    return 0


def run_tokens(args: argparse.Namespace) -> int:
    conn = open_store(args)
    Accounts.for_store(conn).get(args.name)  # NotFound for an unknown account
    if args.revoke:
        if args.revoke == "all":
            n = revoke_all(conn, LOCAL_OPERATOR, args.name)
            print(f"revoked {n} token{'s' if n != 1 else ''} of {args.name}", file=sys.stderr)
        else:
            try:
                tid = int(args.revoke)
            except ValueError:
                print("huibian: --revoke takes a token id or 'all'", file=sys.stderr)
                return 2
            revoke_token(conn, LOCAL_OPERATOR, args.name, tid)
            print(f"revoked token {tid} of {args.name}", file=sys.stderr)
        return 0
    rows = list_tokens(conn, args.name)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{r['id']}\t{r['state']}\t{r['kind']}\t{r['prefix']}…\texpires {r['expires_at']}"
              f"\tlast used {r['last_used_at'] or '-'}\t{r['label'] or ''}"
              + (f"\t({r['revoked_reason']})" if r['revoked_reason'] else ""))
    return 0
