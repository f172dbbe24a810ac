"""``huibian round list``, ``huibian round open NAME …``, ``huibian round progress ID``,
``huibian round rank ID``, ``huibian round close ID``: review rounds from the command
line (issue 17), as the app's 评审轮次 (the rules are ``huibian.services.rounds``'). The
operator acts as an admin; every change is audited."""

from __future__ import annotations

import argparse
import sys

from huibian.commands._common import add_db_option, open_store
from huibian.jsonout import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("round", help="review rounds: open, list, progress, ranking",
                       description="Review rounds (初评, 复评 …): items assigned to reviewers.")
    rs = p.add_subparsers(dest="round_command", metavar="ACTION")

    ls = rs.add_parser("list", help="list the rounds, newest first")
    ls.add_argument("--json", action="store_true")
    add_db_option(ls)
    ls.set_defaults(func=run_list)

    op = rs.add_parser("open", help="open a round and assign its items to reviewers")
    op.add_argument("name", metavar="NAME")
    src = op.add_mutually_exclusive_group(required=True)
    src.add_argument("--items", nargs="+", metavar="ID", help="the items, in this order")
    src.add_argument("--genre", metavar="GENRE", help="every item of this genre (taxonomy id)")
    src.add_argument("--from-round", type=int, metavar="ID",
                     help="the top of this round's ranking (with --top)")
    op.add_argument("--top", type=int, default=10, help="items taken with --from-round (10)")
    op.add_argument("--reviewers", required=True, metavar="A,B,…",
                    help="the reviewers' account names, separated by commas")
    op.add_argument("--per-item", type=int, default=2, help="reviewers per item (2)")
    op.add_argument("--method", choices=("even", "random"), default="even")
    op.add_argument("--seed", type=int, default=None, help="repeat a random assignment")
    op.add_argument("--json", action="store_true")
    add_db_option(op)
    op.set_defaults(func=run_open)

    for action, help_ in (("progress", "each reviewer's items scored of items assigned"),
                          ("rank", "the round's ranking with the spread between reviewers"),
                          ("close", "close a round: no more scores")):
        a = rs.add_parser(action, help=help_)
        a.add_argument("round_id", type=int, metavar="ID")
        if action != "close":
            a.add_argument("--json", action="store_true")
        add_db_option(a)
        a.set_defaults(func={"progress": run_progress, "rank": run_rank,
                             "close": run_close}[action])


def _admin():
    # deferred for start-up time (argon2)
    from huibian.services.people import LOCAL_OPERATOR

    return LOCAL_OPERATOR


def _round_json(r) -> dict:
    return {"id": r.id, "name": r.name, "per_item": r.per_item, "method": r.method,
            "seeded_from": r.seeded_from, "created_by": r.created_by,
            "created_at": r.created_at, "closed_at": r.closed_at, "items": r.items,
            "assignments": r.assignments, "scores": r.scored}


def run_list(args: argparse.Namespace) -> int:
    from huibian.services import rounds  # deferred for start-up time (argon2)

    conn = open_store(args)
    out = rounds.rounds(conn, _admin())
    if args.json:
        print_json([_round_json(r) for r in out])
        return 0
    for r in out:
        state = "open" if r.open else "closed"
        print(f"{r.id}  {r.name}  {r.items} items  {r.scored}/{r.assignments} scored  {state}")
    return 0


def run_open(args: argparse.Namespace) -> int:
    from huibian.services import rounds  # deferred for start-up time (argon2)
    from huibian.services.review import load_rubric  # deferred (argon2)

    conn = open_store(args)
    names = [n.strip() for n in args.reviewers.split(",") if n.strip()]
    if args.from_round is not None:
        opened = rounds.seed_round(conn, _admin(), load_rubric(), args.from_round, args.top,
                                   args.name, names, args.per_item, args.method, seed=args.seed)
    else:
        items = args.items if args.items else rounds.items_of_genre(conn, args.genre)
        opened = rounds.open_round(conn, _admin(), args.name, items, names, args.per_item,
                                   args.method, seed=args.seed)
    if args.json:
        print_json({"round": _round_json(opened.round), "assigned": opened.assigned,
                    "short": [{"id": i, "reviewers": n} for i, n in opened.short]})
        return 0
    print(f"opened round {opened.round.id} {opened.round.name}: {opened.round.items} items, "
          + ", ".join(f"{n} {k}" for n, k in opened.assigned.items()), file=sys.stderr)
    for iid, n in opened.short:
        print(f"{iid}: {n} of {opened.round.per_item} reviewers (the others are of its unit)",
              file=sys.stderr)
    return 0


def run_progress(args: argparse.Namespace) -> int:
    from huibian.services import rounds  # deferred for start-up time (argon2)

    conn = open_store(args)
    out = rounds.progress(conn, _admin(), args.round_id)
    if args.json:
        print_json([{"reviewer": p.reviewer, "done": p.done, "total": p.total} for p in out])
        return 0
    for p in out:
        print(f"{p.reviewer}  {p.done}/{p.total}{'' if p.finished else '  not finished'}")
    return 0


def run_rank(args: argparse.Namespace) -> int:
    from huibian.services import rounds  # deferred for start-up time (argon2)
    from huibian.services.review import load_rubric  # deferred (argon2)

    conn = open_store(args)
    out = rounds.ranking(conn, _admin(), load_rubric(), args.round_id)
    if args.json:
        print_json([{"rank": r.rank, "id": r.item_id, "title": r.title, "unit": r.unit,
                     "reviewers": r.reviewers, "mean": r.mean, "stdev": r.stdev,
                     "low": r.low, "high": r.high} for r in out])
        return 0
    for r in out:
        print(f"{r.rank}. {r.mean:.2f} (±{r.stdev:.2f}, {r.low:g}–{r.high:g}, "
              f"{r.reviewers} reviewers)  {r.title}  [{r.unit or '-'}]  {r.item_id}")
    return 0


def run_close(args: argparse.Namespace) -> int:
    from huibian.services import rounds  # deferred for start-up time (argon2)

    conn = open_store(args)
    r = rounds.close_round(conn, _admin(), args.round_id)
    print(f"closed round {r.id} {r.name}", file=sys.stderr)
    return 0
