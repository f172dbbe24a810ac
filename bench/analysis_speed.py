"""Analysis speed on the items of the sample corpus (``corpora/sample/*.txt`` read and
split by the real ingest), in one process, each timing repeated ``--runs`` times:

* analysis (``Analyzer.analyze``: segmentation, classification on four axes with
  reasons, keywords, named carriers, spaCy entity spans), called once per file with
  that file's items, as the ingest stage calls it;
* the baseline of issue 3, plain jieba 0.42.1 (``jieba.Tokenizer()`` with the same
  user dictionary ``models/userdict.txt``) ``lcut`` of the same items' text: the ratio
  analysis time / jieba time (target < 2x);
* our own ``Tokenizer.cut`` of the same text (about 10x faster than jieba): the same
  ratio against it, stricter and informational;
* classification alone (``Classifier.classify_many`` over already-segmented items,
  one call per file as the pipeline makes it): items/s (issue 8 target >= 1,000/s),
  and analysis as a whole in items/s.

Times are CPU seconds of this process (``time.process_time``; other processes on a
shared machine do not count), after a warm-up pass; every timed pass goes over all the
items, ``--passes`` times (a pass of 6 items is too short to time alone).

    python bench/analysis_speed.py [--quick] [--runs 5] [--passes 10] [--no-entities]

``--quick`` runs two short runs (for ``make test``)."""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time

# a sibling script (issue 3's baseline too): run as python bench/NAME.py, bench/ is
# sys.path[0]
from segmentation import plain_jieba

from huibian.testkit.benchlib import emit, result
from huibian.testkit.samples import SAMPLE


def sample_files() -> list[list]:
    """The items of each sample text file, split by the real ingest."""
    from huibian.pipeline.ingestor import process_file
    from huibian.core.records import SourceFile

    return [list(process_file(SourceFile.from_bytes(str(p), p.read_bytes())).items)
            for p in sorted(SAMPLE.glob("*.txt"))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", "--repeat", type=int, default=5, dest="runs")
    ap.add_argument("--passes", type=int, default=10, help="passes over the items per run")
    ap.add_argument("--no-entities", action="store_true", help="skip spaCy entity spans")
    args = ap.parse_args(argv)
    if args.quick:
        args.runs, args.passes = 2, 1

    from huibian.pipeline.resources import Resources
    from huibian.nlp.features import Segmented

    res = Resources()
    files = sample_files()
    items = [it for f in files for it in f]
    if args.quick:
        files, items = [items[:2]], items[:2]
    texts = [it.text for it in items]
    analyzer = res.analyzer
    analyzer.entities = not args.no_entities
    classifier, tok = analyzer.classifier, res.tokenizer
    base = plain_jieba(tok.userdict_path)

    # warm-up: models, lazy tables, spaCy vocabulary, jieba's HMM, memo caches
    for f in files:
        analyzer.analyze(f)
    for t in texts:
        base.lcut(t)
        tok.cut(t)
    segmented = [[Segmented.cut(it.text, tok) for it in f] for f in files]
    hints = [[getattr(it, "kind_hint", None) for it in f] for f in files]
    for docs, h in zip(segmented, hints):
        classifier.classify_many(docs, h)
    gc.collect()
    gc.freeze()
    clock = time.process_time
    passes = args.passes

    def timed(fn) -> float:
        t0 = clock()
        for _ in range(passes):
            fn()
        return clock() - t0

    def jieba_pass():
        for t in texts:
            base.lcut(t)

    def ours_pass():
        for t in texts:
            tok.cut(t)

    def analysis_pass():
        for f in files:
            analyzer.analyze(f)

    def classify_pass():
        for docs, h in zip(segmented, hints):
            classifier.classify_many(docs, h)

    n = len(items) * passes
    jieba_t, ours_t, ana_t, cls_t = [], [], [], []
    for r in range(args.runs):
        jieba_t.append(timed(jieba_pass))
        ours_t.append(timed(ours_pass))
        ana_t.append(timed(analysis_pass))
        cls_t.append(timed(classify_pass))
        print(f"run {r + 1}: jieba {jieba_t[-1]:.3f}s  Tokenizer.cut {ours_t[-1]:.3f}s  "
              f"analysis {ana_t[-1]:.3f}s ({ana_t[-1] / jieba_t[-1]:.2f}x jieba, "
              f"{ana_t[-1] / ours_t[-1]:.1f}x Tokenizer)  classification {cls_t[-1]:.3f}s "
              f"({n / cls_t[-1]:,.0f} items/s)")

    # per run, the ratio of two timings taken side by side in that run
    vs_jieba = [a / b for a, b in zip(ana_t, jieba_t)]
    vs_ours = [a / b for a, b in zip(ana_t, ours_t)]
    cls_rate = [n / t for t in cls_t]
    ana_rate = [n / t for t in ana_t]
    chars = sum(len(t) for t in texts)
    med = statistics.median
    print(f"{len(items)} items in {len(files)} files, {chars:,} chars; {args.runs} runs of "
          f"{passes} passes; CPU seconds of this process")
    print(f"analysis / plain jieba 0.42.1 lcut: {med(vs_jieba):.2f}x (target < 2x); "
          f"analysis / Tokenizer.cut: {med(vs_ours):.1f}x")
    print(f"classification: {med(cls_rate):,.0f} items/s (target >= 1,000); "
          f"analysis: {med(ana_rate):,.0f} items/s")
    note = (f"{len(items)} sample items ({chars:,} chars) in {len(files)} files, one call "
            f"per file; {passes} passes per run; CPU seconds of the process")
    emit("analysis_speed", [
        result("analysis time / plain jieba segmentation time", vs_jieba, "x",
               goal="< 2x", holds=med(vs_jieba) < 2,
               note=note + "; baseline jieba 0.42.1 jieba.Tokenizer() lcut with "
                           "models/userdict.txt, same text, same run"),
        result("analysis time / Tokenizer.cut time (informational)", vs_ours, "x",
               note="our jieba_fast_dat Tokenizer.cut of the same text, same run"),
        result("classification (pre-segmented items)", cls_rate, "items/s",
               goal=">= 1,000 items/s", holds=med(cls_rate) >= 1000,
               note="Classifier.classify_many over Segmented items, one call per file"),
        result("analysis (whole, incl. segmentation and entities)", ana_rate, "items/s",
               baseline="plain jieba 0.42.1 lcut", baseline_runs=[n / t for t in jieba_t]),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
