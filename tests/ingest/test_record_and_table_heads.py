"""Heads of real pages seen on a fresh probe (issue 16, sixteenth session): a congress
speech whose kind stands alone under the meeting's name and whose date leaves the day
blank, a journal's catalog record and bracketed fields over a paper, a disclosure page's
table with its cells set off by bars, a template page's first copy numbered (一), share
and font-size buttons over a post byline, a staff field (编辑人：) under a headline,
honours that describe branches rather than name one, a student union as a unit, and a
span of time after a place (我镇三年来…) that ends no name. Each text is our own; exact
titles, units and dates."""

import pytest

from huibian.ingest import layout

from tests.ingest.test_units_titles_w16 import only_item


CONGRESS = ("共青团石桥镇第九次代表大会\n\n开  幕  词\n\n（二〇一〇年四月   日）\n\n各位代表、同志们：\n"
            "在全镇上下奋力推进新农村建设的时候，我们迎来了团镇委第九次代表大会的召开。\n"
            "五年来，全镇各级团组织围绕中心、服务大局，带领青年在产业发展和乡村治理中积极作为。"
            "回顾我镇五年来共青团工作，我们有成绩，也有不足。\n"
            "出席这次大会的正式代表八十六名，其中有青年致富带头人、乡村教师和县级优秀共青团员。\n"
            "选举共青团石桥镇第九届委员会，是这次大会的重要任务。\n")


def test_a_congress_speech_titled_over_two_lines_with_a_blank_day():
    it = only_item(CONGRESS)
    assert (it.title, it.unit, it.date) == ("共青团石桥镇第九次代表大会开幕词", None, "2010-04")


@pytest.mark.parametrize("line, iso", [
    ("（二〇一〇年四月   日）", "2010-04"),
    ("2015年6月  日", "2015-06"),
    ("(二00九年三月日)", "2009-03"),
    ("（2010年4月8日）", "2010-04-08"),
])
def test_a_form_date_with_its_day_left_blank_is_the_month(line, iso):
    assert layout.date_of_line(line) == iso


def test_the_kind_of_a_speech_alone_is_no_persons_byline():
    data = layout.default_layout()
    assert layout._header_kind("开幕词", data) is None
    assert layout._header_kind("闭幕词", data) is None


JOURNAL = ("刊名：基层党建研究\n主办：东江师范大学；东江省高校党建研究会\n周期：双月刊\n出版地：东江省安平市\n"
           "语种：中文；\n开本：大16开\nISSN：1234-5678\nCN：12-3456/D\n邮发代号：8-123\n创刊时间：1998\n"
           "新时代高校教师党支部组织力提升的路径探析\n【作者】 方晓岚\n【机构】 东江师范大学\n【摘要】【关键词】\n"
           "【正文】摘要：教师党支部是高校党建工作的基础。本文以六所高校的调查为依据，分析了组织力不足的表现与成因。\n"
           "关键词：高校；教师党支部；组织力\n"
           "一、问题的提出\n教师党支部的组织力直接关系到党的教育方针在课堂和实验室的落实。\n")


def test_a_journal_catalog_record_over_a_paper_and_its_bracketed_fields():
    it = only_item(JOURNAL)
    assert (it.title, it.unit, it.date) == ("新时代高校教师党支部组织力提升的路径探析", "东江师范大学", None)


DISCLOSURE = ("索 引 号 | dj/2023-00046 | 发布机构 | 东江市人民政府办公室 | ||\n"
              "公开目录 | 部门信息公开年度报告 | 发布日期 | 2023-01-20 10:11 | ||\n"
              "名 称 | 东江市档案馆2022年政府信息公开工作年度报告 | ||||\n"
              "时 效 | 主题分类 | 综合政务 | 文 种 |\n"
              "本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限为2022年1月1日至12月31日。\n"
              "一、总体情况\n2022年，东江市档案馆坚持以公开为常态，全年主动公开各类信息一百二十六条。\n")


def test_a_disclosure_tables_bar_cells_give_the_title_and_the_pages_date():
    it = only_item(DISCLOSURE)
    assert (it.title, it.date) == ("东江市档案馆2022年政府信息公开工作年度报告", "2023-01-20")


@pytest.mark.parametrize("text, title", [
    ("好范文网欢迎您！\n首页 > 范文大全 > 工作总结 > 团委工作总结\n\n2023团支部工作总结\n\n"
     "20xx年团支部工作总结（一）\n\n"
     "20xx年，我厂团支部在厂党委的领导下，团结带领全厂青年围绕安全生产开展工作，现总结如下。\n"
     "一、抓思想引领。全年组织青年理论学习十二次。\n",
     "20xx年团支部工作总结"),
    ("2023社区党建工作总结_社区党建工作总结范文大全6篇\n"
     "怎样写好社区党建工作总结？下面是小编整理的几篇范文，供大家参考。\n社区党建工作总结范文（一）\n"
     "今年以来，社区党委以党建引领基层治理为主线，扎实推进各项工作，现将有关情况总结如下。\n"
     "一、加强组织建设。社区完成了网格党小组的调整。\n",
     "社区党建工作总结"),
])
def test_a_template_pages_first_copy_number_is_no_part_of_the_title(text, title):
    assert only_item(text).title == title


def test_share_and_font_buttons_do_not_take_the_post_byline_under_them():
    text = ("学习贯彻全会精神体会\n\n日期：2023-03-02 09:20    来源：东江市直属机关团工委\n\n分享：\n字号：\n\n"
            "东江市税务局机关团支部书记\n\n林晓\n\n"
            "全会对新时代青年工作提出了明确要求，作为一名团干部，我体会最深的有三点。\n"
            "第一，要把理论学习放在首位。第二，要在岗位上建功立业。第三，要从严管好团员队伍。\n")
    it = only_item(text)
    assert (it.title, it.unit, it.date) == ("学习贯彻全会精神体会", "东江市税务局机关团支部", "2023-03-02")


def test_a_staff_field_under_the_fields_is_no_title():
    text = ("东江市委教育工作领导小组关于加强中小学思想政治工作的意见\n信息来源：市委教育工委\n"
            "发文机关：东江市教育局\n发文字号：东教组〔2022〕6号\n编辑人：周明\n发布日期：2022-07-11\n"
            "分享：\n各县（市、区）党委教育工作领导小组，市直各有关单位：\n"
            "为进一步加强中小学思想政治工作，现提出如下意见。\n一、总体要求\n坚持立德树人根本任务。\n")
    it = only_item(text)
    assert it.title == "东江市委教育工作领导小组关于加强中小学思想政治工作的意见"


def test_honours_that_describe_branches_name_no_unit():
    data = layout.default_layout()
    assert not layout.proper_unit("学生支部先进党支部", data)
    assert not layout.proper_unit("示范党支部", data)
    assert layout.proper_unit("东江市第一中学党支部", data)


def test_a_student_union_is_a_unit():
    data = layout.default_layout()
    assert layout.unit_name("东江大学学生会", data) and layout.proper_unit("东江大学学生会", data)
    assert layout.unit_name("东江大学法学院团委学生会", data)
    text = ("东江大学法学院团委学生会章程\n\n第一章 总则\n"
            "第一条 为规范学生会工作，更好地服务同学，根据学校有关规定，制定本章程。\n"
            "第二条 学生会在学院党委领导和团委指导下开展工作。\n")
    assert only_item(text).unit == "东江大学法学院团委学生会"


def test_a_span_of_time_after_a_place_ends_no_name():
    data = layout.default_layout()
    assert layout.fuller_name_in("共青团", "回顾我镇三年来共青团工作，成绩来之不易。", data) is None
    # a bare kind in a title (共青团…代表大会) is no name to look for in the text
    assert layout.bare_title_unit("共青团石桥镇第九次代表大会开幕词", data) is None
    assert layout.fuller_name_in("共青团", "他是县级优秀共青团员。", data) is None


# --- a second fresh probe: speaker lines, outlines, stamps and counts in the head --------

def test_a_speaker_set_under_the_title_with_a_bar_dash_is_a_byline():
    text = ("在2021年秋季新党员入党宣誓大会上的讲话\n――黄立新\n各位老师、同学们：\n"
            "今天，我们在这里隆重举行新党员入党宣誓仪式，我代表学校党委向新党员表示祝贺。\n"
            "希望大家牢记入党誓词，在学习和工作中当好表率。\n")
    it = only_item(text)
    assert (it.title, tuple(it.authors)) == ("在2021年秋季新党员入党宣誓大会上的讲话", ("黄立新",))


def test_a_templates_outline_over_the_notice_is_no_part_of_its_head():
    text = ("一、评议时间\n二、评议对象及方式\n（一）评议对象\n（二）评议方式\n1.民主测评\n2.组织评定\n三、有关要求\n"
            "关于做好2024年度民主评议党员工作的通知\n各党员：\n"
            "根据上级党委的安排，支部将开展2024年度民主评议党员工作，具体安排如下：\n"
            "一、评议时间\n2025年1月16日上午9时。\n二、评议对象及方式\n（一）评议对象\n支部全体党员。\n")
    assert only_item(text).title == "关于做好2024年度民主评议党员工作的通知"


def test_a_headline_printed_again_after_its_stamp_in_one_run():
    text = ("关爱老人进社区 党员服务暖人心 时间:2024-05-10 关爱老人进社区 党员服务暖人心 "
            "为弘扬尊老敬老传统，5月8日，学院机关党委组织党员走进城南社区，为独居老人打扫房间、检查电器。"
            "活动中，党员们还为老人讲解了防诈骗知识。\n此次活动得到了社区居民的好评。\n")
    it = only_item(text)
    assert (it.title.replace(" ", ""), it.date) == ("关爱老人进社区党员服务暖人心", "2024-05-10")


@pytest.mark.parametrize("head, title", [
    ("关于当前村级党组织建设的调研报告（全文3820字）关于当前村级党组织建设的调研报告", "关于当前村级党组织建设的调研报告"),
    ("关于当前村级党组织建设的调研报告（3820字）", "关于当前村级党组织建设的调研报告"),
    ("论基层党组织的组织力 - 党建论文", "论基层党组织的组织力"),
    ("论基层党组织的组织力_党建论文", "论基层党组织的组织力"),
])
def test_a_sharing_pages_word_count_and_category_are_no_part_of_the_title(head, title):
    text = (head + "\n一、问题的提出\n村级党组织是党在农村全部工作和战斗力的基础。近年来，"
            "各地在村级党组织建设方面做了大量工作，但仍有一些问题需要研究。\n")
    assert only_item(text).title == title


def test_a_pages_run_on_copy_over_the_head_leaves_the_head_readable():
    text = ("在全县教育系统年度工作会议上的讲话（2022年2月18日）同志们：今天召开全县教育系统年度工作会议，"
            "主要任务是总结去年工作，部署今年任务。\n"
            "在全县教育系统年度工作会议上的讲话\n（2022年2月18日）\n同志们：\n"
            "今天召开全县教育系统年度工作会议，主要任务是总结去年工作，部署今年任务。\n"
            "去年，全县教育系统攻坚克难，办学条件明显改善，教育质量稳步提升。\n")
    it = only_item(text)
    assert (it.title, it.date) == ("在全县教育系统年度工作会议上的讲话", "2022-02-18")


@pytest.mark.parametrize("title, unit", [
    ("2023年东江中学党支部工作总结", "东江中学党支部"),
    ("2022年度东江市第一中学党总支党建工作计划", "东江市第一中学党总支"),
    ("2023年党支部工作总结", None),
    ("2019年上半年工作总结", None),
    ("东江思源公益基金会财务管理制度", "东江思源公益基金会"),
])
def test_a_titles_leading_year_then_its_unit(title, unit):
    assert layout.title_unit(title, layout.default_layout()) == unit


def test_a_kind_of_office_inside_a_kind_of_body_names_no_unit():
    data = layout.default_layout()
    assert not layout.proper_unit("医院党委书记办公室", data)
    assert layout.proper_unit("东江市第一人民医院党委书记办公室", data)
