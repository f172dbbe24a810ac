"""The fast batch path of analysis gives exactly what the one-item path and the plain
scikit-learn / regex reference give: same labels, scores (bit for bit), reasons,
keywords, entities, named carriers."""

import json
import random
from pathlib import Path

import pytest

from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from huibian.nlp.analysis import ItemText
from huibian.nlp.classify import _batch_bags, _paragraph_words
from huibian.nlp.features import Segmented, content_words_of, paragraphs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_items():
    """Every item of every sample file (text, PDF, Word)."""
    items = []
    for path in sorted((ROOT / "corpora" / "sample").iterdir()):
        if path.suffix in (".txt", ".pdf", ".docx"):
            items.extend(process_file(SourceFile.from_bytes(str(path), path.read_bytes())).items)
    assert len(items) >= 10
    return items


@pytest.fixture(scope="module")
def unit_texts():
    """The labeled paragraphs and sections: many short texts of every genre."""
    out = []
    for name in ("sample.jsonl", "sections.jsonl"):
        for line in (ROOT / "corpora" / "labels" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(ItemText("unit", json.loads(line)["text"]))
    assert len(out) > 100
    return out


def test_batch_analysis_equals_one_item_analysis(resources, sample_items):
    analyzer = resources.analyzer
    batch = analyzer.analyze(sample_items)
    for item, got in zip(sample_items, batch):
        (alone,) = analyzer.analyze([item])
        assert got == alone, item.title
        assert got["entities"] and got["keywords"]


def test_batch_units_equal_one_by_one(resources, unit_texts):
    analyzer = resources.analyzer
    batch = analyzer.analyze(unit_texts)
    assert batch == [analyzer.analyze([u])[0] for u in unit_texts]


def _classify_both(classifier, docs, hints):
    classifier.reference = True
    try:
        ref = classifier.classify_many(docs, hints)
    finally:
        classifier.reference = False
    return ref, classifier.classify_many(docs, hints)


def test_fast_classifier_equals_scikit_learn_pipelines(resources, sample_items, unit_texts):
    classifier = resources.classifier
    assert classifier.models is not None
    assert classifier._vocab_index().complete  # the merged-vocabulary rows are used
    # the three multi-label models' TF-IDF steps are alike: their rows computed once
    index = classifier._vocab_index()
    assert len({index.same_as.get(id(v), id(v)) for v in
                (dict(p.steps)["tfidf"] for p in classifier.models.multi.values())}) == 1
    assert classifier._stacked_multi() is not None  # and one product for the three axes
    for group in (sample_items, unit_texts):
        docs = [Segmented.cut(it.text, resources.tokenizer) for it in group]
        hints = [getattr(it, "kind_hint", None) for it in group]
        ref, fast = _classify_both(classifier, docs, hints)
        assert fast == ref  # Prediction equality: scores equal as floats, reasons as text
    assert any(p.model_score is not None for r in fast for p in r["sector"])


def test_batch_bags_are_the_pipeline_rows(resources, sample_items):
    docs = [Segmented.cut(it.text, resources.tokenizer) for it in sample_items]
    spans_of = [paragraphs(d.text) or [(0, len(d.text))] for d in docs]
    items, paras = _batch_bags(docs, spans_of)
    assert items.word_lists == [content_words_of(d.words) for d in docs]
    assert paras.word_lists == [ws for d, spans in zip(docs, spans_of)
                                for ws in _paragraph_words(d, spans)]


def test_cue_hits_equal_the_regex_alternation(resources, sample_items, unit_texts):
    rules = resources.classifier.rules
    cues = sorted({c for owner in rules._label_of.values() for c in owner})
    texts = [it.text for it in sample_items] + [u.text for u in unit_texts]
    texts += ["".join(cues), "".join(c[1:] + c for c in cues), "", "党"]
    rnd = random.Random(7)  # cues and cue tails run together: overlaps of every kind
    texts += ["".join(rnd.choice(cues)[rnd.randrange(2):] for _ in range(30))
              for _ in range(300)]
    assert rules._automata is not None
    for text in texts:
        got = rules._hits_ac(text)  # the automata's hits, before the not_cues are taken out
        for axis in rules._rx:
            assert got[axis] == rules._hits_rx(axis, text)


def test_not_cues_take_out_the_hits_inside_them(resources):
    """all_hits is the automata's hits less those inside a label's not_cues (研究 inside
    研究生), on both paths alike."""
    rules = resources.classifier.rules
    text = "研究生研究了想办法和办法，本办法按规定执行规定。"
    raw = rules._hits_ac(text)["genre"]
    assert [c for _, c, _ in raw] == ["研究", "研究", "办法", "办法", "本办法", "规定", "规定"]
    assert [(p, c) for p, c, _ in rules.all_hits(text)["genre"]] == \
        [(3, "研究"), (10, "办法"), (13, "本办法"), (21, "规定")]


def test_structural_counts_equal_finditer(sample_items, unit_texts):
    from huibian.nlp.features import (_ALTERNATIONS, _LITERALS, _SPECIAL, STRUCTURAL,
                               structural_counts)

    rnd = random.Random(11)
    pieces = [lit for lits in _LITERALS.values() for lit in lits]
    pieces += [lit for lits in _ALTERNATIONS.values() for lit in lits]
    pieces += ["吴创组办", "〔2010〕13号", "[2011]2号", "（2012）7号", "〔201〕1号", "号",
               "总结如下", "工作总结", "体会议", "\n", "：", ":", "各单位", "x" * 119, "x" * 120,
               "第四阶段", "第一", "阶段", "现将", "印发给你们", "转发", "给你们", "请结合实际",
               "：\n", ":\n", "工作总结如下", "下一步骤", "实施步骤第一阶段", "同志们", "党员同志们对"]
    texts = [it.text for it in sample_items] + [u.text for u in unit_texts]
    texts += ["".join(rnd.choice(pieces)[rnd.randrange(2):] for _ in range(rnd.randrange(1, 15)))
              for _ in range(3000)]
    assert "case_outline" in _LITERALS and "summary_words" not in _LITERALS  # 总结 overlaps
    assert set(_ALTERNATIONS) == {"summary_words", "plan_outline", "speech_opening"}
    assert set(_SPECIAL) == {"doc_number", "addressees", "forwarding"}
    for text in texts:
        assert structural_counts(text) == [sum(1 for _ in rx.finditer(text))
                                           for _, rx in STRUCTURAL], text[:60]


def test_doc_sentence_starts(resources, sample_items, unit_texts):
    """A token starts a sentence when it is the first, begins with a line break, or
    follows a token ending with 。！？； or holding a line break."""
    nlp_tok = resources.annotator.nlp.tokenizer
    for text in [it.text for it in sample_items] + [u.text for u in unit_texts] + ["", "\n"]:
        doc = nlp_tok.make_doc(text, Segmented.cut(text, resources.tokenizer))
        assert doc.text == text
        words = [t.text for t in doc]
        want = [i == 0 or w[0] == "\n" or words[i - 1][-1] in "。！？；" or "\n" in words[i - 1]
                for i, w in enumerate(words)]
        assert [bool(t.is_sent_start) for t in doc] == want


def test_sentence_finder_equals_sentence_at(sample_items, unit_texts):
    from huibian.nlp.sentences import SentenceFinder, sentence_at, sentence_spans

    rnd = random.Random(5)
    pieces = ["。", "！", "？", "；", "!", "?", ";", "”", "）", ")", "」", "\n", "\n\n", " ",
              "\u3000", "\t", "\r", "党", "ab", "“"]
    texts = [it.text for it in sample_items] + [u.text for u in unit_texts]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(30))) for _ in range(2000)]
    for text in texts:
        spans, finder = sentence_spans(text), SentenceFinder(text)
        for pos in range(len(text) + 1):
            assert finder.at(pos) == sentence_at(text, spans, pos)


def test_a_denied_carrier_cue_is_no_cue(resources):
    """The carrier axis's negations (models/taxonomy.json): a cue after 没有搞, 不评, 尚未…
    in its own clause, at most ten characters back, is no cue; 不断 is no negation, and a
    negation in the clause before does not reach past the comma."""
    rules = resources.classifier.rules
    text = "我们没有搞先锋岗，而是设立了党员示范岗。学校不评先进，不断开展志愿服务。"
    assert [(p, c) for p, c, _ in rules.all_hits(text)["carrier"]] == [(16, "示范岗"), (31, "志愿服务")]
    far = "支部没有把这件事当成负担来看待而是设立先锋岗"  # the negation 18 characters back
    assert [c for _, c, _ in rules.all_hits(far)["carrier"]] == ["先锋岗"]


def test_a_carrier_cue_among_intentions_is_no_cue(resources):
    """The carrier axis's intentions (models/taxonomy.json; LABELING.md: a summary's 下步
    打算 / 明年 / 下一步将… is no vehicle it used): a cue under a heading of intentions up
    to the next top-level heading, or in a sentence opening with 下一步， is no cue; 明年的…
    without the comma, and what follows the next heading, still count."""
    rules = resources.classifier.rules
    text = ("一、主要做法\n支部设立党员示范岗，开展志愿服务。\n二、下一步打算\n我们将开展结对帮扶，评选先进。\n"
            "三、体会\n示范岗作用明显。下一步，支部将推行积分管理。明年的志愿服务继续。")
    assert [(p, c) for p, c, _ in rules.all_hits(text)["carrier"]] == \
        [(13, "示范岗"), (19, "志愿服务"), (54, "示范岗"), (79, "志愿服务")]
