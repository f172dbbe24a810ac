"""The real app server's memory (issue 8, for ``bench/app_memory.py``): ``streamlit run
app.py`` on a free local port against a store (``HUIBIAN_DB``), with the flags of
``tests/app/test_e2e_browser.py``, driven by headless Debian Chromium through
Playwright (``/usr/bin/chromium``; nothing downloaded).

The browser signs in as the bench's admin (bench/app_pages.py's ``build`` makes account
"admin" with "bench-password" in the users file beside the store) and visits, in one
browser session, the pages bench/app_pages.py's ``pages(conn)`` plans, ``rounds`` times:
search with each query (typed in the query box) and the genre filter (picked in the
sidebar), browse (query box and filter cleared), the item page (opened by URL with
``?id=...&q=...`` through the browser history, as a link or the back button does: a
reload would start a new, signed-out session), the item page with its similarity
report switched on (builds the collection's fingerprint index in the server), import,
check, review, overview, volume (the planned volume picked), audit, accounts. Each
step waits until Streamlit's run is over (the app's script state "notRunning", no
running indicator, no stale element) and the page's own element is visible (its
title; results, the report's ratio); a page showing an exception or an error box
stops the run and is reported. After the last page the bench waits until the server
is idle (its CPU time still for a second), so the analysis models it loads in the
background (``_ui.warm_up``) are loaded when the run ends, as before any page in the
AppTest child.

The memory: a small watcher process starts the server as its child and samples the
process tree every 20 ms with ``huibian.testkit.memwatch.TreePeaks``: the server's own
peak resident size (its VmHWM, /proc/PID/status; a peak shorter than a sample is
counted too) and the largest sum of PSS over the server and any process it starts
(shared pages counted once). The watcher's own PSS (constant: it only samples) is
taken off that sum. The browser and the driver are not in that tree.

    python bench/app_memory_server.py --db /tmp/appmem/app100k.db [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from huibian.testkit.memwatch import TreePeaks, status_kib
from huibian.testkit.samples import ROOT

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
STREAMLIT = Path(sys.executable).with_name("streamlit")
ADMIN, PASSWORD = "admin", "bench-password"  # bench/app_pages.py's build's account
OUT = ROOT / "bench" / "out" / "app_memory_server"  # server logs, failure screenshots
MB = 1e6
KIB = 1024 / MB

IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]');
}"""
# counts every change of the app's script state away from "notRunning": a step then
# waits for a run it caused to start, not for the state it found
OBSERVE_JS = """() => {
  if (window.__hbRuns !== undefined) return;
  window.__hbRuns = 0;
  new MutationObserver(ms => {
    for (const m of ms) {
      if (m.target.getAttribute('data-test-script-state') !== 'notRunning') window.__hbRuns++;
    }
  }).observe(document.body, {attributes: true, subtree: true,
                             attributeFilter: ['data-test-script-state']});
}"""
ERRORS = ("[data-testid='stException'], [data-testid='stAlertContentError']")


def skip_reason() -> str | None:
    """Why the server cannot be driven here (None: it can)."""
    if not CHROMIUM.exists():
        return f"Debian chromium not installed ({CHROMIUM})"
    return None


class PageProblem(Exception):
    """A page showed an exception or an error: the run stops there."""


# -- the watcher: the server's parent, sampling its memory ------------------------------

def watch(db: str, port: int, log: str) -> int:
    """Start the server as this process's child, sample the tree until a line (or EOF)
    arrives on stdin, print the peaks as one JSON line, stop the server."""
    env = dict(os.environ, HUIBIAN_DB=db, PYTHONUNBUFFERED="1")
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [str(STREAMLIT), "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    peaks = TreePeaks()
    peaks.start()
    print(json.dumps({"server": server.pid}), flush=True)
    try:
        sys.stdin.readline()
    finally:
        peaks.stop()
        own_pss = status_kib(os.getpid(), ("Pss",), "smaps_rollup").get("Pss", 0.0)
        status = status_kib(server.pid, ("VmRSS", "RssAnon", "RssFile"))
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    others = {pid: kib for pid, kib in peaks.hwm.items()
              if pid not in (os.getpid(), server.pid)}
    print(json.dumps({"server_hwm_kib": peaks.hwm.get(server.pid, 0.0),
                      "tree_pss_kib": peaks.pss_peak - own_pss, "watcher_pss_kib": own_pss,
                      "others_hwm_kib": others, "end_kib": status}), flush=True)
    return 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run app.py`` on ``db`` under the watcher; ``stop()`` gives the peaks."""

    def __init__(self, db: Path, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--watch", str(db),
             str(self.port), str(log)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        first = self.proc.stdout.readline()
        if not first.startswith("{"):
            self.proc.kill()
            raise SystemExit(f"the server watcher did not start: {first!r}")
        self.pid = json.loads(first)["server"]
        t0 = time.perf_counter()
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if not self.alive() or time.monotonic() > deadline:
                self.stop()
                raise SystemExit("streamlit did not start: " + log.read_text()[-3000:])
            time.sleep(0.2)
        self.start_seconds = time.perf_counter() - t0

    def alive(self) -> bool:
        try:
            with open(f"/proc/{self.pid}/stat") as fh:
                return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    def status(self) -> dict[str, float]:
        """The server's VmRSS, VmHWM, RssAnon, RssFile now (MB)."""
        return {k: v * KIB for k, v in
                status_kib(self.pid, ("VmRSS", "VmHWM", "RssAnon", "RssFile")).items()}

    def wait_idle(self, still: float = 1.0, limit: float = 180.0) -> float:
        """Wait until the server's CPU time stays (nearly) still for ``still`` seconds
        (background work such as the models' loading done); seconds waited."""
        def ticks() -> int:
            with open(f"/proc/{self.pid}/stat") as fh:
                f = fh.read().rsplit(")", 1)[1].split()
            return int(f[11]) + int(f[12])  # utime + stime

        t0 = time.monotonic()
        last = ticks()
        while time.monotonic() - t0 < limit:
            time.sleep(still)
            now = ticks()
            if now - last <= 2:  # 20 ms of CPU per second at most: idle
                break
            last = now
        return time.monotonic() - t0

    def stop(self) -> dict:
        try:
            self.proc.stdin.write("stop\n")
            self.proc.stdin.close()
        except (BrokenPipeError, ValueError):
            pass
        out = self.proc.stdout.read()
        self.proc.wait(60)
        lines = [ln for ln in out.splitlines() if ln.startswith("{")]
        if self.proc.returncode != 0 or not lines:
            raise SystemExit(f"the server watcher failed ({self.proc.returncode})")
        return json.loads(lines[-1])


# -- the browser ---------------------------------------------------------------------

class Driver:
    """One signed-in browser session on the server; every step waits for its run."""

    def __init__(self, page, url: str, shots: Path, timeout_ms: float,
                 every_shot: bool = False):
        self.page, self.url, self.shots, self.timeout = page, url, shots, timeout_ms
        self.name, self.every_shot = "sign-in", every_shot
        self.at = None  # the page shown (its title)
        self.steps = self.unseen = 0  # steps; of them, whose run was over before seen

    def _check(self) -> None:
        bad = self.page.locator(ERRORS)
        if bad.count():
            self._shot()
            raise PageProblem(f"{self.name}: {bad.first.inner_text()[:300]}")
        if "Traceback" in self.page.inner_text("body"):
            self._shot()
            raise PageProblem(f"{self.name}: a traceback on the page")

    def _shot(self, name: str | None = None) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        name = name or self.name
        path = self.shots / f"{''.join(c if c.isalnum() else '_' for c in name)}.png"
        try:
            self.page.screenshot(path=str(path), full_page=True)
            if not self.every_shot:
                print(f"  screenshot: {path}", flush=True)
        except Exception:  # noqa: BLE001 - the screenshot is only a help
            pass

    def step(self, action, expect=None, timeout: float | None = None) -> None:
        """Do ``action``, wait for the run it starts to end, then for ``expect`` (a
        locator) to be visible; fail on an exception or error shown."""
        from playwright.sync_api import TimeoutError as PwTimeout
        from playwright.sync_api import expect as pw_expect

        timeout = timeout or self.timeout
        page = self.page
        page.evaluate(OBSERVE_JS)
        runs = page.evaluate("() => window.__hbRuns")
        action()
        self.steps += 1
        try:
            page.wait_for_function("n => window.__hbRuns > n", arg=runs, timeout=2000)
        except PwTimeout:
            self.unseen += 1  # a run over before it was drawn: the checks below hold
        try:
            page.wait_for_function(IDLE_JS, timeout=timeout)
            page.wait_for_timeout(100)
            page.wait_for_function(IDLE_JS, timeout=timeout)  # no second run started
            if expect is not None:
                pw_expect(expect).to_be_visible(timeout=timeout)
        except (PwTimeout, AssertionError) as exc:
            self._check()
            self._shot()
            raise SystemExit(f"app server page {self.name}: did not finish: "
                             f"{str(exc).splitlines()[0]}") from exc
        self._check()
        if self.every_shot:
            self._shot(f"{self.steps:03d}-{self.name}")

    # the pages

    def sign_in(self) -> None:
        from playwright.sync_api import expect

        page = self.page
        page.goto(self.url)
        expect(page.get_by_text("汇编 · 登录")).to_be_visible(timeout=self.timeout)
        page.get_by_label("账号").fill(ADMIN)
        page.get_by_label("密码").fill(PASSWORD)
        self.step(lambda: page.get_by_role("button", name="登录").click(),
                  page.get_by_text(f"已登录：{ADMIN}"))

    def title(self, title: str):
        return self.page.locator("h1", has_text=title).first

    def go(self, title: str) -> None:
        """The page, from the sidebar menu (nothing to do if it is the one shown: a
        change of its widgets runs it again)."""
        if self.at != title:
            link = self.page.locator("[data-testid='stSidebarNav'] a", has_text=title).first
            self.step(link.click, self.title(title))
            self.at = title

    def go_url(self, path: str, title: str) -> None:
        """A page with query parameters, through the browser history (pushState and a
        popstate event, as the back button does): the session stays signed in."""
        js = ("u => { history.pushState({}, '', u); "
              "window.dispatchEvent(new PopStateEvent('popstate')); }")
        self.step(lambda: self.page.evaluate(js, path), self.title(title))
        self.at = title

    def _genre_box(self):
        return self.page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']"
                                 ).filter(has_text="文种")

    def search(self, query: str | None, genre: str | None) -> None:
        """Have exactly ``genre`` (a label's name; None: nothing) chosen in the genre
        filter, then ``query`` typed (None: the box cleared). The genre first: an
        option chosen stays offered whatever the query's facets."""
        page = self.page
        chips = self._genre_box().locator("button[aria-label^='Remove ']")
        for k in range(chips.count() - 1, -1, -1):  # other genres (or all, for None)
            chip = chips.nth(k)
            if genre is None or not chip.get_attribute("aria-label").startswith(
                    f"Remove {genre}（"):
                self.step(chip.click)
        if genre is not None and not chips.count():
            self._genre_box().locator("input").click()
            option = page.locator("[role='option']").filter(
                has_text=re.compile(f"^{re.escape(genre)}（")).first

            def pick():
                option.click()
                page.keyboard.press("Escape")
            self.step(pick, self._genre_box().locator(f"button[aria-label^='Remove {genre}（']"))
        box = page.get_by_label("检索词")
        if query or box.input_value():
            def enter():
                box.fill(query or "")
                box.press("Enter")
            self.step(enter, page.locator("[data-testid='stCaptionContainer'], "
                                          "[data-testid='stAlertContentInfo']").first)

    def similarity_on(self) -> None:
        page = self.page
        page.get_by_role("tab", name="查重报告").click()
        toggle = page.get_by_text("生成查重报告")
        toggle.wait_for(state="visible", timeout=self.timeout)
        self.step(toggle.click, page.get_by_text("总文字复制比"))

    def volume(self, vid: int) -> None:
        box = self.page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']"
                                ).filter(has_text="汇编")
        if not box.locator("input").input_value().endswith(f"· #{vid}"):
            box.locator("input").click()
            option = self.page.locator("[role='option']").filter(
                has_text=re.compile(rf"· #{vid}$")).first
            self.step(option.click, self.title("汇编"))


def _genre_name(genre_id: str) -> str:
    """The name the search page shows for a genre label (``_ui.label_name``)."""
    from huibian.nlp.taxonomy import load_taxonomy

    try:
        return load_taxonomy()["genre"].label(genre_id).name
    except Exception:  # noqa: BLE001 - not a taxonomy label: the id is shown
        return genre_id


def plan(conn) -> dict[str, tuple[str, list[dict], dict]]:
    """The pages both app_memory measurements visit: ``pages(conn)`` of bench/app_pages.py,
    then the item page again with its similarity report switched on."""
    from app_pages import pages  # a sibling script (bench/ is sys.path[0])

    out = pages(conn)
    module, _, params = out["item"]
    out["item, similarity report on"] = (module, [{"item_sim_on": True}], params)
    return out


def _visit(drv: Driver, name: str, module: str, state: dict, params: dict) -> None:
    """One planned page run (``pages`` of bench/app_pages.py) done in the browser."""
    from huibian.app_pages._nav import PAGES

    title = next(t for m, t, *_ in PAGES.values() if m == module)
    url = next(u for m, t, _i, u, _w in PAGES.values() if m == module)
    drv.name = name + (f" {state['search_q']}" if state.get("search_q") else "")
    known = {"search_q", "search_f_genre", "vol_pick", "item_sim_on"}
    if set(state) - known:
        raise SystemExit(f"app server: page state {sorted(set(state) - known)} of "
                         f"{name} is not done in the browser")
    if params:
        from urllib.parse import urlencode

        drv.go_url(f"/{url}?{urlencode(params)}", title)
    else:
        drv.go(title)
    if module == "huibian.app_pages.search_page":
        genres = state.get("search_f_genre") or []
        if len(genres) > 1:
            raise SystemExit("app server: one genre filter is picked in the browser")
        drv.search(state.get("search_q"), _genre_name(genres[0]) if genres else None)
    if "vol_pick" in state:
        drv.volume(state["vol_pick"])
    if state.get("item_sim_on"):
        drv.similarity_on()


def measure(db: Path, rounds: int, timeout_s: float = 900.0, shots: bool = False,
            states: int | None = None) -> dict:
    """Start the server on ``db``, drive every planned page ``rounds`` times in Chromium,
    stop it; the server's peaks (MB) and what it showed. ``states``: only the first
    that many runs of a page planned with several (the search queries; a quick run)."""
    from playwright.sync_api import sync_playwright

    from huibian.store.db import connect

    conn = connect(db)
    items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    todo = plan(conn)
    conn.close()
    OUT.mkdir(parents=True, exist_ok=True)
    tag = f"{Path(db).stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    server = Server(Path(db), OUT / f"{tag}.log")
    after_page: dict[str, float] = {}
    problems: list[str] = []
    t0 = time.perf_counter()
    start = server.status()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS,
                                        headless=True)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000},
                                        locale="zh-CN")
                page.set_default_timeout(timeout_s * 1000)
                drv = Driver(page, server.url, OUT / tag, timeout_s * 1000, shots)
                drv.sign_in()
                after_page["sign-in"] = server.status()["VmRSS"]
                for _ in range(rounds):
                    for name, (module, page_states, params) in todo.items():
                        for state in page_states[:states]:
                            _visit(drv, name, module, state, params)
                        after_page[name] = server.status()["VmRSS"]
            except PageProblem as exc:
                problems.append(str(exc))
            finally:
                browser.close()
        pages_s = time.perf_counter() - t0
        idle_s = server.wait_idle() if not problems else 0.0
    finally:
        peaks = server.stop()
    out = {"items": items, "seconds": pages_s, "idle_wait": idle_s,
           "start_seconds": server.start_seconds, "start_rss": start.get("VmRSS", 0.0),
           "peak_hwm": peaks["server_hwm_kib"] * KIB, "tree_pss": peaks["tree_pss_kib"] * KIB,
           "watcher_pss": peaks["watcher_pss_kib"] * KIB,
           "others_hwm": [v * KIB for v in peaks["others_hwm_kib"].values()],
           "end": {k: v * KIB for k, v in peaks["end_kib"].items()},
           "after_page": after_page, "problems": problems, "log": str(server.log),
           "steps": drv.steps, "unseen_runs": drv.unseen}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="the store (made by bench/app_pages.py or app_memory.py)")
    ap.add_argument("--rounds", type=int, default=2, help="visits of every page")
    ap.add_argument("--shots", action="store_true",
                    help=f"a screenshot after every step (in {OUT.relative_to(ROOT)}/)")
    ap.add_argument("--watch", nargs=3, metavar=("DB", "PORT", "LOG"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.watch:
        return watch(args.watch[0], int(args.watch[1]), args.watch[2])
    if not args.db:
        ap.error("--db is required")
    reason = skip_reason()
    if reason:
        print(f"skipped: {reason}")
        return 0
    print(json.dumps(measure(Path(args.db), args.rounds, shots=args.shots),
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
