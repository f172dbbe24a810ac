"""``huibian check FILE|ID``, ``huibian dupes`` and ``huibian references``: the
similarity check against stored submissions (library: ``similarity/``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from huibian.commands._common import add_cluster_option, add_db_option, open_cluster, open_store
from huibian.jsonout import print_json
from huibian.core.names import printable  # names and titles may hold control characters
from huibian.core.errors import InputError
from huibian.core.records import SourceFile
from huibian.similarity.html_report import render
from huibian.store.documents import get_item


def register(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("check", help="check a file or a stored item against the store "
                                     "(copied passages and copy ratios)")
    c.add_argument("target", metavar="FILE|ID",
                   help="a file to check (not stored), or a stored item's id (or prefix)")
    c.add_argument("--json", action="store_true", help="the report as JSON on stdout")
    c.add_argument("--html", metavar="OUT", help="also write the report as one HTML file")
    c.add_argument("--min-chars", type=int, default=13, metavar="N",
                   help="shortest shared passage reported, in characters (default 13)")
    c.add_argument("--common-units", type=int, default=3, metavar="K",
                   help="text shared by items of K or more units is common (default 3)")
    c.add_argument("--exact-only", action="store_true",
                   help="only exact copies (原文复制), as CNKI counts; by default reworded "
                        "copies (改写复制: synonyms swapped, sentences moved) count too")
    add_db_option(c)
    c.set_defaults(func=run_check)

    d = sub.add_parser("dupes", help="groups of near-duplicate items within a campaign")
    d.add_argument("--min-ratio", type=float, default=0.5, metavar="R",
                   help="link two items when each has at least R of its text in passages "
                        "shared with the other (default 0.5)")
    d.add_argument("--collection", help="only items of this collection")
    d.add_argument("--json", action="store_true")
    add_cluster_option(d, "compute the candidate pairs and their ratios on a Dask cluster: "
                          "local:N or tcp://HOST:8786 (the same clusters as without it)")
    add_db_option(d)
    d.set_defaults(func=run_dupes)

    r = sub.add_parser("references", help="reference texts whose passages count as common")
    rs = r.add_subparsers(dest="ref_command", metavar="ACTION")
    ra = rs.add_parser("add", help="add reference texts from files or folders")
    ra.add_argument("paths", nargs="+", metavar="PATH")
    add_db_option(ra)
    ra.set_defaults(func=run_ref_add)
    rl = rs.add_parser("list", help="list reference texts")
    rl.add_argument("--json", action="store_true")
    add_db_option(rl)
    rl.set_defaults(func=run_ref_list)
    rr = rs.add_parser("remove", help="remove a reference text")
    rr.add_argument("id", type=int)
    add_db_option(rr)
    rr.set_defaults(func=run_ref_remove)


def _usage(msg: str) -> int:
    print(f"huibian: {msg}", file=sys.stderr)
    return 2


def run_check(args: argparse.Namespace) -> int:
    # deferred for start-up time (datasketch, numpy, scipy)
    from huibian.similarity.report import CheckOptions, Checker, submission_for_document, \
        submission_for_item

    if args.min_chars < 5:
        return _usage("--min-chars must be at least 5")
    if args.common_units < 2:
        return _usage("--common-units must be at least 2")
    conn = open_store(args)
    path = Path(args.target)
    if path.is_file():
        # deferred for start-up time (datasketch, numpy, scipy)
        from huibian.pipeline.ingestor import process_file

        doc = process_file(SourceFile.from_bytes(str(path), path.read_bytes()))
        sub = submission_for_document(doc)
    elif "/" in args.target or path.suffix:

        raise InputError("no such file (to check a stored item, give its id)",
                         file=args.target, code="E105")
    else:

        sub = submission_for_item(conn, get_item(conn, args.target).id)
    checker = Checker(conn, options=CheckOptions(min_chars=args.min_chars,
                                                 common_units=args.common_units,
                                                 reworded=not args.exact_only))
    report = checker.check(sub)
    data = report.as_dict()
    if args.html:
        # deferred for start-up time (numpy): every command's start imports this module
        from huibian.similarity.pdf_report import report_numbers

        # 字数 in the report counted as an item's 字数 (its Chinese characters)
        Path(args.html).write_text(render(data, sub.text, report.source_texts(), sub.name,
                                          counts=report_numbers(report)), encoding="utf-8")
        print(f"huibian: report written to {args.html}", file=sys.stderr)
    if args.json:
        print_json(data)
        return 0
    r = data["ratios"]
    print(f"{sub.name}: {data['chars']} chars, {data['copied_chars']} copied; "
          f"total {r['total']:.1%}, excluding quotes {r['excluding_quotes']:.1%}, "
          f"excluding same unit {r['excluding_same_unit']:.1%}, "
          f"excluding common {r['excluding_common']:.1%}")
    if data["reworded_chars"]:
        print(f"    exact copy (原文复制) {r['exact_copy']:.1%}, "
              f"reworded copy (改写复制) {r['reworded_copy']:.1%}")
    for s in data["sources"]:
        common = sum(p["common"] for p in s["passages"])
        reworded = sum(p["kind"] == "reworded" for p in s["passages"])
        also = f", {reworded} reworded" if reworded else ""
        print(f"  {s['ratio']:6.1%}  {s['id']}  {printable(s['title'])}  "
              f"[{printable(s['unit']) or '-'}]  "
              f"{len(s['passages'])} passages ({common} common{also})  {printable(s['source'])}")
    return 0


def run_dupes(args: argparse.Namespace) -> int:
    # deferred for start-up time (datasketch, numpy, scipy)
    from huibian.similarity.dupes import find_dupes

    if not 0 < args.min_ratio <= 1:
        return _usage("--min-ratio must be in (0, 1]")
    conn = open_store(args)
    cluster = open_cluster(args)
    try:
        runner = None
        if cluster is not None:
            # deferred for start-up time: the cluster side imports dask
            from huibian.pipeline.cluster import DupesOnCluster

            runner = DupesOnCluster(cluster)
        clusters = find_dupes(conn, min_ratio=args.min_ratio, collection=args.collection,
                              runner=runner)
    finally:
        if cluster is not None:
            cluster.close()
    if args.json:
        print_json([c.as_dict() for c in clusters])
        return 0
    if not clusters:
        print("no near-duplicate items", file=sys.stderr)
    for n, c in enumerate(clusters, 1):
        print(f"cluster {n}: {len(c.items)} items, units: {', '.join(c.units)}")
        for it in c.items:
            print(f"  {it['id']}  {printable(it['title'])}  [{printable(it['unit']) or '-'}]  "
                  f"{printable(it['source'])}")
        for p in c.pairs:
            print(f"    {p.a} ~ {p.b}: {p.ratio:.1%} ({p.ratio_a:.1%} / {p.ratio_b:.1%})")
    return 0


def run_ref_add(args: argparse.Namespace) -> int:
    # deferred for start-up time (datasketch, numpy, scipy, sklearn)
    from huibian.pipeline.ingestor import SUPPORTED_SUFFIXES
    # deferred for start-up time (datasketch, numpy, scipy)
    from huibian.pipeline.references import add_reference_file

    conn = open_store(args)
    for p in map(Path, args.paths):
        files = sorted(f for f in p.rglob("*") if f.is_file()
                       and f.suffix.lower() in SUPPORTED_SUFFIXES) if p.is_dir() else [p]
        for f in files:
            print(f"{f}: reference {add_reference_file(conn, f)}")
    return 0


def run_ref_list(args: argparse.Namespace) -> int:
    from huibian.similarity.common import list_references  # deferred for start-up time (numpy)

    refs = list_references(open_store(args))
    if args.json:
        print_json([{"id": r.id, "title": r.title, "chars": len(r.text)} for r in refs])
        return 0
    for r in refs:
        print(f"{r.id}  {r.title}  {len(r.text)} chars")
    return 0


def run_ref_remove(args: argparse.Namespace) -> int:
    from huibian.similarity.common import remove_reference  # deferred for start-up time (numpy)

    remove_reference(open_store(args), args.id)
    return 0
