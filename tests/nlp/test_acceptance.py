"""The acceptance criteria of the analysis issue, on the real seed documents."""


def labels(result, axis):
    return [p["label"] for p in result[axis]]


def named(result):
    return {n["name"]: n["label"] for n in result["named_carriers"]}


def test_seed_000_third_item(analyzed):
    r = analyzed["000"][2]
    assert r["title"] == "推行“创岗建区”活动 提升党建管理水平"
    assert r["genre"]["label"] == "case"
    assert "health" in labels(r, "sector")
    vp = [p for p in r["carrier"] if p["label"] == "vanguard_post"]
    assert vp and "创岗建区" in vp[0]["reason"]
    assert named(r)["创岗建区"] == "vanguard_post"


def test_seed_001_plan(analyzed):
    (r,) = analyzed["001"]
    assert r["genre"]["label"] == "plan"
    assert {"edu_admin", "k12"} <= set(labels(r, "sector"))
    nc = named(r)
    assert nc["五比五看"] == "competition"
    for name in ("活动引力", "强基创先", "先锋引领", "师德引航", "堡垒创新"):
        assert nc[name] == "named_project", name
    assert {"public_pledge", "leader_review", "mass_appraisal", "commendation"} <= set(labels(r, "carrier"))


def test_seed_002_forwarded_guidance(analyzed):
    notice, guidance = analyzed["002"]
    assert notice["genre"]["label"] == "notice"
    assert guidance["genre"]["label"] == "guidance"
    assert {"edu_admin", "health"} <= set(labels(guidance, "sector"))
    assert "党员教师先锋岗" in named(guidance)


def test_scores_in_range_with_reasons(analyzed):
    for results in analyzed.values():
        for r in results:
            preds = [r["genre"], *r["sector"], *r["theme"], *r["carrier"]]
            assert all(0.0 <= p["score"] <= 1.0 and p["reason"] for p in preds)
            assert len(r["theme"]) <= 3


def test_every_entity_span_is_exact(analyzed, seeds):
    n = 0
    for key, results in analyzed.items():
        for item, r in zip(seeds[key].items, results):
            for e in r["entities"]:
                assert item.text[e["start"]:e["end"]] == e["text"]
                n += 1
    assert n > 100
    labels_seen = {e["label"] for rs in analyzed.values() for r in rs for e in r["entities"]}
    assert {"ORG", "GPE", "DATE", "PERSON", "CARRIER", "ACTIVITY"} <= labels_seen


def test_spacy_doc_text_equals_item_text(resources, seeds):
    for doc in seeds.values():
        for item in doc.items:
            sdoc = resources.annotator.doc(item.text)
            assert sdoc.text == item.text
            assert len(list(sdoc.sents)) > 1


def test_keywords_exclude_stopwords_and_template_words(analyzed, resources):
    for results in analyzed.values():
        for r in results:
            assert r["keywords"]
            assert not set(r["keywords"]) & resources.stopwords
