"""Issue 16: compiled volumes laid out as real ones are, written for this test (our own
texts), each split into exactly its items in TXT, DOCX and PDF (running head, page
numbers in three styles): titles that ask or exclaim (…谁来清？), titles of two
parallel phrases (小网格，大服务), an item closed by a note in parentheses (（执笔：…）),
items that end with a list, a cut sentence or a date, 【案例背景】 and short 小标题 lines,
a title over a ——subtitle, a unit line after a blank line (报送单位：…), systems with
第N章 and 第N条 inside an item, a notice forwarding a document, 第N篇 catalog lines over
the item's own title, and a block pasted inside an item."""

import io

import pytest

from huibian.core.records import SourceFile
from huibian.ingest.normalize import normalize_text
from huibian.pipeline.ingestor import process_file
from huibian.testkit.pdfmaker import make_pdf

PREFACE = [("title", "前言"),
           ("body", "本册收录本年度评选中获奖的部分案例和制度，编入时只统一了格式，原文的署名和日期照原样保留。"),
           ("right", "评选活动办公室"), ("right", "二〇二一年十二月")]

CASE_QUESTION = [
    ("title", "楼道里的杂物谁来清？"), ("unit", "城关镇幸福里社区党支部"),
    ("body", "【案例背景】"),
    ("body", "幸福里小区建成于上世纪九十年代，没有物业，楼道里堆满了旧家具、纸箱和电动车，居民意见很大。"),
    ("body", "【主要做法】"),
    ("body", "支部把全小区按楼栋划成六个责任区，每个责任区由一名党员牵头，带着楼长和热心居民挨家挨户做工作。"),
    ("body", "清出来的旧物分三类处理：还能用的登记后放进社区“共享仓”，该卖的统一回收，剩下的请环卫车一次拉走。"),
    ("body", "【成效与启示】"),
    ("body", "三个月里共清理楼道杂物四十多车，加装电动车充电桩两处，楼道火灾隐患基本消除。"),
    ("body", "（执笔：李晓红）"),
]
CASE_SLOGAN = [
    ("title", "小网格，大服务"), ("unit", "江北县城南街道党工委"),
    ("body", "一、基本情况"),
    ("body", "城南街道辖十二个社区，常住人口八万余人，外来务工人员占三成以上。"),
    ("body", "二、主要做法"),
    ("body", "街道党工委把一百二十名机关和社区党员编入一百零八个网格，网格员每周入户不少于两次，群众反映的问题当天登记、三天回复。"),
    ("body", "三、下一步打算"),
    ("body", "1．完善网格员考核办法"),
    ("body", "2．把网格信息接入区级平台"),
    ("body", "3．在新建小区同步建立网格党小组"),
]
CASE_SUBMITTED = [
    ("title", "“红色代办员”跑出便民加速度"), ("gap", ""), ("unit", "报送单位：临江市税务局第二税务分局"),
    ("body", "背景"),
    ("body", "分局服务的纳税人里，个体户和小微企业占了九成，很多经营者年纪偏大，不会用网上办税系统，经常为了一张发票跑好几趟。"),
    ("body", "做法"),
    ("body", "分局党支部从十五名党员中挑选八人组成“红色代办员”队伍，公开手机号码，对行动不便的纳税人上门代办，对不会操作的手把手教。"),
    ("body", "一年下来，代办员上门服务三百六十多次，办税平均用时从两个小时缩短到二十分钟，收到锦旗十一面。"),
    ("body", "下一步，分局准备把代办服务延伸到周边三个乡镇，让更多经营者少跑路"),
]
CASE_SUBTITLE = [
    ("title", "机器轰鸣中的党旗"), ("sub", "——江南机床厂党建带团建工作纪实"), ("unit", "江南机床有限公司党委"),
    ("body", "缘起"),
    ("body", "厂里三十五岁以下的青年职工有四百多人，前几年流失率一度超过百分之十五，技术骨干接不上茬。"),
    ("body", "公司党委决定从党建带团建入手，把青年职工的成长纳入党建工作的总盘子。"),
    ("body", "青年突击队"),
    ("body", "每个车间组建一支青年突击队，由党员技术骨干任队长，专攻工艺难题。两年来，各突击队完成技术攻关项目二十三项。"),
    ("right", "2013年5月"),
]
CASE_DATED = [
    ("title", "扶贫路上的“第一书记”"), ("unit", "省交通运输厅驻红岩村工作队"),
    ("body", "二〇一五年春天，工作队进驻红岩村时，村里只有一条泥巴路，下雨天孩子们上学要绕两个多小时的山路。"),
    ("body", "工作队一边协调项目资金，一边发动群众投工投劳，用一年半时间修通了八公里水泥路，又帮村里建起了茶叶合作社。"),
    ("right", "二〇一七年六月"),
]
CASE_PASTED = [
    ("title", "党员说事会开到了田间地头"), ("unit", "青山镇青山村党支部"),
    ("body", "青山村有党员四十七名，其中一半以上在外务工。为把党员重新聚起来，支部每月逢十召开一次“党员说事会”。"),
    ("body", "说事会上，老党员王大伯讲了这样一段话，后来被镇里印在了简报上"),
    ("body", "种好责任田"),
    ("body", "青山村第三党小组"),
    ("body", "我们这个小组八个党员，分了村东头三十户人家，谁家有困难，我们先知道、先上门，这就是我们的责任田。"),
    ("body", "这段话很快在全村传开，其他党小组也纷纷认领了自己的“责任田”。一年来，全村党员共帮群众解决实际困难六十多件。"),
]
SYSTEM_CHAPTERS = [
    ("title", "党员活动室管理制度"), ("unit", "东湖区人民医院党委"),
    ("body", "第一章　总　则"),
    ("body", "第一条　为规范党员活动室的使用和管理，发挥其在党员教育中的作用，制定本制度。"),
    ("body", "第二条　党员活动室由院党委办公室负责日常管理。"),
    ("body", "第二章　使用管理"),
    ("body", "第三条　各党支部使用活动室开展组织生活，应提前一天向党委办公室登记。"),
    ("body", "第四条　活动室内的电教设备由专人保管，使用后及时关闭电源。"),
    ("body", "第三章　附　则"),
    ("body", "第五条　本制度由院党委办公室负责解释，自印发之日起施行。"),
    ("right", "东湖区人民医院党委"),
    ("right", "2019年4月8日"),
]
SYSTEM_LIST_END = [
    ("title", "城北中学党员教师“积分制”管理实施细则（试行）"), ("unit", "城北中学党支部"),
    ("body", "第一条　为激励党员教师在教育教学中发挥先锋模范作用，结合学校实际，制定本细则。"),
    ("body", "第二条　积分分为基础积分和奖励积分两部分，实行百分制，每学期核算一次。"),
    ("body", "第三条　基础积分包括以下内容："),
    ("body", "（一）按时参加组织生活；"),
    ("body", "（二）按时足额交纳党费；"),
    ("body", "（三）完成学校安排的教学任务"),
]
NOTICE_FORWARDING = [
    ("title", "关于印发《社区党员志愿服务积分办法》的通知"), ("unit", "中共临湖街道工作委员会"),
    ("body", "各社区党委："),
    ("body", "现将《社区党员志愿服务积分办法》印发给你们，请结合实际认真贯彻执行。"),
    ("right", "中共临湖街道工作委员会"),
    ("right", "2020年3月2日"),
    ("title", "社区党员志愿服务积分办法"),
    ("body", "第一条　为引导社区党员常态化参加志愿服务，制定本办法。"),
    ("body", "第二条　党员每参加一次志愿服务活动记一分，年度积分在前十名的予以表扬。"),
]
PIAN = [
    ("label", "第一篇：在全镇创先争优推进会上的交流发言"), ("title", "凝心聚力 争创一流"),
    ("unit", "城关镇中心学校党支部"),
    ("body", "各位领导、同志们："),
    ("body", "今年以来，我校党支部紧扣“办人民满意的教育”这个目标，在全体党员教师中开展了“亮身份、比贡献”活动。"),
    ("body", "下面，我从三个方面简要汇报。"),
    ("body", "一、亮身份，让党员站出来"),
    ("body", "全校二十六名党员教师在办公桌上摆放党员标识牌，在课堂上主动接受学生和家长监督。"),
    ("body", "谢谢大家！"),
    ("label", "第二篇：经验交流材料"), ("title", "把支部建在项目上"), ("unit", "市建工集团第三项目部党支部"),
    ("body", "项目部常年在外施工，党员分散在各个工地，过去组织生活很难正常开展。"),
    ("body", "去年起，集团党委在每个在建项目上成立临时党支部，项目经理和支部书记“一肩挑”，党员的组织关系随项目走。"),
    ("body", "第一章里规定的“三会一课”在工地上也一项不落地开了起来。"),
    ("label", "第三篇：理论文章"), ("title", "浅谈新时期高校党建工作的几点思考"),
    ("unit", "城南师范学院马克思主义学院"),
    ("body", "摘要：高校党建工作面临学生思想多元、组织生活形式单一等新问题，本文结合实际提出三点对策。"),
    ("body", "关键词：高校党建；学生党员；组织生活"),
    ("body", "高校是培养社会主义建设者和接班人的重要阵地，党建工作的成效直接关系到人才培养的质量。"),
]


def as_txt(blocks) -> bytes:
    """A blank line before each title (or catalog line) and after the unit line; a
    ``gap`` is one more blank line (between a title and its unit)."""
    out: list[str] = []
    for style, text in blocks:
        if style in ("title", "label") and out and out[-1] != "":
            out.append("")
        if style == "gap":
            out.append("")
            continue
        out.append(text)
        if style == "unit":
            out.append("")
    return ("\n".join(out) + "\n").encode("utf-8")


def as_docx(blocks, centred: bool = False) -> bytes:
    """One paragraph per line, no empty paragraph: nothing but the lines themselves
    tells where an item starts; with ``centred``, titles, units and catalog lines are
    centred as a volume sets them (a quoted block stays in the body's layout)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = Document()
    for style, text in blocks:
        if style != "gap":
            p = d.add_paragraph(text)
            if centred and style in ("title", "sub", "unit", "label"):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def as_pdf(blocks, page_numbers: str) -> bytes:
    pdf_blocks = []
    for style, text in blocks:
        if style in ("title", "sub", "unit"):
            pdf_blocks.append(("title", text))
        elif style == "label":
            pdf_blocks.append(("heading", text))
        elif style == "right":
            pdf_blocks.append(("right", text))
        elif style == "body":
            pdf_blocks.append(text)
    return make_pdf(pdf_blocks, header="优秀案例汇编", page_numbers=page_numbers)


FORMATS = [("txt", None), ("docx", None), ("pdf", "- {n} -"), ("pdf", "第 {n} 页"),
           ("pdf", "第{n}页 共{{nb}}页")]


def items_of(blocks, fmt: str, page_numbers: str | None):
    data = {"txt": lambda: as_txt(blocks), "docx": lambda: as_docx(blocks),
            "centred.docx": lambda: as_docx(blocks, centred=True),
            "pdf": lambda: as_pdf(blocks, page_numbers)}[fmt]()
    name = "volume." + fmt.rsplit(".", 1)[-1]
    return process_file(SourceFile.from_bytes(name, data)).items


def key(s: str | None) -> str:
    return normalize_text(s or "").replace(" ", "")


def last_line(item) -> str:
    return key(item.text.rstrip().rsplit("\n", 1)[-1])


CASES = PREFACE + CASE_QUESTION + CASE_SLOGAN + CASE_SUBMITTED + CASE_SUBTITLE + CASE_DATED


@pytest.mark.parametrize("fmt,page_numbers", FORMATS)
def test_a_case_volume_splits_into_its_items(fmt, page_numbers):
    items = items_of(CASES, fmt, page_numbers)
    assert [(key(i.title), i.unit, last_line(i)) for i in items] == [
        ("前言", "评选活动办公室", "二〇二一年十二月"),
        ("楼道里的杂物谁来清？", "城关镇幸福里社区党支部", "（执笔：李晓红）"),
        ("小网格，大服务", "江北县城南街道党工委", "3．在新建小区同步建立网格党小组"),
        ("“红色代办员”跑出便民加速度", "临江市税务局第二税务分局",
         "下一步，分局准备把代办服务延伸到周边三个乡镇，让更多经营者少跑路"),
        ("机器轰鸣中的党旗——江南机床厂党建带团建工作纪实", "江南机床有限公司党委", "2013年5月"),
        ("扶贫路上的“第一书记”", "省交通运输厅驻红岩村工作队", "二〇一七年六月"),
    ]
    assert [i.kind_hint for i in items] == ["preface"] + [None] * 5
    assert [i.date for i in items][4:] == ["2013-05", "2017-06"]


SYSTEMS = PREFACE + SYSTEM_CHAPTERS + SYSTEM_LIST_END + NOTICE_FORWARDING + SYSTEM_CHAPTERS


@pytest.mark.parametrize("fmt,page_numbers", FORMATS[:3])
def test_systems_keep_their_chapters_and_articles(fmt, page_numbers):
    """第N章 and 第N条 lines stay inside their item; an item may end with a list entry;
    the notice and the document it forwards are two items."""
    items = items_of(SYSTEMS, fmt, page_numbers)
    assert [(key(i.title), i.unit, i.kind_hint, last_line(i)) for i in items] == [
        ("前言", "评选活动办公室", "preface", "二〇二一年十二月"),
        ("党员活动室管理制度", "东湖区人民医院党委", None, "2019年4月8日"),
        ("城北中学党员教师“积分制”管理实施细则（试行）", "城北中学党支部", None,
         "（三）完成学校安排的教学任务"),
        ("关于印发《社区党员志愿服务积分办法》的通知", "中共临湖街道工作委员会", "notice",
         "2020年3月2日"),
        ("社区党员志愿服务积分办法", "中共临湖街道工作委员会", "forwarded",
         "第二条党员每参加一次志愿服务活动记一分，年度积分在前十名的予以表扬。"),
        ("党员活动室管理制度", "东湖区人民医院党委", None, "2019年4月8日"),
    ]
    assert all(key("第三章　附　则") in key(items[k].text) for k in (1, 5))
    assert items[1].date == "2019-04-08"


@pytest.mark.parametrize("fmt,page_numbers", FORMATS[:3])
def test_catalog_lines_over_the_items_own_titles(fmt, page_numbers):
    items = items_of(PREFACE + PIAN, fmt, page_numbers)
    assert [(key(i.title), i.unit, i.label) for i in items] == [
        ("前言", "评选活动办公室", None),
        ("凝心聚力争创一流", "城关镇中心学校党支部", "第一篇：在全镇创先争优推进会上的交流发言"),
        ("把支部建在项目上", "市建工集团第三项目部党支部", "第二篇：经验交流材料"),
        ("浅谈新时期高校党建工作的几点思考", "城南师范学院马克思主义学院", "第三篇：理论文章"),
    ]
    assert last_line(items[1]) == "谢谢大家！"


@pytest.mark.parametrize("fmt", ["txt", "centred.docx", "pdf"])
def test_a_block_pasted_inside_an_item_stays_in_it(fmt):
    """In a volume whose item starts are set off (a blank line in text, centred or
    larger titles in Word and PDF), another unit's title and unit quoted mid-item in the
    body's layout, after a paragraph cut mid-sentence, stay in the item; in text the
    lines around it are not joined as hard-wrapped."""
    blocks = PREFACE + CASE_QUESTION + CASE_SUBMITTED + CASE_PASTED + CASE_DATED
    items = items_of(blocks, fmt, "- {n} -")
    assert [(key(i.title), i.unit) for i in items] == [
        ("前言", "评选活动办公室"),
        ("楼道里的杂物谁来清？", "城关镇幸福里社区党支部"),
        ("“红色代办员”跑出便民加速度", "临江市税务局第二税务分局"),
        ("党员说事会开到了田间地头", "青山镇青山村党支部"),
        ("扶贫路上的“第一书记”", "省交通运输厅驻红岩村工作队"),
    ]
    lines = [key(x) for x in items[3].text.split("\n")]
    assert lines[4:7] == ["种好责任田", "青山村第三党小组",
                          "我们这个小组八个党员，分了村东头三十户人家，谁家有困难，我们先知道、先上门，"
                          "这就是我们的责任田。"]
    assert last_line(items[3]).startswith("这段话很快在全村传开")


@pytest.mark.parametrize("text,wrapped", [
    # one paragraph per line, a cut sentence and a short title below it: not wrapped
    ("城南街道辖十二个社区，常住人口八万余人，外来务工人员占三成以上，其中一半在开发区企业上班。\n"
     "街道党工委把机关和社区党员编入网格，网格员每周入户不少于两次，群众反映的问题当天登记。\n"
     "说事会上，老党员讲了这样一段话，后来被镇里印在了简报上\n"
     "种好责任田\n"
     "一年来，全村党员共帮群众解决实际困难六十多件，群众满意度明显提升，支部威信也提高了。\n",
     False),
    # lines wrapped at one width: joined
    ("城南街道辖十二个社区，常住人口八万余人，外来务工\n"
     "人员占三成以上，其中一半在开发区企业上班。街道\n"
     "党工委把机关和社区党员编入网格，网格员每周入户\n"
     "不少于两次，群众反映的问题当天登记。\n",
     True),
])
def test_hard_wrapped_text_is_told_by_the_width_its_open_lines_stop_at(text, wrapped):
    out = normalize_text(text, hard_wrapped=True)
    assert (out.count("\n") < text.count("\n") - 1) is wrapped
    if not wrapped:
        assert "种好责任田" in out.split("\n")


ANONYMISED = [
    ("title", "“党员中心户”成了群众的贴心人"), ("unit", "xx县xx镇党委"),
    ("body", "xx镇地处山区，村民居住分散，有的自然村离村部二十多里路。镇党委在每个自然村确定一户党员家庭作为“党员中心户”，挂牌服务。"),
    ("body", "中心户负责传达政策、收集诉求、调解纠纷，每月向村党支部报告一次。两年来共收集群众诉求三百余件，办结率百分之九十五。"),
    ("title", "让患者少跑一趟路"), ("unit", "**区人民医院党委"),
    ("body", "医院门诊量每年增长一成以上，挂号、缴费、取药排长队的问题十分突出。院党委把“少跑一趟路”作为党员创岗的主题。"),
    ("body", "党员先锋岗在门诊大厅设立“一站式”服务台，提供预约、缴费、打印报告等服务，患者平均就诊时间缩短了四十分钟"),
]
HEAD_LINES = [
    ("title", "基层党组织书记队伍建设的几点思考"), ("unit", "文/城西区委组织部　周建华"),
    ("body", "书记是基层党组织的“领头雁”。从近年的调研看，书记队伍存在年龄偏大、知识结构老化、后继乏人等问题，需要下功夫解决。"),
    ("body", "一要拓宽选人渠道。二要加强教育培训。三要完善激励保障，让书记有干头、有奔头。"),
    ("title", "在全县教育系统表彰大会上的发言"), ("unit", "城关镇中心学校（2012年3月5日）"),
    ("body", "尊敬的各位领导，老师们："),
    ("body", "我校能够获得这个荣誉，离不开上级的关心和全体教职工的努力。下面我简要汇报我们的几点做法。"),
    ("body", "谢谢大家！"),
    ("title", "小小积分卡，激活党员“一池春水”"), ("unit", "南山县委组织部"), ("right", "李文斌　王丽"),
    ("body", "去年以来，南山县在农村党员中推行积分管理，把党员参加组织生活、联系服务群众等情况量化记分。"),
    ("body", "积分结果与评先评优挂钩，党员参与村务的积极性明显提高。"),
]
HEAD_ITEMS = [
    ("前言", "评选活动办公室"),
    ("“党员中心户”成了群众的贴心人", "xx县xx镇党委"),
    ("让患者少跑一趟路", "**区人民医院党委"),
    ("基层党组织书记队伍建设的几点思考", "城西区委组织部"),
    ("在全县教育系统表彰大会上的发言", "城关镇中心学校"),
    ("小小积分卡，激活党员“一池春水”", "南山县委组织部"),
]


@pytest.mark.parametrize("fmt,page_numbers", FORMATS[:3])
def test_anonymised_units_bylines_dated_units_and_authors_under_the_unit(fmt, page_numbers):
    """An item that ends with a cut sentence before a title whose unit is a byline
    (文/…); a unit line with its date in parentheses; a line of two names (the space
    between them lost) between the unit and the body."""
    items = items_of(PREFACE + ANONYMISED + HEAD_LINES, fmt, page_numbers)
    assert [(key(i.title), i.unit) for i in items] == HEAD_ITEMS
    assert items[4].date == "2012-03-05"
    assert last_line(items[2]).endswith("患者平均就诊时间缩短了四十分钟")


def with_page_furniture(blocks):
    """Text copied from a printed volume: after every few paragraphs a page number and
    the running head, in two styles."""
    out = []
    for k, block in enumerate(blocks):
        out.append(block)
        if k % 5 == 3:
            page = k // 5 + 2
            out += [("body", f"- {page} -"), ("body", "优秀案例汇编")] if page % 2 else \
                [("body", "优秀案例汇编"), ("body", f"第{page}页 共12页")]
    return out


def test_page_numbers_and_running_heads_in_a_text_volume_are_dropped():
    items = items_of(with_page_furniture(PREFACE + ANONYMISED + HEAD_LINES), "txt", None)
    assert [(key(i.title), i.unit) for i in items] == HEAD_ITEMS
    text = "\n".join(i.text for i in items)
    assert "优秀案例汇编" not in text and "- 3 -" not in text and "共12页" not in text


def test_one_page_number_like_line_is_kept():
    text = "党员积分管理办法\n城关镇新华村党支部\n第一条　为加强党员日常管理，制定本办法。\n第 3 页\n"
    assert normalize_text(text).split("\n")[-1] == "第3页"


def with_toc(blocks, items, *, labels=False):
    titles = [t for t, _ in items[1:]]
    return [("title", "目　录")] + [("body", f"{t}……………{3 + 4 * k}") for k, t in enumerate(titles)] + blocks


@pytest.mark.parametrize("fmt,page_numbers", FORMATS[:3])
def test_a_table_of_contents_at_the_front(fmt, page_numbers):
    """目录 entries (leader dots, page numbers) are not joined as wrapped lines; the
    TOC is front matter titled 目录, the 前言 after it an item of its own."""
    items = items_of(with_toc(PREFACE + ANONYMISED + HEAD_LINES, HEAD_ITEMS), fmt, page_numbers)
    assert [(key(i.title), i.unit) for i in items] == [("目录", None)] + HEAD_ITEMS
    assert [i.kind_hint for i in items][:3] == ["preface", "preface", None]


def test_a_table_of_contents_over_catalog_lines():
    """The TOC lists the items' own titles; each item keeps its 第N篇 catalog line as its
    label."""
    titles = [("凝心聚力争创一流", None), ("把支部建在项目上", None), ("浅谈新时期高校党建工作的几点思考", None)]
    blocks = [("title", "目　录")] + [("body", f"{t}……{5 + 3 * k}") for k, (t, _) in enumerate(titles)] + \
        PREFACE + PIAN
    for fmt in ("txt", "docx"):
        items = items_of(blocks, fmt, None)
        assert [(key(i.title), i.label) for i in items][2:] == [
            ("凝心聚力争创一流", "第一篇：在全镇创先争优推进会上的交流发言"),
            ("把支部建在项目上", "第二篇：经验交流材料"),
            ("浅谈新时期高校党建工作的几点思考", "第三篇：理论文章")]


def test_word_and_pdf_readers_mark_title_blocks():
    """The first line of a centred or larger block is marked (``Extracted.display``),
    the lines under it in the same block and the body are not."""
    for name, data in (("v.docx", as_docx(CASES, centred=True)),
                       ("v.pdf", as_pdf(CASES, "- {n} -"))):
        ex = process_file(SourceFile.from_bytes(name, data)).extracted
        marked = [ex.text[i:].split("\n", 1)[0] for i in ex.display]
        assert [key(m) for m in marked] == [
            "前言", "楼道里的杂物谁来清？", "小网格，大服务", "“红色代办员”跑出便民加速度",
            "机器轰鸣中的党旗", "扶贫路上的“第一书记”"], ex.kind


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_units_of_banks_cooperatives_and_presses_start_items(fmt):
    """Unit names ending in 分行, 合作社, 报社 (models/layout/unit_suffixes.txt) make a
    title-and-unit block."""
    blocks = PREFACE + [
        ("title", "金融活水润三农"), ("unit", "中国农业银行临江分行"),
        ("body", "分行党委把支部建在网点上，党员客户经理包片联系村组，两年来发放涉农贷款十二亿元。"),
        ("title", "一枚印章管到底"), ("unit", "临江县供销合作社"),
        ("body", "合作社党支部推行“一枚印章管审批”，群众办事少跑腿，半年里办件量翻了一番。"),
        ("title", "红色驿站暖人心"), ("unit", "临江日报社"),
        ("body", "报社党委在城区设立红色驿站，为环卫工人和快递小哥提供热水和休息场所。"),
    ]
    assert [(key(i.title), i.unit) for i in items_of(blocks, fmt, None)] == [
        ("前言", "评选活动办公室"), ("金融活水润三农", "中国农业银行临江分行"),
        ("一枚印章管到底", "临江县供销合作社"), ("红色驿站暖人心", "临江日报社")]


@pytest.mark.parametrize("fmt", ["txt", "centred.docx", "pdf"])
def test_a_short_title_that_reads_like_a_name(fmt):
    """红色驿站, 党员服务站: a title ending like a unit name, set off as a title over the
    unit line (a blank line before it, or centred), starts an item."""
    blocks = PREFACE + CASE_DATED + [
        ("title", "红色驿站"), ("unit", "临江日报社"),
        ("body", "报社党委在城区设立红色驿站，为环卫工人和快递小哥提供热水和休息场所。"),
        ("title", "党员服务站"), ("unit", "城关镇新华村党支部"),
        ("body", "村党支部在村部设立党员服务站，党员轮流值班，帮群众代办各类事项。"),
    ] + CASE_QUESTION
    assert [(key(i.title), i.unit) for i in items_of(blocks, fmt, "- {n} -")] == [
        ("前言", "评选活动办公室"), ("扶贫路上的“第一书记”", "省交通运输厅驻红岩村工作队"),
        ("红色驿站", "临江日报社"), ("党员服务站", "城关镇新华村党支部"),
        ("楼道里的杂物谁来清？", "城关镇幸福里社区党支部")]


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_a_report_addressed_to_a_leading_group(fmt):
    """The body of a report opens with whom it is addressed to, a short line ending in a
    colon that names no usual addressee (县委创先争优活动领导小组：)."""
    blocks = PREFACE + CASE_DATED + [
        ("title", "中共南山镇委员会关于创先争优活动开展情况的汇报"), ("unit", "中共南山镇委员会"),
        ("body", "县委创先争优活动领导小组："),
        ("body", "去年以来，我镇在全镇党组织和党员中扎实开展创先争优活动，现将有关情况汇报如下。"),
        ("body", "一、主要做法"),
    ]
    assert [(key(i.title), i.unit) for i in items_of(blocks, fmt, None)][2:] == [
        ("中共南山镇委员会关于创先争优活动开展情况的汇报", "中共南山镇委员会")]


def test_a_unit_beside_a_page_number_is_no_running_head():
    """A unit line that falls beside a page number twice (its unit line and its
    signature) stays; the running head beside every page number goes."""
    blocks = PREFACE + CASE_SLOGAN + CASE_DATED + CASE_SUBMITTED
    raw = as_txt(blocks).decode("utf-8").split("\n")
    out, page = [], 0
    for k, line in enumerate(raw):
        out.append(line)
        if line in ("江北县城南街道党工委", "省交通运输厅驻红岩村工作队") or k % 6 == 5:
            page += 1
            out += [f"- {page} -", "优秀案例汇编"]
    items = process_file(SourceFile.from_bytes("v.txt", "\n".join(out).encode("utf-8"))).items
    assert [(key(i.title), i.unit) for i in items] == [
        ("前言", "评选活动办公室"), ("小网格，大服务", "江北县城南街道党工委"),
        ("扶贫路上的“第一书记”", "省交通运输厅驻红岩村工作队"),
        ("“红色代办员”跑出便民加速度", "临江市税务局第二税务分局")]
    assert "优秀案例汇编" not in "".join(i.text for i in items)


def test_a_toc_entry_whose_page_number_was_lost():
    paras = ["目录", "楼道里的杂物谁来清？……3", "小网格，大服务……", "扶贫路上的“第一书记”……9"]
    blocks = [("body", p) for p in paras] + PREFACE + CASE_QUESTION + CASE_SLOGAN + CASE_DATED
    items = items_of(blocks, "docx", None)
    assert [key(i.title) for i in items] == ["目录", "前言", "楼道里的杂物谁来清？", "小网格，大服务",
                                             "扶贫路上的“第一书记”"]
