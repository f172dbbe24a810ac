"""Volumes of work systems (工作制度) in plain text split exactly (issue 16): where an
item starts (a title ending in a system's genre word over its articles, or over a
preamble and its sections, after the end of the item before) and where none does (an
article that names another regulation, a chapter heading, a quoted title, a template's
title, an attachment the item announces). Each case is a volume of our own, written
for this test; the PDF reader's running-foot rule is pinned beside them."""

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.ingest.readers.pdf import Line, split_furniture
from huibian.pipeline.ingestor import process_file


def items_of(text: str, name: str = "systems.txt"):
    return process_file(SourceFile.from_bytes(name, text.encode("utf-8"))).items


CHAPTERS_AND_GUIDANCE = """\
前言
本册收录的工作制度由各基层党组织报送，编入时未作改动。
编印组
2015年1月

白沙镇卫生院党支部谈心谈话制度
第一章总则
第一条为及时了解党员和职工的思想状况，增进团结，制定本制度。
第二章谈话安排
第二条支部书记每半年与每名支部委员谈话一次，支部委员每半年与分管联系的党员谈话一次。
第三章附则
第三条本制度自印发之日起施行。

关于加强村级党组织阵地建设的实施意见
为使村级党组织有地方议事、有地方学习、有地方为群众办事，现就阵地建设提出如下意见。
一、统一标识
各村党员活动室统一悬挂党旗和活动室标牌，公开党员名单和活动安排。
二、完善功能
活动室兼作便民服务点，安排村干部轮流值守。
中共白沙镇委员会
2014年9月3日

白沙镇机关党员考勤规定
第一条机关党员上班实行签到，外出办事在去向牌上写明去向。
第二条无故缺勤一天的，在机关党员大会上作出说明。
"""


def test_a_system_opening_with_a_preamble_before_its_sections_starts_an_item():
    """实施意见 is a system's genre word; its title stands over a paragraph of running
    text and then 一、, after a signature that ends the item before; chapter headings
    (第二章) inside an item start nothing."""
    items = items_of(CHAPTERS_AND_GUIDANCE)
    assert [i.title for i in items] == [
        "前言", "白沙镇卫生院党支部谈心谈话制度", "关于加强村级党组织阵地建设的实施意见",
        "白沙镇机关党员考勤规定"]
    assert items[2].unit == "中共白沙镇委员会" and items[2].date == "2014-09-03"
    assert "第三章附则" in items[1].text


ENDS_WITH_ITS_ATTACHMENT_LINE = """\
石桥社区党员责任岗管理办法

第一条社区在楼栋、广场和停车场设立党员责任岗，每个岗位由一至两名党员认领。

第二条认领党员每周巡查一次责任区域，发现问题及时报告社区党委。

附件：党员责任岗分布及认领名单

石桥社区党员议事规则
第一条凡涉及居民切身利益的事项，先提交党员议事会讨论。

第二条议事会每季度召开一次。
"""

ANNOUNCED_ATTACHMENTS = """\
石桥社区党员责任岗管理办法
第一条社区在楼栋、广场和停车场设立党员责任岗，每个岗位由一至两名党员认领。
第二条认领党员每周巡查一次责任区域，发现问题及时报告社区党委。
附件：1．党员责任岗巡查记录办法
2．党员责任岗分布图
党员责任岗巡查记录办法
第一条巡查记录由认领党员当日填写。
第二条记录每月交社区党委存档。
"""


def test_an_attachment_line_naming_another_document_ends_the_item_before():
    """附件：<a name> closes an item that ends with it: the system titled under it is
    a new item; a system the 附件 list above names is that attachment, in its item."""
    items = items_of(ENDS_WITH_ITS_ATTACHMENT_LINE)
    assert [i.title for i in items] == ["石桥社区党员责任岗管理办法", "石桥社区党员议事规则"]
    assert items[0].text.rstrip().endswith("附件：党员责任岗分布及认领名单")
    items = items_of(ANNOUNCED_ATTACHMENTS)
    assert [i.title for i in items] == ["石桥社区党员责任岗管理办法"]
    assert items[0].text.rstrip().endswith("第二条记录每月交社区党委存档。")


LABELLED_SYSTEMS = """\
前言
本册按制度类别编排，每篇前注明类别。
编印组
2016年3月

制度一：组织生活
红枫小学党支部主题党日制度
第一条支部每月第一个星期五下午开展主题党日活动。
第二条主题党日的内容由支部委员会提前一周确定。
第三条党员参加主题党日活动的情况记入党员档案，活动安排按照《红枫小学党支部学习制度》执行。
第四条与本制度配套执行的制度有：
《红枫小学党支部学习制度》
《红枫小学党员教师考勤规定》
第五条本制度自公布之日起施行。

制度二：窗口服务
红枫小学党员教师家长接待规范
第一条党员教师轮流在家长接待室值班，接待家长来访。
第二条学校各班组结合实际制定本组的接待须知，格式如下：
XX年级家长接待须知
一、接待时间为每周三下午。
二、接待情况当日登记。
第三条本规范由学校党支部负责解释。
红枫小学党支部
2016年2月
"""


def test_catalog_labels_of_a_systems_volume_and_titles_quoted_inside_an_item():
    """制度N：… is a volume's catalog line over an item's own title (as 第N篇：…); 规范 is
    a system's genre word; an article naming another regulation, the regulations listed
    in book-title marks and a template's title announced by 如下： start no item."""
    items = items_of(LABELLED_SYSTEMS)
    assert [(i.title, i.label) for i in items] == [
        ("前言", None), ("红枫小学党支部主题党日制度", "制度一：组织生活"),
        ("红枫小学党员教师家长接待规范", "制度二：窗口服务")]
    assert items[2].unit == "红枫小学党支部" and items[2].date == "2016-02"
    assert layout.label_of("制度三：党员管理") == "制度三：党员管理"
    assert layout.label_of("制度一般由支部委员会讨论通过。") is None


def test_signature_dates_at_the_foot_of_two_pages_are_no_running_foot():
    """Two pages ending with a signature's date (a different date on each) keep them;
    a running foot whose digits change (the page number) is still removed."""
    def page(date: str, n: int) -> list[Line]:
        return [Line("优秀工作制度汇编", 100, 300, 800, 12),
                Line("第一条支部每月开展一次主题党日活动。", 72, 500, 700, 12),
                Line("红枫小学党支部", 400, 500, 120, 12), Line(date, 400, 500, 100, 12),
                Line(f"- {n} -", 280, 320, 40, 12)]
    kept, furniture = split_furniture([page("2016年2月3日", 1), page("2016年3月15日", 2)])
    assert [[ln.text for ln in p][-2:] for p in kept] == [
        ["红枫小学党支部", "2016年2月3日"], ["红枫小学党支部", "2016年3月15日"]]
    assert "- 1 -" in furniture and "优秀工作制度汇编" in furniture


NUMBERED_SYSTEMS = """\
目录
1．长岭村党员设岗定责制度
2．长岭村村务公开办法
3．长岭村党员值班规定
1．长岭村党员设岗定责制度
第一条村党支部根据党员的特长和身体状况，设立政策宣传、环境卫生、矛盾调解等岗位。
第二条党员设岗定责情况在村务公开栏公布。
长岭村党支部
2013年5月6日
2．长岭村村务公开办法
第一条村务公开的内容包括集体财务收支、土地承包和救助资金发放情况。
第二条村务每季度公开一次，公开后十天内收集村民的意见。
长岭村党支部
2013年5月6日
3．长岭村党员值班规定
第一条村党员轮流在村便民服务室值班，每天一人。
第二条值班党员做好来访登记。
长岭村党支部
2013年5月6日
"""


def test_items_numbered_by_the_volume_split_at_their_numbered_titles():
    """A title printed with the volume's number before it (1．…制度, （二）…办法) over
    articles that start again is an item's own title without the number; the 目录 that
    lists them (no page numbers) is the front matter: its last entry over the first
    item's numbered title is no system over its first point."""
    items = items_of(NUMBERED_SYSTEMS)
    assert [i.title for i in items] == [
        "目录", "长岭村党员设岗定责制度", "长岭村村务公开办法", "长岭村党员值班规定"]
    assert [(i.unit, i.date) for i in items[1:]] == [("长岭村党支部", "2013-05-06")] * 3


SHORT_RULES = """\
城郊小学党员教师课堂守则
1．按时上下课，不拖堂，不随意调课。
2．课堂上不使用手机，不做与教学无关的事。
城郊小学党支部
2012年10月
城郊小学党员教师家访须知
1．家访前与家长约定时间，不搞突然上门。
2．家访不接受家长宴请和礼品。
3．家访情况记入家访记录本
城郊小学党员教师值周规定
（一）值周党员七点二十分到校，在校门口迎接学生。
（二）值周情况在周五教师例会上通报。
"""


def test_short_systems_numbered_with_points_split_after_the_end_of_the_item_before():
    """A short system whose points are numbered 1． or （一） starts an item after a
    signature, a sentence or a list that ends the item before."""
    items = items_of(SHORT_RULES)
    assert [i.title for i in items] == [
        "城郊小学党员教师课堂守则", "城郊小学党员教师家访须知", "城郊小学党员教师值周规定"]
    assert items[1].text.rstrip().endswith("3．家访情况记入家访记录本")
