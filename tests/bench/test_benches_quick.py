"""Every benchmark of the suite runs once on tiny inputs (``--quick``) and ends its
output with a result line that run_all.py can read. No timing assertions: this only
keeps the benchmark code working (the numbers come from ``make bench``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from huibian.testkit.benchlib import parse_output
from huibian.testkit.benchsuite import BENCHES, write_report

ROOT = Path(__file__).resolve().parents[2]

KEYS = {"target", "value", "unit", "min", "max", "runs", "baseline", "baseline_value",
        "ratio", "goal", "holds"}


@pytest.mark.parametrize("name", [b[0] for b in BENCHES])
def test_bench_quick_run_reports(name, tmp_path):
    script = ROOT / "bench" / f"{name}.py"
    assert script.exists(), f"{script} is listed in benchsuite.BENCHES but missing"
    proc = subprocess.run([sys.executable, str(script), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]  # 1: a target not met
    data = parse_output(proc.stdout)
    assert data is not None, f"no result line:\n{proc.stdout[-1500:]}"
    assert data["bench"] == name
    assert data["results"]
    for r in data["results"]:
        assert KEYS <= set(r), r
        assert r["runs"] and r["value"] is not None
        assert r["min"] <= r["value"] <= r["max"]
        assert r["holds"] in (True, False, None)
        if r["baseline_value"] is not None:
            assert r["ratio"] is not None and r["ratio"] > 0
    # the report writer accepts it
    entry = {"bench": name, "args": ["--quick"], "results": data["results"], "error": None,
             "seconds": 0}
    out = tmp_path / "RESULTS.md"
    write_report(out, [entry], {"cores": 2, "python": "3", "platform": "x", "sqlite": "3",
                                "libraries": {"jieba": "0.42.1"}}, True, "now")
    text = out.read_text(encoding="utf-8")
    assert all(r["target"] in text for r in data["results"])
