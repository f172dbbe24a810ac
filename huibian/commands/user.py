"""``huibian user add NAME --role ROLE [--unit UNIT]``, ``huibian user list``,
``huibian user passwd NAME``, ``huibian user role NAME ROLE [--unit UNIT]``,
``huibian user disable NAME`` / ``enable NAME``, ``huibian user remove NAME``. Every
change is recorded in the audit log.

Accounts are kept beside the store (``data/huibian_users.json`` for ``data/huibian.db``).
The password is read from standard input when it is not a terminal (so scripts can
create accounts: ``printf 'secret12' | huibian user add ann --role reviewer``), and
asked for twice with getpass otherwise."""

from __future__ import annotations

import argparse
import getpass
import sys

from huibian.commands._common import add_db_option, open_store
from huibian.jsonout import print_json
from huibian.core.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="manage the app's accounts (admin, editor, reviewer)",
                       description="Accounts for the web app, kept beside the store.")
    us = p.add_subparsers(dest="user_command", metavar="ACTION")

    a = us.add_parser("add", help="add an account (password from stdin or a prompt)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--role", required=True, choices=("admin", "editor", "reviewer"))
    a.add_argument("--unit", default=None,
                   help="the person's unit (reviewers cannot score items from it)")
    add_db_option(a)
    a.set_defaults(func=run_add)

    ls = us.add_parser("list", help="list the accounts")
    ls.add_argument("--json", action="store_true")
    add_db_option(ls)
    ls.set_defaults(func=run_list)

    pw = us.add_parser("passwd", help="set an account's password")
    pw.add_argument("name", metavar="NAME")
    add_db_option(pw)
    pw.set_defaults(func=run_passwd)

    ro = us.add_parser("role", help="change an account's role (and unit)")
    ro.add_argument("name", metavar="NAME")
    ro.add_argument("role", choices=("admin", "editor", "reviewer"))
    ro.add_argument("--unit", default=None, help="the person's unit ('' clears it)")
    add_db_option(ro)
    ro.set_defaults(func=run_role)

    for action, help_ in (("disable", "stop an account from signing in (its session ends)"),
                          ("enable", "let a disabled account sign in again")):
        d = us.add_parser(action, help=help_)
        d.add_argument("name", metavar="NAME")
        add_db_option(d)
        d.set_defaults(func=run_disable, disabled=(action == "disable"))

    rm = us.add_parser("remove", help="remove an account")
    rm.add_argument("name", metavar="NAME")
    add_db_option(rm)
    rm.set_defaults(func=run_remove)

    p.set_defaults(func=lambda args: (p.print_help(sys.stderr), 2)[1])


def read_password(stream=None) -> str:
    """The first line of stdin when it is not a terminal; a getpass prompt (twice) otherwise."""

    stream = stream or sys.stdin
    if not stream.isatty():
        return stream.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise InputError("the two passwords differ", code="E716")
    return first


def run_add(args: argparse.Namespace) -> int:
    # deferred for start-up time (argon2)
    from huibian.services.people import LOCAL_OPERATOR, Accounts

    conn = open_store(args)
    user = Accounts.for_store(conn).add(LOCAL_OPERATOR, args.name, read_password(), args.role,
                                        args.unit, conn=conn)
    print(f"added {user.name} ({user.role}{', ' + user.unit if user.unit else ''})",
          file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from huibian.services.people import Accounts  # deferred for start-up time (argon2)

    conn = open_store(args)
    users = Accounts.for_store(conn).users()
    if args.json:
        print_json([{"name": u.name, "role": u.role, "unit": u.unit} for u in users])
        return 0
    for u in users:
        print(f"{u.name}\t{u.role}\t{u.unit or '-'}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    # deferred for start-up time (argon2)
    from huibian.services.people import LOCAL_OPERATOR, Accounts

    conn = open_store(args)
    Accounts.for_store(conn).set_password(LOCAL_OPERATOR, args.name, read_password(), conn=conn)
    print(f"password of {args.name} changed", file=sys.stderr)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    # deferred for start-up time (argon2)
    from huibian.services.people import LOCAL_OPERATOR, Accounts

    conn = open_store(args)
    Accounts.for_store(conn).remove(LOCAL_OPERATOR, args.name, conn=conn)
    print(f"removed {args.name}", file=sys.stderr)
    return 0


def run_role(args: argparse.Namespace) -> int:
    # deferred for start-up time (argon2)
    from huibian.services.people import LOCAL_OPERATOR, Accounts

    conn = open_store(args)
    user = Accounts.for_store(conn).set_role(LOCAL_OPERATOR, args.name, args.role, args.unit,
                                             conn=conn)
    print(f"{user.name} is now {user.role}{', ' + user.unit if user.unit else ''}",
          file=sys.stderr)
    return 0


def run_disable(args: argparse.Namespace) -> int:
    # deferred for start-up time (argon2)
    from huibian.services.people import LOCAL_OPERATOR, Accounts

    conn = open_store(args)
    Accounts.for_store(conn).set_disabled(LOCAL_OPERATOR, args.name, args.disabled, conn=conn)
    print(f"{'disabled' if args.disabled else 'enabled'} {args.name}", file=sys.stderr)
    return 0
