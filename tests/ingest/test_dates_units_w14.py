"""The date and unit of a document in the head and signature layouts of issue 16's
fourteenth batch (corpora/understanding/docs/w14_*): each case is a short document of
our own, written for this test, run through the real ingest (normalizing, splitting,
head and signature reading); the exact date and unit are asserted."""

import pytest

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.ingest.split import Splitter
from huibian.pipeline.ingestor import process_file


def first_item(text: str, name: str = "case.txt"):
    items = process_file(SourceFile.from_bytes(name, text.encode("utf-8"))).items
    assert items
    return items[0]


BODY = ("一年来，支部坚持每月开展一次主题党日活动，党员轮流讲党课，结合本职工作谈体会。\n"
        "支部还建立了党员联系群众制度，每名党员联系五户居民，帮助解决实际困难。\n")

CASES = [
    # 党校 is a unit's kind (中共XX市委党校), not the 市委 before it
    ("party_school_meeting", "在中共桂川市委党校2014年秋季学期主体班结业典礼上的讲话\n"
     "（2014年12月26日）\n李卫东\n\n各位学员，同志们：\n" + BODY,
     "中共桂川市委党校", "2014-12-26"),
    # the committee's study group is the committee's (…党委理论学习中心组学习制度)
    ("study_group", "江北职业技术学院党委理论学习中心组学习制度\n"
     "（2015年7月6日院党委会议审议通过）\n\n第一条　为加强中心组建设，制定本制度。\n"
     "第二条　中心组原则上每月集中学习一次。\n第三条　本制度自2015年9月1日起施行。\n",
     "江北职业技术学院党委", "2015-07-06"),
    # a subtitle ——在XX大学…上的讲话 names the unit whose meeting it is; the speaker's
    # post (校党委书记) names none; the date in parentheses under the speaker
    ("subtitle_meeting", "扣好人生的第一粒扣子\n——在汉水大学2018级新生开学典礼上的讲话\n"
     "校党委书记　刘正清\n（2018年9月10日）\n\n亲爱的同学们：\n" + BODY,
     "汉水大学", "2018-09-10"),
    # a byline 文/NAME UNIT (the space between is lost after normalizing)
    ("byline_name_unit", "让党员教师成为课堂改革的领头雁\n文/李慧敏　江州市第一中学\n\n" + BODY,
     "江州市第一中学", None),
    # a news lead that opens with the full date; the lead's day without its year is none
    ("news_lead_full_date", "湘中职业技术学院党员教师带队攻关技能大赛\n\n"
     "本报讯（记者　宋　佳　通讯员　张晓峰）2019年5月20日，记者从湘中职业技术学院获悉，"
     "该院在全省职业院校技能大赛中获得一等奖三项。\n" + BODY,
     "湘中职业技术学院", "2019-05-20"),
    ("news_lead_no_year", "城南街道南湖社区党员守护老旧小区\n\n"
     "本网讯　6月12日下午，南湖社区党员志愿者身穿红马甲，在小区各楼栋开展安全巡查。\n" + BODY,
     "城南街道南湖社区", None),
    # 集团公司 is how a speaker names the group: a kind of unit, not the unit; the
    # byline under the title names it
    ("group_company_generic", "在集团公司“双创双优”动员大会上的表态发言\n\n"
     "汇通物流集团第三分公司党支部书记　廖国强\n\n尊敬的各位领导，同志们：\n" + BODY,
     "汇通物流集团第三分公司党支部", None),
    # signatures: two units then one date (the first unit); the date before the unit
    ("two_units_one_date", "龙泉镇党建引领茶产业发展\n\n" + BODY +
     "\n中共龙泉镇委员会\n龙泉镇人民政府\n2019年8月5日\n", "中共龙泉镇委员会", "2019-08-05"),
    ("date_over_two_units", "城南中学党建工作总结\n\n" + BODY
     + "\n2015年12月28日\n城南中学党支部\n城南中学团委\n", "城南中学党支部", "2015-12-28"),
    ("date_over_unit_in_parens", "城南中学党建工作总结\n\n" + BODY
     + "\n二〇一五年十二月二十八日\n（城南中学党支部）\n", "城南中学党支部", "2015-12-28"),
    # a byline 文/<a party committee's department> <name>, the space lost
    ("byline_party_department", "论高校基层党建\n文/南屏大学党委组织部　张三\n\n" + BODY,
     "南屏大学党委组织部", None),
    # a speech: the date in parentheses under the title, then the speaker's posts and
    # name (no unit): the posts line is a byline, not the title
    ("speaker_posts_only", "在全市组织部长会议上的讲话\n（2017年1月16日）\n"
     "市委常委、组织部部长　陈国华\n\n同志们：\n" + BODY, None, "2017-01-16"),
    # a web copy of a news report: the lead's subject after its day, not the source field's
    ("news_lead_subject_after_day", "党员攻坚队扛起技改重任\n"
     "时间：2020-09-21 10:32　来源：远山机械制造有限公司党委　阅读：198次\n\n"
     "本网讯（通讯员　赵　磊）2020年9月18日，远山机械制造有限公司新生产线顺利投产。\n" + BODY,
     "远山机械制造有限公司", "2020-09-18"),
    # a speech's subtitle that opens with the day it was given (——2017年9月8日在XX…上)
    ("subtitle_dated", "不忘育人初心\n——2017年9月8日在城北实验学校庆祝教师节大会上的讲话\n\n"
     "老师们、同志们：\n" + BODY, "城北实验学校", "2017-09-08"),
    # the date before the unit on one signature line; a year typed with spaces
    ("date_unit_one_line", "幸福里社区党总支2018年工作总结\n\n" + BODY
     + "\n2018年12月28日　　幸福里社区党总支\n", "幸福里社区党总支", "2018-12-28"),
    ("spaced_year_digits", "关于举办学生职业技能竞赛的通知\n\n各系部：\n" + BODY
     + "\n平江职业技术学院\n2 0 1 6 年 5 月 10 日\n", "平江职业技术学院", "2016-05-10"),
    # a journal's fields in brackets under the affiliation (［收稿日期］…) are no title,
    # and the received date is not the article's date
    ("journal_bracket_fields", "论高校基层党建\n张三\n（南屏大学马克思主义学院，江西 南昌 330000）\n\n"
     "［收稿日期］2015-03-08\n［基金项目］江西省社会科学规划项目\n\n" + BODY,
     "南屏大学马克思主义学院", None),
    # a signature date with 制 after it (二〇一五年十二月二十八日制)
    ("date_zhi", "城南中学党建工作总结\n\n" + BODY + "\n城南中学党支部\n二〇一五年十二月二十八日制\n",
     "城南中学党支部", "2015-12-28"),
    # a speaker's name and the day on one line under the title (the space lost): a
    # byline, not the title
    ("speaker_and_day", "在2016年春季开学教职工大会上的讲话\n周国平　　2016年2月22日\n\n老师们：\n"
     + BODY, None, "2016-02-22"),
    # a signature's labelled date field 印发日期：
    ("issued_date_field", "华源纺织有限公司党总支2015年工作总结\n\n" + BODY
     + "\n华源纺织有限公司党总支\n\n印发日期：2015年12月30日\n", "华源纺织有限公司党总支",
     "2015-12-30"),
    # a news lead's subject of four characters before what it did (南湖社区党员…)
    ("news_subject_four_chars", "红马甲守护老旧小区\n\n"
     "本网讯　6月12日下午，南湖社区党员志愿者身穿红马甲，在小区各楼栋开展安全巡查。\n" + BODY,
     "南湖社区", None),
    ("mixed_digit_signature", "关于组织师生党员收看专题党课直播的通知\n\n各党支部：\n" + BODY
     + "\n中共临江师范学院委员会组织部\n2021年三月二十二日\n", "中共临江师范学院委员会组织部",
     "2021-03-22"),
    # an end note naming the author's unit (作者系…讲师), or the contributor's (…供稿): the
    # last resort when nothing else names one
    ("author_is_note", "让基层党组织书记把心思用在抓党建上\n\n" + BODY
     + "（作者系中共云溪县委党校讲师）\n", "中共云溪县委党校", None),
    ("author_is_line", "让基层党组织书记把心思用在抓党建上\n\n" + BODY + "作者系城南中学校长\n",
     "城南中学", None),
    ("supplied_by_note", "党员教师结对帮扶学困生\n\n" + BODY + "（城南中学　供稿）\n", "城南中学", None),
    ("supplied_note_under_title_unit", "城南县第一中学党员教师结对帮扶学困生\n\n" + BODY
     + "（城南县教育局党委组织科供稿）\n", "城南县第一中学", None),
    ("date_before_unit", "江口镇中心小学党支部2017年工作总结\n\n" + BODY +
     "\n2017年12月20日\n江口镇中心小学党支部\n", "江口镇中心小学党支部", "2017-12-20"),
    # a web page's upload date above and the document's own signature date below
    ("web_page_and_signature", "关于开展师德师风专题教育月活动的通知\n"
     "发布时间：2018-04-02 09:15　　来源：沙河区教育局办公室　　点击：326\n\n各中小学：\n"
     + BODY + "\n沙河区教育局\n2018年3月28日\n", "沙河区教育局", "2018-03-28"),
    # anonymised units; the date typed with slashes, dots, digit zeros, a spaced month
    ("anon_slashes", "关于开展党员干部结对联户活动的通知\n\n各村党组织：\n" + BODY
     + "\nxx镇党委\n2015/3/8\n", "xx镇党委", "2015-03-08"),
    ("anon_dots", "Xxx医院党委2019年度党建工作总结\n\n" + BODY + "\nXxx医院党委\n2020.1.10\n",
     "Xxx医院党委", "2020-01-10"),
    ("digit_zero_year", "丰乐镇网格连心化解矛盾纠纷的做法\n\n" + BODY
     + "\n中共丰乐镇委员会\n二0一七年六月二十日\n", "中共丰乐镇委员会", "2017-06-20"),
    ("spaced_month_only", "桃源街道社区卫生服务中心2018年党建工作总结\n\n" + BODY
     + "\n桃源街道社区卫生服务中心\n2018年 12月\n", "桃源街道社区卫生服务中心", "2018-12"),
    # the document's date among the body's other dates (截至…, 自…起施行, …前完成)
    ("body_dates", "关于印发廉洁从业若干规定的通知\n\n各子公司党组织：\n"
     "规定已经2016年3月2日集团党委会议研究通过，请于5月20日前报送自查报告。\n"
     "本规定自2016年5月1日起施行。\n" + BODY
     + "\n中共远航物流集团有限公司委员会\n二〇一六年四月二十五日\n",
     "中共远航物流集团有限公司委员会", "2016-04-25"),
    # a colophon: the office and the date it printed the document
    ("colophon", "关于组织全区党员干部参加网上专题学习的通知\n\n各乡镇党委：\n" + BODY
     + "\n中共青山区委办公室　　　　　　2017年5月4日印发\n", "中共青山区委办公室", "2017-05-04"),
]


@pytest.mark.parametrize("name,text,unit,date", CASES, ids=[c[0] for c in CASES])
def test_unit_and_date(name, text, unit, date):
    it = first_item(text)
    assert (it.unit, it.date) == (unit, date)


def test_byline_name_then_unit():
    assert layout.byline_of("文/李慧敏江州市第一中学") == ("江州市第一中学", ("李慧敏",))
    assert layout.byline_of("文/王强城南县委组织部") == ("城南县委组织部", ("王强",))
    # a unit then a name, and a name alone, read as before
    assert layout.byline_of("文/城南县委组织部李梅") == ("城南县委组织部", ("李梅",))
    assert layout.byline_of("文/王建国") == (None, ("王建国",))
    # a party committee's department before the name is the unit, not 组织 a name
    assert layout.byline_of("文/南屏大学党委组织部张三") == ("南屏大学党委组织部", ("张三",))


def test_news_lead_date():
    assert layout.news_lead_date("本报讯（通讯员 何某）2019年5月20日，该院…") == "2019-05-20"
    assert layout.news_lead_date("本网讯　6月12日下午，社区…") is None
    assert layout.news_lead_date("2019年5月20日，记者从学院获悉") is None  # no lead


def test_dates_of_titles_and_spaced_years():
    assert layout.subtitle_date("凝心聚力——2015年3月8日在城南县教育工作会议上的讲话") == "2015-03-08"
    assert layout.subtitle_date("凝心聚力——在城南县2015年教育工作会议上的讲话") is None
    assert [d.iso for d in layout.find_dates("2 0 1 6 年 5 月 10 日")] == ["2016-05-10"]
    assert layout.find_dates("第 1 2 3 4 年 5 月") == []  # no year
    # a year and a month in different digits; 曰 as OCR reads 日
    assert [d.iso for d in layout.find_dates("2021年三月二十二日")] == ["2021-03-22"]
    assert [d.iso for d in layout.find_dates("二〇二一年3月22日")] == ["2021-03-22"]
    assert [d.iso for d in layout.find_dates("2021年3月22曰")] == ["2021-03-22"]


def test_end_note_unit():
    assert layout.end_note_unit("（作者系中共云溪县委党校讲师）") == "中共云溪县委党校"
    assert layout.end_note_unit("（城南中学供稿）") == "城南中学"
    assert layout.end_note_unit("供稿：城南中学党支部") == "城南中学党支部"
    assert layout.end_note_unit("（作者系本校教师）") is None


def test_posts_only_byline():
    assert layout.byline_of("市委常委、组织部部长陈国华") == (None, ("陈国华",))
    assert layout.byline_of("坚持书记、主任一肩挑") is None  # no name after the posts


def test_titles_units():
    assert layout.title_unit("提升县级党校干部培训针对性的几点思考") is None
    # 引领 starts what a unit does (党建引领下公立医院… names no unit)
    assert layout.title_unit("党建引领下公立医院医德医风建设的实践与思考") is None
    # a portrait's subtitle ——记XX党支部 is of that unit, without 记
    assert layout.subtitle_unit("山沟里的红烛——记清溪乡中心小学党支部") == "清溪乡中心小学党支部"
    assert layout.subtitle_unit("扣好人生的第一粒扣子——在汉水大学2018级新生开学典礼上的讲话") \
        == "汉水大学"


PUBLISHED = ("城南中学开展党员结对帮扶活动\n发布时间：2019-05-14　来源：城南中学　浏览：120\n\n"
             "近日，城南中学党支部组织党员教师与学困生结对。\n" + BODY)
SHARED = [
    "城南中学党员结对帮扶工作总结\n上传时间：2016-04-27　贡献者：abc123　下载券：2\n\n" + BODY,
    "城南中学党员结对帮扶工作总结\n时间：2012-01-10　来源：网友投稿　作者：佚名\n\n" + BODY,
]


def test_page_date_of_a_publishing_page_not_of_a_sharing_site():
    """A document without a date of its own takes the date of the page that published it
    (with page dates on); a sharing or template site's upload date is no date of it."""
    on = Splitter()
    (it,) = process_file(SourceFile.from_bytes("p.txt", PUBLISHED.encode("utf-8")),
                         splitter=on).items
    assert it.date == "2019-05-14"
    for text in SHARED:
        (it,) = process_file(SourceFile.from_bytes("s.txt", text.encode("utf-8")),
                             splitter=on).items
        assert it.date is None
