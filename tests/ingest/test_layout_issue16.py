"""Issue 16, metadata and volume splitting: each mechanism pinned with a text of our own
(written for this test, in the layout real submissions have) and its exact outcome."""

import io

import pytest

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.ingest import metadata as md
from huibian.pipeline.ingestor import process_file
from huibian.testkit.pdfmaker import make_pdf


def items_of(text: str, name: str = "case.txt"):
    return process_file(SourceFile.from_bytes(name, text.encode("utf-8"))).items


def docx_items(paragraphs: list[str]):
    """A Word file with one paragraph per entry and no empty paragraph: no blank line
    tells where an item starts."""
    from docx import Document

    d = Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return process_file(SourceFile.from_bytes("volume.docx", buf.getvalue())).items


# --- item starts in a volume --------------------------------------------------------

VOLUME = [
    "前言",
    "本册收录各单位报送的材料，按收稿先后编排，原文的清单和署名照原样保留。",
    "评选活动办公室",
    "二〇二四年六月",
    "城东中学党员教师结对帮扶工作方案",
    "城东中学党总支",
    "一、结对对象",
    "每名党员教师结对两名学习困难学生，跟踪一个学年，每月谈心一次。",
    "二、时间安排",
    "1．九月份摸底建档",
    "2．十月至次年六月开展结对帮扶",
    "在全院优质服务推进会上的表态发言",
    "城南区人民医院",
    "尊敬的各位领导，同志们：",
    "刚才听了院长的讲话，很受启发。我代表门诊部表个态，一定把患者满意作为第一标准。",
    "我们将在门诊设立党员示范岗，党员挂牌上岗，接受患者监督，做到有问必答",
    "关于开展“红色楼长”评选活动的通知",
    "中共城西街道工作委员会",
    "各社区党委，街道机关各支部：",
    "为发挥党员楼长在小区治理中的作用，街道党工委决定开展“红色楼长”评选活动。",
    "联系人：街道组织办林小红，电话：0591-8xxxxxxx",
    "中共城西街道工作委员会",
    "2024年5月6日",
    "家门口的议事会",
    "城北社区党委",
    "城北社区把议事会开到了楼栋里，居民的事由党员召集、居民商量、社区落实。",
    "一年来共议定小区停车、楼道照明等事项三十余件，居民满意度明显提升。",
]


def test_items_start_without_a_sentence_end_before_them():
    """A list, a cut sentence or a signature ends the item before; a salutation with
    several addressees or an addressee line opens the body; a signature with the next
    item's title below it is no item start (联系人 … is no title)."""
    items = docx_items(VOLUME)
    assert [(i.title, i.unit) for i in items] == [
        ("前言", "评选活动办公室"),
        ("城东中学党员教师结对帮扶工作方案", "城东中学党总支"),
        ("在全院优质服务推进会上的表态发言", "城南区人民医院"),
        ("关于开展“红色楼长”评选活动的通知", "中共城西街道工作委员会"),
        ("家门口的议事会", "城北社区党委"),
    ]
    assert items[1].text.endswith("2．十月至次年六月开展结对帮扶")
    assert items[3].date == "2024-05-06"
    assert items[3].text.endswith("2024年5月6日")


def test_an_author_name_under_the_unit_and_a_note_in_parentheses():
    items = docx_items([
        "推进基层党建标准化的几点思考",
        "城关镇党委",
        "王建国",
        "基层党建标准化，首先要把支部设置、组织生活和党员管理的基本要求讲清楚，让每个支部都有章可循。",
        "（本文为县委党校2023年度调研课题的阶段性成果）",
        "党员积分管理办法",
        "城关镇新华村党支部",
        "第一条　为加强党员日常管理，激励党员发挥作用，制定本办法。",
        "第二条　本办法适用于本村全体党员。",
    ])
    assert [(i.title, i.unit, i.authors) for i in items] == [
        ("推进基层党建标准化的几点思考", "城关镇党委", ("王建国",)),
        ("党员积分管理办法", "城关镇新华村党支部", ()),
    ]


def test_a_department_is_a_unit_line():
    items = docx_items([
        "学生党员“一帮一”学业帮扶工作方案",
        "城南理工学院机械工程系",
        "为发挥学生党员在学风建设中的示范作用，系党总支决定开展学业帮扶活动。",
        "宿舍楼里的“先锋工作站”",
        "城南理工学院外国语系",
        "外国语系在学生宿舍楼设立党员工作站，每晚安排学生党员值班，为同学答疑解惑。",
    ])
    assert [i.unit for i in items] == ["城南理工学院机械工程系", "城南理工学院外国语系"]


WRAPPED = [
    ("title", "前言"),
    "本汇编收录本年度评选中获奖的部分工作方案和理论文章，编入时只作了格式上的统一。",
    ("right", "评选活动办公室"),
    ("right", "二〇二四年六月"),
    ("title", "关于在全市中小学幼儿园开展“师德师风建设提升年”活动的实施意见"),
    ("title", "城南市教育局"),
    "各县区教育局，市直各学校：",
    "为进一步加强教师队伍建设，办好人民满意的教育，现就开展师德师风建设提升年活动提出如下意见",
    ("title", "序——写在《城南市基层党建优秀案例选编（2022—2023）》付印之际"),
    ("title", "中共城南市委组织部"),
    "两年来，全市各级党组织围绕抓基层、打基础，探索出许多管用的办法。这本选编收录的案例，都来自基层一线。",
]


def test_a_title_wrapped_at_the_page_width_starts_an_item():
    """In a PDF the long title wraps onto a second line (…实施 / 意见, …付 / 印之际)
    and the item before ends with a cut sentence: still one title, one new item."""
    d = process_file(SourceFile.from_bytes("wrapped.pdf", make_pdf(WRAPPED, header="汇编")))
    lines = d.normalized.text.split("\n")
    assert not {"关于在全市中小学幼儿园开展“师德师风建设提升年”活动的实施意见",
                "序——写在《城南市基层党建优秀案例选编（2022—2023）》付印之际"} & set(lines)
    assert [(i.title, i.unit) for i in d.items] == [
        ("前言", "评选活动办公室"),
        ("关于在全市中小学幼儿园开展“师德师风建设提升年”活动的实施意见", "城南市教育局"),
        ("序——写在《城南市基层党建优秀案例选编（2022—2023）》付印之际", "中共城南市委组织部"),
    ]


def test_a_pian_item_title_is_read_under_its_label():
    """第N篇：label, then the item's own title, its unit, and a body whose first
    paragraph is a short fragment (a hard-wrapped line kept as a paragraph)."""
    items = docx_items([
        "第一篇：经验材料",
        "城西重工集团有限公司党委关于在全公司基层党组织和党员中深入开展岗位建功活动的实施方案",
        "城西重工集团有限公司党委",
        "根据上级党委关于在基层党组织和党员中深入",
        "开展岗位建功活动的部署，结合公司生产经营实际，制定本方案。",
        "第二篇：理论文章",
        "机关党建何以走在前列",
        "城西区直机关工委",
        "机关离领导最近，理应走在前、作表率。",
    ])
    assert [(i.label, i.title, i.unit) for i in items] == [
        ("第一篇：经验材料",
         "城西重工集团有限公司党委关于在全公司基层党组织和党员中深入开展岗位建功活动的实施方案",
         "城西重工集团有限公司党委"),
        ("第二篇：理论文章", "机关党建何以走在前列", "城西区直机关工委"),
    ]


@pytest.mark.parametrize("line,person", [
    ("王建国", True), ("意见", False), ("察与思考", False), ("建设纪实", False)])
def test_a_short_line_ending_in_a_genre_word_is_no_name(line, person):
    assert layout.is_person_line(line) is person
    assert md.is_person_line(line) is person


# --- units ------------------------------------------------------------------------

def test_a_signature_that_names_the_subtitles_unit_more_fully_is_the_unit():
    (item,) = items_of("""\
立足育人根本　推动党建创新
——城南理工学院党委党建工作汇报材料

城南理工学院现有教职工九百余人，基层党组织四十二个。一年来，学院党委坚持把党建工作和育人工作结合起来。

中共城南理工学院委员会
2023年11月8日
""")
    assert item.unit == "中共城南理工学院委员会"
    assert dict(item.sources)["unit"] == "signature"


def test_a_unit_line_under_the_title_wins_over_the_title_prefix():
    (item,) = items_of("""\
城南医学院开展党史学习教育实施方案
中共城南医学院委员会

根据上级党委的部署，学院在全体党员中开展党史学习教育。为确保取得实效，制定本方案。
一、总体要求
""")
    assert item.unit == "中共城南医学院委员会"


def test_jointly_issued_documents_take_the_first_unit():
    (item,) = items_of("""\
关于进一步加强中小学师德师风建设的实施意见

各中小学校、幼儿园：
为切实加强师德师风建设，现提出如下意见。各学校要结合实际制定具体办法。

中共城南区委教育工作委员会      城南区教育局
2016年9月8日
""")
    assert (item.unit, item.date) == ("中共城南区委教育工作委员会", "2016-09-08")
    assert layout.note_unit("（中共城南县委组织部、中共城南县直属机关工作委员会二〇二二年四月十八日印发）") \
        == "中共城南县委组织部"


def test_units_from_a_header_note_and_an_authors_note_at_the_end():
    (notice,) = items_of("""\
城南县县直机关党员干部联系服务群众工作制度

城组发（2022）11号
（中共城南县委组织部、中共城南县直属机关工作委员会二〇二二年四月十八日印发）

第一条　为推动县直机关党员干部深入基层、联系群众，制定本制度。
第二条　本制度自印发之日起施行。
""")
    assert (notice.unit, notice.date) == ("中共城南县委组织部", "2022-04-18")
    (article,) = items_of("""\
机关党建如何避免“灯下黑”

文/汪明

机关离领导最近，被寄予走在前、作表率的期望，但机关党建工作恰恰容易出现“灯下黑”。
解决这个问题，归根到底要靠责任的传导和制度的刚性。

（作者单位：中共城南区委直属机关工委）
""")
    assert article.unit == "中共城南区委直属机关工委"
    assert article.authors == ("汪明",)


def test_a_unit_on_a_second_title_line_and_the_city_the_body_adds():
    (news,) = items_of("""\
支部建在课题组上　党员教授带出科研尖兵
城南师范学院化学化工学院探索“双带头人”培育新路径

本报讯（通讯员　罗婷）晚上九点半，实验室依然灯火通明。近年来，该学院打破按系所设置教师党支部的做法，把支部建在课题组上。
“过去支部开会，大家坐在一起读文件，读完就散了，和平时的科研教学是两张皮。”一位党员教授说。
如今支部的组织生活和课题组的组会合在一起开，党员教授带着青年教师和研究生一起攻关。
""")
    assert news.unit == "城南师范学院化学化工学院"
    (case,) = items_of("""\
网格里有党员，遇事不用愁
——金东区多湖街道芙蓉社区推行党员包楼联户见闻

本报讯（记者　何佳）晚上七点多，社区的楼道灯坏了，党员楼长十分钟就赶到了。
这是金华市金东区多湖街道芙蓉社区推行党员包楼联户的一个日常片段。
""")
    assert case.unit == "金华市金东区多湖街道芙蓉社区"


@pytest.mark.parametrize("title,unit", [
    ("中小学校党组织领导的校长负责制运行中的几个问题", None),   # 党组 + 织 is no unit
    ("城南理工学院党委关于开展党员示范岗活动的通知", "城南理工学院党委"),
])
def test_title_prefix_units(title, unit):
    assert layout.title_unit(title) == unit


@pytest.mark.parametrize("line,expected", [
    ("城南理工学院机械工程系", True), ("党建工作体系", False), ("密切联系", False),
    ("中共城南理工学院委员会组织部", True)])
def test_unit_names(line, expected):
    assert layout.unit_name(line) is expected


@pytest.mark.parametrize("line,expected", [
    ("城南县桑坪镇枣园村党支部书记　周桂芝", ("城南县桑坪镇枣园村党支部", ("周桂芝",))),
    ("城南县教育局党委书记　余海涛", ("城南县教育局", ("余海涛",))),
    ("中共城南理工学院委员会组织部", None),
    ("还可以吸收青年教师党员担任学生党支部书记或组织", None),
])
def test_bylines_with_posts(line, expected):
    assert layout.byline_of(line) == expected


def test_a_sites_portal_name_is_furniture():
    assert layout.is_furniture("城南区教育体育局门户网站")
    (item,) = items_of("""\
城南区教育体育局门户网站
您现在的位置：首页 >> 政务公开 >> 通知公告
发布时间：2021-04-16 09:32　　来源：局办公室

城南区教育体育局关于做好2021年春季学期开学工作的通知

各中小学校、幼儿园：
现就做好春季学期开学工作通知如下，请认真贯彻执行。
""")
    assert item.unit == "城南区教育体育局"


# --- dates ------------------------------------------------------------------------

@pytest.mark.parametrize("line,iso", [
    ("二〇一二年元月十六日", "2012-01-16"),
    ("2012年3月15日（星期四）", "2012-03-15"),
    ("二〇二四年五月", "2024-05"),
])
def test_more_date_forms(line, iso):
    assert layout.date_of_line(line) == iso


def test_a_signature_above_a_list_of_attachments():
    (item,) = items_of("""\
关于开展“红色网格员”评选活动的通知

各街道党工委：
为激励党员在网格治理中发挥作用，决定开展评选活动。推荐材料不超过1500字

中共城南区委组织部办公室
2024年5月6日

附件：1.推荐名额分配表
      2.推荐审批表
""")
    assert (item.unit, item.date) == ("中共城南区委组织部办公室", "2024-05-06")


SUMMARY_BODY = """\
今年以来，我们围绕中心工作，扎实推进基层党建各项任务，取得了明显成效。
一、主要做法
（一）抓学习。全年组织集中学习十二次，党员参学率达到百分之九十五以上。
（二）抓服务。党员志愿者全年服务群众三千余人次，群众满意度明显提升。
"""


@pytest.mark.parametrize("tail,unit,date", [
    ("城东中学党支部（盖章）\n2011年12月28日", "城东中学党支部", "2011-12-28"),
    ("城东中学党支部（章）　　2011年12月28日", "城东中学党支部", "2011-12-28"),
    ("报送单位：城东中学党支部\n报送时间：2011年12月28日", "城东中学党支部", "2011-12-28"),
    ("城东中学党支部书记：王明\n2011年12月28日", "城东中学党支部", "2011-12-28"),
    ("城东中学党支部\n2011年12月28日印", "城东中学党支部", "2011-12-28"),
    ("城东中学党支部\n二〇一一年 十二月", "城东中学党支部", "2011-12"),
])
def test_signature_forms(tail, unit, date):
    (item,) = items_of("2011年度党建工作总结\n\n" + SUMMARY_BODY + "\n" + tail + "\n")
    assert (item.unit, item.date) == (unit, date)


@pytest.mark.parametrize("head,title", [
    ("在全校教职工大会上的讲话\n——二〇一一年六月三十日", "在全校教职工大会上的讲话"),
    ("凝心聚力　再创佳绩\n——在全校教职工大会上的讲话（2011年6月30日）",
     "凝心聚力再创佳绩——在全校教职工大会上的讲话（2011年6月30日）"),
])
def test_a_speech_dated_under_or_in_its_title(head, title):
    (item,) = items_of(head + "\n\n同志们：\n" + SUMMARY_BODY)
    assert (item.title, item.date) == (title, "2011-06-30")


def test_a_byline_with_its_unit_and_name_glued():
    """文/ then the author's unit and name, the space between them lost in the copy."""
    (item,) = items_of("党建引领基层治理\n文/城南县委组织部　李梅\n\n" + SUMMARY_BODY)
    assert (item.title, item.unit, item.authors) == ("党建引领基层治理", "城南县委组织部", ("李梅",))
    assert layout.byline_of("文/城南县委组织部李梅王强") == ("城南县委组织部", ("李梅", "王强"))
    assert layout.byline_of("城南县人民医院党建工作") is None  # a title, not a unit and two names


TOC_ITEMS = [
    ("城南重型机械集团结构件分厂党支部：党员责任区里“啃”下质量硬骨头的做法与体会", "城南重型机械集团结构件分厂党支部"),
    ("家门口的议事会", "城北社区党委"),
    ("党员示范岗让窗口服务亮起来", "城南区人民医院"),
]


def test_a_table_of_contents_whose_entry_wraps():
    """目录 entries with leader dots and page numbers; a long entry wraps onto a second
    line (…质量 / 硬骨头……………3), as a PDF's lines copied out keep it."""
    paras = ["前言", "本册收录本年度评选中获奖的部分实践案例。", "评选活动办公室", "目　录"]
    for n, (t, _) in enumerate(TOC_ITEMS):
        entry = f"{t}……………{3 + 2 * n}"
        paras += [entry[:30], entry[30:]] if len(t) > 30 else [entry]
    for t, u in TOC_ITEMS:  # no unit line under the titles: only the 目录 tells the items
        paras += [t, f"{u}坚持把党建工作和中心工作结合起来，党员带头攻坚克难，群众认可度明显提升。",
                  "一年来，各项工作取得了实实在在的成效，得到了上级党组织的肯定"]
    items = docx_items(paras)
    assert [i.title for i in items] == ["前言"] + [t for t, _ in TOC_ITEMS]


def test_a_title_with_its_subtitle_after_a_cut_sentence():
    items = docx_items([
        "前言", "本册收录各单位报送的材料。", "评选活动办公室",
        "一块牌子背后的承诺", "——城南小学党员先锋岗见闻", "城南小学",
        "城南小学把党员先锋岗的牌子挂在了每间教室门口，党员教师的承诺写在牌子上，接受学生和家长监督。",
        "一年下来，家长满意度明显提高，学校的教学质量也稳步上升",
        "楼栋里的党小组", "——城北社区党建引领老旧小区治理的做法", "城北社区党委",
        "城北社区把党小组建在楼栋上，每个楼栋推选一名党员担任楼长，居民有事先找楼长。",
        "一年来共解决居民诉求二百余件。",
    ])
    assert [(i.title, i.unit) for i in items[1:]] == [
        ("一块牌子背后的承诺——城南小学党员先锋岗见闻", "城南小学"),
        ("楼栋里的党小组——城北社区党建引领老旧小区治理的做法", "城北社区党委"),
    ]


def test_a_long_title_on_one_line():
    """A jointly issued notice's title of 60-odd characters on one line (Word, TXT)."""
    title = ("中共城南县委教育工作委员会城南县教育局关于在全县中小学幼儿园深入开展"
             "“强师德、铸师魂、树新风”师德师风主题教育活动的实施意见")
    items = docx_items(["前言", "本册收录各单位报送的材料。", "评选活动办公室", "二〇二四年六月",
                        title, "中共城南县委教育工作委员会", "各中小学校、幼儿园：",
                        "为进一步加强教师队伍建设，现就开展主题教育活动提出如下意见。",
                        "家门口的议事会", "城北社区党委",
                        "城北社区把议事会开到了楼栋里，居民的事由党员召集、居民商量、社区落实。"])
    assert [(i.title, i.unit) for i in items[1:]] == [
        (title, "中共城南县委教育工作委员会"), ("家门口的议事会", "城北社区党委")]
