"""Predict and score: the product's understanding of the development set beside the
literal cue-word baseline (the taxonomy's cue words counted, nothing else), on every
axis of the taxonomy (``models/taxonomy.json``, in its order): an axis with one label
an item (genre) is scored by accuracy, a multi-label one by macro-F1."""

from __future__ import annotations

from collections import Counter

from huibian.evaluation.devset import LabeledDoc, LabeledVolume
from huibian.evaluation.scoring import FieldScore, field_key, item_f1, macro_f1
from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from huibian.ingest.normalize import normalize_text
from huibian.ingest.readers import read
from huibian.nlp.taxonomy import load_taxonomy
from huibian.evaluation.devset import load_documents


def main_item(items):
    """The item a single submitted document is about: the first item (a forwarded
    document after a notice is the notice's attachment)."""
    return items[0] if items else None


def predict_documents(docs: list[LabeledDoc], resources, *, splitter=None) -> list[dict]:
    """Per document: every axis of the taxonomy (shown labels: those at or above their
    threshold; an axis with one label an item: that label, None when it scored 0) and
    the metadata of its main item."""
    taxonomy = resources.taxonomy
    out = []
    for doc in docs:
        d = process_file(SourceFile.from_bytes(doc.name, doc.data), splitter=splitter)
        it = main_item(d.items)
        if it is None:
            out.append({**{a: [] if taxonomy[a].multi else None for a in taxonomy.axes},
                        "title": None, "unit": None, "date": None, "doc_number": None})
            continue
        (res,) = resources.analyzer.analyze([it])
        out.append({
            **{a: _shown(res.get(a), taxonomy[a].multi) for a in taxonomy.axes},
            "title": it.title, "unit": it.unit, "date": it.date, "doc_number": it.doc_number,
        })
    return out


def _shown(result, multi: bool):
    """The labels an axis's result shows: a list for a multi-label axis, else one label
    (None when it scored 0 or is missing)."""
    if multi:
        return [p["label"] for p in result or []]
    return result["label"] if result and result["score"] > 0 else None


def baseline_documents(docs: list[LabeledDoc], taxonomy) -> list[dict]:
    """The literal cue-word baseline: on an axis with one label an item (genre) the
    label with the most cue occurrences; on a multi-label axis every label with a cue,
    or the ``BASELINE_TOP`` labels with the most (theme: three)."""
    out = []
    for doc in docs:
        text = normalize_text(read(SourceFile.from_bytes(doc.name, doc.data)).text)
        counts = {axis: Counter() for axis in taxonomy.axes}
        for axis in taxonomy.axes:
            for label in taxonomy[axis].labels:
                n = sum(text.count(c) for c in label.cues)
                if n:
                    counts[axis][label.id] = n
        pred = {}
        for axis, c in counts.items():
            if not taxonomy[axis].multi:
                top = c.most_common(1)
                pred[axis] = top[0][0] if top else None
            elif axis in BASELINE_TOP:
                pred[axis] = [x for x, _ in c.most_common(BASELINE_TOP[axis])]
            else:
                pred[axis] = sorted(c)
        out.append(pred)
    return out


# multi-label axes on which the baseline keeps only the labels with the most cues
# (a document touches many themes in passing)
BASELINE_TOP = {"theme": 3}


def score_documents(docs: list[LabeledDoc], preds: list[dict], taxonomy) -> dict:
    """Per axis of the taxonomy: ``<axis>_accuracy`` for an axis with one label an item
    (genre_accuracy), ``<axis>_macro_f1`` for a multi-label one; then the metadata."""
    scores: dict = {"n": len(docs)}
    for axis in taxonomy.single_axes:
        scores[f"{axis}_accuracy"] = (sum(p.get(axis) == d.labels.get(axis)
                                          for d, p in zip(docs, preds))
                                      / len(docs)) if docs else 0.0
    for axis in taxonomy.multi_axes:
        scores[f"{axis}_macro_f1"] = macro_f1([d.axis(axis) for d in docs],
                                              [p.get(axis) or [] for p in preds],
                                              list(taxonomy[axis].ids))
    if "title" in (preds[0] if preds else {}):
        for f in ("title", "unit", "date", "doc_number"):
            fs = FieldScore()
            for d, p in zip(docs, preds):
                fs.add(d.labels.get(f), p.get(f))
            scores[f] = {"exact": fs.exact_rate, "present": fs.present,
                         "invented": fs.invented_rate, "absent": fs.absent}
    return scores


def genre_confusion(docs: list[LabeledDoc], preds: list[dict]) -> Counter:
    return Counter((d.genre, p["genre"]) for d, p in zip(docs, preds) if d.genre != p["genre"])


def score_volumes(vols: list[LabeledVolume], *, splitter=None) -> list[dict]:
    """Per volume and format: items found, item F1 (by title), units right."""
    rows = []
    for vol in vols:
        gold_titles = [i["title"] for i in vol.items]
        for fmt, path in sorted(vol.paths.items()):
            d = process_file(SourceFile.from_bytes(path.name, path.read_bytes()),
                             splitter=splitter)
            # a document a notice forwards is the notice's attachment, not an entry of
            # the volume; the front matter is not an entry either
            got = [it for it in d.items if it.kind_hint != "forwarded" and (
                it.kind_hint != "preface" or
                any(field_key(it.title) == field_key(g) for g in gold_titles))]
            titles = [it.title for it in got]
            by_title = {field_key(it.title): it for it in got}
            units_right = sum(1 for g in vol.items
                              if field_key(g["title"]) in by_title
                              and field_key(by_title[field_key(g["title"])].unit)
                              == field_key(g.get("unit")))
            labels_right = sum(1 for g in vol.items if g.get("label")
                               and field_key(g["title"]) in by_title
                               and by_title[field_key(g["title"])].label == g["label"])
            rows.append({"volume": vol.name, "format": fmt, "gold": len(vol.items),
                         "found": len(got), "item_f1": item_f1(gold_titles, titles),
                         "units_right": units_right,
                         "labels": sum(1 for g in vol.items if g.get("label")),
                         "labels_right": labels_right,
                         "titles": titles})
    return rows


def training_units(docs: list[LabeledDoc], taxonomy=None) -> list[dict]:
    """The documents as item-level training units (the main item's text, the
    document's labels on every axis of ``taxonomy``, default the models' one, and their
    evidence quotes), for ``huibian train``."""
    if taxonomy is None:
        taxonomy = load_taxonomy()
    units = []
    for doc in docs:
        d = process_file(SourceFile.from_bytes(doc.name, doc.data))
        it = main_item(d.items)
        if it is None:
            continue
        units.append({"id": f"dev:{doc.name}", "level": "item",
                      "source": f"corpora/understanding/docs/{doc.name}", "item": "main",
                      "text": it.text, **{a: doc.labels.get(a) or
                                          ([] if taxonomy[a].multi else None)
                                          for a in taxonomy.axes},
                      # the sentence of the document that shows a label (the evidence
                      # models of ``huibian.nlp.model_io`` learn from it)
                      "evidence": dict(doc.labels.get("evidence") or {})})
    return units


def dev_test_scores(resources, split: str = "test", thresholds: dict | None = None
                    ) -> dict | None:
    """The product's scores on the dev-test split with ``resources``' classifier
    (``thresholds``: instead of the ones it read)."""
    if thresholds is not None:
        resources.classifier.thresholds = thresholds

    docs = load_documents(split=split)
    if not docs:
        return None
    return score_documents(docs, predict_documents(docs, resources), resources.taxonomy)
