"""The benchmark suite's tiny result convention, shared by every benchmark in
``bench/``, the suite's runner (``bench/run_all.py``) and tests/bench.

Each benchmark prints whatever it likes for people, then, as its **last stdout line**,
one JSON object::

    {"bench": "segmentation",
     "results": [{"target": "...", "value": 12.3, "unit": "MB/s",
                  "min": 11.9, "max": 12.8, "runs": [...],
                  "baseline": "jieba 0.42.1 lcut", "baseline_value": 1.3,
                  "baseline_runs": [...], "ratio": 9.5, "goal": ">= 8x",
                  "holds": true}]}

``value`` is the median of ``runs``; ``ratio`` is value / baseline_value (for
"lower is better" units such as ms or MB, baseline_value / value, so a ratio above 1
always means "better than the baseline"); ``holds`` is whether the issue's goal is met
(``null`` when the bench has no goal for that line). ``bench/run_all.py`` reads the
line and writes ``bench/RESULTS.md`` (``huibian.testkit.benchsuite``).
"""

from __future__ import annotations

import json
import statistics
import sys
from typing import Sequence

JSON_MARK = '{"bench":'


def _num(x):
    if x is None:
        return None
    return round(float(x), 6)


def result(target: str, runs: Sequence[float], unit: str, *, goal: str | None = None,
           holds: bool | None = None, baseline: str | None = None,
           baseline_runs: Sequence[float] | None = None, lower_is_better: bool = False,
           note: str | None = None) -> dict:
    """One target line. ``runs`` are the per-run values (at least 5 where the issue asks
    for a median of 5 runs)."""
    runs = [float(r) for r in runs]
    value = statistics.median(runs) if runs else None
    out = {"target": target, "value": _num(value), "unit": unit,
           "min": _num(min(runs)) if runs else None, "max": _num(max(runs)) if runs else None,
           "runs": [_num(r) for r in runs], "baseline": baseline, "baseline_value": None,
           "baseline_runs": None, "ratio": None, "goal": goal,
           "holds": None if holds is None else bool(holds)}
    if baseline_runs:
        b = [float(r) for r in baseline_runs]
        bv = statistics.median(b)
        out["baseline_value"] = _num(bv)
        out["baseline_runs"] = [_num(r) for r in b]
        if value is not None and bv and value:
            out["ratio"] = _num(bv / value if lower_is_better else value / bv)
    if note:
        out["note"] = note
    return out


def emit(bench: str, results: list[dict], **extra) -> None:
    """Print the machine-readable line (must be the last line on stdout)."""
    sys.stdout.flush()
    payload = {"bench": bench, "results": results}
    payload.update(extra)
    print(json.dumps(payload, ensure_ascii=False), flush=True)


def parse_output(stdout: str) -> dict | None:
    """The JSON result line of a benchmark's stdout (the last line that is one)."""
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith(JSON_MARK):
            return json.loads(line)
    return None


def best_of(fn, repeat: int) -> list[float]:
    """``repeat`` timings (seconds) of ``fn()``."""
    import time

    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out
