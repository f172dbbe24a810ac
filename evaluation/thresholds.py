"""Per-label thresholds, calibrated by cross-fitting on the development set's train
split: the train documents are cut in two halves by a hash of their names; a model is
trained on the seeds and one half and the other half is predicted, for each candidate
threshold; each label gets the threshold with the best F1 over both halves (ties: the
default). Written to ``models/label_thresholds.json`` (``python -m huibian.evaluation.thresholds``).

- ``coverage``: the share of an item a sector or theme must cover;
- ``carrier_min_hits``: how often a carrier's cue words must occur (once is enough in
  the title, a heading or a quoted name)."""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

from huibian.core.models_dir import writable_models_dir
from huibian.evaluation.devset import load_documents
from huibian.pipeline.resources import Resources

COVERAGE = {"sector": (0.25, 0.35, 0.45, 0.55, 0.65), "theme": (0.1, 0.15, 0.25, 0.4, 0.55)}
MIN_HITS = (1, 2, 3, 4)


def calibrate(out: Path | None = None) -> dict:
    from threadpoolctl import threadpool_limits

    import huibian.nlp.classify as C  # deferred for start-up time (numpy, scipy, sklearn)
    # deferred for start-up time (datasketch, numpy, scipy, sklearn)
    from huibian.evaluation.run import predict_documents, training_units
    # deferred for start-up time (a slow import)
    from huibian.evaluation.scoring import f1, label_counts
    # deferred for start-up time (numpy, scipy, sklearn)
    from huibian.nlp.classify import Classifier, Models
    # deferred for start-up time (numpy, scipy, sklearn)
    from huibian.nlp.training import load_units

    res = Resources()
    train = load_documents(split="train")
    half = lambda d: int(hashlib.md5(d.name.encode()).hexdigest(), 16) % 2  # noqa: E731
    halves = ([d for d in train if half(d) == 0], [d for d in train if half(d) == 1])
    seed = load_units(taxonomy=res.taxonomy)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, (fit, held) in enumerate(((halves[0], halves[1]), (halves[1], halves[0]))):
            with threadpool_limits(1):
                m = Models.fit(seed + training_units(fit), res.taxonomy,
                               Classifier(res.taxonomy, None, res.tokenizer).segment)
            path = Path(tmp) / f"c{k}.skops"
            m.save(path)
            runs.append((path, held))

        def counts(thresholds: dict, axis: str) -> dict:
            gold, pred = [], []
            for path, held in runs:
                r = Resources(classifier_path=path)
                r.classifier.thresholds = thresholds
                gold += [d.axis(axis) for d in held]
                pred += [p[axis] for p in predict_documents(held, r)]
            tp, fp, fn = label_counts(gold, pred)
            return {lab: f1(tp[lab], fp[lab], fn[lab]) for lab in res.taxonomy[axis].ids}

        chosen: dict = {"coverage": {}, "carrier_min_hits": {}}
        for axis, grid in COVERAGE.items():
            per = {t: counts({"coverage": {axis: {lab: t for lab in res.taxonomy[axis].ids}}},
                             axis) for t in grid}
            default = C.COVERAGE_THRESHOLD[axis]
            chosen["coverage"][axis] = {
                lab: max(grid, key=lambda t: (per[t][lab], t == default))
                for lab in res.taxonomy[axis].ids}
        per = {k: counts({"carrier_min_hits": {lab: k for lab in res.taxonomy["carrier"].ids}},
                         "carrier") for k in MIN_HITS}
        chosen["carrier_min_hits"] = {
            lab: max(MIN_HITS, key=lambda k: (per[k][lab], k == C.CARRIER_MIN_HITS))
            for lab in res.taxonomy["carrier"].ids}
    path = Path(out) if out else writable_models_dir() / "label_thresholds.json"
    path.write_text(json.dumps({"note": __doc__.split("\n\n")[0].replace("\n", " "),
                                "documents": len(train), **chosen},
                               ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return chosen


if __name__ == "__main__":
    print(json.dumps(calibrate(Path(sys.argv[1]) if len(sys.argv) > 1 else None),
                     ensure_ascii=False, indent=1))
