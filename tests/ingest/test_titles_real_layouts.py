"""Issue 16, titles that hold on real layouts: each way a web copy misled the title
(a site or journal line taken for it, the title joined with the line under it, printed
twice, a title made up where the text has none, fragments, a two-line title cut, a
site's file name) pinned with a text of our own and its exact title ("" where the text
has none: nothing is made up from the body)."""

import pytest

from huibian.core.records import SourceFile
from huibian.evaluation.scoring import FieldScore
from huibian.ingest import layout
from huibian.pipeline.ingestor import process_file


def first_item(name: str, text: str):
    return process_file(SourceFile.from_bytes(f"{name}.txt", text.encode("utf-8"))).items[0]


CASES = {}

# 1. site and journal lines above or under the title
CASES["journal_head"] = ("""\
APP下载
乡镇干部考核办法的演进与改进方向
2020-05-11 周明远
乡村发展研究2020年3期
周明远
摘要：乡镇干部考核从看材料转向看实绩，文章梳理了三个阶段的做法。
关键词：乡镇干部；考核；实绩
考核办法的每一次调整，都和乡镇承担的任务变化有关。
""", "乡镇干部考核办法的演进与改进方向")

CASES["affiliation_postcode"] = ("""\
社区议事会运行中的党组织角色
韩立新
（江南理工大学马克思主义学院 南京 210094）
摘要：本文以三个社区的议事会为例，考察党组织在议题提出和意见整合中的作用。
关键词：社区议事会；党组织；协商
社区议事会是居民协商身边事务的常设平台，议题多来自楼栋长收集的居民意见和网格员的走访记录。
我们在三个社区各旁听了六次议事会，并访谈了社区书记、议事代表和部分居民共四十一人。
结果显示，党组织在议题筛选和分歧协调两个环节作用最明显，在议定事项的落实环节作用相对较弱。
""", "社区议事会运行中的党组织角色")

CASES["teaser_under_title"] = ("""\
期刊导航|投稿须知|联系我们
山区小学党员教师轮岗中的组织生活安排
论文部分内容阅读
作者：梁秀芳单位：青禾县教育局人事股
摘要：轮岗党员教师常在两校之间往返，组织生活容易落空。
关键词：轮岗；党员教师；组织生活
本县从前年起推行县域内教师轮岗，党员教师占轮岗人数的三成。
""", "山区小学党员教师轮岗中的组织生活安排")

CASES["view_counter"] = ("""\
白沙县人民政府关于推进农村寄宿制学校建设的意见
2024-03-02 09:15
238人看过
各乡镇人民政府、县直各部门：
为改善农村学生就学条件，现就推进寄宿制学校建设提出如下意见。
一、总体要求
到明年秋季，每个乡镇至少建成一所标准化寄宿制学校。
""", "白沙县人民政府关于推进农村寄宿制学校建设的意见")

CASES["collection_head"] = ("""\
社区活动方案精选5篇
社区活动方案精选5篇
青松社区重阳节敬老活动方案
为弘扬敬老爱老的传统，社区党支部决定在重阳节前后组织一次敬老活动。
一、活动时间
十月上旬，共三天。
""", "青松社区重阳节敬老活动方案")

CASES["sharing_fields"] = ("""\
镇村干部坐班值守制度.docx
- 格式：DOCX
- 页数：6
- 大小：28.5KB
镇村干部坐班值守制度
第一条 为方便群众办事，镇村两级实行干部坐班值守。
第二条 镇便民服务中心工作日每天安排两名干部值守。
""", "镇村干部坐班值守制度")

# a collection page whose samples have no title of their own (…方案 篇1): the page's
# heading, the topic every sample is of, is the sample's title (LABELING.md, titles; it
# was left untitled before real pages labeled by a second reader showed the heading taken)
CASES["collection_sample_untitled"] = ("""\
读书活动方案

时间：2022-04-11 08:30:12 活动方案 我要投稿

读书活动方案6篇（精选）

为了让活动有序开展，往往需要预先制定方案，下面是编辑整理的几篇读书活动方案，供大家参考。

读书活动方案6篇（精选）

读书活动方案 篇1

一、活动目的
引导学生多读书、读好书，养成每天阅读半小时的习惯。
二、活动时间
四月至六月。
""", "读书活动方案")

# 2. the title joined with the line under it
CASES["date_author_glued"] = ("""\
乡村小学党建带队建的几点做法2018-06-02陈海燕许志刚
陈海燕+许志刚
摘要：村小教师少、党员更少，文章介绍了联合支部带动教师队伍建设的做法。
关键词：村小；联合支部；教师队伍
全乡九所村小只有十一名党员教师，分散在各校。
""", "乡村小学党建带队建的几点做法")

CASES["name_glued"] = ("""\
赵明轩
新时期高校学生党员发展质量的保障路径赵明轩
在高校党建工作中，学生党员发展质量直接关系党员队伍的整体素质，也关系学生群体对党组织的认同。
一、把好入口关
发展对象要经过一年以上的培养考察，考察意见由培养联系人和班主任分别填写后交支部审核。
二、把好程序关
支部大会讨论前，要征求党内外群众的意见，公示期内收到的反映由支委会逐条核实并书面答复。
三、把好教育关
预备期内每季度谈心谈话一次，预备党员参加志愿服务的情况记入考察登记表作为转正的依据。
""", "新时期高校学生党员发展质量的保障路径")

CASES["submitter_field"] = ("""\
小切口撬动大治理
提交单位：云岭县第二人民医院
案例详情
云岭县第二人民医院党委从患者反映最多的挂号难入手，推行党员志愿者导诊。
一、背景
门诊高峰时段排队时间长，老年患者意见较多。
""", "小切口撬动大治理")

CASES["omitted_head_note"] = ("""\
全县防汛抗旱工作部署会讲话
……（开头部分已省略210字）
今年汛期来得早，雨量比常年偏多三成，各乡镇务必提前做好准备。
一、压实防汛责任
县级领导包乡镇，乡镇干部包村组。
""", "全县防汛抗旱工作部署会讲话")

# 3. the same title printed twice
CASES["printed_twice"] = ("""\
镇党委书记在春季植树动员会上的讲话
镇党委书记在春季植树动员会上的讲话
同志们：
今天召开全镇春季植树动员会，主要是安排今年的绿化任务。
一、明确任务
全镇今年计划新植苗木两万株。
""", "镇党委书记在春季植树动员会上的讲话")

# 4. no title: none is made up
CASES["salutation_only"] = ("""\
同志们：
今天我们召开全镇安全生产会议，主要是把春节前的隐患排查工作安排下去。
各村要对照清单逐户排查，发现问题当场登记。
""", "")

CASES["body_first"] = ("""\
按照县委的统一部署，我局从三月起在全局开展作风建设月活动，现将有关情况报告如下。
一是组织全局干部学习有关规定，二是公开办事流程和时限。
""", "")

CASES["abstract_first"] = ("""\
【摘要】乡镇党委在基层治理中的统筹作用越来越重要，本文从三个方面分析其实现路径。
【关键词】乡镇党委；基层治理；统筹
一、问题的提出
乡镇一级处在国家治理的末端。
""", "")

CASES["addressee_first"] = ("""\
各村（社区）党支部：
为做好今年党员冬训工作，现将有关事项通知如下。
一、时间安排
十二月至次年二月。
""", "")

# 5. fragments: a 摘要 label broken by an unknown character
CASES["broken_abstract_label"] = ("""\
王小林
摘 ? 要：社区党组织如何凝聚在职党员，是城市基层党建的老问题。
关键词：在职党员；社区报到；双重管理
一、在职党员进社区的现状
多数社区的报到党员只参加一两次活动。
""", "")

# 5. a run-on copy (its line breaks lost) under a sharing site's file name and prompts,
# numbers and a hidden name set off by spaces (建党 95 周年, xxx 镇党委): the slogan title
# with its subtitle, not a fragment (95) nor the file name
CASES["runon_under_file_name"] = ("""\
在全镇党员冬训动员会上的讲话范文.docVIP
本文档共4页，下载即可阅读全文　　上传时间：2016-11-20
1、本文档由用户上传，不代表本站观点 2、如有侵权请联系客服
冬训冬学正当时 ——在庆祝建党 95 周年暨全镇党员冬训动员会上的讲话 xxx 镇党委书记 xxx （2016年11月18日） 同志们： 今天召开全镇党员冬训动员会，主要是把今年冬训的安排讲清楚，请大家回去以后抓好落实。刚才，镇党委组织委员宣读了冬训工作方案，三个片区的负责同志作了表态，我都赞成。下面我讲三点意见。 一、认清冬训的分量 冬训是每年农闲时节全镇党员集中学习的机会，也是支部整顿作风、理清思路的机会。往年有的村把冬训搞成了念文件，党员坐不住，群众也看不上，这种情况今年一定要改过来。全镇二十一个村的党支部要在十二月底前完成集中学习，每个支部至少上两次党课，由支部书记带头讲，讲村里的实事。 二、把学习和办事结合起来 冬训期间，每个支部要围绕一件群众最关心的事开一次议事会，议出办法，定出时限，明确由哪名党员牵头。修路的修路，清淤的清淤，开春以前要让群众看到变化。外出务工回乡过年的党员，支部要登记造册，请他们参加一次组织生活，讲讲在外面的见闻。 三、加强督导 镇里组织三个督导组分片检查，不打招呼，直接到村，看签到本，看会议记录，也要随机问几名党员学了什么。检查结果在全镇通报，年底和支部的考核挂钩，和支部书记的补贴挂钩。包村干部要全程参加所包村的冬训，发现问题当场指出，解决不了的报镇党委。同志们，冬训搞得好不好，群众心里有数。希望大家把这件事当成今年最后一件大事来办，办出实效。谢谢大家。
""", "冬训冬学正当时——在庆祝建党95周年暨全镇党员冬训动员会上的讲话")

# 6. a title over two lines set apart by a blank line, the upper one open at its end
CASES["two_lines_blank"] = ("""\
首页>调研文章

新时代高校基层党组织建设中

“双带头人”培育的实践路径

青川县委组织部 孙志强

近年来，学校把教师党支部书记“双带头人”培育作为基层党建的重点工作来抓。
一、选好配强
学校按照政治强、业务精的标准选配支部书记。
""", "新时代高校基层党组织建设中“双带头人”培育的实践路径")

# the same under a byline naming two posts (党组成员、政治部主任) and the speaker
CASES["two_lines_posts_byline"] = ("""\
您当前所在位置：首页>理论研究

基层法院审判团队中的

党小组设置与作用发挥

青河县人民法院党组成员、政治部主任周明

近年来，法院推行审判团队改革，党员法官分散到各团队，原有按庭室设置的党小组难以正常活动。
一、问题的由来
审判团队由员额法官、法官助理和书记员组成，人员随案件类型调整。
""", "基层法院审判团队中的党小组设置与作用发挥")

# the genre word wrapped alone onto a line of its own after a blank line
CASES["genre_word_wrapped"] = ("""\
当前位置：首页>政务公开>财政资金

柳河县农业农村局2021年度部门整体支出

绩效自评报告

一、部门基本情况
柳河县农业农村局内设七个股室，下属三个事业单位，年末在职人员八十六人。
二、绩效目标完成情况
全年预算执行率为百分之九十七，各项重点任务均按期完成。
""", "柳河县农业农村局2021年度部门整体支出绩效自评报告")

# 7. a site's file name as the only title line
CASES["file_name_line"] = ("""\
村级财务公开制度.docx
第一条 为加强村级财务管理，保障村民的知情权和监督权，制定本制度。
第二条 村级财务每季度公开一次。
""", "村级财务公开制度")

# a slogan title with its ——在…上的讲话 subtitle under a page's own heading
CASES["slogan_under_page_head"] = ("""\
在全乡产业发展推进会上的讲话
把产业链建在群众家门口
——在全乡产业发展推进会上的讲话
乡党委书记 覃立平
（2015年4月9日）
同志们：
今天召开全乡产业发展推进会，主要是把今年的产业项目落到村组。
""", "把产业链建在群众家门口——在全乡产业发展推进会上的讲话")

# a wrapped body line (clauses, a book title opened) under a lone 第一条 is no title
CASES["clause_under_article"] = ("""\
青山镇卫生院药品采购管理细则
第一条
为规范药品采购行为，保障用药安全，降低采购成本，依据《药品管理
法》等规定，结合本院实际，制定本细则。
第二条 本细则适用于本院全部药品的采购。
""", "青山镇卫生院药品采购管理细则")


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_title_of_a_real_layout(name):
    text, title = CASES[name]
    item = first_item(name, text)
    assert item.title == title
    assert (dict(item.sources)["title"] == "absent") == (not title)


def test_units_from_the_lines_under_the_title():
    assert first_item("a", CASES["affiliation_postcode"][0]).unit == "江南理工大学马克思主义学院"
    assert first_item("s", CASES["submitter_field"][0]).unit == "云岭县第二人民医院"
    assert layout.byline_of("（江南理工大学马克思主义学院 南京 210094）") == \
        ("江南理工大学马克思主义学院", ())
    assert layout.byline_of("提交单位：云岭县第二人民医院") == ("云岭县第二人民医院", ())
    assert layout.byline_of("青河县人民法院党组成员、政治部主任周明") == ("青河县人民法院", ("周明",))
    assert layout.byline_of("xxx镇党委书记、人大主席") == ("xxx镇党委", ())


def test_site_lines_are_furniture_and_titles_are_not():
    for s in ("活动实施方案7篇（优选）", "实施方案最新10篇", "有关工作方案模板汇总5篇",
              "村党支部工作计划精选9篇", "镇长在会上的讲话[五篇范文]", "在推进会上的讲话范文.docVIP",
              "论文部分内容阅读", "……（开头部分已省略165字）", "166人看过", "- 格式：DOCX",
              "- 页数：16", "案例详情"):
        assert layout.is_furniture(s), s
    for s in ("写好基层治理“三篇文章”", "党建引领乡村振兴的五篇文章", "把支部建在群众心坎上",
              "凝心聚力抓党建，守正创新促发展"):
        assert not layout.is_furniture(s), s
    assert layout.is_person_line("李某+王某+赵某某")
    assert not layout.is_person_line("第一条")
    assert not layout.title_like("为规范采购行为，保障用药安全，降低采购成本，依据《药品管理")


def test_an_empty_title_is_not_an_invented_one():
    fs = FieldScore()
    fs.add(None, "")
    fs.add(None, "同志们")
    assert (fs.absent, fs.invented) == (2, 1)


def test_a_title_printed_in_traditional_characters_is_the_same_title():
    """A label gives a traditional document's title as printed; the product reads the
    document in simplified characters: exact, not a miss."""
    fs = FieldScore()
    fs.add("在服務中成長", "在服务中成长")
    fs.add("在服務中成長", "在服务中进步")
    assert (fs.present, fs.exact) == (2, 1)


@pytest.mark.parametrize("line, furniture", [
    ("网址：www.hexian-edu.example.cn", True),
    ("来源：http://www.hexian.example.gov.cn/zwgk/2015/0327.html", True),
    ("原文链接 https://news.example.com/a/123", True),
    ("[点此查看](http://x.example/)关于开展读书月活动的通知", False),
    ("关于开展读书月活动的通知 www.example.cn", False),
    ("关于开展读书月活动的通知（二）http://x.example/2", False),
])
def test_a_web_address_makes_furniture_unless_the_rest_is_a_title(line, furniture):
    """A pasted link inside a title does not make the title site furniture; a line that
    is only an address, or a source field, still is."""
    assert layout.is_furniture(line) is furniture
