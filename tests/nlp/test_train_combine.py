"""The rule that combines a label's cue-rule score and model probability."""

from huibian.nlp.classify import COMBINE, MODEL_GATE, THRESHOLD, Classifier, combine


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


def test_genre_is_the_mean_of_rules_and_model():
    # chosen on the development set's train split (see COMBINE's comment)
    assert COMBINE["genre"] == "mean"
    assert combine("genre", 0.0, 0.8) == 0.4
    assert combine("genre", 0.3, 0.9) == 0.6
    assert combine("genre", 0.3, None) == 0.3  # no model: the rules alone


def test_a_title_that_names_its_genre_leads_the_rules(resources):
    """The genre a title names (models/genre_titles.txt) is the rules' whole vote."""
    analyzer = resources.analyzer
    assert analyzer.title_genre("关于开展党员承诺活动的通知") == "notice"
    assert analyzer.title_genre("XX中学2012年党支部工作总结") == "summary"
    assert analyzer.title_genre("在全县教育工作会议上的讲话") == "speech"
    assert analyzer.title_genre("党员先锋岗考核办法（试行）") == "system"
    assert analyzer.title_genre("扎根课堂做学生信得过的党员教师") is None
    # an annual report of a unit's work, a brief one, a plan as a book, a meeting's report
    assert analyzer.title_genre("桐川县水利局2021年政府信息公开工作年度报告") == "summary"
    assert analyzer.title_genre("2013学年第一学期党支部工作小结") == "summary"
    assert analyzer.title_genre("2024年大学生团委工作计划书") == "plan"
    assert analyzer.title_genre("全市宣传文化系统学习贯彻全会精神会议召开") == "case"
    # a summary with the next half-year's plan after it is a summary
    assert analyzer.title_genre("2024年街道社区发展办工作总结和下半年工作计划") == "summary"
    assert analyzer.title_genre("县卫健委2023年工作总结及2024年工作安排") == "summary"
    # a member's reflections on what was studied are an essay, not a plan or a unit's report
    assert analyzer.title_genre("“两学一做”学习教育心得体会") == "article"
    assert analyzer.title_genre("党的二十大精神学习体会") == "article"
    assert analyzer.title_genre("党员教师的实践与体会") is None
    # a news headline: a meeting of any kind held (…评估会, …考核会, …推进会在我公司召开), a
    # contest in quotation marks; a notice of one stays a notice
    assert analyzer.title_genre("城东街道党工委召开2022年度支部书记述职暨党建品牌总结评估会") == "case"
    assert analyzer.title_genre("第三季度党建联席推进会在东江机械公司召开") == "case"
    assert analyzer.title_genre("实验中学党支部举办“迎七一·党章知识竞赛”") == "case"
    assert analyzer.title_genre("关于召开2023年度党支部书记述职评议会的通知") == "notice"
    text = ("各学校：\n现将有关事项通知如下。请各校结合实际，制定实施方案，明确指导思想和目标任务，"
            "认真组织实施。\n中共某某区委\n2010年6月28日")
    rules = Classifier(resources.taxonomy, None, resources.tokenizer)
    doc = rules.segment(text)
    assert rules.classify_many([doc], ["notice"])[0]["genre"].label == "notice"
