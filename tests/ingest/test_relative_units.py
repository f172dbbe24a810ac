"""Units named relative to the site's own unit (issue 16, real pages: a university's
league committee posts as 校团委, a hospital's news calls its committee 院党委, a city
paper writes 市教育局): where the text gives no fuller name, the name as written is the
document's unit (LABELING.md, unit: the head's name as written), from a headline that
opens with it and goes on with what the unit does, a page's source or author field, or
the subject of a report's or a unit's own account's first sentence. A generic kind
(学校党支部), an event named after a unit, or a body a notice cites is none. Each text is
our own; exact units."""

import pytest

from huibian.ingest import layout

from tests.ingest.test_units_titles_w16 import only_item

STUDY = ("会议传达了上级关于加强青年理论学习的部署，交流了各支部的学习计划。\n"
         "会议要求各支部把学习同服务同学结合起来，每月开展一次集中学习。\n")


@pytest.mark.parametrize("text, unit", [
    # a university page's author field names the league committee relative to the school
    ("首页 > 团学动态 > 正文\n青春心向党 建功新时代\n作者：校团委 时间：2023-05-06 点击数：\n"
     "五月的校园里，各学院团支部围绕“青春心向党”开展了一系列活动。\n" + STUDY, "校团委"),
    # a headline that opens with the relative name and goes on with what it does
    ("机关党总支开展“清廉机关”主题党日活动\n发布时间：2024-06-18 阅读量：\n"
     "6月17日下午，机关党总支全体党员走进廉政教育基地，重温入党誓词。\n" + STUDY, "机关党总支"),
    # a city paper's lead: the subject of its first sentence
    ("第03版：教育\n2025年04月02日\n抓实作风建设 护航教育发展\n"
     "本报讯 （记者 林晓）4月1日，市教育局召开全市教育系统作风建设推进会，部署全年任务。\n" + STUDY,
     "市教育局"),
    # a unit's own account of its year that opens with its relative name
    ("2022年工作总结\n本站 2023/1/9 10:21:05\n"
     "院团委围绕学院中心工作，以思想引领为主线，全面加强团的自身建设。现将一年来的工作总结如下：\n"
     "一、加强思想引领\n全年组织团员青年集中学习十二次。\n", "院团委"),
    # the lead names the body in full: that name, not the headline's relative one
    ("校团委召开学生干部培训会\n发布时间：2023-10-12\n"
     "10月11日，临川师范学院团委在图书馆报告厅召开学生干部培训会。\n" + STUDY, "临川师范学院团委"),
])
def test_a_relative_name_is_the_unit_when_none_is_given_in_full(text, unit):
    assert only_item(text).unit == unit


@pytest.mark.parametrize("text", [
    # an event named after a unit: the headline does not say who held it
    ("机关党支部工作展示暨“七一”表彰会举行\n发布日期：2014-06-30 浏览次数 263\n"
     "在建党纪念日前夕，为促进支部工作交流，机关各支部于6月24日上午集中展示了一年来的工作。\n" + STUDY),
    # a notice that cites what the school's committee issued: no issuer of its own
    ("关于组织机关干部参加合唱比赛的通知\n机关各党支部：\n"
     "为隆重庆祝建党纪念日，校党委3月10日发布了活动安排意见，现将合唱比赛有关事项通知如下。\n"
     "一、各支部要认真组织，做好赛前训练。\n"),
    # a template's generic kind is no unit
    ("学校党支部工作计划\n一、指导思想\n以党的建设为统领，扎实做好学校党建各项工作。\n"
     "二、主要措施\n（一）抓好理论学习，每月开展一次集中学习。\n"),
])
def test_no_relative_name_is_made_a_unit_where_it_is_no_issuer(text):
    assert only_item(text).unit is None


def test_relative_names_by_their_prefix():
    data = layout.default_layout()
    for name in ("校团委", "院团委", "机关党总支", "市教育局", "县妇联", "团县委"):
        assert layout.relative_unit(name, data), name
    # a generic kind, the text's own unit, a proper name, no unit at all
    for name in ("学校党支部", "医院党委", "我校党支部", "本院团委", "临川师范学院团委", "工作展示"):
        assert not layout.relative_unit(name, data), name
    assert layout.acts_after_name("校团委组织开展主题团日活动", "校团委", data)
    assert layout.acts_after_name("县妇联2022年工作总结", "县妇联", data)
    assert not layout.acts_after_name("机关党支部工作展示暨表彰会举行", "机关党支部", data)
