"""Run every benchmark of the suite and write bench/RESULTS.md (``make bench``).

Each benchmark runs as its own subprocess (``python bench/NAME.py [args]``); it repeats
its measurements itself (at least 5 runs where the issue asks for a median) and ends
its stdout with one JSON line (see huibian.testkit.benchlib). This script collects those
lines, keeps each benchmark's full output in bench/out/logs/, and writes a Markdown
report: the machine (cores, memory, load, Python and library versions), the date, and
for each target the median/min/max of its runs, the baseline's median, the ratio and
whether the target holds. The list of benchmarks and the report are in
``huibian.testkit.benchsuite`` (tests/bench runs every one of them with --quick).

    python bench/run_all.py                 # everything, full size -> bench/RESULTS.md
    python bench/run_all.py --quick         # tiny inputs -> bench/out/RESULTS-quick.md
    python bench/run_all.py --only segmentation pdf_reading   # re-run two, keep the rest
    python bench/run_all.py --only search_speed --args search_speed '--db s.db --reuse'

The raw entries are kept beside the report (``bench/out/results.json``); with
``--only`` the other benchmarks' entries of the previous run are kept in the report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import sys
from pathlib import Path

from huibian.testkit.benchsuite import (BENCH, BENCHES, OUT, fmt, from_log, machine, run_one,
                                        write_report)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="every benchmark with --quick")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks")
    ap.add_argument("--args", nargs=2, action="append", default=[], metavar=("NAME", "ARGS"),
                    help="run benchmark NAME with these arguments instead of its defaults, "
                         "e.g. --args search_speed '--db /tmp/s.db --reuse' (recorded in the "
                         "report's runs table)")
    ap.add_argument("--out", help="report path (default bench/RESULTS.md, or "
                                  "bench/out/RESULTS-quick.md with --quick)")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite the report from the kept raw results, running nothing")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds per benchmark (default 7200, 300 with --quick)")
    args = ap.parse_args(argv)
    out = Path(args.out) if args.out else (OUT / "RESULTS-quick.md" if args.quick
                                           else BENCH / "RESULTS.md")
    timeout = args.timeout or (300 if args.quick else 7200)
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    info = machine()
    raw = out.parent / "results.json" if out.parent != BENCH else OUT / "results.json"
    if args.quick and not args.out:
        raw = OUT / "results-quick.json"
    previous = {}
    logs = OUT / ("logs-quick" if args.quick else "logs")
    if args.only and raw.exists():
        previous = {e["bench"]: e for e in json.loads(raw.read_text(encoding="utf-8"))}
    elif args.only:
        previous = {n: e for n, _a, _w in BENCHES if (e := from_log(n, logs))}
    entries = []
    if args.report_only:
        merged = json.loads(raw.read_text(encoding="utf-8"))
        write_report(out, merged, info, args.quick, started)
        print(f"wrote {out}")
        return 0
    for name, full_args, what in BENCHES:
        if args.only and name not in args.only:
            continue
        given = {n: shlex.split(a) for n, a in args.args}
        bargs = ["--quick"] if args.quick else given.get(name, full_args)
        print(f"== {name}: {what}", flush=True)
        e = run_one(name, bargs, timeout, logs)
        entries.append(e)
        for r in e["results"]:
            print(f"   {r.get('target')}: {fmt(r.get('value'))} {r.get('unit')}"
                  + (f" ({fmt(r['ratio'])}x baseline)" if r.get("ratio") else "")
                  + ("" if r.get("holds") is None else
                     f" -> {'holds' if r['holds'] else 'DOES NOT HOLD'}"), flush=True)
        if e["error"]:
            print(f"   error: {e['error']}", flush=True)
        merged = [next((e for e in entries if e["bench"] == n), None) or previous.get(n)
                  for n, _a, _w in BENCHES]
        merged = [e for e in merged if e]
        write_report(out, merged, info, args.quick, started)  # keep partial results
        raw.parent.mkdir(parents=True, exist_ok=True)
        raw.write_text(json.dumps(merged, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {out}")
    return 1 if any(e["error"] for e in entries) else 0


if __name__ == "__main__":
    sys.exit(main())
