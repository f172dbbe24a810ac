"""Issue 16, metadata of web copies nobody here has seen: page dates, joint and
two-line signatures, short unit names, colophons. Each layout pinned with a short
document written for this test (no text copied from anywhere) and its exact title,
unit and date.

Page dates (时间：2011-12-7, 【发布日期：…】, 发布时间：…, 来源：… 时间：…) are when a
site published the copy. ``read_header`` reports one as ``Header.page_date``; the
item's date takes it only when the document has no date of its own (the rule of
corpora/understanding/LABELING.md), and not with ``Splitter(page_dates=False)``.
A signature of two units one a line gives the first (the convention of joint signatures, ``note_unit``/``read_tail``); an office on the line under its unit
(XX中学 / 教务处) is joined to it."""

import pytest

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.ingest.split import Splitter
from huibian.pipeline.ingestor import process_file

BODY_A = ("今年以来，我们围绕教师队伍建设这条主线，把师德教育、业务培训和考核评价结合起来，"
          "全体教师的精神面貌有了明显变化。\n一、主要做法\n（一）每月组织一次师德专题学习，由校领导轮流领学。\n"
          "（二）开展青年教师结对帮带，每名骨干教师带一至两名新教师。\n二、下步打算\n"
          "继续完善考核办法，把家长评议结果纳入教师年度考核。\n")
DOCS = {}
DOCS["news_source_time"] = (
    "首页 > 教育动态 > 基层传真\n"
    "城东区教育局召开师德师风建设推进会\n"
    "来源：城东区教育局 时间：2012-3-5 点击：236\n"
    "3月2日下午，区教育局召开师德师风建设推进会，全区各中小学校长参加会议。会上，三所学校交流了"
    "师德建设的经验做法，区教育局负责同志对下一阶段工作作了部署。\n"
    "会议要求，各校要把师德建设摆在教师队伍建设的首位，做到有计划、有检查、有考评。\n")
DOCS["page_date_and_signature"] = (
    "当前位置：首页 > 通知公告\n"
    "关于做好2013年暑期教师培训工作的通知\n"
    "发布时间：2013-05-02 10:21 浏览次数：88\n"
    "各中小学、幼儿园：\n"
    "为提高教师培训的针对性，经研究，决定于7月中旬组织全县教师暑期集中培训。现将有关事项通知如下。\n"
    "一、培训对象\n全县在职在岗的中小学和幼儿园教师。\n"
    "二、工作要求\n各校要于6月20日前将参训名单报县教师进修学校。\n"
    "特此通知。\n"
    "青川县教育局\n2013年4月28日\n")
DOCS["bracket_release_date"] = (
    "【发布日期：2012-03-15】\n"
    "临江镇中心小学2011年度工作总结\n" + BODY_A)
DOCS["time_field_two_line_signature"] = (
    "关于开展“人才服务进基层”活动的通知\n"
    "时间：2011-12-7\n"
    "各乡镇党委、县直各单位：\n"
    "为帮助基层解决人才引进和培养中的实际困难，县委组织部、县人社局决定联合开展人才服务进基层活动。"
    "现将有关事项通知如下。\n"
    "一、活动时间\n2011年12月至2012年3月。\n"
    "二、活动内容\n组织专家服务团到乡镇开展政策宣讲和技术指导。\n"
    "特此通知。\n"
    "中共平溪县委组织部\n平溪县人力资源和社会保障局\n2011年12月6日\n")
DOCS["date_field_speech"] = (
    "在全镇党建工作会议上的讲话\n"
    "日期：2011年12月7日\n"
    "同志们：\n"
    "今天召开全镇党建工作会议，主要任务是总结今年的党建工作，部署明年的重点任务。"
    "刚才，三个村的支部书记作了交流发言，讲得很实在。下面，我讲三点意见。\n"
    "一、认清形势，增强抓好党建的责任感。\n二、突出重点，推动基层组织建设上台阶。\n"
    "三、强化保障，确保各项任务落到实处。\n"
    "同志们，做好明年的党建工作任务艰巨，希望大家振奋精神，扎实工作。谢谢大家。\n")
DOCS["short_unit_slash_date"] = (
    "东关中学青年教师培养工作总结\n" + BODY_A + "东关中学\n2016/9/8\n")
DOCS["short_unit_under_title"] = (
    "多措并举推进义务教育均衡发展\n"
    "县教育局\n"
    "近年来，我局坚持把义务教育均衡发展作为教育工作的头等大事，统筹城乡学校布局，改善薄弱学校"
    "办学条件，推动优质资源向农村延伸，全县义务教育均衡发展水平稳步提高。\n"
    "一、加大投入，改善办学条件。三年来累计投入资金一点二亿元，新建和改扩建校舍四万平方米。\n"
    "二、交流轮岗，均衡师资配置。每年安排城区学校百分之十的教师到农村学校任教。\n")
DOCS["space_month_cn_date"] = (
    "东风社区党支部关于开展党员承诺践诺活动的实施方案\n"
    "为进一步发挥党员在社区建设中的作用，根据街道党工委的要求，结合社区实际，制定本方案。\n"
    "一、活动内容\n每名党员结合自身特长作出一至两项承诺，在社区公开栏公示，接受居民监督。\n"
    "二、方法步骤\n活动分动员承诺、践诺落实、评议总结三个阶段进行。\n"
    "东风社区党支部\n二O一二年 七月\n")
DOCS["office_edited"] = (
    "关于进一步规范机关公文处理工作的意见\n"
    "为提高机关公文处理的质量和效率，根据有关规定，结合本单位实际，提出如下意见。\n"
    "一、严格公文起草。起草公文要做到观点明确、条理清楚、文字精炼。\n"
    "二、规范公文审核。公文送领导签发前，由办公室统一审核把关。\n"
    "三、加强公文管理。办理完毕的公文要及时立卷归档，不得个人保存。\n"
    "柳城县人民政府办公室 编\n")
DOCS["issued_by"] = (
    "城西街道党员志愿服务积分管理办法\n"
    "第一条 为激励党员积极参加志愿服务，结合街道实际，制定本办法。\n"
    "第二条 党员每参加一次志愿服务活动，按服务时长记积分，每小时记一分。\n"
    "第三条 积分每半年公示一次，作为评先评优的重要依据。\n"
    "第四条 本办法由街道党工委负责解释，自印发之日起施行。\n"
    "中共城西街道工作委员会印发\n")
DOCS["four_char_title_over_unit"] = (
    "送教下乡\n城关镇中心小学\n"
    "近年来，我校组织骨干教师每月到村小和教学点送教一次，把示范课、专题讲座和集体备课带到农村课堂，"
    "村小教师的教学水平明显提高。\n一、精心确定送教内容。\n二、建立送教跟踪制度。\n")
DOCS["sub_unit_signature"] = (
    "南岭县第一中学2012年春季学期教学工作计划\n" + BODY_A + "南岭县第一中学\n教务处\n2012年2月20日\n")
DOCS["title_opens_with_phrase"] = (
    "送教下乡“接地气” 乡村课堂添活力\n——沅江县教育局开展名师送教活动纪实\n"
    "本报讯（通讯员 李华）11月9日，沅江县教育局组织十二名骨干教师来到沙坪镇中心小学送教，"
    "上示范课、评课议课，与乡村教师面对面交流。\n"
    "这已经是沅江县教育局今年开展的第十场送教活动。\n")


EXPECTED = {
    'news_source_time': ('城东区教育局召开师德师风建设推进会', '城东区教育局', None, '2012-03-05'),
    'page_date_and_signature': ('关于做好2013年暑期教师培训工作的通知', '青川县教育局', '2013-04-28', '2013-04-28'),
    'bracket_release_date': ('临江镇中心小学2011年度工作总结', '临江镇中心小学', None, '2012-03-15'),
    'time_field_two_line_signature': ('关于开展“人才服务进基层”活动的通知', '中共平溪县委组织部', '2011-12-06', '2011-12-06'),
    'date_field_speech': ('在全镇党建工作会议上的讲话', None, None, '2011-12-07'),
    'short_unit_slash_date': ('东关中学青年教师培养工作总结', '东关中学', '2016-09-08', '2016-09-08'),
    'short_unit_under_title': ('多措并举推进义务教育均衡发展', '县教育局', None, None),
    'space_month_cn_date': ('东风社区党支部关于开展党员承诺践诺活动的实施方案', '东风社区党支部', '2012-07', '2012-07'),
    'office_edited': ('关于进一步规范机关公文处理工作的意见', '柳城县人民政府办公室', None, None),
    'issued_by': ('城西街道党员志愿服务积分管理办法', '中共城西街道工作委员会', None, None),
    'four_char_title_over_unit': ('送教下乡', '城关镇中心小学', None, None),
    'sub_unit_signature': ('南岭县第一中学2012年春季学期教学工作计划', '南岭县第一中学教务处', '2012-02-20', '2012-02-20'),
    'title_opens_with_phrase': ('送教下乡“接地气”乡村课堂添活力——沅江县教育局开展名师送教活动纪实', '沅江县教育局', None, None),
}


def _item(name: str, splitter: Splitter):
    doc = process_file(SourceFile.from_bytes(name + ".txt", DOCS[name].encode("utf-8")),
                       splitter=splitter)
    assert len(doc.items) == 1
    return doc.items[0]


@pytest.fixture(scope="module")
def splitters():
    return Splitter(page_dates=False), Splitter()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_web_copy(name, splitters):
    title, unit, date, with_page_dates = EXPECTED[name]
    it = _item(name, splitters[0])
    assert (it.title, it.unit, it.date) == (title, unit, date)
    it = _item(name, splitters[1])
    assert (it.title, it.unit, it.date) == (title, unit, with_page_dates)
    src = dict(it.sources)
    assert src["date"] == ("absent" if with_page_dates is None else
                           "page" if date is None else src["date"])


def test_the_colophon_is_the_source_of_a_unit_found_nowhere_else(splitters):
    for name in ("office_edited", "issued_by"):
        assert dict(_item(name, splitters[0]).sources)["unit"] == "colophon"


@pytest.mark.parametrize("line,nxt,iso", [
    ("时间：2011-12-7", "", "2011-12-07"),
    ("日期：2011年12月7日", "", "2011-12-07"),
    ("【发布日期：2012-03-15】", "", "2012-03-15"),
    ("发布时间：2019-5-13 10:22 浏览：35", "", "2019-05-13"),
    ("来源：城东区教育局时间：2012-3-5点击：236", "", "2012-03-05"),  # spaces lost
    ("发布时间：", "2013-04-02", "2013-04-02"),
    ("成文日期：2012-03-15", "", None),   # the document's own date (issue_field_date)
    ("印发日期：2012-03-15", "", None),
    ("活动时间安排如下", "", None),
])
def test_page_date_fields(line, nxt, iso):
    assert layout.page_date_of(line, nxt) == iso


@pytest.mark.parametrize("line,iso", [
    ("2011-12-7", "2011-12-07"),
    ("2011.12.7.", "2011-12-07"),       # a full stop after the date
    ("二0一二年 七月", "2012-07"),
    ("二O一O年十月八日", "2010-10-08"),
    ("2011 年 12 月 7 日", "2011-12-07"),
    ("2011.12.7.1", None),              # a version number, no date
])
def test_date_forms_of_web_copies(line, iso):
    assert layout.date_of_line(line) == iso


@pytest.mark.parametrize("name,unit", [
    ("县教育局", True), ("市一医院", True), ("东关中学", True), ("县委党校", True),
    ("某某中学", True), ("镇卫生院", True),
    ("送教下乡", False), ("扎根农村", False), ("平安校园", False), ("总体布局", False),
    ("美丽乡村", False), ("书香校园", False),
])
def test_a_four_character_name_is_a_unit_only_when_it_reads_as_one(name, unit):
    assert layout.unit_name(name) is unit
    # a phrase is no person's name either: it may be a title
    assert layout.is_person_line(name) is unit


@pytest.mark.parametrize("tail,unit", [
    (["中共平溪县委组织部", "平溪县人力资源和社会保障局", "2011年12月6日"], "中共平溪县委组织部"),
    (["南岭县第一中学", "教务处", "2012年2月20日"], "南岭县第一中学教务处"),
    (["青石镇", "党委", "2012年5月4日"], "青石镇党委"),
    (["城南小学", "团委", "二〇一二年五月四日"], "城南小学团委"),
    (["东关中学", "2016/9/8"], "东关中学"),
    (["城南小学", "李明", "2012年5月4日"], "城南小学"),
])
def test_two_line_signatures(tail, unit):
    lines = ["我们将继续努力，把这项工作做实做好。"] + tail
    t = layout.read_tail(lines)
    assert t is not None and t.unit == unit


@pytest.mark.parametrize("line,unit", [
    ("中共南岭县委组织部编印", "中共南岭县委组织部"),
    ("柳城县人民政府办公室 编", "柳城县人民政府办公室"),
    ("中共城西街道工作委员会印发", "中共城西街道工作委员会"),
    ("中共平溪县委办公室 2011年12月8日印发", "中共平溪县委办公室"),
    ("资料汇编", None),
    ("全体党员要带头执行", None),
])
def test_colophon_units(line, unit):
    assert layout.colophon_unit_of(line) == unit


@pytest.mark.parametrize("title,unit", [
    ("江东医学高等专科学校学生干部培养制度", "江东医学高等专科学校"),    # 等 inside a name
    ("南湖县中等专业学校实习管理办法", "南湖县中等专业学校"),
    ("青山市电化教育馆推进同步课堂的做法", "青山市电化教育馆"),      # 教育馆 (unit_suffixes.txt)
])
def test_a_unit_a_title_opens_with(title, unit):
    assert layout.title_unit(title) == unit


def test_a_unit_a_subtitle_opens_with():
    assert layout.subtitle_unit("一根网线连起山村课堂——南江市电化教育馆推进同步课堂的实践") \
        == "南江市电化教育馆"


# names whose spaces were lost (the page's ideographic spaces are tidied away) between a
# title and the author's unit in parentheses: a byline, never the title
ARTICLE = ("社区网格化治理中党员作用发挥的路径探析\n\n孙海燕　刘思远\n\n（南溪市城关街道党工委）\n\n"
           "【摘要】网格化治理把社区划成若干网格，党员怎样在网格中发挥作用，是基层治理绕不开的问题。"
           "本文结合城关街道的做法，从组织设置、责任落实和群众评价三个方面作些探讨。\n\n"
           "一、把党小组建在网格上\n街道把二十四个网格与党小组一一对应，每个网格由一名党员骨干任网格长。\n")
SPEECH = ("凝心聚力　再创佳绩\n——在城南中学2012年秋季开学教职工大会上的讲话\n\n校长　周国平\n\n"
          "（2012年8月30日）\n\n老师们、同志们：\n新学期就要开始了。今天召开全体教职工大会，主要是回顾"
          "上学年的工作，安排本学期的任务。下面，我讲三点意见。\n一、肯定成绩，坚定信心。\n")
TWO_LINE_TITLE = ("坚持党建引领\n推动学校发展\n（城南中学党支部）\n"
                  "近年来，我校党支部坚持把党建工作与学校中心工作同谋划、同部署、同考核，"
                  "党员教师在教学一线发挥了带头作用，学校的办学质量稳步提高。\n一、抓班子，带队伍。\n")


@pytest.mark.parametrize("text,title,unit,date", [
    (ARTICLE, "社区网格化治理中党员作用发挥的路径探析", "南溪市城关街道党工委", None),
    # the unit named only in the subtitle's 在…上: the unit whose meeting it is (the
    # speaker's post, 校长, names none)
    (SPEECH, "凝心聚力再创佳绩——在城南中学2012年秋季开学教职工大会上的讲话", "城南中学",
     "2012-08-30"),
    (TWO_LINE_TITLE, "坚持党建引领 推动学校发展", "城南中学党支部", None),
])
def test_names_glued_under_a_title_are_a_byline(text, title, unit, date):
    (it,) = process_file(SourceFile.from_bytes("a.txt", text.encode("utf-8"))).items
    assert (it.title, it.unit, it.date) == (title, unit, date)


@pytest.mark.parametrize("line,names", [
    ("孙海燕刘思远", ("孙海燕", "刘思远")), ("吴立新陈默", ("吴立新", "陈默")),
    ("校长周国平", ("周国平",)), ("李梅王强", ("李梅", "王强")),
    ("推动学校发展", None), ("坚持党建引领", None), ("校长寄语", None), ("党建引领发展", None),
])
def test_glued_names(line, names):
    assert layout.glued_names(line) == names
