"""Heads of news portals, e-papers, disclosure pages and speech templates (issue 16, two
more probes of real pages): an e-paper's reporters whose space was lost under the
headline, a portal's stamp with a two-digit year, a long column tag in 【】 before a
headline with a comma, a photo's credit line, a 稿件来源 field, a regulation's name in
《》 alone, a disclosure page's bulleted labels with their values on the next line, a
speaker's post and a hidden name, a headline whose last words look like a post and a
name, kinds of unit that are no name (高校（大学）党委, 中国共产党普通高等学校). Each
text is our own; exact titles, units, dates."""

import pytest

from huibian.ingest import layout

from tests.ingest.test_units_titles_w16 import only_item

NEWS = ("会上，各支部书记逐一汇报了一年来的工作，与会党员进行了民主测评。\n"
        "会议要求各支部对照问题清单，逐项抓好整改，年底前全部销号。\n")


@pytest.mark.parametrize("text, title, unit, date", [
    # an e-paper: page label, headline, two reporters glued once the space is lost
    ("江南日报 数字报纸\n00031版：今日桐川\n小巷深处党旗红\n徐晓燕 叶文涛\n"
     "每天傍晚，桐川县石桥社区的党员志愿者都会来到巷口的驿站，为居民量血压、修家电。\n" + NEWS,
     "小巷深处党旗红", None, None),
    # a portal: a long column tag, a stamp with a two-digit year, reporters after 文/图
    ("您当前的位置：桐川网>>新闻中心>>国企动态\n"
     "【基层党建看一线 国企担当在行动】擦亮党建品牌，老厂区焕发新活力\n"
     "22-05-16 09:40 来源：桐川网 编辑：王晓\n文/图 桐川网记者 李明远 孔繁星\n"
     "走进桐川重机厂的装配车间，党员先锋岗的红色标牌格外醒目。\n" + NEWS,
     "擦亮党建品牌，老厂区焕发新活力", None, "2022-05-16"),
    # a photo's credit under the headline, a field row
    ("在十二个县区，宣讲团讲了什么？\n来源：桐川日报 发布时间：2023-11-20 11:44:39 作者：李贞\n"
     "桐川日报记者 江文耀 摄\n为推动全会精神深入人心，市委组建宣讲团分赴各县区开展宣讲。\n" + NEWS,
     "在十二个县区，宣讲团讲了什么？", None, "2023-11-20"),
    # a 稿件来源 field under a hospital's headline
    ("我院党史学习教育领导小组召开第一次会议\n稿件来源：宣传科\n发布日期：2021-03-24\n"
     "3月23日下午，桐川县人民医院党史学习教育领导小组第一次会议在行政楼召开。\n" + NEWS,
     "我院党史学习教育领导小组召开第一次会议", "桐川县人民医院党史学习教育领导小组", "2021-03-24"),
    # a regulation's name in 《》 alone over a field row
    ("《桐川学院基层党组织工作细则》\n时间：2022-04-12 来源：党委办公室 作者：\n第一章 总则\n"
     "第一条 为加强学院基层党组织建设，制定本细则。\n第二条 本细则适用于学院各级党组织。\n",
     "桐川学院基层党组织工作细则", "党委办公室", "2022-04-12"),
    # a disclosure page's bulleted labels with their values on the next line
    ("关于印发《桐川县教育局2023年工作要点》的通知\n信息来源：平台发布\n发布时间：2023-02-07 00:00\n"
     "•索引号：\nTC0024784891202300001\n•主题分类：\n科技、教育、知识产权-教育\n•公开主体：\n桐川县教育局\n"
     "•发文字号：\n桐教〔2023〕1号\n•成文日期：\n2023-01-26\n"
     "各中小学、幼儿园：\n现将《桐川县教育局2023年工作要点》印发给你们，请认真贯彻落实。\n",
     "关于印发《桐川县教育局2023年工作要点》的通知", "桐川县教育局", "2023-01-26"),
    # a speech template: the title printed three times, the speaker's post and a hidden name
    ("高校（大学）党委书记在全校干部大会上的讲话\n• 2024-05-03 任职讲话 248\n"
     "高校（大学）党委书记在全校干部大会上的讲话\n高校（大学）党委书记在全校干部大会上的讲话\n"
     "党委书记  **\n尊敬的各位老师、各位同事：\n我代表学校领导班子，坚决拥护上级的决定。\n",
     "高校（大学）党委书记在全校干部大会上的讲话", None, None),
])
def test_portal_and_template_heads(text, title, unit, date):
    it = only_item(text)
    assert (it.title, it.unit, it.date) == (title, unit, date)


def test_a_headline_ending_like_a_post_and_a_name_is_no_byline():
    text = ("理学院党委召开党支部书记述职大会\n来源：赵飞发布时间：2021-12-24浏览次数：384\n"
            "2021年12月24日，桐川大学理学院党委在实验楼召开党支部书记述职大会。\n" + NEWS)
    it = only_item(text)
    assert (it.title, it.unit, it.date) == ("理学院党委召开党支部书记述职大会", "桐川大学理学院党委",
                                            "2021-12-24")


def test_kinds_of_unit_are_no_names():
    data = layout.default_layout()
    assert not layout.proper_unit("高校（大学）党委", data)
    assert not layout.proper_unit("中国共产党普通高等学校", data)
    assert layout.proper_unit("中共桐川县委", data)
    assert layout.proper_unit("桐川高等专科学校", data)
    assert layout.proper_unit("学生工作部（处）", data)


@pytest.mark.parametrize("text, title, unit, date", [
    # a regulation reposted with its issuing note in brackets under the title
    ("桐川学院基层组织工作条例\n阅读次数：[] 2011年08月30日 10:48\n（中共中央2001年3月18日印发）\n"
     "第一章 总则\n第一条 为了加强党对学院工作的领导，制定本条例。\n第二条 本条例适用于学院各级党组织。\n",
     "桐川学院基层组织工作条例", "中共中央", "2001-03-18"),
    # a WeChat column and topic before the headline, parted by 丨
    ("话题 新时代学校党建研究丨中小学校党组织建设的三个着力点\n作者：鲍文\n出处：桐川教育2022年第17期\n"
     "摘要：中小学校党组织建设要抓住组织、队伍、制度三个着力点。\n一、抓组织\n健全党组织设置。\n",
     "中小学校党组织建设的三个着力点", None, None),
    # a report about a post's holders: no unit by the kind, nor a verb run into it
    ("农村党支部书记履行职责情况的调查报告\n"
     "搞清楚农村党支部书记“干什么”这个基本问题，对于抓实基层基础工作有着重要意义。近期，我们深入三个村开展了调研。\n"
     "一、在干什么\n村支部书记大多在开会研究村内事务。\n", "农村党支部书记履行职责情况的调查报告", None, None),
    # one holder by name acting for the unit: the unit named in full in the text
    ("集团党委书记袁立参加国资系统党委书记抓党建述职评议会\n2018.03.05\n文章来源： 阅读次数：\n"
     "2月27日上午，桐川建投集团党委书记、董事长袁立代表集团党委参加了述职评议会。\n" + NEWS,
     "集团党委书记袁立参加国资系统党委书记抓党建述职评议会", "桐川建投集团党委", "2018-03-05"),
])
def test_issuing_notes_columns_and_post_holders(text, title, unit, date):
    it = only_item(text)
    assert (it.title, it.unit, it.date) == (title, unit, date)


def test_describing_words_and_verbs_are_no_part_of_a_name():
    data = layout.default_layout()
    assert not layout.proper_unit("机关所属党支部", data)
    assert not layout.proper_unit("最新社区团支部", data)
    assert layout.body_unit("支部领导工会认真召开职代会，充分体现职工的主人翁地位。", data,
                            title="党支部工作年度总结") is None


def test_a_papers_stamp_with_a_font_switch_and_a_citations_title():
    """A newspaper's name and stamp with the page's font switch after it (某某日报
    2017-05-24 07:15 大字) dates the report; a journal database's head whose only title is
    in its citation box (某某，某某.XX[J].某刊…) gives that title, its copy buttons are
    furniture."""
    paper = ("看家乡事，品故乡情\n\n居民小区有了“红色物业”\n\n桐江日报 2017-05-24 07:15 大字\n本报记者 邓远\n"
             "桐川县聚宝小区近日成立了业主党支部，物业、业委会和党员一起为居民办事。\n" + NEWS)
    it = only_item(paper)
    assert (it.title, it.date) == ("居民小区有了“红色物业”", "2017-05-24")
    record = ("桐川大学学报（社会科学版）2017, Vol. 19 Issue（5）: 533-538  DOI: 10.15936/j.cnki.1008-3758.2017.05.014\n"
              "引用本文 [复制中英文]\n马天远，任朋.论高校基层党组织实干精神的培育[J].桐川大学学报（社会科学版），2017，19(5)：533-538.\n"
              "[复制中文]\n[复制英文]\n基金项目\n桐川省高校党建研究课题资助项目。\n"
              "一、实干精神的内涵\n实干精神是高校基层党组织履行职责的内在动力。\n")
    assert only_item(record).title == "论高校基层党组织实干精神的培育"


@pytest.mark.parametrize("text, title, unit, doc_number", [
    # a 文号 in small brackets set after the title on its line, once the space is lost
    ("关于推行支部主题党日活动的实施方案 桐林党发﹝2017﹞33号\n发表时间：2017-09-10来源： 访问次数：0\n"
     "为推进学习教育常态化制度化，现就开展支部主题党日活动制定如下方案。\n一、活动时间\n每月第一周。\n",
     "关于推行支部主题党日活动的实施方案", None, "桐林党发﹝2017﹞33号"),
    # a list's mark before the title; a template's 例文 after one
    ("- 关于建立“主题党日”制度的通知\n- 发布日期： 2016-06-13 阅读次数：次 【关闭窗口】\n各党支部：\n"
     "为充分发挥党员的先锋模范作用，经研究，决定建立主题党日制度。\n一、时间安排\n每月第二个星期五。\n",
     "关于建立“主题党日”制度的通知", None, None),
    ("2024年街道社区发展办工作总结和下半年工作计划例文\n"
     "上半年，社区发展办围绕街道中心工作，推进了老旧小区改造和社区服务提升。\n一、主要工作\n完成改造小区三个。\n",
     "2024年街道社区发展办工作总结和下半年工作计划", None, None),
    # a college's league committee by its relative name; the school's union by its own,
    # never run on from the words before it (日前报校工会…)
    ("当前您的位置：首页 > 新闻资讯 > 正文\n学院团委组织开展2025年度团支部书记述职大会\n"
     "作者：毛丽 来源：团委 时间：2026-01-04 浏览量：\n为推进基层团组织规范化建设，学院举办了团支部书记述职大会。\n" + NEWS,
     "学院团委组织开展2025年度团支部书记述职大会", "学院团委", None),
    ("校工会迎教师节系列活动通知\n发布时间：2019-08-28\n各分工会：\n"
     "为庆祝教师节，经研究，决定开展系列活动。请各分工会将活动方案于9月1日前报校工会，以便统筹安排。\n"
     "一、活动内容\n教职工趣味运动会。\n", "校工会迎教师节系列活动通知", None, None),
])
def test_numbers_marks_and_relative_names_on_title_lines(text, title, unit, doc_number):
    it = only_item(text)
    assert (it.title, it.unit, it.doc_number) == (title, unit, doc_number)


def test_a_forums_jammer_and_a_byline_run_onto_the_title():
    """A forum copy's anti-copy jammer at a line's end (' J0 z# o' @% k. x) is dropped, so
    the title and its date line read clean; a byline run onto a title (…为例作者：某某指导
    老师：某某) is no part of it."""
    forum = ("党史学习教育宣讲报告 ' J0 z# o' @% k. x\n（2021年3月16日） 7 U9 I; N/ X! z4 \\\n"
             "同志们，大家上午好！今年是建党一百周年，我们在这里开展党史学习教育宣讲。\n"
             "一、学党史，悟思想\n要从百年党史中汲取智慧和力量。\n")
    it = only_item(forum)
    assert (it.title, it.date) == ("党史学习教育宣讲报告", "2021-03-16")
    paper = ("疫情下社区党建设施对比研究——以桐川社区和石门社区为例作者：张沁李潇指导老师：冯龙\n"
             "摘要：本文比较了两个社区的党建设施。\n关键词：社区党建；设施\n一、引言\n疫情检验了社区党建的能力。\n")
    assert only_item(paper).title == "疫情下社区党建设施对比研究——以桐川社区和石门社区为例"
