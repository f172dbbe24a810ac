"""The labeled units of corpora/labels/ are addressable against the current normalized
sample corpus (item, paragraph index, character offsets), cover what they claim to
cover, and use only label ids of the taxonomy."""

import json
from collections import Counter
from pathlib import Path

from huibian.nlp.classify import MULTI_AXES
from huibian.nlp.features import paragraphs
from huibian.nlp.sentences import sentence_spans
from huibian.nlp.training import LABELS_DIR, SENTENCE_MIN_CHARS

ROOT = Path(__file__).resolve().parents[2]


def raw_units():
    """The files as written (no loader in between), with file and line."""
    out = []
    for path in sorted(LABELS_DIR.glob("*.jsonl")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                out.append((path.name, no, json.loads(line)))
    return out


def item_texts(seeds):
    return {f"{key}/{k}": item.text for key, doc in seeds.items()
            for k, item in enumerate(doc.items, 1)}


def test_every_unit_is_its_offsets_in_the_current_normalized_text(seeds):
    items = item_texts(seeds)
    for name, no, u in raw_units():
        where = f"{name}:{no} {u.get('id')}"
        text = items[u["item"]]
        assert isinstance(u["start"], int) and isinstance(u["end"], int), where
        assert 0 <= u["start"] < u["end"] <= len(text), where
        assert text[u["start"]:u["end"]] == u["text"], where
        assert (ROOT / u["source"]).is_file(), where
        if u["level"] == "item":
            assert (u["start"], u["end"]) == (0, len(text)), where
        if u["level"] in ("paragraph", "sentence"):
            s, e = paragraphs(text)[u["paragraph"]]
            assert s <= u["start"] and u["end"] <= e, where
            if u["level"] == "paragraph":
                assert (u["start"], u["end"]) == (s, e), where
            else:   # a sentence span of its paragraph, as huibian.nlp.sentences cuts it
                assert (u["start"] - s, u["end"] - s) in sentence_spans(text[s:e]), where


def test_every_label_id_exists_in_the_taxonomy(resources):
    tax = resources.taxonomy
    for name, no, u in raw_units():
        where = f"{name}:{no} {u.get('id')}"
        assert u["genre"] in tax["genre"].ids, where
        for axis in MULTI_AXES:
            assert isinstance(u[axis], list), where
            assert len(set(u[axis])) == len(u[axis]), where
            for lab in u[axis]:
                assert lab in tax[axis].ids, (where, axis, lab)


def test_sentences_cover_every_long_sentence_of_multi_sentence_paragraphs(seeds):
    items = item_texts(seeds)
    expected = []
    for key, text in items.items():
        for k, (s, e) in enumerate(paragraphs(text)):
            spans = sentence_spans(text[s:e])
            if len(spans) < 2:
                continue   # the paragraph unit is that sentence already
            expected += [(key, k, s + a, s + b) for a, b in spans
                         if b - a >= SENTENCE_MIN_CHARS]
    got = [(u["item"], u["paragraph"], u["start"], u["end"])
           for _, _, u in raw_units() if u["level"] == "sentence"]
    assert sorted(got) == sorted(expected)
    assert len(got) == len(set(got))


def test_unit_ids_unique_and_counts(seeds):
    units = [u for _, _, u in raw_units()]
    assert len({u["id"] for u in units}) == len(units)
    levels = Counter(u["level"] for u in units)
    assert levels["item"] == sum(len(d.items) for d in seeds.values())
    assert len(units) >= 300
    genre_of = {u["item"]: u["genre"] for u in units if u["level"] == "item"}
    for u in units:
        assert u["genre"] == genre_of[u["item"]], u["id"]
