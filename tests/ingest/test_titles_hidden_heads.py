"""Titles the head walk used to miss (issue 16: pages whose title the product left empty):
a news column's tag before a headline of two paired phrases (【支部风采】守正创新，砥砺
前行), a page's summary sentence set over the title, a template site's page where a
numbered copy (…工作总结1) and the site's intro stand between the page's heading and
the text, and a run-on text whose plan title is glued to its first sentence (…工作计划
2022年，…). Each case is a short document of our own in the layout real pages have,
run through the real ingest; the exact title and the first line of the body are
asserted, and the ordinary layouts beside them keep their titles."""

import pytest

from huibian.ingest import layout

from tests.ingest.test_units_titles_w16 import only_item as first_item


REPORT = ("三月以来，区人民医院内科党支部组织党员走进青石社区，开展义诊和健康讲座，"
          "为八十余位老人测量血压、讲解用药常识，受到居民欢迎。\n"
          "支部书记介绍，今后将把社区义诊作为支部的固定活动，每月开展一次。\n")

SUMMARY_BODY = ("一年来，镇团委在镇党委和县团委的领导下，围绕中心工作，组织青年参与乡村建设，"
                "较好地完成了全年各项任务。现将一年来的工作总结如下。\n"
                "一、主要工作\n"
                "（一）抓好团员教育。全年组织团员集中学习八次，举办青年讲堂三期。\n"
                "（二）服务乡村振兴。组建青年突击队四支，帮助农户销售农产品。\n")


@pytest.mark.parametrize("text, title, body_opens", [
    # a column tag and a headline of two paired four-character phrases: the headline
    # (the tag is the site's column, LABELING.md)
    ("【支部风采】守正创新，砥砺前行\n" + REPORT, "守正创新，砥砺前行", "三月以来"),
    # the headline's lead, a unit and a colon, on a line of its own over the headline
    ("【支部风采】内科第一党支部：\n健康服务进社区 党员医生在行动\n"
     "作者：王敏　来源：医院党委　发布时间：2022年3月9日\n" + REPORT,
     "内科第一党支部：健康服务进社区党员医生在行动", "三月以来"),
    # the same headline without the tag
    ("守正创新，砥砺前行\n" + REPORT, "守正创新，砥砺前行", "三月以来"),
    # a page's summary sentence over the title, the text under it
    ("到2020年，全县基本建成覆盖城乡的基层医疗卫生服务网络，群众看病就医更加便利。\n"
     "2019县域医疗服务能力提升实施方案\n"
     "为进一步提升县域医疗服务能力，结合我县实际，制定本方案。\n"
     "一、工作目标\n到2020年，县域内就诊率达到百分之九十。\n",
     "2019县域医疗服务能力提升实施方案", "为进一步提升"),
    # a template page: its heading, the time and column line, the site's heading of the
    # collection, its intro, the collection's heading again, the first copy's numbered title
    ("镇团委年度工作总结\n\n时间：2022-12-30 09:15:20 团委工作总结 我要投稿\n\n"
     "镇团委年度工作总结（通用6篇）\n\n"
     "时光飞逝，一年的工作转眼结束了，回顾这一年来的工作，收获颇丰，是时候认真写一份总结了。"
     "下面是小编为大家收集的镇团委年度工作总结，供大家参考借鉴。\n\n"
     "镇团委年度工作总结（通用6篇）\n\n镇团委年度工作总结1\n\n" + SUMMARY_BODY,
     "镇团委年度工作总结", "一年来"),
    # a run-on text: the plan's title glued to its first sentence, which opens with a year
    ("2022年社区党建工作总结及2023年工作计划2022年，社区党支部在街道党工委的领导下，"
     "坚持以党建引领基层治理，扎实推进各项工作。一、主要工作（一）加强班子建设。"
     "支部坚持每月召开一次支委会，研究解决居民反映的突出问题。" * 3,
     "2022年社区党建工作总结及2023年工作计划", "2022年，社区党支部"),
])
def test_hidden_titles(text, title, body_opens):
    it = first_item(text)
    assert it.title == title
    lines = [ln for ln in it.text.split("\n") if ln.strip()]
    head = layout.read_header(lines)
    assert head.title.replace(" ", "") == title.replace(" ", "") and lines[head.body].startswith(body_opens)


@pytest.mark.parametrize("line, is_title", [
    ("【支部风采】守正创新，砥砺前行", True),
    ("【转载】县实验小学2022年党建工作总结", True),
    ("【主要做法】", False),                          # a case's section heading
    ("【做法一】强化政治引领，筑牢战斗堡垒", False),   # a numbered section tag
    ("【支部风采】一是建立了学习制度", False),         # an enumerated point after a tag
])
def test_column_tags(line, is_title):
    assert layout.title_like(line) is is_title


@pytest.mark.parametrize("line, names", [
    ("守正创新 砥砺前行", False),   # paired four-character phrases
    ("李梅 王强", True),
    ("欧阳明 司马青", True),
])
def test_paired_phrases_are_no_names(line, names):
    assert layout.is_person_line(line) is names


def test_a_body_line_over_a_weak_line_keeps_the_document_untitled():
    """Only a whole title by its genre word is lifted from under a lead sentence: a
    report whose second line is an ordinary short line stays without a title."""
    text = ("三月以来，区人民医院内科党支部组织党员走进青石社区，开展义诊和健康讲座。\n"
            "义诊现场\n" + REPORT)
    assert first_item(text).title in ("", None)
