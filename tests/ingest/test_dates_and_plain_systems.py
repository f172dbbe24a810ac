"""A document's own date in the forms and places real submissions print it, and a
volume of work systems (工作制度) run together in plain text split into its items.
Each case is pinned with a document of our own, written for this test."""

import pytest

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.pipeline.ingestor import process_file


def items_of(text: str, name: str = "case.txt"):
    return process_file(SourceFile.from_bytes(name, text.encode("utf-8"))).items


BODY = ("学校党支部坚持每月开展一次主题党日活动，党员教师轮流讲党课，结合教学实际谈体会。\n"
        "支部还建立了党员联系班级制度，每名党员联系一个班级，帮助后进学生补习功课。\n")
TITLE = "城南中学党支部工作总结\n"
SIGNED = "城南中学党支部\n"

DATED = [
    # the signature's date, in the forms it is typed
    ("letter_o", TITLE + BODY + SIGNED + "二O一一年三月八日\n", "2011-03-08"),
    ("zeros", TITLE + BODY + SIGNED + "二00八年五月六日\n", "2008-05-06"),
    ("greek_omicron", TITLE + BODY + SIGNED + "二Ο一一年三月八日\n", "2011-03-08"),
    ("cyrillic_o", TITLE + BODY + SIGNED + "二О一一年三月八日\n", "2011-03-08"),
    ("large_circle", TITLE + BODY + SIGNED + "二◯一一年三月八日\n", "2011-03-08"),
    ("slashes", TITLE + BODY + SIGNED + "2016/9/8\n", "2016-09-08"),
    ("dots", TITLE + BODY + SIGNED + "2011.11.30\n", "2011-11-30"),
    ("month_spaced", TITLE + BODY + SIGNED + "2012年 7月\n", "2012-07"),
    # a signature's fields with their labels (日期：, 单位： / 时间：)
    ("date_label", TITLE + BODY + SIGNED + "日期：2012年3月5日\n", "2012-03-05"),
    ("unit_and_time_labels", TITLE + BODY + "单位：城南中学党支部\n时间：2012年3月5日\n",
     "2012-03-05"),
    # a unit with its date in parentheses on the signature's line
    ("unit_paren_date", TITLE + BODY + "城南中学党支部（二〇一二年三月五日）\n", "2012-03-05"),
    ("unit_comma_date", TITLE + BODY + "城南中学党支部，2012年3月5日\n", "2012-03-05"),
    # dates under the title
    ("iso_under_title", TITLE + "2012-03-15\n" + BODY, "2012-03-15"),
    ("paren_month", TITLE + "(2010年6月)\n" + BODY, "2010-06"),
    ("unit_and_date_one_line", TITLE + "城南中学党支部 2011年11月30日\n" + BODY, "2011-11-30"),
    ("byline_and_date", "让每一间教室都亮起来\n作者：周晓岚 2016-09-08\n" + BODY, "2016-09-08"),
    ("doc_number_and_date", "关于开展主题党日活动的通知\n城中党〔2012〕8号  2012年3月15日\n各党小组：\n"
     + BODY, "2012-03-15"),
    ("printed_by_under_title", "城南中学党员联系班级制度\n中共城南中学支部委员会2012年3月5日印发\n" + BODY,
     "2012-03-05"),
    # a web page's field block: the date it was made, not the date it was posted
    ("issue_field", "关于开展主题党日活动的通知\n发文字号：城中党〔2012〕8号  成文日期：2012-03-15\n"
     "各党小组：\n" + BODY, "2012-03-15"),
    ("field_block_above_title", "索引号：11A-0032-2012-0015\n发文机关：城南区教育局\n"
     "成文日期：2012年03月15日\n发布日期：2012年03月20日\n关于开展主题党日活动的通知\n"
     "各中小学党组织：\n" + BODY, "2012-03-15"),
    ("upload_date_and_signature", "首页 > 文章中心 > 党建\n" + TITLE
     + "发布时间：2019-04-02 10:22  来源：本站\n" + BODY + SIGNED + "二〇一一年十二月二十日\n",
     "2011-12-20"),
    # the colophon's 印发 date when nothing is signed
    ("printed_by_colophon", TITLE + BODY + "抄送：区教育局\n城南中学党支部办公室  2010年6月29日印发\n",
     "2010-06-29"),
    # dates the body cites are not the document's
    ("body_cites", TITLE + "2010年5月，学校党支部换届，新一届支委会把师德建设放在首位。\n" + BODY
     + "力争在2012年6月底前完成全部任务。\n", None),
    # a page that published the copy, no date of its own: the page's date (LABELING.md)
    ("publishing_page_date_only", "首页 > 文章中心 > 党建\n" + TITLE
     + "发布时间：2019-04-02 10:22  来源：本站\n" + BODY, "2019-04-02"),
]


@pytest.mark.parametrize("text,iso", [c[1:] for c in DATED], ids=[c[0] for c in DATED])
def test_the_documents_own_date(text, iso):
    (item,) = items_of(text)
    assert item.date == iso


def test_a_date_glued_to_a_unit_byline_or_doc_number_is_split_off():
    assert layout.split_paren_date("城南中学党支部2011年11月30日") == ("城南中学党支部", "2011-11-30")
    assert layout.split_paren_date("城中党〔2012〕8号2012年3月15日") == ("城中党〔2012〕8号", "2012-03-15")
    assert layout.split_paren_date("中共城南中学支部委员会2012年3月5日印发") == \
        ("中共城南中学支部委员会", "2012-03-05")
    # a title that ends in a date is not a unit line
    assert layout.split_paren_date("走进新时代2012年3月5日")[1] is None
    assert layout.issue_field_date("成文日期：2012-03-15 发布日期：2012-03-20") == "2012-03-15"
    assert layout.issue_field_date("发布日期：2012-03-20") is None


PLAIN_SYSTEMS = """\
前言
本册收入的几项制度，是各基层支部近两年来在实践中逐步完善起来的。
汇编办公室
2014年1月
长丰村党员议事会制度
第一条村里的重大事项，先由党员议事会讨论，再提交村民代表会议决定。
第二条议事会每两个月召开一次，由村党支部书记主持，遇有急事可以随时召开。
第三条议事会讨论的事项和结果，由村务监督委员会在村公开栏公布
关于机关党员干部下基层蹲点的规定
第一条机关党员干部每年到联系的村或社区蹲点不少于十五天，吃住在基层。
第二条蹲点期间要走访农户，帮助基层理清发展思路，解决一两件群众关心的实事。
第三条蹲点结束后撰写调研报告，交机关党委汇总。
城关镇第一中学教职工党员
师德承诺践诺办法（试行）
一、每学年开学时，党员教师向全校师生作出书面师德承诺，承诺书在校务公开栏张贴。
二、学期中，学生和家长可以通过校长信箱反映党员教师履行承诺的情况。
三、学年末，学校组织师生对党员教师践诺情况进行测评，测评结果记入师德档案。
二〇一四年二月二十日
市档案馆党支部学习规则
第一章总则
第一条为建设学习型支部，制定本规则。
第二章学习安排
第二条支部每月集中学习一次，每次不少于半天。
第三条党员每年自学读书不少于四本，并写出读书笔记
"""


def test_work_systems_run_together_in_plain_text_split_at_their_titles():
    """No blank line, no unit line: each item is found by a short title ending in a
    system's genre word over articles that start again (第一条, 第一章, 一、); the item
    before may end without 。 or with a date."""
    items = items_of(PLAIN_SYSTEMS, "systems.txt")
    assert [i.title for i in items] == [
        "前言", "长丰村党员议事会制度", "关于机关党员干部下基层蹲点的规定",
        "城关镇第一中学教职工党员师德承诺践诺办法（试行）", "市档案馆党支部学习规则"]
    assert [i.date for i in items] == ["2014-01", None, None, "2014-02-20", None]
    assert items[1].text.rstrip().endswith("在村公开栏公布")
    assert items[4].unit == "市档案馆党支部"


ONE_SYSTEM_WITH_ATTACHMENT = """\
新桥社区党员志愿服务管理办法
第一条为规范党员志愿服务活动，制定本办法。
第二条社区党员每月参加志愿服务不少于一次，服务情况记入党员志愿服务手册。
第三条本办法由社区党委负责解释。
新桥社区党委
2015年3月2日
附件：
新桥社区党员志愿服务积分细则
第一条参加一次志愿服务记一分，带领居民参加的加记一分。
第二条积分每季度公布一次。
"""


def test_a_system_with_its_attachment_stays_one_item():
    items = items_of(ONE_SYSTEM_WITH_ATTACHMENT)
    assert [i.title for i in items] == ["新桥社区党员志愿服务管理办法"]
    assert items[0].date == "2015-03-02"


NOTICE_OF_TWO_SYSTEMS = """\
关于印发《党员议事会制度》和《党员积分管理办法》的通知
各村党支部：
现将《党员议事会制度》和《党员积分管理办法》印发给你们，请结合实际认真贯彻执行。
长丰镇党委
2014年3月1日
党员议事会制度
第一条村里的重大事项，先由党员议事会讨论，再提交村民代表会议决定。
第二条议事会每两个月召开一次，由村党支部书记主持。
党员积分管理办法
第一条党员积分实行百分制，年初基础分六十分。
第二条积分每季度公布一次。
"""


def test_a_notice_forwarding_two_systems_is_a_notice_and_two_forwarded_items():
    items = items_of(NOTICE_OF_TWO_SYSTEMS)
    assert [(i.title, i.kind_hint) for i in items] == [
        ("关于印发《党员议事会制度》和《党员积分管理办法》的通知", "notice"),
        ("党员议事会制度", "forwarded"), ("党员积分管理办法", "forwarded")]
    assert [(i.unit, i.date) for i in items] == [("长丰镇党委", "2014-03-01")] * 3
