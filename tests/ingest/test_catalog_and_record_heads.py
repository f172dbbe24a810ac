"""Heads of copies whose title sits where the head walk did not look (issue 16, the
fifth round of real pages): a mirror site's pinyin glosses (风(fēng)景区(qū)), a
template site's catalog number glued to the title (第1篇 …), editors' fields and an
editor's note on a line of its own over the title, a hospital's book of rules with its
chapter over one rule, a notice's title run into its addressee, a template site's intro
line that names the sample, a journal record's citation line and its authors marked with
their affiliations, a unit's own account that opens with where it is (XX社区位于…), a
page's view switch (手机版) under the signature, and a news lead without brackets
(XX网讯 今年以来，…). Each case is a short text of our own; exact titles, units, dates."""

import pytest

from huibian.ingest.normalize import normalize

from tests.ingest.test_units_titles_w16 import only_item

REPORT = ("今年以来，支部坚持每月开展一次主题党日，组织党员到社区报到，认领服务岗位四十余个。\n"
          "下一步，支部将把服务清单同党员积分挂钩，年底统一考评。\n")

CASES = {
    "pinyin_glosses": ("青溪湾(wān)景区(qū)管理处召开党员大(dà)会\n" + REPORT,
                       "青溪湾景区管理处召开党员大会", None, None),
    "catalog_number_spaced": ("第1篇 2024年河西村党支部工作总结\n"
                              "河西村党支部现有党员三十二名，下设两个党小组。一年来，支部围绕村里的产业"
                              "发展抓党建，各项工作取得新进展。\n" + REPORT,
                              "2024年河西村党支部工作总结", "河西村党支部", None),
    "catalog_number_glued": ("第2篇小学党支部2024年度工作总结\n一、加强理论学习\n" + REPORT,
                             "小学党支部2024年度工作总结", None, None),
    "editors_and_note_line": ("初审编辑：周某\n责任编辑：吴某\n编者按：\n"
                              "为展示本市社科研究的新成果，本刊选登部分获奖论文，供读者参考。\n"
                              "新时代高校学生党支部组织力提升路径研究\n一、问题的提出\n" + REPORT,
                              "新时代高校学生党支部组织力提升路径研究", None, None),
    "book_of_rules_chapter": ("桐川县人民医院院务管理\n第三章 党建工作制度\n党委理论学习中心组学习制度\n"
                              "为推进党委理论学习中心组学习制度化、规范化，结合医院实际，制定本制度。\n"
                              "一、学习内容\n（一）党的理论和路线方针政策。\n",
                              "党委理论学习中心组学习制度", "桐川县人民医院", None),
    "notice_run_into_addressee": ("关于开展2023年度“最美志愿者”推选活动的通知各乡镇团委，县直各单位团组织："
                                  "为弘扬志愿精神，县团委决定开展本年度推选活动。现将有关事项通知如下：一、推选范围"
                                  "全县各级团组织注册志愿者。二、推选程序由各单位推荐，县团委组织评审。\n",
                                  "关于开展2023年度“最美志愿者”推选活动的通知", None, None),
    "template_intro_line": ("今天小编给大家带来了社区党支部“红色星期六”志愿服务活动方案，有需要的朋友一起来看看吧！\n"
                            "为进一步发挥党员先锋模范作用，经支部委员会研究，制定本方案。\n"
                            "一、活动时间\n每月最后一个星期六上午。\n二、活动内容\n清理楼道杂物，看望独居老人。\n",
                            "社区党支部“红色星期六”志愿服务活动方案", None, None),
    "journal_record": ("卫生管理研究2023,Vol.12Issue（4）:88-93.DOI:10.1234/j.issn.1000-0000.2023.04.012\n"
                       "公立医院临床科室党支部建设路径探析\n"
                       "Research on building Party branches in clinical departments of public hospitals\n"
                       "程某某1 许某1 马某某2\n摘要\n"
                       "本文结合三家公立医院的调查，分析临床科室党支部建设中存在的问题，提出对策。\n" + REPORT,
                       "公立医院临床科室党支部建设路径探析", None, None),
    "own_account_where_it_is": ("2023年社区党建工作总结报告\n"
                                "松岭社区位于城区东部，辖区面积一点二平方公里，居民四千余户。一年来，"
                                "我们坚持以党建引领社区治理，各项工作取得了新成效。\n" + REPORT,
                                "2023年社区党建工作总结报告", "松岭社区", None),
    "view_switch_under_signature": ("关于征集青少年读书活动优秀案例的通知\n各县区教育局，各直属学校：\n"
                                    "为总结推广读书活动经验，现征集优秀案例，请于10月底前报送。\n"
                                    "桐川市教育局关工委办公室\n2022年9月5日\n"
                                    "Copyright©2022 All Rights Reserved\n地址：桐川市人民路1号 | 邮编：100000\n手机版\n",
                                    "关于征集青少年读书活动优秀案例的通知", "桐川市教育局关工委办公室",
                                    "2022-09-05"),
    "news_lead_without_brackets": ("柳湾街道打造“红色驿站”服务品牌\n"
                                   "桐川网讯 今年以来，柳湾街道党工委在辖区商圈设立六个“红色驿站”，"
                                   "为快递员、外卖骑手提供休息和饮水服务。\n" + REPORT,
                                   "柳湾街道打造“红色驿站”服务品牌", "柳湾街道党工委", None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_head(name):
    text, title, unit, date = CASES[name]
    it = only_item(text)
    assert (it.title, it.unit, it.date) == (title, unit, date)


def test_pinyin_glosses_go_and_the_offsets_hold():
    raw = "青溪湾(wān)景区(qū)管理处\n(abc) 不是注音，风(feng)无声调也不是。\n"
    norm = normalize(raw)
    assert norm.text.split("\n")[0] == "青溪湾景区管理处"
    assert "(abc)" in norm.text and "风(feng)" in norm.text
    at = norm.text.index("景区")
    assert raw[norm.to_raw[at]:norm.to_raw[at] + 2] == "景区"


def test_a_catalog_line_over_the_items_own_title_stays_the_label():
    """第N篇 over a heading line of its own: the collector's catalog line is the label and
    the heading under it the title (the volume layout), as before."""
    it = only_item("第三篇：在全镇党建推进会上的交流发言\n凝心聚力 争创一流\n城南村党支部\n" + REPORT)
    assert (it.label, it.title, it.unit) == ("第三篇：在全镇党建推进会上的交流发言", "凝心聚力争创一流",
                                             "城南村党支部")


def test_a_rule_books_own_chapter_is_no_title():
    """A rule's own chapter (第一章 总则 over 第一条): the rule's title above it stays."""
    it = only_item("桐川县人民医院党委会议事规则\n第一章 总则\n第一条 为规范党委议事，制定本规则。\n"
                   "第二条 党委会议由党委书记召集并主持。\n")
    assert (it.title, it.unit) == ("桐川县人民医院党委会议事规则", "桐川县人民医院党委")
