"""Training data, cross-validation and the model card.

``huibian train`` = ``load_units`` (corpora/labels/*.jsonl + human labels from the
store) -> ``cross_validate`` (folds grouped by source document, so no document has
units on both sides; deterministic: the numbers are reproducible) -> ``Models.fit`` on
everything -> ``Models.save`` + ``write_model_card``."""

from __future__ import annotations

import json
import textwrap
from datetime import datetime, timezone
from pathlib import Path

from huibian.errors import DataFileError
from nlp.classify import MULTI_AXES, Classifier, Models

LABELS_DIR = Path(__file__).resolve().parent.parent / "corpora" / "labels"
FOLDS = 5


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


def document_of(unit: dict, by_text: dict[str, str] | None = None) -> str:
    """The source document a unit comes from: its ``source`` file (items, sections and
    paragraphs of one seed share it). A human-labeled item from the store has no
    ``source``; it joins the document whose labeled unit has the same text, else it is
    a document of its own."""
    if unit.get("source"):
        return str(unit["source"])
    if by_text and unit.get("text") in by_text:
        return by_text[unit["text"]]
    return str(unit.get("id") or unit.get("item") or unit.get("text"))


def fold_groups(units: list[dict]) -> list[str]:
    by_text = {u["text"]: str(u["source"]) for u in units if u.get("source")}
    return [document_of(u, by_text) for u in units]


def document_folds(units: list[dict], folds: int = FOLDS) -> list[tuple[list[int], list[int]]]:
    """(train indices, test indices) per fold, grouped by source document
    (``GroupKFold``, deterministic); ``min(folds, documents)`` folds."""
    from sklearn.model_selection import GroupKFold

    groups = fold_groups(units)
    n_groups = len(set(groups))
    if n_groups < 2:
        raise DataFileError(f"cross-validation needs units from at least 2 documents "
                            f"(found {n_groups})", file=str(LABELS_DIR))
    kf = GroupKFold(n_splits=min(folds, n_groups))
    return [(list(tr), list(te)) for tr, te in kf.split(units, groups=groups)]


def cross_validate(units: list[dict], taxonomy, tokenizer, folds: int = FOLDS) -> dict:
    """Per axis and source ("rule", "final"): precision, recall, F1 (genre: macro over
    the genres present; multi-label axes: micro) on held-out units.

    Folds are grouped by source document (``GroupKFold``): the paragraphs, sections and
    items of one document are all in the test fold or all in training, never split.
    With fewer documents than ``folds`` it is leave-one-document-out."""
    rule_only = Classifier(taxonomy, None, tokenizer)
    gold, pred = [], {"rule": [], "final": []}
    for train_idx, test_idx in document_folds(units, folds):
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


def _missing_genres(units: list[dict], taxonomy) -> str:
    if taxonomy is None:
        return ""
    present = {u["genre"] for u in units if u.get("genre")}
    missing = [g for g in taxonomy["genre"].ids if g not in present]
    return f" ({', '.join(missing)})" if missing else ""


def _single_document_genres(units: list[dict]) -> str:
    docs: dict[str, set[str]] = {}
    for u, g in zip(units, fold_groups(units)):
        if u.get("genre"):
            docs.setdefault(u["genre"], set()).add(g)
    single = sorted(g for g, d in docs.items() if len(d) == 1)
    if not single:
        return "Every genre present occurs in at least two documents."
    return textwrap.fill(f"Genres found in one document only ({', '.join(single)}) have no "
                         "training example when that document is held out, so there only "
                         "the cue rules can predict them.", width=88)


def label_counts_table(units: list[dict], taxonomy=None) -> str:
    """Units per label and axis (a unit counts once per label it has)."""
    from collections import Counter

    lines = ["| axis | label | units |", "|---|---|---|"]
    for axis in ("genre", *MULTI_AXES):
        counts: Counter = Counter()
        for u in units:
            vals = u.get(axis)
            counts.update([vals] if isinstance(vals, str) else (vals or []))
        order = list(taxonomy[axis].ids) if taxonomy is not None else sorted(counts)
        for lab in order:
            lines.append(f"| {axis} | {lab} | {counts.get(lab, 0)} |")
    return "\n".join(lines)


def write_model_card(path: Path, metrics: dict, units: list[dict], n_human: int,
                     taxonomy=None) -> None:
    from collections import Counter

    levels = Counter(u.get("level", "item") for u in units)
    n_docs = len(set(fold_groups(units)))
    n_folds = min(FOLDS, n_docs)
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
- {len(units)} labeled units from {n_docs} source document(s): {levels.get('item', 0)} items,
  {levels.get('section', 0)} sections and {levels.get('paragraph', 0)} paragraphs of the sample
  corpus (`corpora/labels/*.jsonl`, labeled by reading them), plus {n_human} item(s) with
  human labels from the store. Sections and paragraphs overlap their items (the same text
  at three granularities), so the units are far from independent.
- Genres present in the data: {", ".join(sorted({u['genre'] for u in units if u.get('genre')}))}.
  Genres without examples{_missing_genres(units, taxonomy)} are predicted by cue rules only.

{label_counts_table(units, taxonomy)}

## Cross-validation ({n_folds} folds grouped by source document; `huibian train` reproduces these numbers)
`GroupKFold` by source document: every unit of a document (its items, sections and
paragraphs) is held out together, so no document has text on both sides of a fold
({n_folds} folds over {n_docs} documents{"; leave-one-document-out" if n_folds == n_docs else ""}).
{_single_document_genres(units)}
Genre: macro average over the genres present. Sector/theme/carrier: micro average over
labels. Units of all levels are pooled.

{metrics_table(metrics)}

## Limits
- Indicative only: about {len(units)} units from {n_docs} source document(s). The numbers say
  little about documents unlike these, and a difference of a few points is noise.
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
    write_model_card(Path(models_dir) / "MODEL_CARD.md", metrics, units, len(human_units or []),
                     taxonomy)
    return metrics
