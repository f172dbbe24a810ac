"""Training data, cross-validation and the model card.

``huibian train`` = ``load_units`` (corpora/labels/*.jsonl + human labels from the
store) -> ``cross_validate`` (5-fold, fixed seed: the numbers are reproducible) ->
``Models.fit`` on everything -> ``Models.save`` + ``write_model_card``."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from huibian.errors import DataFileError
from nlp.classify import MULTI_AXES, Classifier, Models

LABELS_DIR = Path(__file__).resolve().parent.parent / "corpora" / "labels"
FOLDS = 5
SEED = 0


def load_units(labels_dir: Path | None = None, taxonomy=None) -> list[dict]:
    units = []
    for path in sorted(Path(labels_dir or LABELS_DIR).glob("*.jsonl")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                u = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFileError(f"not valid JSON: {exc.msg}", file=str(path), line=no) from exc
            if not isinstance(u.get("text"), str):
                raise DataFileError('each unit needs "text"', file=str(path), line=no)
            if taxonomy is not None:
                for axis in ("genre", *MULTI_AXES):
                    vals = u.get(axis)
                    vals = [vals] if isinstance(vals, str) else (vals or [])
                    for v in vals:
                        if v not in taxonomy[axis].ids:
                            raise DataFileError(f"unknown {axis} label {v!r}", file=str(path),
                                                line=no)
            units.append(u)
    return units


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def cross_validate(units: list[dict], taxonomy, tokenizer, folds: int = FOLDS) -> dict:
    """Per axis and source ("rule", "final"): precision, recall, F1 (genre: macro over
    the genres present; multi-label axes: micro) on held-out units."""
    from sklearn.model_selection import KFold

    kf = KFold(n_splits=folds, shuffle=True, random_state=SEED)
    rule_only = Classifier(taxonomy, None, tokenizer)
    gold, pred = [], {"rule": [], "final": []}
    for train_idx, test_idx in kf.split(units):
        train = [units[i] for i in train_idx]
        test = [units[i] for i in test_idx]
        models = Models.fit(train, taxonomy, rule_only.segment)
        clf = Classifier(taxonomy, models, tokenizer)
        docs = [clf.segment(u["text"]) for u in test]
        for source, c in (("rule", rule_only), ("final", clf)):
            for res in c.classify_many(docs):
                pred[source].append({"genre": res["genre"].label,
                                     **{a: {p.label for p in res[a]} for a in MULTI_AXES}})
        gold.extend(test)
    metrics: dict = {}
    for source, preds in pred.items():
        for axis in ("genre", *MULTI_AXES):
            if axis == "genre":
                pairs = [(g["genre"], p["genre"]) for g, p in zip(gold, preds) if g.get("genre")]
                present = sorted({g for g, _ in pairs})
                scores = [_prf(sum(1 for g, p in pairs if g == lab and p == lab),
                               sum(1 for g, p in pairs if g != lab and p == lab),
                               sum(1 for g, p in pairs if g == lab and p != lab))
                          for lab in present]
                p_, r_, f_ = (sum(s[i] for s in scores) / len(scores) for i in range(3))
                n = len(pairs)
            else:
                tp = fp = fn = 0
                n = 0
                for g, p in zip(gold, preds):
                    if axis not in g:
                        continue
                    n += 1
                    gs = set(g[axis])
                    tp += len(gs & p[axis])
                    fp += len(p[axis] - gs)
                    fn += len(gs - p[axis])
                p_, r_, f_ = _prf(tp, fp, fn)
            metrics[(axis, source)] = {"precision": round(p_, 3), "recall": round(r_, 3),
                                       "f1": round(f_, 3), "n": n}
    return metrics


def metrics_table(metrics: dict) -> str:
    lines = ["| axis | source | precision | recall | F1 | units |",
             "|---|---|---|---|---|---|"]
    for axis in ("genre", *MULTI_AXES):
        for source in ("rule", "final"):
            m = metrics[(axis, source)]
            lines.append(f"| {axis} | {source} | {m['precision']:.3f} | {m['recall']:.3f} | "
                         f"{m['f1']:.3f} | {m['n']} |")
    return "\n".join(lines)


def write_model_card(path: Path, metrics: dict, units: list[dict], n_human: int) -> None:
    from collections import Counter

    levels = Counter(u.get("level", "item") for u in units)
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    text = f"""# Model card: huibian classifier

Written by `huibian train` on {date}. Do not edit by hand; retrain instead.

## What it does
Labels every item on the four axes of `models/taxonomy.json`: genre (one label),
sector, theme, carrier (multi-label). Two sources side by side: cue-word rules from the
taxonomy and scikit-learn pipelines (our jieba Tokenizer inside the pipeline -> TF-IDF
-> logistic regression, one-vs-rest for multi-label axes; genre adds structural
features such as a document number, 一、指导思想, a signature and date block). The final
score is the mean of the two (rules alone for labels with fewer than 3 training units).
Multi-label axes are scored per paragraph; sector and theme by the share of the item
they cover, carrier by the best paragraph.

## Training data
- {len(units)} labeled units: {levels.get('item', 0)} items and {levels.get('paragraph', 0)} paragraphs
  of the sample corpus (`corpora/labels/*.jsonl`, labeled by reading them), plus
  {n_human} item(s) with human labels from the store.
- Genres present in the data: {", ".join(sorted({u['genre'] for u in units if u.get('genre')}))}.
  Genres without examples (summary, speech, article, system) are predicted by cue rules only.

## Cross-validation ({FOLDS}-fold, shuffled, seed {SEED}; `huibian train` reproduces these numbers)
Genre: macro average over the genres present. Sector/theme/carrier: micro average over labels.

{metrics_table(metrics)}

## Limits
- Small corpus (three seed documents): paragraphs of one document fall in both training and
  test folds, so the numbers are optimistic for documents unlike the seeds.
- Saved with skops (no pickle), format version in the file, written atomically.
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def train(models_dir: Path, taxonomy, tokenizer, human_units: list[dict] | None = None,
          labels_dir: Path | None = None) -> dict:
    from threadpoolctl import threadpool_limits

    units = load_units(labels_dir, taxonomy) + list(human_units or [])
    # small problems: BLAS threads only add contention (4x slower on a busy machine)
    with threadpool_limits(1):
        metrics = cross_validate(units, taxonomy, tokenizer)
        seg = Classifier(taxonomy, None, tokenizer).segment
        models = Models.fit(units, taxonomy, seg)
    models.training.update({"human_units": len(human_units or [])})
    models.save(Path(models_dir) / "classifier.skops")
    write_model_card(Path(models_dir) / "MODEL_CARD.md", metrics, units, len(human_units or []))
    return metrics
