"""App memory with 100,000 items: "the app process at most 1.5 GB with 100,000 items
loaded" (issue 8), measured two ways on the same stores in the same run.

The store is the one ``bench/app_pages.py`` builds (the sample corpus ingested with
every stage, plus generated items up to N with real search rows and signatures, their
labels copied from the sample item they are built on; a review, a volume, accounts).
Both measurements visit the same pages (``plan`` of bench/app_memory_server.py): search
with each of the queries of app_pages (a query plus a genre filter), browse (no
query), item, import, check, review, overview, volume, audit, accounts, and the item
page again with its similarity report on (which builds the collection's fingerprint
index in the process); two rounds, the second warm (query caches kept, as a running
server keeps them).

1. **AppTest child** (rows "app process peak RSS"): the app in a child process of its
   own; every page script is run with ``streamlit.testing.v1.AppTest`` as a signed-in
   admin, after the app's own start-up work (``_ui.warm_up()``: the analysis models,
   loaded once per process, as app.py does before any page). The child reports its
   peak resident set size (``VmHWM`` from /proc/self/status) and RSS after each page.
   It is not the real server: no web server, no websocket sessions, no browser.
2. **The real server** (rows "app server process (streamlit run, driven by
   Chromium)", ``bench/app_memory_server.py``): ``streamlit run app.py`` with the
   flags of tests/app/test_e2e_browser.py on a free local port, ``HUIBIAN_DB`` set to
   the store; headless Debian Chromium (Playwright, /usr/bin/chromium) signs in as the
   bench's admin and does the same visits through the UI (typing the queries, picking
   the genre, switching the report on), each step waited for until Streamlit's run is
   over and the page's own element shows; any page showing an exception or an error
   fails the run. A watcher process, the server's parent, samples the server's tree
   every 20 ms (``huibian.testkit.memwatch.TreePeaks``): the server's peak VmHWM, and the
   peak sum of PSS over the server and any process it starts. Skipped, with the
   reason printed, only when /usr/bin/chromium is missing (or with ``--no-server``).

The baseline, measured in the same run the same ways: the sample-only store (its 10
items fully analysed, the same review, volume and accounts), so the ratio shows what
the generated items add to the process.

Resident memory counts file pages the process has mapped and touched (the search
index is memory-mapped): the report gives the anonymous and the file-backed part at
the end of the run too. PSS splits a page shared with other processes (libraries of
the same virtualenv in use elsewhere) between them, so it can be below the VmHWM.

    python bench/app_memory.py                       # 100,000 items, 5 runs of each
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

from huibian.testkit.memwatch import status_kib
from huibian.testkit.samples import ROOT

GOAL_MB = 1500.0  # 1.5 GB = 1,500,000,000 bytes
MB = 1e6


def _status() -> dict[str, float]:
    """VmRSS, VmHWM, RssAnon, RssFile, RssShmem of this process in MB (/proc/PID/status)."""
    return {k: v * 1024 / MB for k, v in status_kib(
        os.getpid(), ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem")).items()}


def _script(module: str, state: dict, params: dict) -> None:
    """One page as app.py serves it to a signed-in admin: the app's start-up work
    (models loading once per process) first, then the page."""
    import importlib

    import streamlit as st

    from huibian.app_pages import _ui
    from huibian.services.people import User

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

    from app_memory_server import plan as memory_plan  # a sibling script (bench/ on sys.path)
    from huibian.store.db import connect

    start = _status()
    conn = connect(db)
    items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    # app_pages' pages, then the item page with its similarity report switched on: the
    # fingerprint index of the whole collection is built and kept (st.cache_resource)
    plan = memory_plan(conn)
    conn.close()
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
    from app_pages import build  # a sibling script (bench/ is sys.path[0])

    t0 = time.perf_counter()
    got = build(db, n, resources)["items"]
    print(f"store of {got:,} items built in {time.perf_counter() - t0:.0f}s: {db}", flush=True)


def _sync_index(db: Path) -> None:
    """The ranked index brought up to the store's rows, as an ingest leaves it (the
    generated items' rows are written without it): otherwise the app's first search
    would index the whole collection and the peak would be that, not serving."""
    from huibian.search.tantivy_index import sync
    from huibian.store.db import connect

    t0 = time.perf_counter()
    conn = connect(db)
    try:
        applied = sync(conn)
    finally:
        conn.close()
    if applied:
        print(f"ranked index synced: {applied:,} items ({time.perf_counter() - t0:.0f}s)",
              flush=True)


def _server(db: Path, base_db: Path, args) -> dict:
    """The real server (``bench/app_memory_server.py``) on both stores, interleaved:
    its result lines and page problems."""
    import app_memory_server as srv  # a sibling script (bench/ is sys.path[0])

    from huibian.testkit.benchlib import result

    reason = "--no-server" if args.no_server else srv.skip_reason()
    if reason:
        print(f"app server (streamlit run, driven by Chromium): not measured: {reason}")
        return {"results": [], "problems": []}
    states = 2 if args.quick else None  # quick: the first 2 search queries only
    timeout = 120.0 if args.quick else 900.0  # seconds a page may take
    big, base = [], []
    for r in range(args.server_runs):
        base.append(srv.measure(base_db, args.rounds, timeout, states=states))
        big.append(srv.measure(db, args.rounds, timeout, states=states))
        b, s = big[-1], base[-1]
        print(f"server run {r + 1}: {b['items']:,} items: peak RSS {b['peak_hwm']:.0f} MB, "
              f"tree PSS {b['tree_pss']:.0f} MB (anon {b['end'].get('RssAnon', 0):.0f} MB, "
              f"file {b['end'].get('RssFile', 0):.0f} MB at the end; {b['seconds']:.0f}s of "
              f"pages, {b['steps']} browser steps)  |  {s['items']:,} items: peak RSS "
              f"{s['peak_hwm']:.0f} MB, tree PSS {s['tree_pss']:.0f} MB "
              f"({s['seconds']:.0f}s)", flush=True)
        for problem in b["problems"] + s["problems"]:
            print(f"  page problem (server): {problem[:200]}")
    last = big[-1]
    print("server RSS after each page (last run, MB): " + ", ".join(
        f"{k} {v:.0f}" for k, v in last["after_page"].items()))
    n_items = big[0]["items"]
    problems = [p for b in big + base for p in b["problems"]]
    hwm, pss = [b["peak_hwm"] for b in big], [b["tree_pss"] for b in big]
    holds_hwm = max(hwm) <= GOAL_MB and not problems
    holds_pss = max(pss) <= GOAL_MB and not problems
    print(f"app server peak RSS with {n_items:,} items: median {statistics.median(hwm):.0f} MB,"
          f" tree PSS median {statistics.median(pss):.0f} MB over {len(hwm)} runs (goal <= "
          f"{GOAL_MB:.0f} MB: {'holds' if holds_hwm and holds_pss else 'NOT met'}); "
          f"sample-only store {statistics.median(s['peak_hwm'] for s in base):.0f} MB")
    how = (f"streamlit run app.py (flags of tests/app/test_e2e_browser.py); headless Chromium "
           f"signs in as admin and visits every page, {args.rounds} round(s), "
           f"{last['steps']} browser steps in {last['seconds']:.0f} s"
           + (", first 2 search queries only" if states else "")
           + "; sampled every 20 ms by a watcher process (huibian.testkit.memwatch.TreePeaks)")
    goal = f"<= {GOAL_MB:.0f} MB (1.5 GB) every run"
    baseline = f"the same server on the sample-only store ({base[0]['items']} items)"
    bad = f"; page problem: {problems[0][:120]}" if problems else ""
    return {"problems": problems, "results": [
        result(f"app server process (streamlit run, driven by Chromium) peak RSS, "
               f"{n_items:,} items", hwm, "MB", goal=goal, holds=holds_hwm,
               lower_is_better=True, baseline=baseline,
               baseline_runs=[s["peak_hwm"] for s in base],
               note=f"{how}; the server's VmHWM; at the end anon "
                    f"{last['end'].get('RssAnon', 0):.0f} MB + file-backed "
                    f"{last['end'].get('RssFile', 0):.0f} MB" + bad),
        result(f"app server process tree (streamlit run, driven by Chromium) peak PSS, "
               f"{n_items:,} items", pss, "MB", goal=goal, holds=holds_pss,
               lower_is_better=True, baseline=baseline,
               baseline_runs=[s["tree_pss"] for s in base],
               note=f"{how}; the largest sum of PSS over the server and the processes it "
                    f"starts ({len(last['others_hwm'])} in the last run), the watcher's own "
                    f"{last['watcher_pss']:.0f} MB taken off" + bad)]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="items in the store (default 100000)")
    ap.add_argument("--runs", type=int, default=5, help="child processes per store (default 5)")
    ap.add_argument("--rounds", type=int, default=2, help="visits of every page per child")
    ap.add_argument("--server-runs", type=int, default=None,
                    help="real-server runs per store (default: as --runs)")
    ap.add_argument("--no-server", action="store_true",
                    help="only the AppTest child, not the streamlit run server")
    ap.add_argument("--quick", action="store_true",
                    help="60 items, 1 run of 1 round (the server: 2 search queries)")
    ap.add_argument("--db", help="keep the built store here (default: a temp folder)")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing --db")
    ap.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child, args.rounds)
    if args.quick:
        args.n, args.runs, args.rounds = 60, 1, 1
    if args.server_runs is None:
        args.server_runs = args.runs

    import logging

    logging.disable(logging.WARNING)
    from huibian.pipeline.resources import Resources
    from huibian.testkit.benchlib import emit, result

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
    results = [result(
        f"app process peak RSS, {n_items:,} items", peaks, "MB",
        goal=f"<= {GOAL_MB:.0f} MB (1.5 GB) every run", holds=holds, lower_is_better=True,
        baseline=f"the same child process on the sample-only store "
                 f"({base[0]['items']} items)",
        baseline_runs=[b["peak_hwm"] for b in base],
        note=(f"child process: app start-up (models) then every page by AppTest as admin, "
              f"{args.rounds} rounds, query caches kept; VmHWM; at the end anon "
              f"{last['end']['RssAnon']:.0f} MB + file-backed {last['end']['RssFile']:.0f} MB"
              + (f"; page problem: {problems[0][:120]}" if problems else "")))]
    try:
        server = _server(db, base_db, args)
    except SystemExit as exc:  # the server or the browser failed: keep the rows above
        print(f"app server measurement failed: {exc}", file=sys.stderr)
        emit("app_memory", results, items=n_items)
        tmp.cleanup()
        return 2
    results += server["results"]
    problems += server["problems"]
    emit("app_memory", results, items=n_items)
    tmp.cleanup()
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
