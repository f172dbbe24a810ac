"""The unit and the date of real layouts found by a blind probe of web pages (issue 16,
batch w15c; corpora/understanding/docs/w15c_*): each case is a short document of our
own, run through the real ingest (normalizing, splitting, head and signature reading);
the exact unit and date are asserted."""

import pytest

from huibian.ingest import layout
# the w14 module's reader and filler paragraph: the same two lines under every case
from tests.ingest.test_dates_units_w14 import BODY, first_item

CASES = [
    # a unit ends at its suffix, never runs on into what it did (…党总支召开社区…); the
    # longest name of the title's unit the text gives (its city and street before it)
    ("unit_before_verb_and_fuller", "桃李社区党总支开展楼道清洁日活动\n"
     "发布时间：2020-05-09 10:12:45　来源：南关街道\n\n"
     "5月8日，江城市南关街道桃李社区党总支召开社区党员大会，部署楼道清洁日活动。\n" + BODY,
     "江城市南关街道桃李社区党总支", "2020-05-09"),
    # a clause of the body (…采取区农业局机关党支部与…) is weak evidence: never the
    # clause run into the name (结对共建采取区农业局机关党支部) as the unit
    ("unit_in_clause_cut", "机关支部结对共建实施方案\n\n"
     "为推进结对共建，结合实际制定本方案。结对共建采取区农业局机关党支部与河湾村党支部结对的方式。"
     "我局每季度组织一次共建活动。\n" + BODY, None, None),
    # the unit in parentheses closing the title
    ("title_paren_unit", "城乡党组织结对共建实施方案（区交通运输局）\n\n" + BODY,
     "区交通运输局", None),
    # a title's short form (市中医院, 学区党支部) named in full in the text
    ("short_title_full_in_text", "市第二医院“党员示范岗”活动阶段总结\n\n"
     "今年以来，院党委制定了宁江市第二医院“党员示范岗”活动实施方案。\n" + BODY,
     "宁江市第二医院", None),
    ("kind_title_name_in_heading", "学区党支部2021年党建工作总结\n\n一、基本情况\n"
     "杨湾学区党支部现有党员18名，分布在中心小学和三所村小。\n" + BODY, "杨湾学区党支部", None),
    # a school's short name by its number (XX镇二中, XX三中)
    ("school_by_number", "河口镇三中党员先锋岗评选活动方案\n\n为发挥党员教师作用，我校开展评选活动。\n"
     + BODY, "河口镇三中", None),
    # a news site's tag with the unit ([XX供电所]党支部…); a date alone under the title
    ("bracket_tag_unit", "[西关供电所]党支部开展上门服务活动\n2017-04-20\n"
     "        今年，西关供电所党支部组织党员服务队走村入户检查线路。\n" + BODY,
     "西关供电所党支部", "2017-04-20"),
    # a slogan, a comma, then the unit; its full name in the text; the page stamp
    # (a date, a clock time, the page's fields) and the lead's day without its year
    ("slogan_then_unit", "携手共建，云帆软件党支部参加社区联席会\n\n"
     "2021-06-12 15:20 阅读(361) 来源:原创 作者:周洋\n\n"
     "6月11日下午，社区联席会在党群服务中心召开。苏州云帆软件党支部书记王敏参加了会议。\n" + BODY,
     "苏州云帆软件党支部", "2021-06-12"),
    # the publishing unit before the page's stamp (its date and clock time)
    ("unit_before_stamp", "河湾镇卫生院党支部送药上门\n"
     "河湾镇卫生院　2022-08-03 09:10\n"
     "8月1日，河湾镇卫生院党支部组织党员医生为行动不便的老人送药上门。\n" + BODY,
     "河湾镇卫生院党支部", "2022-08-03"),
    # the issuing body before 关于 with its place left off
    ("unit_before_guanyu", "文化旅游局关于开展党员志愿服务活动的实施方案\n\n"
     "为推进党员志愿服务常态化，结合全系统实际，制定本方案。\n" + BODY, "文化旅游局", None),
    # a college's standard for its kind of branches (学生党支部) is the college's
    ("branch_kind_standard", "外国语学院学生党支部规范化建设标准（试行）\n\n"
     "一、支部设置\n学生党支部按年级设置。\n二、组织生活\n每月召开一次支部党员大会。\n",
     "外国语学院", None),
    # a report's lead without 讯 opening with its full date, its unit the subject
    ("dated_lead", "杨庄村党支部开展主题党日活动\n"
     "2022年7月1日，杨庄村党支部在村委会议室开展主题党日活动，全体党员参加。\n" + BODY,
     "杨庄村党支部", "2022-07-01"),
    # a plan opening with the day of a meeting it cites is not dated by it
    ("plan_opening_with_meeting_day", "城关镇党委关于开展党员志愿服务的实施方案\n"
     "2022年3月5日，城关镇党委召开党建工作会议，部署党员志愿服务工作。为落实会议精神，制定本方案。\n"
     + BODY, "城关镇党委", None),
    # a lead whose subject is no unit (由…组织的…) gives no date: the page's stamp
    ("lead_without_unit_subject", "远帆党支部参加社区党建联席会\n"
     "2019-06-12 15:20 阅读(2361) 来源:原创\n\n"
     "2019年6月11日下午，由东城社区党委组织的党建联席会在社区召开。\n" + BODY,
     "远帆党支部", "2019-06-12"),
    # a page stamp with a clock time under the unit line
    ("stamp_with_seconds", "宁川实验小学创建“党员先锋岗”活动实施方案\n宁川实验小学\n"
     "2013-10-11 14:22:36\n为引导党员教师走在前列，决定开展创建活动。\n" + BODY,
     "宁川实验小学", "2013-10-11"),
    # a speech's date glued to its opening address, in parentheses or before it
    ("speech_paren_date_address", "在全镇环境整治推进会上的讲话\n\n"
     "时间:2015-11-20 9:12:40  [打印本页]\n （2015年8月）同志们：今天召开推进会，我讲三点意见。\n"
     + BODY, None, "2015-08"),
    ("speech_date_before_address", "在全市卫生系统党风廉政建设工作会议上的讲话\n\n"
     "江州市卫生健康委员会党组书记　周立新\n\n2017年4月12日　同志们：\n\n"
     "今天召开全系统党风廉政建设工作会议。\n" + BODY, "江州市卫生健康委员会", "2017-04-12"),
    # a page's field block: 成文日期： with the date (and a clock time) on the next line
    ("issue_field_next_line", "临水县人民政府工作规则\n\n  • 成文日期：\n    2021年02月26日 16:40\n"
     "  • 发布日期：\n    2021年03月02日 10:20\n\n临水县人民政府工作规则\n\n"
     "第一条　为规范县人民政府工作，制定本规则。\n第二条　县人民政府实行县长负责制。\n",
     "临水县人民政府", "2021-02-26"),
    # a compilation's preface: its unit and month under the given title, 前  言 below
    ("preface_month", "“书记领航”项目案例选编\n\n中共江南市委组织部\n\n2021年9月\n\n前  言\n\n"
     "抓好基层党建，关键在书记。我们选取了36个案例汇编成书。\n" + BODY,
     "中共江南市委组织部", "2021-09"),
]


@pytest.mark.parametrize("name,text,unit,date", CASES, ids=[c[0] for c in CASES])
def test_unit_and_date(name, text, unit, date):
    it = first_item(text)
    assert (it.unit, it.date) == (unit, date)


def test_fuller_name_in_text():
    assert layout.fuller_name_in("市中医院", "院党委制定了临川市中医院的方案。") == "临川市中医院"
    assert layout.fuller_name_in("高科党支部", "会议召开。成都清华高科党支部书记参加了") == "成都清华高科党支部"
    # what was done, a speaker's 代表, a reporter, a heading's words: no part of the name
    assert layout.fuller_name_in("县水利局", "结对共建采取县水利局机关党支部与村党支部结对") is None
    assert layout.fuller_name_in("河口镇党委", "首先我代表河口镇党委、政府表示欢迎") is None
    assert layout.fuller_name_in("湘中学院", "记者从湘中学院获悉") is None
    assert layout.fuller_name_in("学区党支部", "一、基本情况杨湾学区党支部现有党员") == "杨湾学区党支部"
    assert layout.fuller_name_in("社区党总支", "会上社区党总支书记讲话") is None
    # a verb whose object the unit is
    assert layout.fuller_name_in("柳岸社区党总支", "街道党工委要求柳岸社区党总支尽快整改") is None
    assert layout.fuller_name_in("城南中学", "，授予城南中学先进集体称号") is None


def test_title_units():
    assert layout.title_unit("城乡党组织互联共建实施方案（区林业局）") == "区林业局"
    assert layout.title_unit("关于开展活动的通知（试行）") is None  # a status note
    assert layout.title_unit("红歌嘹亮进社区，创先争优促和谐") is None  # a slogan, no unit
    assert layout.title_unit("城南学院学生党支部2019年工作总结") == "城南学院学生党支部"  # one branch
    assert layout.title_unit("城南学院学生党支部工作细则") == "城南学院"
    # a headline's slogan before a space, then the unit (where the title keeps its space)
    assert layout.title_unit("亮牌服务“点单” 河湾镇卫生院党支部送药上门") == "河湾镇卫生院党支部"


def test_dates_of_leads_stamps_and_addresses():
    assert layout.page_date_of("2019-06-12 15:20 阅读(2361) 来源:原创") == "2019-06-12"
    assert layout.page_date_of("2011-09-29 20:51:05") == "2011-09-29"
    assert layout.page_date_of("2011-09-29 共有党员二十名") is None  # a sentence, no stamp
    assert layout.dated_lead("2025年5月6日，城西社区第一网格党支部在会议室召开学习会") == "2025-05-06"
    assert layout.dated_lead("2018年4月26日上午，由城西社区组织的联席会召开") is None
    assert layout.dated_lead("2018年4月，城西社区党支部召开会议") is None  # no day
    assert layout.salutation_date("（2006年9月）同志们：今天召开会议") == "2006-09"
    assert layout.salutation_date("2006年9月同志们:今天") == "2006-09"
    assert layout.salutation_date("2006年9月，全区开展创建工作") is None
    assert layout.issue_field_date("  • 发文日期:", next_line="2024年04月06日 16:40") == "2024-04-06"
    # a page field's padded date with the page's count run on after it (spaces lost)
    assert layout.page_date_of("作者:沈丽华 来源:南浦区实验小学 日期:2022-11-081530") == "2022-11-08"
    assert layout.page_date_of("日期:2022-1-81530") is None  # unpadded: where it ends is unsure
    assert layout.page_date_of("白鹭县人民医院　2023-07-03 08:30") == "2023-07-03"
    assert layout.page_date_of("会议于 2023-07-03 08:30召开") is None  # no unit before it


def test_page_field_date_glued_to_a_count():
    it = first_item("首页>小学\n我校党支部举行党员教师述职会\n"
                    "作者:沈丽华 来源:南浦区实验小学 日期:2022-11-081530\n（图片共5张）\n\n"
                    "  11月8日下午，我校党支部在学校报告厅举行党员教师述职会。\n" + BODY)
    assert (it.unit, it.date) == ("南浦区实验小学", "2022-11-08")
