"""The rule that combines a label's cue-rule score and model probability."""

from nlp.classify import COMBINE, MODEL_GATE, THRESHOLD, Classifier, combine


def test_one_source_alone():
    assert combine("carrier", 0.63, 0.1, ("rule",)) == 0.63
    assert combine("carrier", 0.63, 0.1, ("model",)) == 0.1
    assert combine("carrier", 0.63, None, ("model",)) == 0.0
    # no model for the label: the rule decides
    assert combine("carrier", 0.63, None) == 0.63


def test_a_weak_model_does_not_veto_the_rules():
    # one cue in a short paragraph (score ~0.63) and a model that does not see it: the
    # old mean (0.37) fell under the threshold and lost the label
    assert COMBINE["carrier"] == "gated_max"
    assert 0.5 * 0.63 + 0.5 * 0.1 < THRESHOLD
    assert combine("carrier", 0.63, 0.1) == 0.63 >= THRESHOLD


def test_only_a_confident_model_adds_a_label():
    assert combine("theme", 0.0, MODEL_GATE - 0.01) == 0.0
    assert combine("theme", 0.0, 0.93) == 0.93
    assert combine("theme", 0.2, 0.5) == 0.2


def test_genre_backs_off_to_the_model_only_without_cues():
    assert COMBINE["genre"] == "backoff"
    assert combine("genre", 0.0, 0.8) == 0.8
    assert combine("genre", 0.3, 0.9) == 0.3


def test_genre_with_cues_is_the_rules_choice(resources):
    """Where the text has genre cues, the trained model cannot change the genre."""
    models = resources.classifier.models
    text = ("关于印发《工作方案》的通知\n各学校：\n现将《工作方案》印发给你们，请结合实际认真贯彻执行。\n"
            "中共某某区委\n2010年6月28日")
    both = Classifier(resources.taxonomy, models, resources.tokenizer)
    rules = Classifier(resources.taxonomy, None, resources.tokenizer)
    doc = both.segment(text)
    g_both = both.classify_many([doc])[0]["genre"]
    g_rule = rules.classify_many([doc])[0]["genre"]
    assert g_rule.score > 0
    assert (g_both.label, round(g_both.score, 6)) == (g_rule.label, round(g_rule.score, 6))
