"""Accuracy of the similarity check, on cases built from the sample corpus.

The seed documents are ingested into a fresh store through the real pipeline. Each
case is an unrelated host text (words of jieba's general dictionary) with 1-3
passages of 30-400 characters copied from stored items, edited realistically (see
``bench/corpus_similarity.Variants``; at most 10% of a passage's characters changed)
and inserted at known offsets. Reported:

* passage recall: a copied passage is found when passages reported against its
  source item cover at least half of its characters (also: the share of copied
  characters covered);
* false-positive passages per 10,000 characters of unrelated text: reported passages
  (not common) outside the copied passages, over the host texts and over extra
  unrelated texts checked alone;
  and over texts of the corpus's own words in random order (domain vocabulary);
* the absolute error of the total ratio against the true one (copied characters
  less edited ones, over the submission's characters).

    python bench/similarity_accuracy.py [--quick] [--cases N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

# a sibling module: run as python bench/NAME.py, bench/ is sys.path[0]
from corpus_similarity import SAMPLE, SampleCorpus, UnrelatedText, Variants
from huibian.core.limits import Limits
from huibian.nlp.segment import Tokenizer
from huibian.pipeline.ingestor import Ingestor, sources_from_paths
from huibian.similarity.report import Checker, Submission
from huibian.similarity.shingles import make_view
from huibian.store import connect


def build_store(db: Path):
    conn = connect(db)
    report = Ingestor(conn, limits=Limits()).ingest(
        sources_from_paths(sorted(SAMPLE.glob("*.txt")), Limits()))
    if report.failed:
        raise SystemExit(report.summary())
    return conn


def make_case(rng, stored, variants, unrelated):
    """(text, [(start, end, item_id, copied_view_chars, edited_chars)])"""
    parts, truth, pos = [], [], 0
    for _ in range(rng.randint(1, 3)):
        host = unrelated.text(rng.randint(150, 800))
        parts.append(host)
        pos += len(host)
        item_id, text = rng.choice(stored)
        length = rng.randint(30, 400)
        view = make_view(text)
        if len(view) < length + 1:
            continue
        v0 = rng.randrange(0, len(view) - length)
        s, e = view.orig_span(v0, v0 + length)
        edited = variants.edit(text[s:e], rng)
        parts.append(edited.text)
        truth.append((pos, pos + len(edited.text), item_id, len(make_view(edited.text)),
                      edited.edited_chars))
        pos += len(edited.text)
    tail = unrelated.text(rng.randint(150, 800))
    parts.append(tail)
    return "".join(parts), truth


def run(cases: int, seed: int, unrelated_chars: int) -> dict:
    rng = random.Random(seed)
    tok = Tokenizer()
    corpus = SampleCorpus.load(tokenizer=tok)
    variants = Variants(tok, corpus)
    unrelated = UnrelatedText(seed)
    with tempfile.TemporaryDirectory() as tmp:
        conn = build_store(Path(tmp) / "bench.db")
        stored = [(r[0], r[1]) for r in conn.execute("SELECT id, text FROM items ORDER BY id")]
        checker = Checker(conn)
        found = found80 = total = 0
        covered_chars = copied_chars = 0
        fp = 0
        host_chars = 0
        errors = []
        edit_rates = []
        times = []
        for _ in range(cases):
            text, truth = make_case(rng, stored, variants, unrelated)
            t0 = time.perf_counter()
            report = checker.check(Submission(text=text, units=frozenset({"bench"})))
            times.append(time.perf_counter() - t0)
            data = report.as_dict()
            view = report.view
            in_copy = np.zeros(len(text) + 1, dtype=bool)
            for s, e, *_ in truth:
                in_copy[s:e] = True
            for s, e, item_id, n_copy, _edited in truth:
                mask = np.zeros(len(text) + 1, dtype=bool)
                for src in data["sources"]:
                    if src["id"] == item_id:
                        for p in src["passages"]:
                            mask[p["start"]:p["end"]] = True
                inside = (view.to_orig >= s) & (view.to_orig < e)
                cov = int((view.orig_mask(mask) & inside).sum())
                total += 1
                found += cov * 2 >= n_copy
                found80 += cov * 5 >= n_copy * 4
                edit_rates.append(_edited / max(n_copy, 1))
                covered_chars += cov
                copied_chars += n_copy
            for src in data["sources"]:
                for p in src["passages"]:
                    if not p["common"] and not in_copy[p["start"]:p["end"]].any():
                        fp += 1
            host_chars += int((~view.orig_mask(in_copy)).sum())
            true_ratio = sum(n - ed for _s, _e, _i, n, ed in truth) / max(len(view), 1)
            errors.append(abs(data["ratios"]["total"] - true_ratio))
        # unrelated texts checked alone
        alone_fp = alone_chars = 0
        while alone_chars < unrelated_chars:
            text = unrelated.text(2000)
            data = checker.check(Submission(text=text)).as_dict()
            alone_fp += sum(not p["common"] for s in data["sources"] for p in s["passages"])
            alone_chars += len(make_view(text))
        # domain words in random order: campaign vocabulary, no shared sentences
        words = [w for ws in corpus.words_by_len.values() for w in ws]
        dom_fp = dom_chars = 0
        while dom_chars < unrelated_chars:
            text = "".join(rng.choice(words) + (rng.choice("，。") if rng.random() < 0.15 else "")
                           for _ in range(800))
            data = checker.check(Submission(text=text)).as_dict()
            dom_fp += sum(not p["common"] for s in data["sources"] for p in s["passages"])
            dom_chars += len(make_view(text))
    return {
        "cases": cases, "copied_passages": total,
        "mean_edit_rate": round(statistics.mean(edit_rates), 4),
        "passage_recall": round(found / max(total, 1), 4),
        "passage_recall_80": round(found80 / max(total, 1), 4),
        "char_recall": round(covered_chars / max(copied_chars, 1), 4),
        "fp_per_10k_host": round(fp * 10000 / max(host_chars, 1), 3),
        "fp_per_10k_unrelated": round(alone_fp * 10000 / max(alone_chars, 1), 3),
        "unrelated_chars": alone_chars,
        "fp_per_10k_domain_words": round(dom_fp * 10000 / max(dom_chars, 1), 3),
        "ratio_abs_error_mean": round(statistics.mean(errors), 4),
        "ratio_abs_error_max": round(max(errors), 4),
        "ratio_within_2_points": round(sum(e <= 0.02 for e in errors) / len(errors), 4),
        "check_median_s": round(statistics.median(times), 4),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a few cases (for make test)")
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    cases = 12 if args.quick else args.cases
    res = run(cases, args.seed, 20000 if args.quick else 200000)
    for k, v in res.items():
        print(f"{k:24} {v}")
    targets = {"passage_recall >= 0.95": res["passage_recall"] >= 0.95,
               "fp_per_10k_unrelated < 1": res["fp_per_10k_unrelated"] < 1,
               "fp_per_10k_host < 1": res["fp_per_10k_host"] < 1,
               "ratio_abs_error_mean <= 0.02": res["ratio_abs_error_mean"] <= 0.02}
    for name, ok in targets.items():
        print(f"target {name:30} {'met' if ok else 'NOT MET'}")
    from huibian.testkit.benchlib import emit, result  # the suite's result line

    emit("similarity_accuracy", [result(name.split()[0], [res[name.split()[0]]], "",
                                        goal=" ".join(name.split()[1:]), holds=ok)
                                 for name, ok in targets.items()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
