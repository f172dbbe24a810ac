"""API load on loopback: ``huibian serve`` over a store of N built items, 20 clients
searching (one query after another, some with a filter) and 2 clients uploading
(a new file, then polling its task to done, again) for 60 seconds. Reports search
latency (p50/p95/p99), searches per second, uploads stored, and every error (an
answer other than 200/202, a task or file that failed). Exit 1 on any error.

    python bench/api_load.py                 # 5,000 items, 20 + 2 clients, 60 s
    python bench/api_load.py --quick         # 300 items, 10 s
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from huibian.pipeline.resources import Resources
from huibian.services.people import LOCAL_OPERATOR, Accounts
from huibian.store.db import connect
from huibian.testkit.corpus import CachedTokenizer, build_items, build_store
from huibian.testkit.samples import SAMPLE

DOCS = SAMPLE.parent / "understanding" / "docs"

QUERIES = ["师德", "创岗建区", "党员", "五个好", "医院", "网络资源", "先锋岗", "党员 教师",
           "师德 师风", "创岗建区 医院", "\"五个好\" 支部", "创先争优 -医院", "教育 资源 平台",
           "创岗建区 OR 师德"]
PASSWORD = "load-test-pw"


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=5000, help="items in the store (default 5000)")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--searchers", type=int, default=20)
    ap.add_argument("--uploaders", type=int, default=2)
    ap.add_argument("--quick", action="store_true", help="300 items, 10 s")
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.seconds = 300, 10.0

    tmp = tempfile.TemporaryDirectory(prefix="huibian-api-load-")
    db = Path(tmp.name) / "store" / "huibian.db"
    db.parent.mkdir(parents=True)
    t0 = time.perf_counter()
    build_store(db, build_items(args.n), CachedTokenizer(Resources().tokenizer))
    conn = connect(db)
    Accounts.for_store(conn).add(LOCAL_OPERATOR, "admin", PASSWORD, "admin", conn=conn)
    conn.close()
    print(f"store of {args.n} items built in {time.perf_counter() - t0:.0f}s", file=sys.stderr)

    port = free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    log = open(Path(tmp.name) / "serve.log", "wb")
    server = subprocess.Popen([str(Path(sys.executable).with_name("huibian")), "serve",
                               "--port", str(port), "--db", str(db), "--log-level", "warning"],
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("huibian serve did not start")
            time.sleep(0.3)
        token = httpx.post(base + "/token", data={"username": "admin",
                                                  "password": PASSWORD}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        facets = httpx.get(base + "/search", params={"q": "党员"}, headers=headers,
                           timeout=120).json()["facets"]
        genres = list(facets.get("genre", {})) or [None]

        latencies: list[float] = []
        errors: list[str] = []
        uploads: list[float] = []
        stored = [0]
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def searcher(k: int) -> None:
            rng = random.Random(k)
            with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
                while time.monotonic() < stop_at:
                    params = {"q": rng.choice(QUERIES), "page": rng.choice((1, 1, 2))}
                    if rng.random() < 0.3 and genres[0]:
                        params["genre"] = rng.choice(genres)
                    t = time.perf_counter()
                    try:
                        r = c.get("/search", params=params)
                        ok = r.status_code == 200 and "hits" in r.json()
                        why = f"search {params}: {r.status_code} {r.text[:200]}"
                    except httpx.HTTPError as exc:
                        ok, why = False, f"search {params}: {type(exc).__name__} {exc}"
                    dt = time.perf_counter() - t
                    with lock:
                        (latencies.append(dt) if ok else errors.append(why))

        # real submissions not in the store, a different one each upload (the sample's
        # texts again would be renditions of their items: one submission, one item)
        docs = sorted(DOCS.glob("*.txt"))

        def uploader(k: int) -> None:
            n = 0
            with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
                while time.monotonic() < stop_at:
                    n += 1
                    data = docs[(k + n * args.uploaders) % len(docs)].read_bytes()
                    t = time.perf_counter()
                    try:
                        r = c.post("/documents", files={"file": (f"load-{k}-{n}.txt", data)})
                        if r.status_code != 202:
                            raise RuntimeError(f"upload: {r.status_code} {r.text[:200]}")
                        tid = r.json()["task"]
                        while True:
                            task = c.get(f"/tasks/{tid}").json()
                            if task["status"] in ("done", "failed"):
                                break
                            time.sleep(0.2)
                        bad = [f for f in task["files"]
                               if f["status"] != "stored" or not f["items"]]
                        if task["status"] != "done" or bad or not task["files"]:
                            raise RuntimeError(f"task {tid}: {task['status']} {bad}")
                    except (httpx.HTTPError, RuntimeError) as exc:
                        with lock:
                            errors.append(f"upload {k}-{n}: {exc}")
                        continue
                    with lock:
                        uploads.append(time.perf_counter() - t)
                        stored[0] += 1

        threads = [threading.Thread(target=searcher, args=(k,)) for k in range(args.searchers)]
        threads += [threading.Thread(target=uploader, args=(k,)) for k in range(args.uploaders)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()

    summary = {
        "items": args.n, "seconds": round(wall, 1), "searchers": args.searchers,
        "uploaders": args.uploaders, "searches": len(latencies),
        "searches_per_s": round(len(latencies) / wall, 1),
        "search_p50_ms": round(pct(latencies, 50) * 1000, 1) if latencies else None,
        "search_p95_ms": round(pct(latencies, 95) * 1000, 1) if latencies else None,
        "search_p99_ms": round(pct(latencies, 99) * 1000, 1) if latencies else None,
        "uploads_stored": stored[0],
        "upload_to_done_p50_s": round(pct(uploads, 50), 2) if uploads else None,
        "errors": len(errors), "cpus": os.cpu_count(),
    }
    for e in errors[:20]:
        print("error:", e, file=sys.stderr)
    print(json.dumps({"bench": "api_load", **summary}, ensure_ascii=False))
    return 1 if errors or not latencies else 0


if __name__ == "__main__":
    sys.exit(main())
