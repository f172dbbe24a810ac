"""Heads of submissions whose text came out of a copy or a conversion in a messy way
(issue 16, the w16c layouts): a forum repost (【转】 title, 楼主 row, 转载自 / 原文链接,
原文发布 date), a case platform's form fields (申报单位：…), a site's or a school's name over
a title that names its unit itself, 附件2 over a system's title, a PDF's running head on
the first page and beside the page numbers, a column tag alone on its line, photo
captions over a headline that holds 把, a menu bar that ran into the breadcrumb, and a
short department branch whose body names its hospital only as 医院. Each case is a short
text of our own; exact titles, units and dates."""

import pytest

from huibian.ingest import layout

from tests.ingest.test_units_titles_w16 import only_item

BODY = ("每月中旬，村党支部书记带着村“两委”干部走进院坝，听群众说事，当场能解决的当场解决。\n"
        "一年多来，全村共召开院坝会三十余场，解决群众急难愁盼问题六十多件。\n")

CASES = {
    "forum_repost": ("桐溪论坛 › 本地资讯 › 乡村振兴\n【转】青山村“院坝议事会”：小事不出村\n"
                     "楼主　山里人　发表于 2023-7-2 21:16　|　只看该作者\n转载自：微信公众号“桐溪组工”\n"
                     "原文链接：https://example.org/s/abc\n作者：龙某　　原文发布：2023-06-28\n" + BODY,
                     "青山村“院坝议事会”：小事不出村", "2023-06-28"),
    "case_form_fields": ("桐溪职业教育网\n首页　政策法规　职教动态　党建园地\n党建园地 >> 优秀案例展示\n"
                         "“工地上的党小组”：党建引领校企合作\n发布时间：2022-10-14　来源：省职教学会　浏览次数：587\n"
                         "申报单位：中共桐溪市建筑职业学校委员会\n案例类型：党建与业务融合\n【案例背景】\n"
                         "学校建筑专业从2019年起与两家企业合作办学，学生在工地跟岗实习。\n",
                         "“工地上的党小组”：党建引领校企合作", "2022-10-14"),
    "site_name_over_title": ("桐溪市机电工程学校\n中共桐溪市机电工程学校委员会2021年党建工作总结\n"
                             "2021年，学校党委以庆祝建党一百周年为契机，坚持党建引领办学治校。\n"
                             "一、党史学习教育扎实开展\n党委理论学习中心组开展专题学习十二次。\n",
                             "中共桐溪市机电工程学校委员会2021年党建工作总结", None),
    "attachment_label": ("附件2\n桐溪区妇女联合会执委联系妇女群众制度\n"
                         "第一条　为密切执委与妇女群众的联系，制定本制度。\n"
                         "第二条　每名执委联系一个村（社区）妇联。\n",
                         "桐溪区妇女联合会执委联系妇女群众制度", None),
    "bare_column_tag": ("桐溪大学新闻网\n首页 | 学校要闻 | 综合新闻 | 院系动态\n【支部风采】\n"
                        "物理学院研究生第二党支部：\n“实验室里的党旗”伴随三十天攻关\n"
                        "作者：林某　来源：物理学院　发布时间：2022-07-11\n" + BODY,
                        "物理学院研究生第二党支部：“实验室里的党旗”伴随三十天攻关", "2022-07-11"),
    "captions_over_headline": ("桐溪市人民医院\n首页 | 医院概况 | 科室导航 | 党建工作\n党建工作 > 支部动态\n"
                               "图为心内科党支部党员医生在社区为居民测量血压\n△ 义诊现场排起了长队\n"
                               "心内科党支部把“健康小屋”开进青石社区\n作者：宣传科　时间：2021-09-24 16:05　点击：412\n"
                               "今年6月，医院心内科党支部与青石社区党委签订共建协议，每周派党员医生坐诊。\n",
                               "心内科党支部把“健康小屋”开进青石社区", "2021-09-24"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_converted_head(name):
    text, title, date = CASES[name]
    it = only_item(text)
    assert (it.title, it.date) == (title, date)


def test_units_of_converted_heads():
    assert only_item(CASES["case_form_fields"][0]).unit == "中共桐溪市建筑职业学校委员会"
    assert only_item(CASES["attachment_label"][0]).unit == "桐溪区妇女联合会"
    assert only_item(CASES["captions_over_headline"][0]).unit == "心内科党支部"
    assert not layout.unit_name("心内科党支部把“健康小屋”开进青石社区")
    assert layout.fuller_name_in("心内科党支部", "医院心内科党支部与社区签订协议") is None


def test_a_running_head_on_the_first_page_too():
    """A PDF's running head printed at the top of the first page (whose number is not
    printed) and beside the next pages' numbers is dropped everywhere: the item's title
    is its own."""
    text = ("桐溪市直机关党建案例选编（2022）\n“帮办代办”让群众少跑腿\n"
            "——桐溪市人社局机关党委推行党员帮办代办服务\n桐溪市人社局机关党委\n"
            "一、基本情况\n机关党委下设五个党支部，共有党员六十八名。\n二、主要做法\n"
            "一是党员帮办。机关党委在大厅设立党员帮办台。\n- 2 -\n桐溪市直机关党建案例选编（2022）\n"
            "二是代办上门。对行动不便的群众，由党员预约上门办理。\n- 3 -\n三、取得成效\n群众满意度明显提高。\n")
    it = only_item(text)
    assert it.title == "“帮办代办”让群众少跑腿——桐溪市人社局机关党委推行党员帮办代办服务"
    assert "案例选编" not in it.text


@pytest.mark.parametrize("text, title", [
    # a journal mirror: title, the post's stamp with the authors run on, the issue, key
    # words, the authors' names glued, the abstract's mark alone
    ("社区党组织引领物业服务的路径研究\n\n2024-07-09 06:44奚明 庾婷\n桐溪党建 2024年3期\n"
     "关键词：社区党组织 物业服务\n\n奚明 庾婷\n\n[摘  要]\n\n"
     "物业服务是基层治理的重要一环，本文以两个社区为例分析党组织引领物业服务的做法。\n"
     "一、问题的提出\n近年来，小区物业矛盾增多。\n",
     "社区党组织引领物业服务的路径研究"),
    # the names glued right over an abstract that opens its line
    ("乡村治理的内在逻辑探析\n\n2024-01-21 09:51程方 俞明\n桐溪党校学报 2023年6期\n"
     "关键词：农村基层党组织 乡村治理\n\n程方 俞明\n\n摘   要：党建引领乡村治理是基层党组织的重要任务。\n"
     "一、内在逻辑\n乡村治理需要坚强的领导核心。\n",
     "乡村治理的内在逻辑探析"),
    # a speech in run-on text: the speaker's posts without a name under the title
    ("在全市党务工作会上的讲话市委常委、组织部长(2010年2月25日)同志们:根据会议安排,下面,我讲几点意见:"
     "一、总结成绩,进一步坚定做好组织工作的信心。2009年,我市组织工作紧紧围绕市委工作大局,突出重点,"
     "开拓创新,全面完成了工作任务。二、明确任务,扎实推进新年度各项工作。今年要重点抓好三项工作。"
     "三、加强领导,确保各项任务落到实处。各级党组织要切实负起责任。"
     "要把抓好党建作为最大的政绩。要建立健全责任体系。要加强督促检查。要严格考核奖惩。"
     "同志们,做好今年的组织工作,任务艰巨,责任重大。让我们共同努力。",
     "在全市党务工作会上的讲话"),
    # a site's note after the title
    ("手机版\n2022年度学校党建品牌创建实施方案（完整文档）\n为深入推进学校党建工作，结合实际，制定本方案。\n"
     "一、总体目标\n打造一校一品党建品牌。\n",
     "2022年度学校党建品牌创建实施方案"),
])
def test_journal_mirrors_and_speeches(text, title):
    assert only_item(text).title == title


def test_a_unit_name_ends_before_赴():
    assert layout.title_unit("教育社第四党支部赴市第四中学开展主题党日共建活动") == "教育社第四党支部"
    assert layout.glued_names("奚明庾婷") == ("奚明", "庾婷")


def test_a_notice_forwarding_a_document_its_title_without_book_marks():
    """关于印发2023年…工作要点的通知 names what it forwards without 《》; its first sentence
    does (现将《…》印发给你们): the notice, signed and dated, and the forwarded document."""
    from huibian.core.records import SourceFile
    from huibian.pipeline.ingestor import process_file

    text = ("关于印发2023年全县教育工作要点的通知\n各乡镇中心学校，县直各学校：\n"
            "现将《2023年全县教育工作要点》印发给你们，请结合实际，认真抓好落实。\n"
            "桐溪县教育局\n2023年2月9日\n2023年全县教育工作要点\n"
            "2023年全县教育工作的总体思路是：坚持立德树人，推进教育优质均衡发展。\n"
            "一、加强党的建设\n深入开展党建品牌创建活动。\n")
    items = process_file(SourceFile.from_bytes("n.txt", text.encode("utf-8"))).items
    assert [(it.title, it.kind_hint, it.unit, it.date) for it in items] == [
        ("关于印发2023年全县教育工作要点的通知", "notice", "桐溪县教育局", "2023-02-09"),
        ("2023年全县教育工作要点", "forwarded", "桐溪县教育局", "2023-02-09")]


@pytest.mark.parametrize("text, title, unit", [
    # a case collection's name printed over each case's title
    ("桐溪县中小学党建工作优秀案例汇编\n校门口的“红马甲”\n——桐溪县实验小学党支部党员教师护学岗实践\n"
     "中共桐溪县实验小学支部委员会\n一、基本情况\n学校现有党员教师二十一名。\n二、主要做法\n每天上下学时段设党员护学岗。\n",
     "校门口的“红马甲”——桐溪县实验小学党支部党员教师护学岗实践", "中共桐溪县实验小学支部委员会"),
    ("桐溪煤业集团基层党建优秀案例\n“一区一旗”守井下平安\n桐溪煤业集团有限公司一号煤矿党委\n"
     "一、基本情况\n一号煤矿年产原煤二百万吨。\n二、主要做法\n每个采区设一面党员先锋旗。\n",
     "“一区一旗”守井下平安", "桐溪煤业集团有限公司一号煤矿党委"),
    # an author's name under a title that is not cut at a title's word, over the affiliation
    ("高校教师党支部书记培育的现实困境与路径优化\n韩　冰\n（桐溪大学党委组织部，桐溪 710300）\n"
     "【摘要】教师党支部书记培育是高校基层党建的重要举措。\n【关键词】高校；党支部书记\n"
     "一、现实困境\n一是选拔难。\n",
     "高校教师党支部书记培育的现实困境与路径优化", "桐溪大学党委组织部"),
])
def test_collection_names_and_authors_are_no_title(text, title, unit):
    it = only_item(text)
    assert (it.title, it.unit) == (title, unit)


@pytest.mark.parametrize("text, title", [
    # a template site's and a feed's tag before the title
    ("范文桐溪县2021年机关深入开展创先争优活动的实施方案\n为深入开展创先争优活动，制定本方案。\n"
     "一、总体要求\n以党建引领机关作风建设。\n", "桐溪县2021年机关深入开展创先争优活动的实施方案"),
    ("20240530:XX区中小学校党组织标准化建设实施方案\n为推进学校党组织标准化建设，制定本方案。\n"
     "一、工作目标\n年底前全部达标。\n", "XX区中小学校党组织标准化建设实施方案"),
    # a short speech title and the speaker as post：name
    ("开学致辞\n校长：周明远\n开学之际，我代表学校向全体师生致以问候。新的学期，希望大家勤学苦练。\n",
     "开学致辞"),
    # a comma headline with a dash and the page's list-marked field rows under it
    ("守初心担使命，比学赶超建新功——学院2023年主题党日活动展示举办\n• 发布人：党委宣传部\n• 时间：2023-12-01\n"
     "• 点击：646\n11月23日，学院2023年主题党日活动展示在报告厅举办，六个支部展示了活动成果。\n",
     "守初心担使命，比学赶超建新功——学院2023年主题党日活动展示举办"),
    # a stray sentence of another page under the page's stamp, over the title
    ("更新时间：2018-08-26 08:39作者：王老师\n最后，让我们共同祝愿伟大的祖国繁荣昌盛，再次祝大家节日快乐！\n"
     "医院党委书记庆“七一”表彰大会讲话稿\n同志们：\n今天我们隆重召开庆“七一”表彰大会，表彰一批先进。\n",
     "医院党委书记庆“七一”表彰大会讲话稿"),
    # a notice's title wrapped after 印发, the book-marked title on the next line
    ("当前位置：首页 > 政务公开\n湖溪市卫生健康委关于印发\n2023年全市卫生健康工作要点的通知\n"
     "各区县卫生健康局，委属各单位：\n现将《2023年全市卫生健康工作要点》印发给你们，请认真贯彻落实。\n"
     "湖溪市卫生健康委员会\n2023年4月26日\n",
     "湖溪市卫生健康委关于印发2023年全市卫生健康工作要点的通知"),
    # a site's name and its buttons in a row under the title
    ("手机版\n街乡吹哨 部门报到\n——桐溪以党建引领破解基层治理难题\n共产党员网 打印 纠错\n"
     "【引言】党建引领基层治理是新时代的重要课题。\n【摘要】本文介绍桐溪的做法。\n",
     "街乡吹哨部门报到——桐溪以党建引领破解基层治理难题"),
    # an author label alone, the authors' names glued, the affiliation
    ("缩略图\nMobile Science\n\n以“党建+文化”打造医院党建品牌的路径研究\n\n作者\n\n王静冰 隋佳昕\n\n"
     "桐溪医科大学第二附属医院 桐溪市 010010\n\n引言\n\n"
     "公立医院是医疗卫生服务体系的主体，其文化建设关系到医疗服务质量。本文从五个维度分析党建品牌建设的路径。\n\n"
     "一、顶层设计\n\n医院党委把文化建设纳入发展规划。\n",
     "以“党建+文化”打造医院党建品牌的路径研究"),
])
def test_more_heads_of_real_pages(text, title):
    assert only_item(text).title == title


def test_a_unit_with_its_place_takes_no_longer_name():
    assert layout.fuller_name_in("安徽省人民政府", "推动教育改革发展安徽省人民政府决定") is None
    assert layout.fuller_name_in("市人民医院", "会上，邳州市人民医院介绍了经验。") == "邳州市人民医院"


@pytest.mark.parametrize("text, title, date", [
    # authors' names glued under a subtitle, right over the text
    ("“红黄绿”为党建增光添色\n——桐溪供电公司打造“支部管用”示范带\n王正东 金玮\n\n"
     "近年来，桐溪供电公司党委聚焦主责主业，打造党建示范带，带动基层党支部提升组织力。\n",
     "“红黄绿”为党建增光添色——桐溪供电公司打造“支部管用”示范带", None),
    # a page's date and the marks of its icons under the title
    ("探究煤矿基层党支部促进安全生产的途径\n2018-11-14■/\n■ /\n桐溪煤电股份有限公司一号煤矿\n"
     "近几年来，一号煤矿党委高度重视党支部建设，充分发挥党支部的战斗堡垒作用。\n",
     "探究煤矿基层党支部促进安全生产的途径", "2018-11-14"),
    # a page's field row cut at its wide gaps: no field is the title
    ("首页>> 通知公告>> 村级党组织星级支部创评实施方案\n\n村级党组织星级支部创评实施方案\n\n"
     "作者:admin    文章来源:组织科   浏览次数:1019    发布时间:2018.05.10\n\n"
     "为深入贯彻落实农村基层党建工作部署，制定本方案。\n",
     "村级党组织星级支部创评实施方案", "2018-05-10"),
    ("您的位置: 首页综合新闻 → 正文\n综合新闻\n\n在庆祝第33个教师节大会上的讲话\n\n"
     "[日期:2017-09-11]     点击:[]次    \n\n张伟校长\n\n尊敬的各位老师们:\n\n大家下午好！今天我们隆重庆祝教师节。\n",
     "在庆祝第33个教师节大会上的讲话", "2017-09-11"),
    # a journal citation glued before the title
    ("《桐溪研究》 2025第51卷第12期党的纪律建设推进国有企业完善治理\n李明\n（桐溪大学马克思主义学院，桐溪 200092）\n"
     "摘要：党的纪律建设是推进国有企业完善治理的重要抓手。\n关键词：纪律建设；国有企业\n一、历史脉络\n",
     "党的纪律建设推进国有企业完善治理", None),
])
def test_heads_of_a_fresh_probes_dev_half(text, title, date):
    it = only_item(text)
    assert (it.title, it.date) == (title, date)


def test_a_count_word_ends_a_unit_name():
    """一名 / 每个 open no name: 作为一名村党支部书记 gives 村党支部 no longer name."""
    assert layout.fuller_name_in("村党支部", "作为一名村党支部书记，我始终牢记宗旨。") is None
