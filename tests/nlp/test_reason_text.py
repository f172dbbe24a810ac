"""Label reasons read as Chinese sentences at display (issue 17); the stored reasons
(the classifier's fixed form, kept by --json and the JSONL export) are not changed.
The reasons below are ones the classifier stored for the sample corpus."""

from huibian.core.timefmt import local_time
from huibian.nlp.lexicons import load_stopwords
from huibian.nlp.reason_text import reason_zh

STOP = load_stopwords()
GENRES = {"plan": "方案", "preface": "前言"}


def test_rule_and_model_parts():
    stored = ("rule 0.75: contains 先锋岗（2次）: “一是设立“党员教师先锋岗”。”; model 0.94: "
              "strongest features 党员教师先锋岗、设立、党员教师、岗位、带动")
    assert reason_zh(stored, stopwords=STOP) == (
        "命中提示词“先锋岗”（2 处）：“一是设立“党员教师先锋岗”。”；"
        "模型依据：党员教师先锋岗、设立、党员教师、岗位、带动（置信度 0.94）")


def test_stopwords_are_not_features_and_structure_is_named():
    assert reason_zh("model 1.00: strongest features 医院、了、的", stopwords=STOP) == \
        "模型依据：医院（置信度 1.00）"
    assert reason_zh("model 0.80: strongest features 了、的", stopwords=STOP) == \
        "模型判断（置信度 0.80）"
    assert reason_zh("strongest features struct:case_outline、医院、创岗", stopwords=STOP) == \
        "模型依据：案例式提纲、医院、创岗"


def test_coverage_and_the_splitters_mark():
    stored = ("27 of 38 paragraphs; best: rule 1.00: contains 医德医风（3次）、医疗（2次）、医务人员、"
              "医院: “深化“全面改善医疗服务，推进医德医风建设”专项行动，加强医务人员医德医风建设；”; "
              "model 0.98: strongest features 党员医德标兵、医德医风建设、患者、医疗卫生、合理")
    assert reason_zh(stored, stopwords=STOP) == (
        "38 段中 27 段符合；最强一段：命中提示词“医德医风”（3 处）、“医疗”（2 处）、“医务人员”（1 处）、"
        "“医院”（1 处）：“深化“全面改善医疗服务，推进医德医风建设”专项行动，加强医务人员医德医风建设；”；"
        "模型依据：党员医德标兵、医德医风建设、患者、医疗卫生、合理（置信度 0.98）")
    stored = ("rule 1.00: the splitter marked it plan; contains 实施方案（5次）、宣传发动阶段: "
              "“创先争优活动的实施方案”; model 1.00: strongest features struct:plan_outline、"
              "struct:plan_title、争创活动、岗位")
    assert reason_zh(stored, stopwords=STOP, genre_name=GENRES.get) == (
        "分篇时识别为方案；命中提示词“实施方案”（5 处）、“宣传发动阶段”（1 处）：“创先争优活动的实施方案”；"
        "模型依据：方案式提纲、方案式标题、争创活动、岗位（置信度 1.00）")


def test_a_human_label_names_who_and_when_in_the_campaigns_zone():
    stored = "human label by 张三 at 2026-12-06T06:05:00+00:00"
    assert reason_zh(stored, when=local_time) == "人工标注：张三，2026-12-06 14:05"


def test_an_unknown_form_is_left_as_it_is():
    assert reason_zh("cue words of the title") == "cue words of the title"
    assert reason_zh(None) == reason_zh("") == ""


def test_the_evidence_sentence_and_the_whole_item_vote():
    """The carrier evidence model's best sentence (its quotation may hold quotation
    marks) with the model's features after it, and a label given on the whole item."""
    reason = ("rule 1.00: contains 责任区（5次）、创岗建区: “推行“创岗建区”，划分责任区。”; "
              "model 0.98; evidence 0.97: “推行“创岗建区”，划分责任区。”: "
              "strongest features 责任区、的、创岗建区")
    assert reason_zh(reason, stopwords=["的"]) == (
        "命中提示词“责任区”（5 处）、“创岗建区”（1 处）：“推行“创岗建区”，划分责任区。”；"
        "模型判断（置信度 0.98）；关键句（置信度 0.97）：“推行“创岗建区”，划分责任区。”；"
        "模型依据：责任区、创岗建区")
    assert reason_zh("evidence 0.71: “每名党员联系十户群众。”") == (
        "关键句（置信度 0.71）：“每名党员联系十户群众。”")
    assert reason_zh("3 of 4 paragraphs; best: model 0.46 on the whole item") == (
        "4 段中 3 段符合；最强一段：全文模型判断（置信度 0.46）")
