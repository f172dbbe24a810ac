"""Analysis of all items of the sample corpus vs plain jieba segmentation of the same
text (our Tokenizer, accurate mode), printed as a ratio. Target: < 2x.

    python bench/analysis_speed.py [--quick] [--repeat N] [--no-entities]

``--quick`` runs one small pass (for ``make test``)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-entities", action="store_true", help="skip spaCy entity spans")
    args = ap.parse_args(argv)

    from huibian.pipeline import process_file
    from huibian.records import SourceFile
    from huibian.resources import Resources

    res = Resources()
    items = []
    for path in sorted((ROOT / "corpora" / "sample").glob("*.txt")):
        items.extend(process_file(SourceFile.from_bytes(str(path), path.read_bytes())).items)
    if args.quick:
        items, repeat = items[:2], 1
    else:
        repeat = args.repeat
    analyzer = res.analyzer
    analyzer.entities = not args.no_entities
    analyzer.analyze(items[:1])  # load models, warm caches
    tok = res.tokenizer

    t0 = time.perf_counter()
    for _ in range(repeat):
        for it in items:
            tok.cut(it.text)
    seg = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(repeat):
        analyzer.analyze(items)
    ana = time.perf_counter() - t0
    chars = sum(len(it.text) for it in items) * repeat
    print(f"items={len(items)} x{repeat} chars={chars}")
    print(f"segmentation: {seg:.3f}s  analysis: {ana:.3f}s  "
          f"({len(items) * repeat / ana:.1f} items/s)")
    print(f"ratio analysis/segmentation: {ana / seg:.2f}x (target < 2x)")
    from bench.benchlib import emit, result  # the suite's result line (bench/run_all.py)

    rate = len(items) * repeat / ana
    emit("analysis_speed", [
        result("classification + analysis", [rate], "items/s", goal=">= 1,000 items/s",
               holds=rate >= 1000, note=f"{len(items)} sample items x{repeat}, one timing"),
        result("analysis time / segmentation time", [ana / seg], "x", goal="< 2x",
               holds=ana / seg < 2)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
