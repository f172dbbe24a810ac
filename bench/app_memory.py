"""App memory with 100,000 items: "the app process at most 1.5 GB with 100,000 items
loaded" (issue 8).

The store is the one ``bench/app_pages.py`` builds (the sample corpus ingested with
every stage, plus generated items up to N with real search rows and signatures, their
labels copied from the sample item they are built on; a review, a volume, accounts).
The app runs in a **child process** of its own, as a server process would: every page
script is run with ``streamlit.testing.v1.AppTest`` as a signed-in admin, after the
app's own start-up work (``_ui.warm_up()``: the analysis models, loaded once per
process, as app.py does before any page). Each round visits every page -- search
with each of the queries of app_pages (a query plus a genre filter), browse (no query),
item (and again with its similarity report on, which builds the collection's
fingerprint index in the process), import, check, review, overview, volume, audit,
accounts -- keeping the query caches (``st.cache_data``) as a running server keeps
them; the second round re-runs them warm. The child then reports its own peak resident set size (``VmHWM`` from
/proc/self/status, and ``ru_maxrss``), and RSS after each page.

The baseline, measured in the same run the same way: the sample-only store (its 10
items fully analysed, the same review, volume and accounts), so the ratio shows what
the generated items add to the process.

Resident memory counts file pages the process has mapped and touched (the search
index is memory-mapped): the report gives the anonymous and the file-backed part at
the end of the run too.

    python bench/app_memory.py                       # 100,000 items, 3 child runs
    python bench/app_memory.py --quick               # 60 items, 1 run (a smoke run)
    python bench/app_memory.py --db /tmp/appmem/app100k.db --reuse   # keep / reuse
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_MB = 1500.0  # 1.5 GB = 1,500,000,000 bytes
MB = 1e6


def _status() -> dict[str, float]:
    """VmRSS, VmHWM, RssAnon, RssFile of this process in MB (/proc/self/status)."""
    out = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
                out[key] = int(rest.split()[0]) * 1024 / MB  # kB
    return out


def _script(module: str, state: dict, params: dict) -> None:
    """One page as app.py serves it to a signed-in admin: the app's start-up work
    (models loading once per process) first, then the page."""
    import importlib

    import streamlit as st

    from app_pages import _ui
    from huibian.people import User

    _ui.warm_up().join()  # app.py starts it on every run; it loads once per process
    st.session_state.setdefault("user", User("admin", "admin"))
    for k, v in state.items():
        st.session_state.setdefault(k, v)
    for k, v in params.items():
        st.query_params[k] = v
    importlib.import_module(module).render()


def child(db: str, rounds: int) -> int:
    """Run in the child: visit every page ``rounds`` times, print one JSON line."""
    import logging

    logging.disable(logging.WARNING)  # Streamlit's "no ScriptRunContext" chatter
    os.environ["HUIBIAN_DB"] = db
    from streamlit.testing.v1 import AppTest

    from bench.app_pages import pages
    from store.db import connect

    start = _status()
    conn = connect(db)
    items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    plan = pages(conn)
    conn.close()
    # the item page with its similarity report switched on: the fingerprint index of
    # the whole collection is built and kept (st.cache_resource) by the app process
    module, _, params = plan["item"]
    plan["item, similarity report on"] = (module, [{"item_sim_on": True}], params)
    after_page: dict[str, float] = {}
    problems: list[str] = []
    t0 = time.perf_counter()
    for _ in range(rounds):
        for name, (module, states, params) in plan.items():
            for state in states:
                at = AppTest.from_function(_script, args=(module, state, params),
                                           default_timeout=300)
                at.run()
                problems += [f"{name}: {e.value}" for e in at.error]
                problems += [f"{name}: {e.value}" for e in at.exception]
            after_page[name] = _status()["VmRSS"]
    end = _status()
    print(json.dumps({
        "items": items, "seconds": time.perf_counter() - t0, "start_rss": start["VmRSS"],
        "peak_hwm": end["VmHWM"],
        "peak_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB,
        "end": end, "after_page": after_page, "problems": problems[:5]}), flush=True)
    return 0


def measure(db: Path, rounds: int) -> dict:
    """One child process over ``db``; its report."""
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(db),
                           "--rounds", str(rounds)], cwd=ROOT, capture_output=True,
                          text=True, timeout=3600)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"the app child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1])


def _build(db: Path, n: int, resources) -> None:
    from bench.app_pages import build

    t0 = time.perf_counter()
    got = build(db, n, resources)["items"]
    print(f"store of {got:,} items built in {time.perf_counter() - t0:.0f}s: {db}", flush=True)


def _sync_index(db: Path) -> None:
    """The ranked index brought up to the store's rows, as an ingest leaves it (the
    generated items' rows are written without it): otherwise the app's first search
    would index the whole collection and the peak would be that, not serving."""
    from search.tantivy_index import sync
    from store.db import connect

    t0 = time.perf_counter()
    conn = connect(db)
    try:
        applied = sync(conn)
    finally:
        conn.close()
    if applied:
        print(f"ranked index synced: {applied:,} items ({time.perf_counter() - t0:.0f}s)",
              flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="items in the store (default 100000)")
    ap.add_argument("--runs", type=int, default=3, help="child processes per store (default 3)")
    ap.add_argument("--rounds", type=int, default=2, help="visits of every page per child")
    ap.add_argument("--quick", action="store_true", help="60 items, 1 run of 1 round")
    ap.add_argument("--db", help="keep the built store here (default: a temp folder)")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing --db")
    ap.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child, args.rounds)
    if args.quick:
        args.n, args.runs, args.rounds = 60, 1, 1

    import logging

    logging.disable(logging.WARNING)
    from bench.benchlib import emit, result
    from huibian.resources import Resources

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "app.db"
    base_db = Path(tmp.name) / "sample.db"
    resources = Resources()
    if not (args.reuse and db.exists()):
        _build(db, args.n, resources)
    _build(base_db, 0, resources)  # the sample alone (n below the sample's size)
    del resources
    for path in (db, base_db):
        _sync_index(path)

    big, base = [], []
    for r in range(args.runs):  # interleaved: both see the same machine load
        base.append(measure(base_db, args.rounds))
        big.append(measure(db, args.rounds))
        b, s = big[-1], base[-1]
        print(f"run {r + 1}: {b['items']:,} items: peak RSS {b['peak_hwm']:.0f} MB "
              f"(anon {b['end']['RssAnon']:.0f} MB, file {b['end']['RssFile']:.0f} MB at "
              f"the end; {b['seconds']:.0f}s of pages)  |  {s['items']:,} items: peak RSS "
              f"{s['peak_hwm']:.0f} MB (anon {s['end']['RssAnon']:.0f} MB)", flush=True)
        for problem in b["problems"] + s["problems"]:
            print(f"  page problem: {problem[:160]}")
    last = big[-1]
    print("RSS after each page (last run, MB): " + ", ".join(
        f"{k} {v:.0f}" for k, v in last["after_page"].items()))
    n_items = big[0]["items"]
    peaks = [b["peak_hwm"] for b in big]
    med = statistics.median(peaks)
    problems = [p for b in big for p in b["problems"]]
    holds = max(peaks) <= GOAL_MB and not problems
    print(f"app process peak RSS with {n_items:,} items: median {med:.0f} MB over "
          f"{len(peaks)} runs (goal <= {GOAL_MB:.0f} MB: {'holds' if holds else 'NOT met'}); "
          f"sample-only store {statistics.median(b['peak_hwm'] for b in base):.0f} MB")
    emit("app_memory", [result(
        f"app process peak RSS, {n_items:,} items", peaks, "MB",
        goal=f"<= {GOAL_MB:.0f} MB (1.5 GB) every run", holds=holds, lower_is_better=True,
        baseline=f"the same child process on the sample-only store "
                 f"({base[0]['items']} items)",
        baseline_runs=[b["peak_hwm"] for b in base],
        note=(f"child process: app start-up (models) then every page by AppTest as admin, "
              f"{args.rounds} rounds, query caches kept; VmHWM; at the end anon "
              f"{last['end']['RssAnon']:.0f} MB + file-backed {last['end']['RssFile']:.0f} MB"
              + (f"; page problem: {problems[0][:120]}" if problems else "")))],
        items=n_items)
    tmp.cleanup()
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
