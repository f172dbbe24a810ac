"""Heads of copies whose title sits where the head walk did not look (issue 16, the
fifth round of real pages): a mirror site's pinyin glosses (风(fēng)景区(qū)), a
template site's catalog number glued to the title (第1篇 …), editors' fields and an
editor's note on a line of its own over the title, a hospital's book of rules with its
chapter over one rule, a notice's title run into its addressee, a template site's intro
line that names the sample, a journal record's citation line and its authors marked with
their affiliations, a unit's own account that opens with where it is (XX社区位于…), a
page's view switch (手机版) under the signature, a news lead without brackets
(XX网讯 今年以来，…); then a sixth probe's: a page stamp without a clock (2024-06-23发布
次浏览 来源：…), a system made of sections after its stamp and an introducing sentence, a
charter's own table of contents, a speaker's line under a speech's title, a unit's line
between a headline and its ——subtitle, a page's font switch, an abstract's label run into
its text, a template site's word count, a page's title tag that repeats the title in
brackets over a poster's stamp; then from the two probes' other halves: a paper's numbered
sections (1 / 1.1), a field row and a --subtitle, a database record's affiliation past
its fold switch, a site's tag ([XX官网]) and a template's count before a title, a sample
numbered after its title (…计划篇1), a speech's title wrapped after 在 over when and
where it was given, an upload note in the lead, a title's note in brackets, a sharing
site's field list and disclaimer over a title and its contents, a read-aloud tool and an
addressee whose colon was lost; then a seventh probe's: a credits row (作者：… 核稿：… 编发：…)
and a share button, a breadcrumb without marks (首页公文方案), authors before a title's
colon or after 作者 without one, a disclosure table's cells with bars, a template's outline
above a speech and a speaker's post alone under its title, a sharing site's counts in a
list, 本文摘要, an attachment mark glued to a title, a template's count and note after it
(（12篇）（范例推荐）), a contents mark with a dash and a year left blank (xxxx年). Each case is a short text of our own; exact
titles, units, dates."""

import pytest

from huibian.ingest.normalize import normalize

from tests.ingest.test_units_titles_w16 import only_item

REPORT = ("今年以来，支部坚持每月开展一次主题党日，组织党员到社区报到，认领服务岗位四十余个。\n"
          "下一步，支部将把服务清单同党员积分挂钩，年底统一考评。\n")

CASES = {
    "pinyin_glosses": ("青溪湾(wān)景区(qū)管理处召开党员大(dà)会\n" + REPORT,
                       "青溪湾景区管理处召开党员大会", None, None),
    "catalog_number_spaced": ("第1篇 2024年河西村党支部工作总结\n"
                              "河西村党支部现有党员三十二名，下设两个党小组。一年来，支部围绕村里的产业"
                              "发展抓党建，各项工作取得新进展。\n" + REPORT,
                              "2024年河西村党支部工作总结", "河西村党支部", None),
    "catalog_number_glued": ("第2篇小学党支部2024年度工作总结\n一、加强理论学习\n" + REPORT,
                             "小学党支部2024年度工作总结", None, None),
    "editors_and_note_line": ("初审编辑：周某\n责任编辑：吴某\n编者按：\n"
                              "为展示本市社科研究的新成果，本刊选登部分获奖论文，供读者参考。\n"
                              "新时代高校学生党支部组织力提升路径研究\n一、问题的提出\n" + REPORT,
                              "新时代高校学生党支部组织力提升路径研究", None, None),
    "book_of_rules_chapter": ("桐川县人民医院院务管理\n第三章 党建工作制度\n党委理论学习中心组学习制度\n"
                              "为推进党委理论学习中心组学习制度化、规范化，结合医院实际，制定本制度。\n"
                              "一、学习内容\n（一）党的理论和路线方针政策。\n",
                              "党委理论学习中心组学习制度", "桐川县人民医院", None),
    "notice_run_into_addressee": ("关于开展2023年度“最美志愿者”推选活动的通知各乡镇团委，县直各单位团组织："
                                  "为弘扬志愿精神，县团委决定开展本年度推选活动。现将有关事项通知如下：一、推选范围"
                                  "全县各级团组织注册志愿者。二、推选程序由各单位推荐，县团委组织评审。\n",
                                  "关于开展2023年度“最美志愿者”推选活动的通知", None, None),
    "template_intro_line": ("今天小编给大家带来了社区党支部“红色星期六”志愿服务活动方案，有需要的朋友一起来看看吧！\n"
                            "为进一步发挥党员先锋模范作用，经支部委员会研究，制定本方案。\n"
                            "一、活动时间\n每月最后一个星期六上午。\n二、活动内容\n清理楼道杂物，看望独居老人。\n",
                            "社区党支部“红色星期六”志愿服务活动方案", None, None),
    "journal_record": ("卫生管理研究2023,Vol.12Issue（4）:88-93.DOI:10.1234/j.issn.1000-0000.2023.04.012\n"
                       "公立医院临床科室党支部建设路径探析\n"
                       "Research on building Party branches in clinical departments of public hospitals\n"
                       "程某某1 许某1 马某某2\n摘要\n"
                       "本文结合三家公立医院的调查，分析临床科室党支部建设中存在的问题，提出对策。\n" + REPORT,
                       "公立医院临床科室党支部建设路径探析", None, None),
    "own_account_where_it_is": ("2023年社区党建工作总结报告\n"
                                "松岭社区位于城区东部，辖区面积一点二平方公里，居民四千余户。一年来，"
                                "我们坚持以党建引领社区治理，各项工作取得了新成效。\n" + REPORT,
                                "2023年社区党建工作总结报告", "松岭社区", None),
    "view_switch_under_signature": ("关于征集青少年读书活动优秀案例的通知\n各县区教育局，各直属学校：\n"
                                    "为总结推广读书活动经验，现征集优秀案例，请于10月底前报送。\n"
                                    "桐川市教育局关工委办公室\n2022年9月5日\n"
                                    "Copyright©2022 All Rights Reserved\n地址：桐川市人民路1号 | 邮编：100000\n手机版\n",
                                    "关于征集青少年读书活动优秀案例的通知", "桐川市教育局关工委办公室",
                                    "2022-09-05"),
    "news_lead_without_brackets": ("柳湾街道打造“红色驿站”服务品牌\n"
                                   "桐川网讯 今年以来，柳湾街道党工委在辖区商圈设立六个“红色驿站”，"
                                   "为快递员、外卖骑手提供休息和饮水服务。\n" + REPORT,
                                   "柳湾街道打造“红色驿站”服务品牌", "柳湾街道党工委", None),
    "stamp_without_clock": ("57\n内科第三党支部开展“重温入党誓词”主题党日活动\n\n"
                            "2023-07-02发布 次浏览 来源：内科\n\n" + REPORT,
                            "内科第三党支部开展“重温入党誓词”主题党日活动", "内科第三党支部", "2023-07-02"),
    "charter_own_contents": ("桐川市中医院章程\n目 录\n序言\n第一章 总则\n第二章 组织机构\n第三章 附则\n"
                             "序言\n桐川市中医院始建于1958年，是一所二级甲等中医医院。\n"
                             "第一章 总则\n第一条 为规范医院管理，制定本章程。\n",
                             "桐川市中医院章程", "桐川市中医院", None),
    "speaker_line": ("在桐信建工庆祝建党一百周年大会上的讲话\n桐信建工董事长周某某\n（2021年6月30日）\n"
                     "同志们：\n今天我们在这里隆重集会，庆祝中国共产党成立一百周年。\n",
                     "在桐信建工庆祝建党一百周年大会上的讲话", "桐信建工", "2021-06-30"),
    "unit_between_headline_and_subtitle": ("当前位置：首页 > 工作总结\n\n聚焦服务抓党建 凝心聚力促发展\n\n"
                                           "桐川科创园区综合党委\n\n——园区2023年党建工作总结\n\n"
                                           "一年来，园区综合党委坚持党建引领，服务企业发展。\n" + REPORT,
                                           "聚焦服务抓党建凝心聚力促发展——园区2023年党建工作总结",
                                           "桐川科创园区综合党委", None),
    "font_switch": ("桐川县供销社离退休干部党支部：夕阳红心向党\n2025-10-12 09:30\n字体：【\n"
                    "本报讯（通讯员 某某）近日，桐川县供销社离退休干部党支部组织老党员参观红色教育基地。\n",
                    "桐川县供销社离退休干部党支部：夕阳红心向党", "桐川县供销社离退休干部党支部", "2025-10-12"),
    "abstract_label_run_on": ("新时代公立医院党建与业务融合路径研究\n"
                              "摘要公立医院是医疗服务体系的主体，党建与业务深度融合是高质量发展的保障。\n"
                              "关键词：公立医院；党建；融合\n" + REPORT,
                              "新时代公立医院党建与业务融合路径研究", None, None),
    "title_tag_and_poster_stamp": ("2023年村妇联工作总结（2023年村妇联工作总结）\n"
                                   "**春风 2024-01-12 09:41:05\n2023年村妇联工作总结\n一、工作回顾\n" + REPORT,
                                   "2023年村妇联工作总结", None, None),  # (a user's upload)
    "paper_sections": ("发挥高校青年教师党员示范作用研究\n2023-05-18\n1发挥示范作用的必要性\n"
                       "1.1青年教师是学生成长的引路人\n青年教师与学生年龄相近，言传身教的影响更为直接。\n"
                       "1.2高校发展需要青年教师担当作为\n高校事业发展离不开一支过硬的青年教师队伍。\n",
                       "发挥高校青年教师党员示范作用研究", None, "2023-05-18"),
    "field_row_and_double_hyphen_subtitle": ("B2版：党群之窗总第1208期>2025-03-01编印\n亮身份践承诺 岗位建新功\n"
                                             "--桐川供水公司深入开展党员亮身份活动\n"
                                             "刊发日期：2025-03-01阅读次数：作者：何某\n"
                                             "为激活党员先锋作用，公司党委在各生产班组开展党员亮身份活动，设立党员示范岗十二个。\n",
                                             "亮身份践承诺岗位建新功——桐川供水公司深入开展党员亮身份活动",
                                             "桐川供水公司", "2025-03-01"),
    "database_record_affiliation": ("提升高校学生党支部组织力的路径选择\n"
                                    "Paths to strengthening the organizing capacity of student Party branches\n"
                                    "林某1\n作者信息\n- 1.桐川职业技术学院，江苏桐川213000\n-折叠\n摘要\n"
                                    "学生党支部是高校党建工作的基础，本文分析其组织力不足的表现并提出对策。\n",
                                    "提升高校学生党支部组织力的路径选择", "桐川职业技术学院", None),
    "site_tag_before_title": ("[桐川市市场监管局官网]市场监管局推进清廉机关建设实施方案\n一、指导思想\n"
                              "以清廉机关建设为抓手，推动全面从严治党向纵深发展。\n",
                              "市场监管局推进清廉机关建设实施方案", "市场监管局", None),
    "template_count_summary_title": ("6篇社区党支部2025年工作计划精编范文\n"
                                     "强化政治引领，建强支部堡垒，服务居民群众，推动社区治理见实效。\n"
                                     "社区党支部2025年工作计划\n一、指导思想\n" + REPORT,
                                     "社区党支部2025年工作计划", None, None),
    "sample_numbered_after_title": ("您的当前位置：首页正文\n2025年街道团工委工作计划篇1\n"
                                    "2025-02-10来源：某某教育网\n" + REPORT,
                                    "2025年街道团工委工作计划", None, None),
    "speech_title_wrapped_short": ("在\n全区村级后备干部培训班开班式上\n的讲话\n"
                                   "（2019年4月8日上午，区委党校报告厅）（送审稿）\n同志们：\n"
                                   "今天我们在这里举办全区村级后备干部培训班，目的是为村级组织储备力量。\n",
                                   "在全区村级后备干部培训班开班式上的讲话", None, "2019-04-08"),
    "upload_note_in_lead": ("“七一”表彰大会上的讲话\n时间：2023-06-20 08:11:00\n"
                            "导语：“七一”表彰大会上的讲话一文来源于网友上传，不代表本站观点。\n同志们：\n"
                            "今天我们隆重集会，表彰一批优秀共产党员和先进党组织。\n",
                            "“七一”表彰大会上的讲话", None, None),
    "title_with_a_note_in_brackets": ("您的位置：首页>工作总结\n"
                                      "2024年社区“两委”换届“回头看”工作总结（覆盖9个社区，平均参选率91%）\n"
                                      "2025-03-02人已围观\n"
                                      "为巩固换届成果，街道党工委对9个社区的“两委”班子运行情况开展回头看。\n",
                                      "2024年社区“两委”换届“回头看”工作总结（覆盖9个社区，平均参选率91%）",
                                      None, None),
    "sharing_fields_and_contents": ("- 2022-05-10发布\n- 41.2 KB\n- 18页\n"
                                    "申明敬告：本站不保证该用户上传的文档完整性，不预览、不比对内容而直接下载产生的问题本站不予受理。\n"
                                    "文档介绍\n2022年学校党支部工作计划（3篇附目录）\n2022年学校党支部工作计划（3篇附目录）\n"
                                    "目录\n【篇一】1\n【篇二】5\n【篇三】9\n【篇一】\n一、指导思想\n" + REPORT,
                                    "2022年学校党支部工作计划", None, None),
    "read_aloud_tool_and_addressee_without_colon": (
        "当前位置：主页>政策文件>正文\n中共河湾镇委员会关于做好村级组织换届工作的实施意见\n"
        "文章播报\n语音引擎就绪\n进度：0/0 (0%)\n中共桐川县河湾镇委员会文件\n河委〔2020〕8号\n"
        "中共河湾镇委员会\n关于做好村级组织换届工作的\n实施意见\n各工作片、镇级机关各部门、行政村\n"
        "全镇村级组织即将换届，为确保换届工作平稳有序，现提出如下意见。\n一、指导思想\n",
        # (the issuing body's line over a 关于… title joins it: LABELING.md)
        "中共河湾镇委员会关于做好村级组织换届工作的实施意见", "中共桐川县河湾镇委员会", None),
    "credits_row_and_share_button": ("综合新闻\n首页 > 综合新闻 > 正文\n综合新闻\n桐川中心医院党委中心组举行专题学习会\n分享\n"
                                     "发布时间：2021-05-06\n作者：周某 核稿：吴某 编发：党委宣传部\n"
                                     "本网讯 5月5日下午，桐川中心医院党委中心组集中学习党史。\n",
                                     "桐川中心医院党委中心组举行专题学习会", "桐川中心医院党委", "2021-05-06"),
    "bare_breadcrumb_and_numbered_sample": ("首页公文方案\n2024年学校国庆节活动方案（6篇）\n2024年学校国庆节活动方案篇6\n"
                                            "一、活动目的\n为庆祝新中国成立75周年，学校开展系列主题活动。\n",
                                            "2024年学校国庆节活动方案", None, None),
    "authors_before_the_colon": ("思政教育\n当前位置：首页» 思政工作» 思政教育\n"
                                 "【期刊精读】顾某某 黄某：新时代高校学生党支部建设的思考\n"
                                 "日期：2020-04-10 信息来源：高校辅导员 作者：顾某某,黄某\n"
                                 "学生党支部是高校党建工作的基础，本文就其建设谈几点思考。\n",
                                 "新时代高校学生党支部建设的思考", None, "2020-04-10"),
    "authors_without_a_colon": ("高校党委领导下的校长负责制的制度逻辑\n作者 刘某某 王某某 常某\n"
                                "摘要：高校党委领导下的校长负责制是中国特色现代大学制度的核心。\n",
                                "高校党委领导下的校长负责制的制度逻辑", None, None),
    "disclosure_table_with_bars": ("索引号：| 1134182300/202311-00052 |组配分类：|规划计划\n"
                                   "发布机构：|桐川县教育体育局|主题分类：|教育\n"
                                   "名称：|县教体局2023年工作总结|文号：\n成文日期：|发布日期：| 2023-12-05\n废止日期：\n"
                                   "2023年，县教体局坚持以党建引领教育发展，各项工作取得新成效。\n一、工作开展情况\n",
                                   "县教体局2023年工作总结", "桐川县教育体育局", "2023-12-05"),
    "outline_above_a_speech": ("目录/提纲：……\n一、统一思想，认清形势\n二、明确要求，把握政策\n三、加强领导，确保实效\n……\n"
                               "在全县村级组织换届工作会议上的讲话\n县委副书记\n今年月日\n同志们：\n"
                               "今天召开这次会议，主要是对全县村级组织换届工作进行部署。\n",
                               "在全县村级组织换届工作会议上的讲话", None, None),
    "sharing_counts_and_abstract_label": ("- 0\n- 0\n-约1万字\n-约8页\n- 2025-03-02发布于江苏\n-举报\n"
                                          "论高校基层党组织组织力的提升\n本文摘要\n"
                                          "基层党组织组织力是高校党建工作的关键，本文从三个方面论述其提升路径。\n",
                                          "论高校基层党组织组织力的提升", None, None),
    "attachment_mark_glued": ("附件中共桐川学院委员会意识形态工作责任制实施细则（试行）\n"
                              "第一条 为落实意识形态工作责任制，制定本细则。\n第二条 本细则适用于学院各级党组织。\n",
                              "中共桐川学院委员会意识形态工作责任制实施细则（试行）", "中共桐川学院委员会", None),
    "template_count_and_note": ("当前位置：首页>专题范文>党建材料>正文\n2024年幼儿园党建工作计划（12篇）（范例推荐）\n"
                                "时间：2023-11-20 10:10:10浏览量：\n一、指导思想\n" + REPORT,
                                "2024年幼儿园党建工作计划", None, None),
    "contents_mark_and_blank_year": ("-目录\n第1篇xxxx年局工会工作报告\n"
                                     "xx年我局工会围绕中心工作，团结带领职工建功立业，现将工作报告如下。\n" + REPORT,
                                     "xxxx年局工会工作报告", None, None),
    "word_count_mark": ("工作总结\n当前位置：首页 > 工作总结\n社区党建工作总结\n时间：2024-05-06 10:12:30\n"
                        "社区党建工作总结[此文共8650字]\n2023年社区党建工作总结\n"
                        "今年以来，社区党委坚持以党建引领基层治理。\n" + REPORT,
                        "2023年社区党建工作总结", None, None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_head(name):
    text, title, unit, date = CASES[name]
    it = only_item(text)
    assert (it.title, it.unit, it.date) == (title, unit, date)


def test_pinyin_glosses_go_and_the_offsets_hold():
    raw = "青溪湾(wān)景区(qū)管理处\n(abc) 不是注音，风(feng)无声调也不是。\n"
    norm = normalize(raw)
    assert norm.text.split("\n")[0] == "青溪湾景区管理处"
    assert "(abc)" in norm.text and "风(feng)" in norm.text
    at = norm.text.index("景区")
    assert raw[norm.to_raw[at]:norm.to_raw[at] + 2] == "景区"


def test_a_catalog_line_over_the_items_own_title_stays_the_label():
    """第N篇 over a heading line of its own: the collector's catalog line is the label and
    the heading under it the title (the volume layout), as before."""
    it = only_item("第三篇：在全镇党建推进会上的交流发言\n凝心聚力 争创一流\n城南村党支部\n" + REPORT)
    assert (it.label, it.title, it.unit) == ("第三篇：在全镇党建推进会上的交流发言", "凝心聚力争创一流",
                                             "城南村党支部")


def test_a_rule_books_own_chapter_is_no_title():
    """A rule's own chapter (第一章 总则 over 第一条): the rule's title above it stays."""
    it = only_item("桐川县人民医院党委会议事规则\n第一章 总则\n第一条 为规范党委议事，制定本规则。\n"
                   "第二条 党委会议由党委书记召集并主持。\n")
    assert (it.title, it.unit) == ("桐川县人民医院党委会议事规则", "桐川县人民医院党委")


def test_a_system_of_sections_after_its_stamp_and_an_introducing_sentence_is_one_item():
    """一、…制度 / 二、…制度 under a system's title, its page stamp and column and a sentence
    that introduces them (…坚持以下制度：): sections of one system, not a volume's items."""
    text = ("桐川电子公司党支部“三会一课”制度\n\n 党建制度     |      2019-03-12 10:20\n"
            "按照党章要求，支部坚持以下制度：\n一、支部党员大会制度\n（一）党员大会每季度召开一次。\n"
            "（二）党员大会由支部书记主持。\n二、支部委员会制度\n（一）支部委员会每月召开一次。\n"
            "（二）支部委员会由支部书记主持。\n三、党小组会制度\n（一）党小组会每月召开一次。\n"
            "（二）党小组会由党小组长主持。\n")
    it = only_item(text)
    assert (it.title, it.unit, it.date) == ("桐川电子公司党支部“三会一课”制度", "桐川电子公司党支部",
                                            "2019-03-12")


def test_a_units_intent_or_what_it_recalls_is_no_part_of_its_name():
    from huibian.ingest import layout

    data = layout.default_layout()
    assert layout.body_unit("今年是建党周年，集团党委拟表彰先进党支部两个。", data) != "集团党委拟表彰先进党支部"
    assert layout.body_unit("为纪念五四运动，回顾共青团走过的历程，校团委决定开展系列活动。", data) != "回顾共青团"


def test_a_lead_word_and_a_kind_in_brackets_name_no_unit():
    from huibian.ingest import layout

    data = layout.default_layout()
    assert layout.body_unit("刚才校团委书记通报了表彰决定，我完全同意。", data) is None
    assert layout.title_unit("七一建党节主题活动方案（乡政府）", data) is None
    assert layout.title_unit("2023年度植树节活动方案（桐川县林业局）", data) == "桐川县林业局"
    # what a unit is urged to do, or the setting of a paper, is no part of a name
    assert layout.body_unit("会上，市国资委领导勉励桐川建投集团党委持续抓好党建。", data) != "勉励桐川建投集团党委"
    assert layout.title_unit("新时代地方国企改革背景下党委领导模式研析", data) is None


def test_a_short_system_title_over_its_sections_keeps_them_one_item():
    """A system's own short title (学习制度, no stamp or sentence between) over 一、…制度 /
    二、…制度: its sections, one item, as before the stamp and sentence were read through."""
    text = ("桐川小学党支部学习制度\n一、集中学习制度\n（一）每月集中学习一次。\n（二）由支部书记主持。\n"
            "二、个人自学制度\n（一）党员每月自学不少于四小时。\n（二）做好学习笔记。\n")
    it = only_item(text)
    assert (it.title, it.unit) == ("桐川小学党支部学习制度", "桐川小学党支部")
    short = "学习制度\n一、集中学习制度\n（一）每月集中学习一次。\n二、个人自学制度\n（一）党员每月自学。\n"
    assert only_item(short).title == "学习制度"
