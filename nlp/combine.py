"""How the two sources make a label: the rule score (``huibian.nlp.cues``) and the
model probability (``huibian.nlp.inference``) combined per label (``combine``), and on a
multi-label axis the item's labels chosen from its paragraphs' scores (``choose``).

The settings are per axis id, tuned on the development set for the four axes of the
shipped taxonomy (models/MODEL_CARD.md); an axis a taxonomy adds gets the defaults
(``DEFAULT_COMBINE``, ``DEFAULT_AGGREGATE``, no label cap, no usage check)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from huibian.nlp.cues import CARRIER_MIN_HITS, carrier_used

THRESHOLD = 0.4
MAX_THEMES = 3
MAX_LABELS = {"theme": MAX_THEMES}  # at most this many labels an item, per axis
COVERAGE_THRESHOLD = {"sector": 0.45, "theme": 0.15}  # per axis; chosen by cross-fitting on
                                                   # the development set's train split
# How a multi-label axis makes an item's labels from its paragraphs: "coverage" (the
# share of the item its paragraphs with the label cover, against COVERAGE_THRESHOLD) or
# "max" (the best paragraph's score, against THRESHOLD)
AGGREGATE = {"sector": "coverage", "theme": "coverage", "carrier": "max"}
DEFAULT_AGGREGATE = "max"
# How a label's rule score and model score make its final score, per axis (chosen by
# grouped cross-validation, models/MODEL_CARD.md):
# * "gated_max": the higher of the two, the model's counting only from MODEL_GATE up
#   (its probabilities from a few hundred correlated units are poorly calibrated; the
#   plain mean let a weak model veto the rules' cue evidence and lost carrier recall);
# * "backoff" (genre): the cue rules decide when they find any genre cue in the text,
#   the model only when they find none;
# * "mean": the mean of the two.
# Rules alone for a label the model has no classifier for.
# genre: "mean" since the development set (cross-fitted on its train split: accuracy
# 0.950 with "backoff", 0.971 with "mean", once the title's genre words lead the rules)
COMBINE = {"genre": "mean", "sector": "gated_max", "theme": "gated_max",
           "carrier": "gated_max"}
DEFAULT_COMBINE = "gated_max"
MODEL_GATE = 0.7
# The item vote: on these multi-label axes the model also reads the whole item, and a
# label whose probability there is at least this is given even when no paragraph gives
# it (a theme spread over the item in other words than the cue words). Per axis; the
# calibrated thresholds (``item_vote``) add or replace axes. Chosen by cross-fitting on
# the development set's train split (bench/RESULTS.md): theme 0.3-0.45 all within 0.01
# of the best; on carrier (0.5-0.7) no gain once its cue words were widened, so off.
ITEM_VOTE = {"theme": 0.4}
# The evidence vote: on these axes an evidence model (``Models.sentence``, learned from the
# labels' evidence quotes) reads every sentence of the item, and a label's best sentence
# decides beside the paragraphs: below "veto" the label is not given whatever the cue
# words say (a mention, not the unit's own vehicle); at "add" or above it is given though
# no paragraph gave it (a vehicle described without its cue words). Per axis; the
# calibrated thresholds (``sentence_vote``) replace them. Chosen by cross-fitting on the
# development set's train split (5 folds by name hash, bench/RESULTS.md): carrier
# macro-F1 0.700 -> 0.761 there.
SENTENCE_VOTE = {"carrier": {"veto": 0.1, "add": 0.7}}
SOURCES = ("rule", "model")
# The stacked decision (per axis; the calibrated thresholds' ``stacker``, learned by
# ``huibian train``): instead of the cue count, the veto and the add threshold each
# deciding alone, one logistic regression over a label's evidence (``STACK_FEATURES``,
# the same weights for every label of the axis) gives its probability, and the labels at
# ``cut`` or above are given. Learned on the train split's cross-fitted predictions (each
# item's features from models that did not learn from it; huibian.evaluation.thresholds);
# on carrier the nested cross-fitting of the train split (5 folds by name hash, the
# thresholds or the stacker chosen on four, the fifth decided; 216 documents) gave
# macro-F1 0.797 against 0.786 with the thresholds it replaces (before "coverage" was a
# feature); with the w11 documents in every fold's training, 0.803 with "coverage" and
# 0.800 without (4 folds 0.797 and 0.797, 7 folds 0.802 and 0.799). "cue_labels" (how
# many of the axis's labels have a cue in the item; a vehicle named among many others
# is more often a list of examples than the one the unit runs; its weight comes out
# negative) on 505 train documents, the stacker's folds redrawn 20 times: 0.842 ->
# 0.850 (± 0.003 a draw).
# Absent from the thresholds (or with one source alone): the thresholds decide as before.
STACK_FEATURES = ("cue_hits", "cue_placed", "paragraph_score", "paragraph_model",
                  "sentence", "sentence_with_cue", "sentence_logit", "coverage",
                  "cue_labels")

# the axes whose labels need their cues used, not only mentioned (``carrier_used``),
# with the per-label minimum number of hits under this key of the calibrated thresholds
USED_NOT_MENTIONED = {"carrier": "carrier_min_hits"}
# the single-label axis the splitter's mark and the title's genre words name (the
# ``kind_hints`` of ``Classifier.classify_many``)
HINTED_AXIS = "genre"


def how_combined(axis: str) -> str:
    return COMBINE.get(axis, DEFAULT_COMBINE)


def combine(axis: str, rule: float, model: float | None, sources=SOURCES) -> float:
    """The final score of one label; ``model`` None: no model for the label.
    ``sources`` ("rule",) or ("model",) gives one source alone (for evaluation)."""
    if "model" not in sources:
        return rule
    if "rule" not in sources:
        return model or 0.0
    if model is None:
        return rule
    try:  # (called for every paragraph and label: no call for the default)
        how = COMBINE[axis]
    except KeyError:
        how = DEFAULT_COMBINE
    if how == "gated_max":
        return rule if rule >= model or model < MODEL_GATE else model
    if how == "backoff":
        return rule if rule > 0 else model
    return 0.5 * rule + 0.5 * model


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float
    reason: str
    rule_score: float = 0.0
    model_score: float | None = None
    rule_reason: str = ""
    model_reason: str = ""

    def as_json(self) -> dict:
        return {"label": self.label, "score": round(self.score, 3), "reason": self.reason}


def by_coverage(axis: str, n_spans: int) -> bool:
    """Whether ``choose`` takes the labels of ``axis`` by the share of the item they
    cover (an item of one paragraph: by its score)."""
    return AGGREGATE.get(axis, DEFAULT_AGGREGATE) == "coverage" and n_spans > 1


def item_vote(axis: str, thresholds: dict) -> float | None:
    """The item vote's threshold on ``axis`` (None: no item vote there)."""
    return thresholds.get("item_vote", {}).get(axis, ITEM_VOTE.get(axis))


def sentence_vote(axis: str, thresholds: dict) -> dict | None:
    """The evidence vote's thresholds on ``axis`` ({"veto", "add"}; None: no vote)."""
    return thresholds.get("sentence_vote", {}).get(axis, SENTENCE_VOTE.get(axis))


def stacker(axis: str, thresholds: dict) -> dict | None:
    """The stacked decision's model on ``axis`` ({"weights", "bias", "cut"}; None: the
    thresholds decide)."""
    return thresholds.get("stacker", {}).get(axis)


def stack_features(label: str, found: dict, text: str, hits, sentence: dict,
                   coverage: float = 0.0, cue_labels: int | None = None) -> list[float]:
    """The evidence for ``label`` in an item, in the order of STACK_FEATURES: log(1 +
    its cue occurrences); 1 when one is in the title, an outline heading or a quoted
    name (``carrier_used`` with no count and no model); its best paragraph's score and
    model probability (``found``); the evidence model's probability on its best
    sentence, that probability again where a cue occurs (else 0), and its logit; the
    share of the item its paragraphs' scores cover (``choose``'s mass over total);
    log(1 + how many labels have a cue in the item) (``cue_labels``, counted from
    ``hits`` when not given)."""
    n = 0
    for h in hits:
        if h[2] == label:
            n += 1
    f = found.get(label)
    s = float(sentence.get(label, 0.0))
    placed = n > 0 and carrier_used(text, label, hits, None, 1 << 30, 2.0)
    s_in = min(max(s, 1e-4), 1.0 - 1e-4)
    if cue_labels is None:
        cue_labels = len({h[2] for h in hits})
    return [math.log1p(n), 1.0 if placed else 0.0, float(f[0]) if f else 0.0,
            float(f[3] or 0.0) if f else 0.0, s, s if n else 0.0,
            math.log(s_in / (1.0 - s_in)), float(coverage), math.log1p(cue_labels)]


def stack_columns(model: dict) -> list[int]:
    """Where each of the model's ``features`` is in STACK_FEATURES (a model learned
    before a feature was added names fewer)."""
    return [STACK_FEATURES.index(f) for f in model.get("features", STACK_FEATURES)]


def stack_probability(model: dict, x: list[float], columns: list[int] | None = None) -> float:
    if columns is not None:
        x = [x[i] for i in columns]
    z = model["bias"] + sum(w * v for w, v in zip(model["weights"], x))
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def _stacked(axis: str, model: dict, found: dict, text: str, hits, sentence: dict,
             coverage: dict, evidenced: set) -> list[tuple[str, float]]:
    """The labels the stacked decision gives (best first, with the score their
    Prediction shows: the best paragraph's, or for a label no paragraph found, the
    evidence model's on its best sentence, which its reason quotes; such a label
    goes into ``evidenced``)."""
    chosen = []
    cue_labels = len({h[2] for h in hits})
    columns = stack_columns(model)
    if columns == list(range(len(STACK_FEATURES))):
        columns = None
    for lab in sorted(set(found) | set(sentence)):
        x = stack_features(lab, found, text, hits, sentence, coverage.get(lab, 0.0),
                           cue_labels)
        if stack_probability(model, x, columns) < model["cut"]:
            continue
        if lab in found:
            chosen.append((lab, found[lab][0]))
        else:
            evidenced.add(lab)
            chosen.append((lab, sentence[lab]))
    return sorted(chosen, key=lambda ls: -ls[1])


def choose(axis: str, found: dict, mass: dict, total: int, n_spans: int, *, text: str,
           hits, thresholds: dict, sources, item: dict | None = None,
           voted: set | None = None, sentence: dict | None = None,
           evidenced: set | None = None) -> list[tuple[str, float]]:
    """The labels an item gets on the multi-label ``axis``, best first, with their
    scores: ``found`` label -> (its best paragraph's score, hits, rule score, model
    probability); ``mass`` label -> the length-weighted sum of its paragraphs' scores
    over the item's ``total`` characters in ``n_spans`` paragraphs; ``thresholds``
    the calibrated per-label thresholds (``Classifier.thresholds``); ``item`` label ->
    the model's probability on the whole item (the item vote, ``ITEM_VOTE``), or None;
    ``voted``, when given, receives the labels the item vote alone gave; ``sentence``
    label -> the evidence model's probability on the item's best sentence for it (the
    evidence vote, ``SENTENCE_VOTE``), or None; ``evidenced``, when given, receives the
    labels the evidence vote alone gave (the vote needs ``n_spans`` > 1). When the
    thresholds hold a ``stacker`` for ``axis`` (``STACK_FEATURES``) and both sources and
    the evidence model are there, it decides instead of the cue count and the votes (a
    label it gives that no paragraph found goes into ``evidenced``)."""
    rows = thresholds.get("stack_rows", {}).get(axis)
    model = stacker(axis, thresholds)
    if rows is not None or model is not None:
        coverage = {lab: m / (total or 1) for lab, m in mass.items()}
    if rows is not None:  # (huibian.evaluation.thresholds collects the features)
        cue_labels = len({h[2] for h in hits})
        rows.append({lab: stack_features(lab, found, text, hits, sentence or {},
                                         coverage.get(lab, 0.0), cue_labels)
                     for lab in set(found) | set(sentence or {})})
    if model is not None and sentence is not None and "rule" in sources and "model" in sources:
        chosen = _stacked(axis, model, found, text, hits, sentence, coverage,
                          set() if evidenced is None else evidenced)
        return chosen[:MAX_LABELS[axis]] if axis in MAX_LABELS else chosen
    if by_coverage(axis, n_spans):
        # an item is "in" a sector / "about" a theme by how much of it is
        scored = [(lab, 1.0 - math.exp(-3.0 * (mass[lab] / total))) for lab in found]
        chosen = sorted(scored, key=lambda ls: -ls[1])
        cov = thresholds.get("coverage", {}).get(axis, {})
        default = COVERAGE_THRESHOLD.get(axis, THRESHOLD)
        keep = [ls for ls in chosen if ls[1] >= cov.get(ls[0], default)]
        chosen = keep or chosen[:1]
    else:
        chosen = sorted(((lab, f[0]) for lab, f in found.items() if f[0] >= THRESHOLD),
                        key=lambda ls: -ls[1])
    voted = set() if voted is None else voted
    vote = item_vote(axis, thresholds) if item and "model" in sources else None
    if vote is not None:
        # the whole item's model probability gives a label the paragraphs missed, and
        # ranks the labels beside their own score (the higher of the two counts: the
        # cap of MAX_LABELS keeps the labels either reading is surest of)
        given = {lab for lab, _ in chosen}
        voted.update(lab for lab, m in item.items() if m >= vote and lab not in given)
        chosen = sorted(chosen + [(lab, item[lab]) for lab in sorted(voted)],
                        key=lambda ls: -max(ls[1], item.get(ls[0], 0.0)))
    if axis in USED_NOT_MENTIONED and "rule" in sources:
        # (the item vote is the model reading the whole item: a use, not a mention)
        mins = thresholds.get(USED_NOT_MENTIONED[axis], {})
        chosen = [ls for ls in chosen if ls[0] in voted or
                  carrier_used(text, ls[0], hits, found[ls[0]][3],
                               mins.get(ls[0], CARRIER_MIN_HITS), MODEL_GATE)]
    evidenced = set() if evidenced is None else evidenced
    ev = sentence_vote(axis, thresholds) if sentence and "model" in sources and n_spans > 1 \
        else None
    if ev is not None:
        # the best sentence for a label says whether the item runs that vehicle: too low
        # and a label the cue words gave is dropped (a label the evidence model does not
        # know is kept); high enough and it is given without them. Only on an item of
        # more than one paragraph: whether a document runs a vehicle or mentions it in
        # passing is a question about the whole document (a paragraph or a sentence
        # labeled by itself is judged by its cue words and the paragraph model)
        chosen = [ls for ls in chosen if sentence.get(ls[0], 1.0) >= ev["veto"]]
        given = {lab for lab, _ in chosen}
        evidenced.update(lab for lab, p in sentence.items() if p >= ev["add"] and lab not in given)
        chosen = sorted(chosen + [(lab, sentence[lab]) for lab in sorted(evidenced)],
                        key=lambda ls: -ls[1])
    if axis in MAX_LABELS:
        chosen = chosen[:MAX_LABELS[axis]]
    return chosen
