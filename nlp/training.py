"""Training data, cross-validation and the model card.

``huibian train`` = ``load_units`` (corpora/labels/*.jsonl + human labels from the
store) -> ``cross_validate`` (folds grouped by item, so no item has units on both
sides; the model alone, the rules alone and their combination; deterministic: the
numbers are reproducible) -> ``Models.fit`` on everything -> ``Models.save`` +
``write_model_card``."""

from __future__ import annotations

import json
import textwrap
from datetime import datetime, timezone
from pathlib import Path

from huibian.core.errors import DataFileError
from huibian.nlp.classify import MULTI_AXES, Classifier, Models
from huibian.nlp.combine import ITEM_VOTE, MAX_THEMES

LABELS_DIR = Path(__file__).resolve().parent.parent / "corpora" / "labels"
MAX_FOLDS = 10
SOURCES = {"model": ("model",), "rule": ("rule",), "final": ("rule", "model")}
LEVELS = ("item", "section", "paragraph", "sentence")
# sentence units: the sentences of a paragraph with two or more, this long or longer
# (shorter ones are headings, titles, names and dates, labeled with their paragraph)
SENTENCE_MIN_CHARS = 12


def load_units(labels_dir: Path | None = None, taxonomy=None) -> list[dict]:
    folder = Path(labels_dir or LABELS_DIR)
    if not folder.is_dir():  # an installed huibian: the corpora are not shipped
        raise DataFileError("no labeled units here: training reads corpora/labels/ of a "
                            "source checkout", file=str(folder))
    units = []
    for path in sorted(folder.glob("*.jsonl")):
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
                for axis in taxonomy.axes:
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


def group_of(unit: dict, by_text: dict[str, str] | None = None) -> str:
    """The fold group of a unit: the item it belongs to (``source`` + ``item``: the
    item itself and its sections, paragraphs and sentences share it). A human-labeled
    item from the store has neither; it joins the labeled item (or the item of the
    labeled unit) with the same text, else it is a group of its own."""
    if unit.get("source") and unit.get("item"):
        return f"{unit['source']}#{unit['item']}"
    if unit.get("source"):
        return str(unit["source"])
    if by_text and unit.get("text") in by_text:
        return by_text[unit["text"]]
    return str(unit.get("id") or unit.get("item") or unit.get("text"))


def fold_groups(units: list[dict]) -> list[str]:
    by_text = {u["text"]: group_of(u) for u in units if u.get("source")}
    return [group_of(u, by_text) for u in units]


def item_folds(units: list[dict], folds: int = MAX_FOLDS) -> list[tuple[list[int], list[int]]]:
    """(train indices, test indices) per fold, grouped by item (``GroupKFold``,
    deterministic): ``min(folds, items)`` folds, leave-one-item-out when there are no
    more items than ``folds``."""
    from sklearn.model_selection import GroupKFold

    groups = fold_groups(units)
    n_groups = len(set(groups))
    if n_groups < 2:
        raise DataFileError(f"cross-validation needs units from at least 2 items "
                            f"(found {n_groups})", file=str(LABELS_DIR))
    kf = GroupKFold(n_splits=min(folds, n_groups))
    return [(list(tr), list(te)) for tr, te in kf.split(units, groups=groups)]


def cross_validate(units: list[dict], taxonomy, tokenizer, folds: int = MAX_FOLDS) -> dict:
    """Per axis and source ("model", "rule", "final" = the combination the classifier
    uses): micro and macro precision, recall, F1 on held-out units, pooled over all
    levels, plus the micro F1 per level (``metrics["by_level"]``).

    Folds are grouped by item (``item_folds``): an item's sections, paragraphs and
    sentences are all in the test fold or all in training, never split."""
    rule_only = Classifier(taxonomy, None, tokenizer, sources=SOURCES["rule"])
    gold: list[dict] = []
    pred: dict[str, list[dict]] = {s: [] for s in SOURCES}
    for train_idx, test_idx in item_folds(units, folds):
        train_units = [units[i] for i in train_idx]
        test = [units[i] for i in test_idx]
        models = Models.fit(train_units, taxonomy, rule_only.segment)
        docs = [rule_only.segment(u["text"]) for u in test]
        for source, srcs in SOURCES.items():
            c = rule_only if source == "rule" else Classifier(taxonomy, models, tokenizer,
                                                               sources=srcs)
            for res in c.classify_many(docs):
                # a genre (a single-label axis's label) of score 0 ("no cue and no
                # model") is no prediction
                pred[source].append({
                    a: {p.label for p in res[a]} if taxonomy[a].multi
                    else (res[a].label if res[a].score > 0 else None)
                    for a in taxonomy.axes})
        gold.extend(test)
    metrics: dict = {}
    for source, preds in pred.items():
        for axis in taxonomy.axes:
            metrics[(axis, source)] = axis_scores(axis, gold, preds)
    by_level: dict = {}
    for level in LEVELS:
        idx = [i for i, g in enumerate(gold) if g.get("level", "item") == level]
        if not idx:
            continue
        for source, preds in pred.items():
            for axis in taxonomy.axes:
                m = axis_scores(axis, [gold[i] for i in idx], [preds[i] for i in idx])
                by_level[(level, axis, source)] = {"f1": m["micro"]["f1"], "n": m["n"]}
    metrics["by_level"] = by_level
    return metrics


def axis_scores(axis: str, gold: list[dict], preds: list[dict]) -> dict:
    """Micro and macro precision/recall/F1 of ``preds`` against ``gold`` on ``axis``.
    Genre (one label a unit) is scored as a one-label set, so its micro P = R = F1 =
    accuracy. Macro: the mean over the labels that occur in the gold units."""
    counts: dict[str, list[int]] = {}
    n = 0
    for g, p in zip(gold, preds):
        if axis not in g or g[axis] is None:
            continue
        n += 1
        gs = {g[axis]} if isinstance(g[axis], str) else set(g[axis])
        ps = {p[axis]} if isinstance(p[axis], str) else set(p[axis] or ())
        for lab in gs | ps:
            c = counts.setdefault(lab, [0, 0, 0, 0])  # tp, fp, fn, support
            c[0] += lab in gs and lab in ps
            c[1] += lab in ps and lab not in gs
            c[2] += lab in gs and lab not in ps
            c[3] += lab in gs
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    micro = _prf(tp, fp, fn)
    per_label = {lab: _prf(*c[:3]) for lab, c in counts.items() if c[3]}
    macro = tuple(sum(v[i] for v in per_label.values()) / len(per_label) if per_label else 0.0
                  for i in range(3))
    r3 = lambda t: dict(zip(("precision", "recall", "f1"), (round(x, 3) for x in t)))  # noqa: E731
    return {"micro": r3(micro), "macro": r3(macro), "n": n, "labels": len(per_label)}


def _axes_of(metrics: dict) -> list[str]:
    """The axes ``cross_validate`` scored, in the taxonomy's order."""
    return list(dict.fromkeys(k[0] for k in metrics if k != "by_level"))


def metrics_table(metrics: dict) -> str:
    """Per axis: the model alone, the cue rules alone and the final combination, each
    with micro and macro precision/recall/F1 (pooled over all held-out units)."""
    lines = ["| axis | source | micro P | micro R | micro F1 | macro P | macro R | macro F1 "
             "| units |", "|---|---|---|---|---|---|---|---|---|"]
    for axis in _axes_of(metrics):
        for source in SOURCES:
            m = metrics[(axis, source)]
            mi, ma = m["micro"], m["macro"]
            lines.append(f"| {axis} | {source} | {mi['precision']:.3f} | {mi['recall']:.3f} | "
                         f"{mi['f1']:.3f} | {ma['precision']:.3f} | {ma['recall']:.3f} | "
                         f"{ma['f1']:.3f} | {m['n']} |")
    return "\n".join(lines)


def level_table(metrics: dict) -> str:
    """Micro F1 per level of unit, as model / rule / final."""
    by_level = metrics.get("by_level", {})
    axes = _axes_of(metrics)
    levels = [lv for lv in LEVELS if any(k[0] == lv for k in by_level)]
    lines = ["| level | units | " + " | ".join(axes) + " |",
             "|---|---|" + "---|" * len(axes)]
    for lv in levels:
        n = by_level[(lv, axes[0], "final")]["n"]
        cells = ["/".join(f"{by_level[(lv, axis, s)]['f1']:.2f}" for s in SOURCES)
                 for axis in axes]
        lines.append(f"| {lv} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _missing_genres(units: list[dict], taxonomy) -> str:
    if taxonomy is None:
        return ""
    present = {u["genre"] for u in units if u.get("genre")}
    missing = [g for g in taxonomy["genre"].ids if g not in present]
    return f" ({', '.join(missing)})" if missing else ""


def _single_item_genres(units: list[dict]) -> str:
    groups: dict[str, set[str]] = {}
    for u, g in zip(units, fold_groups(units)):
        if u.get("genre"):
            groups.setdefault(u["genre"], set()).add(g)
    single = sorted(g for g, d in groups.items() if len(d) == 1)
    if not single:
        return "Every genre present occurs in at least two items."
    return textwrap.fill(f"Genres found in one item only ({', '.join(single)}) have no "
                         "training example when that item is held out: the model cannot "
                         "predict them there, only the cue rules can. The genre numbers "
                         "of the model say nothing about how it does on a new document of "
                         "a genre it was trained on.", width=88)


def label_counts_table(units: list[dict], taxonomy=None) -> str:
    """Units per label and axis (a unit counts once per label it has)."""
    from collections import Counter

    lines = ["| axis | label | units |", "|---|---|---|"]
    for axis in (taxonomy.axes if taxonomy is not None else ("genre", *MULTI_AXES)):
        counts: Counter = Counter()
        for u in units:
            vals = u.get(axis)
            counts.update([vals] if isinstance(vals, str) else (vals or []))
        order = list(taxonomy[axis].ids) if taxonomy is not None else sorted(counts)
        for lab in order:
            lines.append(f"| {axis} | {lab} | {counts.get(lab, 0)} |")
    return "\n".join(lines)


def write_model_card(path: Path, metrics: dict, units: list[dict], n_human: int,
                     taxonomy=None, extra: str = "") -> None:
    from collections import Counter

    # deferred for start-up time (numpy, scipy, sklearn)
    from huibian.nlp.classify import COMBINE, MODEL_GATE

    levels = Counter(u.get("level", "item") for u in units)
    groups = fold_groups(units)
    n_groups = len(set(groups))
    n_docs = len({u.get("source") or g for u, g in zip(units, groups)})
    n_folds = min(MAX_FOLDS, n_groups)
    loo = "; leave-one-item-out" if n_folds == n_groups else ""
    combine = ", ".join(f"{a} {how}" for a, how in COMBINE.items())
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    item_vote_text = ", ".join(f"{a} {t}" for a, t in ITEM_VOTE.items()) or "off"
    max_themes = MAX_THEMES
    text = f"""# Model card: huibian classifier

Written by `huibian train` on {date}. Do not edit by hand; retrain instead.

## What it does
Labels every item on the four axes of `models/taxonomy.json`: genre (one label),
sector, theme, carrier (multi-label). Two sources side by side: cue-word rules from the
taxonomy and scikit-learn pipelines (our jieba Tokenizer inside the pipeline -> TF-IDF
-> logistic regression, one-vs-rest for multi-label axes; genre adds structural
features such as a document number, 一、指导思想, a signature and date block). Multi-label
axes are scored per paragraph; sector and theme by the share of the item they cover,
carrier by the best paragraph. The final score of a label combines the two sources
(`huibian.nlp.classify.combine`; {combine}):
- gated_max (sector, theme, carrier): the higher of the rule score and the model
  probability, the model counting only from {MODEL_GATE} up. Its probabilities, learned
  from a few hundred overlapping units, are poorly calibrated: the plain mean used before
  let a weak model outvote the rules' cue evidence and lost carrier recall.
- mean (genre): the mean of the two. The rules' side is the genre the item's title
  names by its last words (`models/genre_titles.txt`: …的通知, …实施方案, …工作总结,
  …上的讲话, …办法) or the splitter's mark (preface, notice) when there is one, else the
  cue words counted. Chosen by cross-fitting on the development set's train split
  (accuracy 0.950 with the earlier backoff rule, 0.971 with the mean).
- Coverage thresholds (the share of an item a sector or theme must cover; sector per
  label, theme one threshold for all themes); a carrier also needs its cue a number of
  times (per label), or once in the title, a heading or a quoted name (a passing mention
  is no carrier). `huibian train` chooses them by cross-fitting on the train split
  (`huibian.evaluation.thresholds`, folds by a hash of the document name) and writes
  `models/label_thresholds.json`; the values are listed under the dev-test section.
- The item vote (defaults: {item_vote_text}): the model also reads the whole item, and a
  label whose probability there reaches the vote's threshold is given though no
  paragraph gave it (a theme carried by the whole text in words other than the cue
  words); the cap of {max_themes} themes keeps the labels with the higher of coverage
  score and item probability.
- The evidence vote (carrier, on an item of more than one paragraph): an evidence model
  reads every sentence of the item (one logistic regression a carrier on the sentence's
  words, learned from the labels' evidence quotes and the labeled sentence units: the
  quoted sentence positive, every sentence of an item without the carrier negative). A
  carrier whose best sentence stays below the veto threshold is dropped however its cue
  words occur (mentioned, not run by the unit); one whose best sentence reaches the add
  threshold is given without them (a vehicle described in other words). Its reason
  quotes that sentence.
- The stacked decision (carrier, when `models/label_thresholds.json` holds a
  `stacker`): instead of the cue count, the veto and the add threshold each deciding
  alone, one logistic regression (the same weights for every carrier) over a carrier's
  evidence in the item -- its cue count, a cue in the title, a heading or a quoted
  name, its best paragraph's score and model probability, and the evidence model's
  probability on its best sentence, the share of the item it covers and how many
  carriers have a cue in the item (one named among many is more often an example) --
  gives it from a cut. `huibian train` fits it on
  the cross-fitted features of the train split (each item's from models that did not
  learn from it) and chooses the cut by cross-fitting; the weights are listed under the
  dev-test section. The cross-validation table below does not use it (it runs the
  classifier with the module's default thresholds).
- Rules alone for a label the model has no classifier for (fewer than 3 training units).

## Training data
- {len(units)} labeled units from {n_docs} source document(s) and {n_groups} items:
  {levels.get('item', 0)} items, {levels.get('section', 0)} sections,
  {levels.get('paragraph', 0)} paragraphs and {levels.get('sentence', 0)} sentences of the sample
  corpus (`corpora/labels/*.jsonl`, each labeled by reading it; how: `corpora/labels/README.md`),
  {sum(1 for u in units if str(u.get('id', '')).startswith('dev:'))} item(s) of the development
  set's train split (`corpora/understanding/`, documents written and labeled by the team),
  plus {n_human} item(s) with human labels from the store. No generated text. Sections,
  paragraphs and sentences lie inside their items (the same text at four granularities),
  so the units are far from independent. A unit's genre is the genre of its item.
- Genres present in the data: {", ".join(sorted({u['genre'] for u in units if u.get('genre')}))}.
  Genres without examples{_missing_genres(units, taxonomy)} are predicted by cue rules only.

{label_counts_table(units, taxonomy)}

## Cross-validation ({n_folds} folds grouped by item; `huibian train` reproduces these numbers)
`GroupKFold` with the item as the group: an item and all its sections, paragraphs and
sentences are held out together, so no text of a held-out item (and no paragraph of it)
is ever in training ({n_folds} folds over {n_groups} items{loo}). Items, not whole source
files, are the groups because a compiled volume (seed 000) holds items by different
units and authors; the preface and the two cases of seed 000 are separate groups, and so
are the cover notice of seed 002 and the guidance it forwards (the notice repeats the
guidance's title, one line). Human-labeled items from the store join the item with the
same text, else form a group of their own.
{_single_item_genres(units)}

Scores are pooled over all held-out units of all levels. Micro: over all (unit, label)
decisions; macro: the mean over the labels that occur in the held-out gold labels.
Genre is one label a unit: micro P = R = F1 = accuracy for the model and the
combination, which always name a genre; the rules alone name none when they find no
genre cue (counted as no prediction), so their precision is higher than their recall.
"model" = the trained pipelines alone, "rule" = the cue rules alone, "final" = the
combination the classifier uses.

{metrics_table(metrics)}

Micro F1 per level of unit (model / rule / final):

{level_table(metrics)}

Genre: the combination gives the rules' genre wherever they find a genre cue; where they
find none (most sentences and many paragraphs) it takes the model's guess, which in
these folds is nearly always wrong (the held-out item's genre is unseen in training),
while the rules alone abstain there. So its pooled genre F1 is below the rules' even
though on items and on every unit with a cue it is the rules' answer.

The combination rule was chosen on these same folds among a few candidates (mean;
weighted mean 3:1 for the rules; max; noisy-or; max with the model gated at 0.7, 0.8,
0.9), so the "final" row is slightly optimistic by that choice.

## Limits
- Indicative only: {len(units)} units from {n_docs} source document(s), {n_groups} items. The numbers
  say little about documents unlike these, and a difference of a few points is noise.
- Genre: the model cannot be measured on genres that occur in one item; in practice the
  genre comes from the cue rules (and the splitter's hints) whenever they find a cue.
- Saved with skops (no pickle), format version in the file, written atomically.
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".md.tmp")
    if extra:
        text = text.rstrip("\n") + "\n\n" + extra.strip("\n") + "\n"
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def train(models_dir: Path, taxonomy, tokenizer, human_units: list[dict] | None = None,
          labels_dir: Path | None = None, extra_units: list[dict] | None = None,
          card_extra=None) -> dict:
    """``card_extra``: called with the saved model's path after saving; returns text added
    to the model card (the dev-test numbers)."""
    """``extra_units``: more labeled items (the team's development set, train split)."""
    from threadpoolctl import threadpool_limits

    units = load_units(labels_dir, taxonomy) + list(extra_units or []) + list(human_units or [])
    # small problems: BLAS threads only add contention (4x slower on a busy machine)
    with threadpool_limits(1):
        metrics = cross_validate(units, taxonomy, tokenizer)
        seg = Classifier(taxonomy, None, tokenizer).segment
        models = Models.fit(units, taxonomy, seg)
    models.training.update({"human_units": len(human_units or [])})
    models.save(Path(models_dir) / "classifier.skops")
    extra = card_extra(Path(models_dir) / "classifier.skops") if card_extra else ""
    write_model_card(Path(models_dir) / "MODEL_CARD.md", metrics, units, len(human_units or []),
                     taxonomy, extra=extra)
    return metrics
