"""The classifier's thresholds, calibrated by cross-fitting on the development set's
train split: the train documents are cut into FOLDS folds by a hash of their names; for
each fold a model is trained on the seed labels, the human labels and the other folds,
and the fold's documents are classified with every candidate setting (the models fit
once a fold; the candidates only re-decide). Each setting is chosen by its F1 over all
folds (ties: the module's default). Run by ``huibian train`` (written next to the model
it trains) and by ``python -m huibian.evaluation.thresholds [OUT]``.

The policy of each setting (global or per label) was chosen by the same cross-fitting
(bench/RESULTS.md, issue 16):

- ``coverage``: the share of an item a sector (per label) or a theme (one threshold
  for all themes: per-label theme thresholds chosen on train documents lost 0.03
  macro-F1 against one global threshold) must cover;
- ``item_vote``: theme, the whole item's model probability that gives a theme;
- ``carrier_min_hits``: how often a carrier's cue words must occur (per label; once is
  enough in the title, a heading or a quoted name);
- ``sentence_vote``: carrier, the evidence model's veto and add thresholds (global);
- ``stacker``: carrier, the stacked decision (``huibian.nlp.combine.STACK_FEATURES``): a
  logistic regression over each label's cue count, cue placement, best paragraph's
  scores and best sentence's evidence probability, fit on the cross-fitted features of
  every fold, its cut chosen by cross-fitting (the regression fit on the other folds'
  features, the fold decided); it decides instead of the min hits, veto and add (which
  stay in the file: the decision without the stacker). On the train split's nested
  cross-fitting (the thresholds chosen on four folds, the fifth decided) carrier
  macro-F1 0.786 with the thresholds, 0.797 with the stacker."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from huibian.core.models_dir import writable_models_dir
from huibian.evaluation.devset import load_documents
from huibian.evaluation.scoring import f1, label_counts, macro_f1
from huibian.nlp import combine as C
from huibian.nlp.cues import CARRIER_MIN_HITS
from huibian.pipeline.resources import Resources

FOLDS = 5
SECTOR_COVERAGE = (0.25, 0.35, 0.45, 0.55, 0.65)
THEME_COVERAGE = (0.1, 0.15, 0.25, 0.4, 0.55)
ITEM_VOTE = (0.3, 0.4, 0.5, 0.6)
MIN_HITS = (1, 2, 3, 4)
VETO = (0.0, 0.05, 0.1, 0.2, 0.3)
ADD = (0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01: the evidence model adds no label
STACK_AXES = ("carrier",)
STACK_CUTS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
STACK_CUT = 0.35  # (ties)
STACK_C = 1.0     # the stacker's regularization


def fold_of(name: str, folds: int = FOLDS) -> int:
    return int(hashlib.md5(name.encode("utf-8")).hexdigest(), 16) % folds


class CrossFit:
    """The train documents' units classified fold by fold: ``predict(thresholds, axis)``
    gives every unit's labels on ``axis`` under ``thresholds``, each by a model that did
    not learn from it."""

    def __init__(self, units: list[dict], fixed_units: list[dict], taxonomy, tokenizer,
                 folds: int = FOLDS):
        # deferred for start-up time (threadpoolctl loads numpy)
        from threadpoolctl import threadpool_limits

        # deferred for start-up time (numpy, scipy, sklearn)
        from huibian.nlp.classify import Classifier, Models

        self.taxonomy = taxonomy
        seg = Classifier(taxonomy, None, tokenizer).segment
        self.units = list(units)
        self.docs = [seg(u["text"]) for u in self.units]
        of = [fold_of(str(u.get("source") or u.get("id")), folds) for u in self.units]
        self.runs = []
        for k in range(folds):
            held = [i for i, f in enumerate(of) if f == k]
            if not held:
                continue
            with threadpool_limits(1):
                models = Models.fit(list(fixed_units) + [u for u, f in zip(self.units, of)
                                                         if f != k], taxonomy, seg)
            clf = Classifier(taxonomy, models, tokenizer)
            docs = [self.docs[i] for i in held]
            self.runs.append((clf, held, clf.prepare(docs, every_vote=True)))
        self.order = [i for _, held, _ in self.runs for i in held]

    def stack_rows(self, thresholds: dict, axis: str) -> tuple[list[dict], list[int]]:
        """Every unit's stacked-decision features on ``axis`` (label -> the features of
        ``huibian.nlp.combine.stack_features``, for the labels its paragraphs or its
        sentences scored), in ``order``, with the fold of each."""
        rows: list[dict] = []
        self.predict({**thresholds, "stacker": {}, "stack_rows": {axis: rows}}, axis)
        folds = [k for k, (_, held, _) in enumerate(self.runs) for _ in held]
        return rows, folds

    def gold(self, axis: str) -> list[list[str]]:
        return [list(self.units[i].get(axis) or []) for i in self.order]

    def predict(self, thresholds: dict, axis: str) -> list[list[str]]:
        out = []
        for clf, _, prepared in self.runs:
            clf.thresholds = thresholds
            for res in clf.classify_many(prepared[0], axes=(axis,), prepared=prepared):
                out.append([p.label for p in res[axis]])
        return out


def choose_thresholds(cf: CrossFit) -> dict:
    """Every setting of the calibrated thresholds file, chosen on ``cf``."""
    tax = cf.taxonomy
    chosen: dict = {"coverage": {}, "item_vote": {}, "carrier_min_hits": {}, "sentence_vote": {}}

    def with_(**parts) -> dict:
        out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in chosen.items()}
        for key, value in parts.items():
            out[key] = {**out[key], **value}
        return out

    def per_label(axis: str, runs: dict) -> dict:
        """label -> the candidate with the best F1 of that label (ties: the default)."""
        gold = cf.gold(axis)
        f = {}
        for cand, (thresholds, default) in runs.items():
            tp, fp, fn = label_counts(gold, cf.predict(thresholds, axis))
            f[cand] = {lab: f1(tp[lab], fp[lab], fn[lab]) for lab in tax[axis].ids}
        defaults = {cand: default for cand, (_, default) in runs.items()}
        return {lab: max(runs, key=lambda c: (f[c][lab], defaults[c])) for lab in tax[axis].ids}

    def best(axis: str, runs: dict):
        """The candidate with the best macro-F1 on ``axis`` (ties: the default)."""
        gold, labels = cf.gold(axis), list(tax[axis].ids)
        return max(runs, key=lambda c: (macro_f1(gold, cf.predict(runs[c][0], axis), labels),
                                        runs[c][1]))

    if "sector" in tax.axes:
        sector = tax["sector"].ids
        chosen["coverage"]["sector"] = per_label("sector", {
            t: (with_(coverage={"sector": {lab: t for lab in sector}}),
                t == C.COVERAGE_THRESHOLD["sector"]) for t in SECTOR_COVERAGE})
    if "theme" in tax.axes:
        theme = tax["theme"].ids
        t, v = best("theme", {
            (t, v): (with_(coverage={"theme": {lab: t for lab in theme}}, item_vote={"theme": v}),
                     (t, v) == (C.COVERAGE_THRESHOLD["theme"], C.ITEM_VOTE["theme"]))
            for t in THEME_COVERAGE for v in ITEM_VOTE})
        chosen["coverage"]["theme"] = {lab: t for lab in theme}
        chosen["item_vote"]["theme"] = v
    if "carrier" in tax.axes:
        carrier = tax["carrier"].ids
        chosen["carrier_min_hits"] = per_label("carrier", {
            k: (with_(carrier_min_hits={lab: k for lab in carrier}), k == CARRIER_MIN_HITS)
            for k in MIN_HITS})
        default = C.SENTENCE_VOTE["carrier"]
        veto, add = best("carrier", {
            (v, a): (with_(sentence_vote={"carrier": {"veto": v, "add": a}}),
                     (v, a) == (default["veto"], default["add"]))
            for v in VETO for a in ADD})
        chosen["sentence_vote"]["carrier"] = {"veto": veto, "add": add}
    for axis in STACK_AXES:
        if axis in tax.axes:
            model = fit_stacker(cf, chosen, axis)
            if model is not None:
                chosen.setdefault("stacker", {})[axis] = model
    return chosen


def _stack_matrix(rows: list[dict], labels: list[str]):
    # deferred for start-up time (numpy)
    import numpy as np

    out = []
    for row in rows:
        # a label no paragraph and no sentence scored: nothing but the item's count of
        # labels with a cue (the same for every label of the item)
        absent = C.stack_features("", {}, "", (), {}, cue_labels=0)
        at = C.STACK_FEATURES.index("cue_labels")
        absent[at] = next(iter(row.values()))[at] if row else 0.0
        out.extend(row.get(lab, absent) for lab in labels)
    return np.array(out, dtype=float)


def fit_stacker(cf: CrossFit, thresholds: dict, axis: str) -> dict | None:
    """The stacked decision of ``axis`` (``huibian.nlp.combine.stacker``): a logistic
    regression on the cross-fitted features of every unit and label, its cut the one
    of STACK_CUTS with the best macro-F1 when the regression is fit on the other folds'
    units and decides each fold's (ties: STACK_CUT). None when the units give no
    positive or no negative example."""
    # deferred for start-up time (numpy)
    import numpy as np
    # deferred for start-up time (sklearn)
    from sklearn.linear_model import LogisticRegression

    labels = list(cf.taxonomy[axis].ids)
    rows, folds = cf.stack_rows(thresholds, axis)
    gold = cf.gold(axis)
    x = _stack_matrix(rows, labels)
    y = np.array([1 if lab in g else 0 for g in gold for lab in labels])
    fold = np.repeat(np.array(folds), len(labels))
    if y.min() == y.max():
        return None
    probs = np.zeros(len(y))
    for k in sorted(set(folds)):
        train, held = fold != k, fold == k
        if y[train].min() == y[train].max():
            continue
        reg = LogisticRegression(C=STACK_C, max_iter=5000).fit(x[train], y[train])
        probs[held] = reg.predict_proba(x[held])[:, 1]
    probs = probs.reshape(len(gold), len(labels))

    def score(cut: float) -> float:
        pred = [[lab for lab, p in zip(labels, row) if p >= cut] for row in probs]
        return macro_f1(gold, pred, labels)

    cut = max(STACK_CUTS, key=lambda c: (score(c), c == STACK_CUT))
    reg = LogisticRegression(C=STACK_C, max_iter=5000).fit(x, y)
    return {"features": list(C.STACK_FEATURES),
            "weights": [round(float(w), 4) for w in reg.coef_[0]],
            "bias": round(float(reg.intercept_[0]), 4), "cut": cut,
            "cross_fitted_macro_f1": round(score(cut), 3)}


def write_thresholds(path: Path, chosen: dict, n_docs: int) -> Path:
    path = Path(path)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"note": __doc__.split("\n\n")[0].replace("\n", " "),
                               "documents": n_docs, **chosen},
                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def calibrate(out: Path | None = None) -> dict:
    """Calibrate on the train split with the seed labels and write the file."""
    # deferred for start-up time (datasketch, numpy, scipy, sklearn)
    from huibian.evaluation.run import training_units
    # deferred for start-up time (numpy, scipy, sklearn)
    from huibian.nlp.training import load_units

    res = Resources()
    train = load_documents(split="train")
    cf = CrossFit(training_units(train, res.taxonomy), load_units(taxonomy=res.taxonomy),
                  res.taxonomy, res.tokenizer)
    chosen = choose_thresholds(cf)
    write_thresholds(Path(out) if out else writable_models_dir() / "label_thresholds.json",
                     chosen, len(train))
    return chosen


if __name__ == "__main__":
    print(json.dumps(calibrate(Path(sys.argv[1]) if len(sys.argv) > 1 else None),
                     ensure_ascii=False, indent=1))
