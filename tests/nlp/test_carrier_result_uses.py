"""A carrier cue in a clause that says how an outcome is used (作为评优评先的依据, 与评先
挂钩, 评先资格, 优先推荐) or in a condition (受到表彰的，) names no vehicle the unit runs
(models/taxonomy.json: the carrier axis's ``result_uses``); mechanism, whose vehicle is
exactly such a use (纳入考核, 作为考核的依据), keeps its cues there (``in_result_uses``).
A quoted activity's 实践活动 (开展“X”实践活动) is a theme practice's cue. Texts written
for these tests."""

import pytest


def _cues(resources, text):
    return [(pos, cue, label) for pos, cue, label in
            resources.classifier.rules.all_hits(text)["carrier"]]


def test_cues_in_a_use_of_results_are_no_cues(resources):
    text = ("年底由居民代表对网格员进行测评，测评结果作为评先评优的重要依据。"
            "积分靠前的，在评选优秀党员时优先推荐；受到区级以上表彰的，每次加五分。")
    # the appraisal run (进行测评) counts; its result named in the use (测评结果作为…) does not
    assert _cues(resources, text) == [(13, "测评", "mass_appraisal")]


def test_a_selection_the_unit_runs_still_counts(resources):
    """评选 and 表彰 the unit itself runs (年底评选…, 对…的，予以表彰) are cues; a clause
    opening with 依据 as a preposition is no use of results."""
    text = "依据《先进评选办法》，年底评选十名服务标兵。对表现突出的，予以表彰。"
    assert [c for _, c, _ in _cues(resources, text)] == ["评选", "评选", "表彰"]


def test_mechanism_keeps_its_cues_in_a_use_of_results(resources):
    text = "履职情况纳入年度考核，作为考核评优的依据。"
    assert _cues(resources, text) == [(8, "考核", "mechanism"), (13, "考核", "mechanism")]
    assert resources.taxonomy["carrier"].label("mechanism").in_result_uses
    assert not resources.taxonomy["carrier"].label("commendation").in_result_uses


@pytest.mark.parametrize("text, found", [
    ("学校开展“书香伴我行”实践活动，每月一次。", ["”实践活动"]),
    ("今年是学习实践活动的第三年，学生参加社会实践活动。", []),
])
def test_a_quoted_practice_activity(resources, text, found):
    assert [c for _, c, lab in _cues(resources, text) if lab == "theme_practice"] == found


def test_cues_under_a_problems_heading_are_no_cues(resources):
    """The carrier axis's problems (models/taxonomy.json; LABELING.md: the problems an
    article analyses are no vehicle): a cue under 二、存在的问题 up to the next heading of
    its level is no cue; one under （二）不足之处 up to the next （三）."""
    text = ("一、主要做法\n支部设立党员示范岗。\n二、存在的问题\n一是示范岗作用发挥不够，志愿服务不经常。\n"
            "三、体会\n示范岗作用明显。")
    assert [(p, c) for p, c, _ in _cues(resources, text)] == [(13, "示范岗"), (52, "示范岗")]
    sub = "（一）成效\n开展志愿服务。\n（二）不足之处\n结对帮扶流于形式。\n（三）打算\n继续结对帮扶。"
    assert [c for _, c, _ in _cues(resources, sub)] == ["志愿服务", "结对帮扶"]
    assert "存在的问题" in resources.taxonomy["carrier"].problems
