"""Web pages whose title a blind probe missed, by class (each document written for
this test, in the layout such pages have): a neighbouring line that is no title joined
to the title (a page's field line, an info-disclosure table above, a news subtitle, a
sharing site's numbered heading, a forwarded speech's title over the notice's), furniture
around the title (a sharing site's preview captions, an advert, the page's own title
repeated, a breadcrumb ending in the title, a print view's table pipes), a furniture line
taken for the title (a journal article's head, image placeholders) and a site's SEO
title after a bar. Each asserts the exact title."""

import pytest

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.ingest.normalize import normalize
from huibian.pipeline.ingestor import process_file

BODY = ("今年以来，我们紧紧围绕中心工作，把活动与业务工作结合起来，组织党员开展承诺践诺，"
        "群众满意度明显提高，各项工作取得了新的进展。\n"
        "一、加强组织领导，成立活动领导小组，由主要负责同志任组长。\n"
        "二、突出工作重点，每月召开一次推进会，研究解决活动中的具体问题。\n"
        "三、注重建章立制，把活动中形成的好做法固定下来，形成长效机制。\n")

CASES = {}

# T1a: a page's field line (date stamp, source, view counter) right under the title,
# the speech's subtitle under it
CASES["field_line_under_title"] = (
    "凝心聚力促发展 创先争优当先锋\n"
    "2011-07-12 来源：县直机关工委 浏览次数：236\n"
    "——在县直机关创先争优推进会议上的报告\n"
    "同志们：\n" + BODY,
    "凝心聚力促发展创先争优当先锋——在县直机关创先争优推进会议上的报告")

CASES["time_field_under_title"] = (
    "柳林镇扎实推进党员设岗定责工作\n"
    "時間：2012-04-18\n"
    "柳林镇党委把设岗定责作为创先争优活动的重要抓手，为全镇六百多名农村党员每人设定了一个岗位，"
    "明确了岗位职责和承诺事项。\n" + BODY,
    "柳林镇扎实推进党员设岗定责工作")

# T1b: a government info-disclosure table above the title, some values empty
CASES["disclosure_table_above"] = (
    "索引号：  11330100/2012-00125\n"
    "发文机构：  青溪县人民政府办公室\n"
    "发文日期：  2012-05-08\n"
    "发布日期：  2012-05-10\n"
    "公文时效：  \n"
    "发布机构：  \n"
    "青溪县人民政府办公室关于开展“服务企业进万家”活动的通知\n"
    "各乡镇人民政府，县政府各部门：\n"
    "为进一步优化发展环境，经县政府同意，决定在全县开展“服务企业进万家”活动。现将有关事项通知如下：\n"
    "一、活动时间为2012年5月至12月。\n"
    "二、各部门要明确一名分管领导负责此项工作。\n",
    "青溪县人民政府办公室关于开展“服务企业进万家”活动的通知")

# T1c: a news headline over a subtitle line naming the speaker and his points
CASES["news_subtitle_apart"] = (
    "全市机关作风建设大会召开\n"
    "王建国出席并讲话 提出三点要求\n"
    "5月20日上午，全市机关作风建设大会在市会议中心召开。市委书记王建国出席会议并讲话，他强调，"
    "各级机关要以创先争优活动为载体，切实转变作风，提高效能。\n"
    "会议对下一阶段的作风建设工作进行了具体部署，并表彰了一批先进集体和个人。\n",
    "全市机关作风建设大会召开")

# T1d: a sharing site's numbered heading (a variant of the title) over the real title
CASES["numbered_site_heading"] = (
    "3 社区党支部2012年创先争优活动总结范本\n"
    "东湖街道碧水社区党支部2012年创先争优活动总结\n" + BODY,
    "东湖街道碧水社区党支部2012年创先争优活动总结")

# T1e: a compiled chunk opening with a forwarded speech's title + its status note, then
# the notice's own title
CASES["status_note_over_notice"] = (
    "在全县组织工作会议上的讲话（最终完善稿）\n"
    "关于认真学习贯彻全县组织工作会议精神的通知\n"
    "各乡镇党委，县直各单位党组（党委）：\n"
    "现将县委书记在全县组织工作会议上的讲话印发给你们，请结合实际认真学习贯彻。\n"
    "一、各单位要组织党员干部认真学习讲话精神。\n"
    "二、要把学习成果转化为推动工作的实际行动。\n",
    "关于认真学习贯彻全县组织工作会议精神的通知")

# T2a: a sharing site's furniture between the title and the body, the body opening with
# a chunk number and the title run into the first sentence
CASES["sharing_site_preview"] = (
    "南山乡中心学校党支部创先争优活动工作总结\n"
    "上传人：lin2012 文档编号：A1093847 上传时间：2013-01-05 格式：DOC\n"
    "返回 下载 举报\n"
    "南山乡中心学校党支部创先争优活动工作总结_第1页\n"
    "第1页 / 共3页\n"
    "《南山乡中心学校党支部创先争优活动工作总结》由会员lin2012分享，可在线阅读，更多相关文档请搜索。\n"
    "1、南山乡中心学校党支部创先争优活动工作总结一年来，我校党支部按照上级部署，扎实开展创先争优活动，"
    "全体党员积极参与，学校各项工作取得了明显成效。现将工作总结如下：一、加强学习，提高认识。"
    "支部每月组织一次集中学习，党员撰写心得体会四十余篇。二、立足岗位，争创一流。\n",
    "南山乡中心学校党支部创先争优活动工作总结")

# T2b: one advert line above the title
CASES["advert_above_title"] = (
    "专业公文写作培训 名师一对一辅导 立即了解\n"
    "红星村党支部2011年创先争优活动实施方案\n" + BODY,
    "红星村党支部2011年创先争优活动实施方案")

# T2c: the page's own title repeated with a page date and a 篇一 line, the document's
# title on line 5
CASES["page_title_repeated"] = (
    "机关党支部工作计划\n"
    "机关党支部工作计划\n"
    "2019-03-02\n"
    "机关党支部工作计划篇一\n"
    "市水利局机关第二党支部2012年工作计划\n" + BODY,
    "市水利局机关第二党支部2012年工作计划")

# T2d: a welcome line and a breadcrumb ending in the title, then the whole text as one
# run-on line: a page number glued to the title
CASES["breadcrumb_then_runon"] = (
    "欢迎访问城关镇人民政府网站！\n"
    "首页 > 党建工作 > 城关镇开展“党员示范岗”评选活动的情况报告\n"
    "1城关镇开展“党员示范岗”评选活动的情况报告按照县委的统一部署，城关镇在全镇机关和村（社区）"
    "开展了“党员示范岗”评选活动，共评出示范岗四十二个。一、精心组织，广泛发动。镇党委召开动员大会，"
    "印发活动方案，明确评选标准。二、严格程序，公开评选。评选采取个人申报、群众推荐、党委审定的办法。"
    "三、注重实效，发挥作用。示范岗在窗口服务、农村发展中发挥了带头作用。\n",
    "城关镇开展“党员示范岗”评选活动的情况报告")

# T2e: a print view: the title and the fields carry a table's pipes, lines of pipes only
CASES["print_view_pipes"] = (
    "|\n"
    "| 石桥街道关于开展社区党员冬训工作的通知 | |\n"
    "| 发布时间：2012-11-20 | 来源：石桥街道党工委 | |\n"
    "|\n"
    "各社区党委（党总支）：\n"
    "根据区委组织部的部署，街道党工委决定在各社区开展党员冬训工作，现将有关事项通知如下：\n"
    "一、冬训时间为2012年12月至2013年2月。\n"
    "二、冬训内容以学习党的知识和政策法规为主。\n",
    "石桥街道关于开展社区党员冬训工作的通知")

# T2f: a title with a comma between two parallel clauses, wider than 26 columns
CASES["comma_title"] = (
    "“党员先锋岗”进支部,身体力行展风采——记城西供水公司第一党支部\n"
    "城西供水公司第一党支部现有党员二十三名，支部以“党员先锋岗”为载体，引导党员在抢修一线"
    "冲锋在前，一年来共完成管网抢修三百多次，用户满意率达到百分之九十八。\n"
    "支部还组织党员走进社区，宣传节约用水知识。\n",
    "“党员先锋岗”进支部，身体力行展风采——记城西供水公司第一党支部")

# T3: a journal article's head
CASES["journal_head"] = (
    "基层治理研究 2012, 6(3): 45-52 DOI: 10.1234/jcyj.2012.03.007\n"
    "引用本文 [复制中英文]\n"
    "张某某, 李某. 高校学生党支部创先争优长效机制探析[J]. 基层治理研究, 2012, 6(3): 45-52.\n"
    "ZHANG Mou, LI Mou. On long-term mechanism of student party branches[J]. Grassroots Governance Studies, 2012, 6(3): 45-52.\n"
    "基金项目：省教育厅人文社科项目（2011SJ088）\n"
    "作者简介：张某某，男，讲师，主要从事思想政治教育研究。\n"
    "收稿日期：2012-03-02\n"
    "高校学生党支部创先争优长效机制探析\n"
    "张某某1, 李某2\n"
    "1. 东江师范学院 马克思主义学院, 东江 510000;\n"
    "2. 东江师范学院 学生工作部, 东江 510000\n"
    "摘要：创先争优活动是加强高校学生党支部建设的重要载体。本文分析了活动中存在的问题，提出了建立长效机制的对策。\n"
    "关键词：学生党支部；创先争优；长效机制\n"
    "高校学生党支部是党在高校学生中的基层组织，是学生党员教育管理的基本单位。\n",
    "高校学生党支部创先争优长效机制探析")

# T3: image placeholders between the byline and the body
CASES["image_placeholders"] = (
    "青山区举办“我身边的共产党员”事迹报告会\n"
    "来源：区委宣传部 作者：刘某\n"
    "图片1\n"
    "图片2\n"
    "图片3\n"
    "6月28日，青山区“我身边的共产党员”事迹报告会在区文化中心举行，五名基层党员代表讲述了扎根岗位、"
    "服务群众的感人故事。\n"
    "报告会后，各单位纷纷组织党员开展讨论。\n",
    "青山区举办“我身边的共产党员”事迹报告会")

# T4: a page's SEO title after a bar, a dash and a site name, an underscore and a site name
CASES["seo_bar"] = (
    "交通局机关党委2012年党建工作要点|机关党建工作要点怎么写\n" + BODY,
    "交通局机关党委2012年党建工作要点")
CASES["seo_dash_site"] = (
    "城北中学党支部“三会一课”制度 - 党建文库网\n" + BODY,
    "城北中学党支部“三会一课”制度")
CASES["seo_underscore_site"] = (
    "卫生局关于开展医德医风专项整治的实施方案_公文写作网\n" + BODY,
    "卫生局关于开展医德医风专项整治的实施方案")

# the same table with ASCII colons, the values after two spaces, the title in two lines
CASES["disclosure_table_ascii"] = (
    "索引号:  QX-2013-00417\n"
    "发文机构:  青溪县教育局\n"
    "发文日期:  2013-03-01\n"
    "公文时效:  \n"
    "发布日期:  2013-03-04\n"
    "青溪县教育局关于在全县中小学开展\n"
    "“师德标兵”评选活动的通知\n"
    "各中小学校：\n"
    "为加强师德师风建设，县教育局决定在全县中小学开展“师德标兵”评选活动。现将有关事项通知如下：\n"
    "一、评选范围为全县在职在岗教师。\n"
    "二、各校推荐人选于4月底前报县教育局。\n",
    "青溪县教育局关于在全县中小学开展“师德标兵”评选活动的通知")

# a wrapped title with a status note in its second line is still one title
CASES["wrapped_title_with_note"] = (
    "城南街道社区党组织书记述职评议\n"
    "工作办法（试行）\n"
    "第一条 为推动社区党组织书记履职尽责，结合街道实际，制定本办法。\n"
    "第二条 述职评议每年年底进行一次，由街道党工委组织实施。\n"
    "第三条 评议结果分为好、较好、一般、差四个等次。\n",
    "城南街道社区党组织书记述职评议工作办法（试行）")

# the page's own title three times, its date and a 篇一 line over the document's title
CASES["page_title_three_times"] = (
    "学校党建工作汇报材料\n"
    "学校党建工作汇报材料\n"
    "学校党建工作汇报材料\n"
    "发布时间：2020-06-11\n"
    "学校党建工作汇报材料篇一\n"
    "北关小学党支部创建“红烛先锋”党建品牌工作汇报\n" + BODY,
    "北关小学党支部创建“红烛先锋”党建品牌工作汇报")

# a 时间： field under a news title, the report's lead under it
CASES["time_field_then_lead"] = (
    "河西区召开非公企业党建工作推进会\n"
    "时间：2012年9月6日 来源：区委组织部\n"
    "9月5日，河西区召开非公企业党建工作推进会，总结前一阶段工作，部署下一阶段任务。区委常委、"
    "组织部长出席会议并讲话。\n"
    "会议要求，各街道要加大非公企业党组织组建力度，年底前实现应建尽建。\n",
    "河西区召开非公企业党建工作推进会")


@pytest.mark.parametrize("name", sorted(CASES))
def test_title_of_a_probe_layout(name):
    text, title = CASES[name]
    doc = process_file(SourceFile.from_bytes(f"{name}.txt", text.encode("utf-8")))
    assert doc.items[0].title == title


def test_the_mechanisms_one_by_one():
    data = layout.default_layout()
    # two title-like lines are one title only when both are pieces of it
    assert layout.separate_head_lines("在全县组织工作会议上的讲话（最终完善稿）",
                                      "关于认真学习贯彻会议精神的通知", data)
    assert layout.separate_head_lines("全市机关作风建设大会召开", "王建国出席并讲话 提出三点要求", data)
    assert layout.separate_head_lines("3 社区党支部创先争优活动总结范本", "碧水社区党支部创先争优活动总结", data)
    assert layout.separate_head_lines("交通局机关党委党建工作要点|党建工作要点怎么写", "今年以来，我们", data)
    assert not layout.separate_head_lines("城南街道社区党组织书记述职评议", "工作办法（试行）", data)
    assert not layout.separate_head_lines("青溪县教育局关于在全县中小学开展", "“师德标兵”评选活动的通知", data)
    # furniture lines of the new kinds, and lines like them that are not
    for line in ("時間：2012-04-18", "返回 下载 举报", "某某工作总结_第2页", "第1页 / 共3页",
                 "公文写作培训 名师辅导 立即了解", "图片4", "引用本文 [复制中英文]",
                 "收稿日期：2012-03-02", "某刊 2012, 6(3): 45-52 DOI: 10.1234/abc.2012.03.007"):
        assert layout.is_furniture(line, data), line
    for line in ("图书馆建设", "立即行动起来", "各支部要及时了解党员思想动态"):
        assert not layout.is_furniture(line, data), line


UNIT_CASES = {}

# a unit alone on its line between the title and the title printed again
UNIT_CASES["unit_between_title_copies"] = (
    "城东社区开展邻里互助活动纪实\n"
    "城东街道城东社区党委\n"
    "城东社区开展邻里互助活动纪实\n"
    "今年以来，社区党委以邻里互助为抓手，组织党员结对帮扶困难家庭三十余户，帮助他们解决了看病、"
    "就业等实际困难，受到居民好评。\n"
    "一、建立结对机制，每名党员联系两户困难家庭。\n"
    "二、定期走访，每月上门一次，了解困难家庭的需求。\n",
    "城东社区开展邻里互助活动纪实", "城东街道城东社区党委")

# an honour a unit works for, before its kind in a …创建 title, is no part of its name
UNIT_CASES["honour_in_creation_title"] = (
    "青河街道桃园文明社区创建年度总结\n"
    "今年以来，我们围绕创建文明社区的目标，组织党员和居民开展环境整治、邻里互助和文化活动，"
    "社区面貌明显改善，居民满意度不断提高。\n"
    "一、加强组织领导，成立创建工作领导小组。\n"
    "二、开展环境整治，清理楼道堆放物两百余处。\n",
    "青河街道桃园文明社区创建年度总结", "青河街道桃园社区")


@pytest.mark.parametrize("name", sorted(UNIT_CASES))
def test_unit_of_a_probe_layout(name):
    text, title, unit = UNIT_CASES[name]
    doc = process_file(SourceFile.from_bytes(f"{name}.txt", text.encode("utf-8")))
    assert (doc.items[0].title, doc.items[0].unit) == (title, unit)


def test_an_honour_is_no_part_of_the_unit():
    data = layout.default_layout()
    assert layout.title_unit("青河街道桃园文明社区创建年度总结", data) == "青河街道桃园社区"
    assert layout.title_unit("城关镇红旗村五好村创建工作总结", data) == "城关镇红旗村"
    assert layout.title_unit("实验小学先进学校创建工作汇报", data) == "实验小学"
    # no 创建 topic, or the honour after 创建: the name stays as it is
    assert layout.title_unit("东风社区创建文明社区工作总结", data) == "东风社区"
    assert layout.title_unit("城南文明社区建设工作总结", data) == "城南文明社区"


@pytest.mark.parametrize("name", sorted(CASES))
def test_title_of_the_same_page_one_paragraph_a_line(name):
    """The same heads read from text that is not hard-wrapped (a .docx, a web page
    saved paragraph by paragraph): ``read_header`` alone gives the same title."""
    text, title = CASES[name]
    assert layout.read_header(normalize(text).text.split("\n")).title == title
