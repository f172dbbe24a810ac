"""The evidence vote (huibian.nlp.combine.SENTENCE_VOTE, issue 16): an evidence model
learned from the labels' evidence quotes reads every sentence of an item; a carrier
whose best sentence stays below the veto is dropped however often its cue words occur
(mentioned, not used), one whose best sentence reaches the add threshold is given
without its cue words (the unit runs the vehicle, described in other words).

The one test that stores (a human correction reaching the next ``huibian train``) runs
on both stores with ``pytest --both-stores``; not marked both_stores: its PostgreSQL
half is a whole train again (250 s on a loaded machine)."""

import json
from pathlib import Path

import pytest

from huibian.cli import main
from huibian.core.errors import DataFileError
from huibian.nlp.classify import Classifier
from huibian.nlp.combine import SENTENCE_VOTE, choose, sentence_vote
from huibian.nlp.lexicons import load_label_thresholds
from huibian.nlp.model_io import Models, evidence_sentences, fit_sentence_models
from huibian.nlp.taxonomy import load_taxonomy
from huibian.store import connect

ROOT = Path(__file__).resolve().parents[2]
TEXT = "一个标题\n" + "一段正文。" * 40


def _carrier(found: dict, sentence: dict | None, thresholds=None, sources=("rule", "model"),
             n_spans=4):
    evidenced: set = set()
    got = choose("carrier", found, {lab: 100.0 for lab in found}, 200, n_spans, text=TEXT,
                 hits=[(p, c, lab) for lab, f in found.items() for p, c, _ in f[1]],
                 thresholds=thresholds or {}, sources=sources, sentence=sentence,
                 evidenced=evidenced)
    return got, evidenced


def test_defaults_and_file(tmp_path):
    assert sentence_vote("carrier", {}) == SENTENCE_VOTE["carrier"]
    assert sentence_vote("theme", {}) is None
    tax = load_taxonomy()
    path = tmp_path / "label_thresholds.json"
    path.write_text(json.dumps({"sentence_vote": {"carrier": {"veto": 0.2, "add": 0.8}}}),
                    encoding="utf-8")
    th = load_label_thresholds(path, tax)
    assert th["sentence_vote"] == {"carrier": {"veto": 0.2, "add": 0.8}}
    assert sentence_vote("carrier", th) == {"veto": 0.2, "add": 0.8}
    path.write_text(json.dumps({"sentence_vote": {"carrier": {"veto": 0.2}}}), encoding="utf-8")
    with pytest.raises(DataFileError, match="veto"):
        load_label_thresholds(path, tax)


def test_veto_drops_a_mention_and_add_gives_an_undescribed_vehicle():
    # pairing and training pass the cue rules (each cue twice); the evidence model's best
    # sentence for pairing is 0.04 (a mention), for training 0.5; volunteer has no cue
    # at all but a sentence at 0.93; competition is unknown to the evidence model
    hit = lambda cue, lab: ((10, cue, lab), (50, cue, lab))  # noqa: E731
    found = {"pairing": (0.9, hit("结对", "pairing"), 0.9, None),
             "training": (0.8, hit("培训", "training"), 0.8, None),
             "competition": (0.7, hit("竞赛", "competition"), 0.7, None)}
    th = {"sentence_vote": {"carrier": {"veto": 0.1, "add": 0.9}}}
    got, evidenced = _carrier(found, {"pairing": 0.04, "training": 0.5, "volunteer": 0.93},
                              th)
    assert got == [("volunteer", 0.93), ("training", 0.8), ("competition", 0.7)]
    assert evidenced == {"volunteer"}
    # the rules alone (no model): no evidence vote
    got, evidenced = _carrier(found, {"pairing": 0.04, "volunteer": 0.93}, th,
                              sources=("rule",))
    assert [lab for lab, _ in got] == ["pairing", "training", "competition"] and not evidenced
    # a unit of one paragraph (a labeled paragraph or sentence): no evidence vote
    got, evidenced = _carrier(found, {"pairing": 0.04, "volunteer": 0.93}, th, n_spans=1)
    assert [lab for lab, _ in got] == ["pairing", "training", "competition"] and not evidenced


def _unit(text, carriers, evidence):
    return {"level": "item", "text": text, "carrier": carriers, "evidence": evidence}


def test_the_evidence_model_learns_used_from_mentioned(resources):
    """Positive: the sentence quoted as evidence; negative: every sentence of an item
    without the label. Items written for this test (each by hand)."""
    used = [
        ("我们与三个社区签订结对协议，党员每月上门两次。", "我们与三个社区签订结对协议"),
        ("支部组织党员和困难家庭一对一结对，逐户建立帮扶台账。", "支部组织党员和困难家庭一对一结对"),
        ("全院开展医患结对活动，每名党员医生联系五户慢病家庭。", "全院开展医患结对活动"),
        ("学校实行师生结对制度，每名党员教师带两名学困生。", "学校实行师生结对制度"),
    ]
    mentioned = [
        "会上学习了兄弟单位结对帮扶的做法。我们要形成比学赶超的氛围。",
        "报纸介绍了外省结对共建的经验。各支部结合实际认真学习。",
        "文件提到结对等多种形式，本单位重点做好窗口服务。",
        "兄弟学校的结对经验值得借鉴。本校今年主抓课堂教学。",
    ]
    units = [_unit(t, ["pairing"], {"pairing": q}) for t, q in used]
    units += [_unit(t, [], {}) for t in mentioned]
    tax = load_taxonomy()
    seg = Classifier(tax, None, resources.tokenizer).segment
    docs = {id(u): seg(u["text"]) for u in units}
    got = fit_sentence_models(units, tax, docs)
    assert got["carrier"]["labels"] == ["pairing"]
    est = got["carrier"]["estimators"][0]
    vec = got["carrier"]["tfidf"]

    def p(sentence):
        words = [w for w in resources.tokenizer.cut(sentence) if w.strip()]
        return est.predict_proba(vec.transform([" ".join(words)]))[0, 1]

    assert p("我们与两个村签订结对协议") > 0.5 > p("学习兄弟单位结对经验")


def test_shipped_model_quotes_its_evidence_sentence(resources, seeds):
    """The shipped model has an evidence model for carrier, and a carrier it gives
    quotes the best sentence of the item."""
    models = resources.classifier.models
    assert isinstance(models, Models) and "carrier" in models.sentence
    assert set(models.sentence["carrier"]["labels"]) <= set(load_taxonomy()["carrier"].ids)
    item = seeds["000"].items[1]
    (res,) = resources.analyzer.analyze([item])
    reasons = [p["reason"] for p in res["carrier"]]
    assert reasons and all("evidence" in r for r in reasons)
    spans = evidence_sentences(item.text)
    # (the quote up to its first closing mark: a sentence may quote a name itself)
    quotes = [r.split("evidence ", 1)[1].split("“", 1)[1].split("”", 1)[0].rstrip("…")
              for r in reasons]
    assert all(q and any(item.text[s:e].startswith(q) for s, e in spans) for q in quotes)


def test_a_human_correction_reaches_the_next_train(tmp_path, db_path):
    """A human label stored by ``huibian label`` is a training unit of the next
    ``huibian train`` (the card counts it, the model records it)."""
    db = db_path
    assert main(["--db", str(db), "ingest", str(ROOT / "corpora" / "sample" /
                                                 "000_3d6cb0e400fd333e.txt")]) == 0
    item_id = connect(db).execute("SELECT id FROM items WHERE seq=2").fetchone()[0]
    assert main(["label", item_id, "--carrier", "pairing", "--who", "tester",
                 "--db", str(db)]) == 0
    out = tmp_path / "models"
    assert main(["train", "--no-devset", "--models-dir", str(out), "--db", str(db)]) == 0
    assert "plus 1 item(s) with human labels" in (out / "MODEL_CARD.md").read_text("utf-8")
    assert Models.load(out / "classifier.skops").training["human_units"] == 1
