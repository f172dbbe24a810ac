"""The benchmark suite (``bench/``): the list of benchmarks and what each measures,
running one as its own process (``python bench/NAME.py``) and collecting its result
line (``huibian.testkit.benchlib``), and the Markdown report ``bench/run_all.py``
writes (``bench/RESULTS.md``). Shared by bench/run_all.py and tests/bench."""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from huibian.testkit.benchlib import parse_output
from huibian.testkit.samples import ROOT

BENCH = ROOT / "bench"
OUT = BENCH / "out"

# name, arguments of the full run (the sizes), what it measures
BENCHES: list[tuple[str, list[str], str]] = [
    ("segmentation", [], "Tokenizer vs jieba lcut: MB/s, boundary agreement"),
    ("pdf_reading", [], "150-page Chinese PDF: ours vs pdfplumber"),
    ("ingest_speed", [], "end-to-end ingest of PDFs and text files; peak RSS"),
    ("cluster", [], "ingest on a Dask LocalCluster of 2 workers vs the local ingest (time ratio)"),
    ("scale", [], "issue 21: Dask scaling 1 -> 2 workers, PostgreSQL vs SQLite at 100,000 items (ingest, search, check, reanalyze), the 1,000,000-item projection"),
    ("search_speed", [], "search p95 with facets at 100,000 recombined sample items vs plain FTS5"),
    ("search_speed_vocab", [], "search p95 with facets at 100,000 large-vocabulary items vs plain FTS5"),
    ("search_speed_scale", [], "search p95 with facets at 300,000 large-vocabulary items: the growth toward 1,000,000"),
    ("search_relevance", [], "nDCG@10 / MRR vs FTS5 trigram and LIKE"),
    ("similarity_speed", [], "similarity check of 5,000 chars vs 100,000 items"),
    ("similarity_speed_1m", [], "similarity check of 5,000 chars vs 1,000,000 items"),
    ("similarity_accuracy", [], "passage recall, false positives, ratio error"),
    ("rewording", ["--speed", "100000"], "spun, reordered, spliced copies: recall, top source, false positives vs the exact-only check; check time at 100,000 items"),
    ("analysis_speed", [], "analysis of the sample vs plain segmentation"),
    ("app_pages", [], "every app page <= 1 s on 10,000 items (AppTest, as admin)"),
    ("app_memory", [], "app process peak RSS with 100,000 items (goal <= 1.5 GB) vs the sample alone"),
    ("ocr", [], "OCR engines (tesseract, rapidocr): CER and pages/s on the same 150/300-dpi scans"),
]

# the targets that no benchmark row measures on this machine, and why
NOT_MEASURED: list[tuple[str, str]] = [
    ("search p95 with facets at 1,000,000 items (goal <= 100 ms)",
     "the store and ranked index of the large-vocabulary corpus take 16.1 GB at 300,000 "
     "items (search_speed_scale: 10.6 GB store, 5.5 GB index), so about 54 GB at "
     "1,000,000, and the plain-FTS5 baseline beside it another 31 GB (9.2 GB at 300,000): "
     "about 85 GB, where this machine's disk has about 75 GB free with every scratch store "
     "removed. The 300,000-item build took 29 min and its baseline 20 min, so a million is "
     "also about ""3 hours. `python bench/search_speed_vocab.py -n 1000000 --db DIR/vocab.db` runs it "
     "where there is room. search_speed_scale is the largest point measured here."),
]

LIBRARIES = ["jieba", "jieba-fast-dat", "pypdfium2", "pdfplumber", "numpy", "datasketch",
             "spacy", "scikit-learn", "rapidfuzz", "tantivy", "fpdf2"]


def machine() -> dict:
    info = {"cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "sqlite": sqlite3.sqlite_version}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()
        info["memory_gb"] = round(int(mem[1]) / 1024 / 1024, 1)
        info["load_at_start"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        pass
    info["libraries"] = {}
    for name in LIBRARIES:
        try:
            info["libraries"][name] = md.version(name)
        except md.PackageNotFoundError:
            info["libraries"][name] = None
    return info


def from_log(name: str, logs: Path) -> dict | None:
    """A previous run's entry, read back from its log (its result line)."""
    log = logs / f"{name}.log"
    if not log.exists():
        return None
    text = log.read_text(encoding="utf-8")
    data = parse_output(text.split("\n--- stderr\n")[0])
    if not data:
        return None
    first = text.split("\n", 1)[0].split()
    return {"bench": name, "args": first[2:], "results": data.get("results", []),
            "error": None, "seconds": None}


def run_one(name: str, args: list[str], timeout: float, logs: Path) -> dict:
    script = BENCH / f"{name}.py"
    entry = {"bench": name, "args": args, "results": [], "error": None, "seconds": None}
    if not script.exists():
        entry["error"] = "benchmark script not present"
        return entry
    logs.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, str(script), *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout)
        out, err, rc = proc.stdout, proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err, rc = f"timed out after {timeout:.0f} s", None
    entry["seconds"] = round(time.perf_counter() - t0, 1)
    entry["ran_at"] = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    (logs / f"{name}.log").write_text(f"$ {script.name} {' '.join(args)}\n{out}\n--- stderr\n"
                                      f"{err}", encoding="utf-8")
    data = None
    try:
        data = parse_output(out)
    except json.JSONDecodeError as exc:
        entry["error"] = f"bad result line: {exc}"
    if rc != 0:
        entry["error"] = f"exit status {rc}: {err.strip().splitlines()[-1] if err.strip() else ''}"
    elif data is None and not entry["error"]:
        entry["error"] = "no result line on stdout"
    if data:
        entry["results"] = data.get("results", [])
    return entry


def fmt(x) -> str:
    """A number as the report prints it."""
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "**no**"
    x = float(x)
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.1f}"
    return f"{x:.3g}" if abs(x) < 1 else f"{x:.2f}"


def write_report(path: Path, entries: list[dict], info: dict, quick: bool,
                 started: str) -> None:
    lines = ["# Benchmark results", "",
             f"Written by `bench/run_all.py{' --quick' if quick else ''}` on {started} "
             f"(UTC). Each benchmark ran as its own process; logs in `bench/out/logs/` (`logs-quick/` for --quick).", ""]
    if quick:
        lines += ["**Quick run: tiny inputs, timings meaningless.**", ""]
    lines += ["## Machine", "",
              f"- CPU: {info.get('cpu', '?')}, {info['cores']} cores; memory "
              f"{info.get('memory_gb', '?')} GB; load average at start {info.get('load_at_start', '?')}",
              f"- {info['platform']}; Python {info['python']}; SQLite {info['sqlite']}",
              "- " + ", ".join(f"{k} {v}" for k, v in info["libraries"].items() if v),
              "- not installed: " + (", ".join(k for k, v in info["libraries"].items() if not v)
                                     or "–"), ""]
    lines += ["## Targets", "",
              "Value = median of the runs; ratio > 1 means better than the baseline "
              "(for MB and ms: baseline / ours).", "",
              "| bench | target | median | min | max | runs | unit | baseline | baseline median "
              "| ratio | goal | holds |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    problems = []
    for e in entries:
        if e["error"]:
            problems.append(f"- `{e['bench']}`: {e['error']}")
        for r in e["results"]:
            lines.append("| " + " | ".join([
                e["bench"], r.get("target", "?"), fmt(r.get("value")), fmt(r.get("min")),
                fmt(r.get("max")), str(len(r.get("runs") or [])), r.get("unit") or "",
                r.get("baseline") or "–", fmt(r.get("baseline_value")),
                (fmt(r["ratio"]) + "×") if r.get("ratio") is not None else "–",
                r.get("goal") or "–",
                fmt(r.get("holds")) if r.get("holds") is not None else "–"]) + " |")
    lines.append("")
    if not quick and NOT_MEASURED:
        lines += ["## Targets not measured here", ""]
        lines += [f"- {target}: {why}" for target, why in NOT_MEASURED] + [""]
    notes = [f"- `{e['bench']}` ({e['seconds']} s): {r['target']}: {r['note']}"
             for e in entries for r in e["results"] if r.get("note")]
    if notes:
        lines += ["## Notes", ""] + notes + [""]
    if problems:
        lines += ["## Benchmarks with errors", ""] + problems + [""]
    lines += ["## Runs", "", "The machine line above is of the last invocation; a benchmark "
              "re-run alone (`--only`) is merged with the others' earlier results.", "",
              "| bench | arguments | finished (UTC) | seconds |", "|---|---|---|---|"]
    for e in entries:
        log = OUT / ("logs-quick" if quick else "logs") / f"{e['bench']}.log"
        when = e.get("ran_at") or (dt.datetime.fromtimestamp(log.stat().st_mtime, dt.timezone.utc)
                                   .strftime("%Y-%m-%d %H:%M") if log.exists() else "?")
        lines.append(f"| {e['bench']} | `{' '.join(e['args']) or '(defaults)'}` | {when} | "
                     f"{e['seconds'] if e['seconds'] is not None else '?'} |")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
