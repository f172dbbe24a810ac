"""``huibian ls`` and ``huibian show ID``."""

from __future__ import annotations

import argparse

from huibian.commands._common import add_db_option, open_store
from huibian.commands.search import label_axes
from huibian.jsonout import print_json
from huibian.core.names import printable  # names and titles may hold control characters
from huibian.store.documents import list_items
from huibian.ingest.confidence import pending_items
from huibian.store.documents import get_item
from huibian.services.items import item_details as details


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ls", help="list stored items")
    p.add_argument("--json", action="store_true")
    p.add_argument("-n", "--limit", type=int, default=None, help="at most N items")
    p.add_argument("--pending", action="store_true",
                   help="only items with a field below its confidence threshold (待定), most "
                        "uncertain first")
    add_db_option(p)
    p.set_defaults(func=run_ls)

    s = sub.add_parser("show", help="show one item")
    s.add_argument("id", metavar="ID", help="an item id (or a unique prefix of one)")
    s.add_argument("--json", action="store_true")
    s.add_argument("--text", action="store_true", help="print the item's text")
    add_db_option(s)
    s.set_defaults(func=run_show)


def run_ls(args: argparse.Namespace) -> int:

    conn = open_store(args)
    if args.pending:
        return _run_pending(conn, args)
    items = list_items(conn, args.limit)
    if args.json:
        print_json([it.summary() for it in items])
        return 0
    for it in items:
        print(f"{it.id}  {it.date or '-':10}  {it.chars:>6}字  {printable(it.title)}  "
              f"[{printable(it.unit) or '-'}]  {printable(it.source)}")
    return 0


def _run_pending(conn, args: argparse.Namespace) -> int:

    rows = pending_items(conn, limit=args.limit)
    out = []
    for iid, lowest, fields in rows:
        it = get_item(conn, iid)
        out.append({**it.summary(), "lowest_confidence": round(lowest, 3), "pending": fields})
    if args.json:
        print_json(out)
        return 0
    for d in out:
        print(f"{d['id']}  {d['lowest_confidence']:.2f}  待定: {','.join(d['pending']):18}  "
              f"{printable(d['title'])}  [{printable(d['unit']) or '-'}]")
    return 0


def item_details(conn, item) -> dict:
    """The item and whatever the analysis stage stored for it (``huibian.services.items``)."""

    return details(conn, item)


def run_show(args: argparse.Namespace) -> int:

    conn = open_store(args)
    item = get_item(conn, args.id)
    if args.json:
        d = item_details(conn, item)
        if not args.text:
            d.pop("text", None)
        print_json(d)
        return 0
    if args.text:
        print(item.text)
        return 0
    d = item_details(conn, item)
    for key in ("id", "title", "unit", "authors", "doc_number", "date", "region",
                "subject_words", "chars", "pages", "lines", "source"):
        val = d.get(key)
        if isinstance(val, list) and key in ("pages", "lines"):
            val = f"{val[0]}–{val[1]}"
        elif isinstance(val, list):
            val = "、".join(map(str, val)) if val else "-"
        print(f"{key:14} {printable(str(val)) if val not in (None, '') else '-'}")
    for axis in label_axes():  # the taxonomy's axes, in its order
        if axis in d:
            val = d[axis]
            labels = [val] if isinstance(val, dict) else val
            print(f"{axis:14} " + ", ".join(f"{x['label']} ({x['score']:.2f})" for x in labels))
    if item.outline:
        print("outline")
        for o in item.outline:
            print("  " * o.level + f"  {o.marker}{o.title}")
    return 0
