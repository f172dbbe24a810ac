"""``huibian search QUERY`` and ``huibian reindex``."""

from __future__ import annotations

import argparse
import sys

from huibian.commands._common import add_db_option, open_store
from huibian.core.errors import HuibianError, QueryError
from huibian.nlp.taxonomy import AXES
from huibian.jsonout import print_json
from huibian.pipeline.resources import Resources
from huibian.store import transaction
from huibian.search.index import purge_orphans, rebuild

QUERY_HELP = ('words (AND), "exact phrase", -exclude, a OR b; e.g. 创岗建区, 师德, '
              '"五个好", 党员 -医院')


def _year_range(value: str) -> tuple[int | None, int | None]:
    """``2010``, ``2010:2012``, ``2010:`` or ``:2012``."""
    a, sep, b = value.partition(":")
    try:
        lo = int(a) if a.strip() else None
        hi = (int(b) if b.strip() else None) if sep else lo
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give a year or a range like 2010:2012") from None
    return lo, hi


def _int_range(value: str) -> tuple[int | None, int | None]:
    a, sep, b = value.partition(":")
    try:
        return (int(a) if a.strip() else None), (int(b) if b.strip() else None)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give a range of characters like 1000:3000") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="full-text search with filters and facet counts",
                       description="Search the stored items. " + QUERY_HELP)
    p.add_argument("query", metavar="QUERY", help=QUERY_HELP)
    # --genre --sector --theme --carrier and any axis the taxonomy adds (an axis named
    # like another option of this command gets no filter option)
    axes = tuple(a for a in label_axes() if a.replace("_", "-") not in OWN_OPTIONS)
    for axis in axes:
        p.add_argument(f"--{axis}", action="append", default=[], metavar="LABEL",
                       help=f"only items with this {axis} label (repeat for any of several)")
    p.set_defaults(label_axes=axes)
    for axis, help_ in (("named-carrier", "a named carrier, e.g. 创岗建区"),
                        ("region", "region, e.g. 江西省"), ("unit", "submitting unit"),
                        ("collection", "collection / campaign")):
        p.add_argument(f"--{axis}", action="append", default=[], metavar="LABEL",
                       help=f"only items with this {help_} (repeat for any of several)")
    p.add_argument("--year", type=_year_range, metavar="Y[:Y]",
                   help="year or range, e.g. 2010:2012")
    p.add_argument("--chars", type=_int_range, metavar="MIN:MAX",
                   help="length in Chinese characters, e.g. 1000:3000")
    p.add_argument("--sort", default="relevance",
                   choices=["relevance", "date", "date_asc", "length", "length_asc"])
    p.add_argument("-n", "--limit", type=int, default=20, help="hits per page (default 20)")
    p.add_argument("--page", type=int, default=1, help="page number (default 1)")
    p.add_argument("--facets", type=int, default=20, metavar="K",
                   help="show at most K labels per facet axis (default 20; 0 = all)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.add_argument("--csv", metavar="OUT", help="also write the hits to a CSV file")
    p.add_argument("--xlsx", metavar="OUT", help="also write the hits to an XLSX file")
    add_db_option(p)
    p.set_defaults(func=run_search)

    r = sub.add_parser("reindex", help="rebuild the search index from the stored items")
    add_db_option(r)
    r.set_defaults(func=run_reindex)


OWN_OPTIONS = {"named-carrier", "region", "unit", "collection", "year", "chars", "sort", "limit",
               "page", "facets", "json", "csv", "xlsx", "db", "help"}


def label_axes() -> tuple[str, ...]:
    """The taxonomy's axes in its order (``models/taxonomy.json``): a filter option for
    each. The four every taxonomy has when the taxonomy cannot be read (a command that
    needs it then says why)."""
    try:
        return tuple(Resources().taxonomy.axes)
    except HuibianError:
        return AXES


def filters_from_args(args: argparse.Namespace):
    from huibian.search.engine import Filters  # deferred for start-up time (tantivy)

    years = args.year or (None, None)
    chars = args.chars or (None, None)
    return Filters(labels={a: tuple(getattr(args, a)) for a in args.label_axes},
                   named_carrier=tuple(args.named_carrier),
                   region=tuple(args.region), unit=tuple(args.unit),
                   collection=tuple(args.collection), year_from=years[0], year_to=years[1],
                   chars_min=chars[0], chars_max=chars[1])


def run_search(args: argparse.Namespace) -> int:
    from huibian.search.engine import search  # deferred for start-up time (tantivy)

    if args.limit < 1 or args.page < 1:
        raise QueryError("-n and --page must be at least 1")
    conn = open_store(args, create=False)
    res = Resources()
    result = search(conn, args.query, tokenizer=res.tokenizer, filters=filters_from_args(args),
                    sort=args.sort, limit=args.limit, offset=(args.page - 1) * args.limit,
                    facet_limit=args.facets or None, axes=label_axes())
    if args.csv or args.xlsx:
        # deferred for start-up time (tantivy)
        from huibian.search.export import write_csv, write_xlsx

        if args.csv:
            write_csv(result, args.csv)
            print(f"wrote {len(result.hits)} hits to {args.csv}", file=sys.stderr)
        if args.xlsx:
            write_xlsx(result, args.xlsx)
            print(f"wrote {len(result.hits)} hits to {args.xlsx}", file=sys.stderr)
    if args.json:
        print_json(result.to_json())
        return 0
    first = (args.page - 1) * args.limit
    print(f"{result.total} items" + (f", showing {first + 1}-{first + len(result.hits)}"
                                     if result.hits else ""))
    for k, h in enumerate(result.hits, first + 1):
        print(f"\n{k}. {h.title}  [{h.unit or '-'}]  {h.date or '-'}  {h.chars}字  "
              f"score {h.score:.3f}  {h.id}")
        for s in h.snippets:
            print("   " + _marked(s))
    if result.facets:
        print()
        for axis, counts in result.facets.items():
            print(f"{axis}: " + "  ".join(f"{label} ({n})" for label, n in counts.items()))
    return 0


def _marked(snippet) -> str:
    out, pos = [], 0
    for s, e in snippet.marks:
        out.append(snippet.text[pos:s] + "【" + snippet.text[s:e] + "】")
        pos = e
    out.append(snippet.text[pos:])
    return "".join(out)


def run_reindex(args: argparse.Namespace) -> int:
    import time

    # deferred for start-up time (a slow import)

    conn = open_store(args, create=False)
    t0 = time.time()

    def progress(done: int, total: int) -> None:
        print(f"\rindexed {done}/{total}", end="", file=sys.stderr, flush=True)

    n = rebuild(conn, Resources().tokenizer, progress=progress)
    with transaction(conn):
        purge_orphans(conn)
    print(f"\nreindexed {n} items in {time.time() - t0:.1f}s", file=sys.stderr)
    return 0
