"""The title of a document copied from a web page (issue 16): photo counts and captions,
label:value field lines, info blocks, a preface heading under the document's own title,
a journal article's affiliation with its place and post code, a series number glued to
the title, a standard's section headings under the page's field row, a headline with a
colon and a comma, a site's greeting and browser warning. Each case is a short document
of our own, in the layout real pages have, run through the real ingest (normalizing,
splitting, head reading); the exact title (and unit where the case is about it) is
asserted. The documents of corpora/understanding/docs/w15b_* are whole ones."""

import pytest

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.pipeline.ingestor import process_file


def first_item(text: str, name: str = "case.txt"):
    items = process_file(SourceFile.from_bytes(name, text.encode("utf-8"))).items
    assert items
    return items[0]


NEWS = ("11月2日下午，学院党委在图书馆报告厅召开党员大会，全院一百二十名党员参加会议。\n"
        "会议传达了上级党委的有关精神，部署了下一阶段的党建重点工作。\n"
        "党委书记在讲话中要求，各支部要把党建工作与教学科研结合起来，切实发挥党员的先锋模范作用。\n")

CASES = [
    # a photo count under the page's field row is no title
    ("photo_count", "首页>学院新闻\n兰山学院党委召开全体党员大会\n"
     "作者：李青 来源：兰山学院 日期：2019-11-04\n（图片共5张）\n\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    ("photo_count_other_words", "兰山学院党委召开全体党员大会\n发布时间：2019-11-04\n共3张图片\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    # a gallery: a file name and a caption a photo, more than eight lines of them
    ("gallery_captions", "兰山学院党委召开全体党员大会\n"
     "发布时间：2019-11-04　来源：党委办公室　作者：王芳\n"
     "1.jpg\n△会议现场\n2.jpg\n△党委书记讲话\n3.jpg\n▲党员代表发言\n4.jpg\n↑与会党员重温入党誓词\n"
     + NEWS, "兰山学院党委召开全体党员大会", None),
    # captions that open with 图为 or end in a photographer's credit
    ("caption_credits", "兰山学院党委召开全体党员大会\n来源：党委办公室　点击：86\n"
     "图为会议现场（赵明 摄）\n与会党员认真听讲（图片来源：宣传部）\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    # a label:value field under the title (发表日期：…) is never the title
    ("published_date_field", "兰山学院党委召开全体党员大会\n发表日期：2019-11-04\n"
     "来源：党委办公室　作者：王芳　本页责编：刘洋\n阅读：\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    # a government page's info block as a list; its 名称 field repeats the title and
    # its lines are not joined onto it
    ("info_block_list", "- 索引号：lsx-2018-00042\n- 发文机构：兰山县人民政府办公室\n"
     "- 名 称：兰山县人民政府办公室关于做好机关干部下基层工作的通知\n- 公文种类 ：通知\n"
     "- 主题分类：政务\n- 发布日期：2018-03-09 10:20\n"
     "兰山县人民政府办公室关于做好机关干部下基层工作的通知\n各乡镇人民政府，县政府各部门：\n"
     "为推动机关干部深入基层，经县政府同意，现就有关事项通知如下。\n"
     "一、每名机关干部每月下基层不少于四天。\n二、下基层情况纳入年度考核。\n",
     "兰山县人民政府办公室关于做好机关干部下基层工作的通知", "兰山县人民政府办公室"),
    # a collection's own title, its unit and date over 前言: the title is the collection's
    ("preface_under_title", "兰山县机关党建品牌选编\n中共兰山县委直属机关工作委员会\n2020年10月\n"
     "前　言\n机关党建品牌是推动机关党建工作落地见效的有效载体。近年来，县直机关各党组织积极探索，"
     "形成了一批特色品牌。现汇编成册，供各单位学习交流。\n一、县财政局“红色账本”品牌\n"
     "支部每名党员建立一本账本，记录为基层单位办理的实事。\n",
     "兰山县机关党建品牌选编", "中共兰山县委直属机关工作委员会"),
    # a preface alone stays 前言
    ("preface_alone", "前言\n这本选编收录了全县机关党组织的二十个党建品牌，"
     "每个品牌都附有简短的点评，供读者参考。\n编者\n2020年10月\n", "前言", None),
    # a journal article: title with its case subtitle, authors, the affiliation with its
    # place and post code (the spaces lost), 摘要: the unit is the affiliation's unit
    ("journal_affiliation", "社区党组织服务群众的实践探析--以兰山县东城社区为例\n"
     "网络出版时间：2021-04-02\n/ 2\n社区党组织服务群众的实践探析--以兰山县东城社区为例\n"
     "刘明 ，张华\n\n兰山师范学院马克思主义学院   湖南兰山  421000\n\n"
     "摘要：本文以兰山县东城社区为例，分析社区党组织服务群众的做法与问题，并提出对策。\n"
     "关键词：社区党组织；服务群众；基层治理\n一、问题的提出\n"
     "社区是服务群众的最后一公里，社区党组织的服务能力直接关系群众的获得感。\n",
     "社区党组织服务群众的实践探析--以兰山县东城社区为例", "兰山师范学院马克思主义学院"),
    # the author under a long title whose subtitle names its case (——以XX为例) is no
    # part of the title
    ("author_under_case_subtitle", "高校学生党支部党员发展质量保障机制研究\n"
     "——以兰山师范学院文学院学生党支部为例\n王晓梅\n（兰山师范学院文学院，湖南 兰山 421000）\n"
     "摘　要：党员发展质量是学生党支部建设的关键。本文梳理了文学院的做法，提出了完善建议。\n"
     "关键词：学生党支部；党员发展；质量保障\n一、研究背景\n"
     "学院现有学生党支部四个，学生党员八十六人。\n",
     "高校学生党支部党员发展质量保障机制研究——以兰山师范学院文学院学生党支部为例",
     "兰山师范学院文学院"),
    # a page's series number glued to the title's end
    ("series_number", "兰山中学开展“党员先锋岗”创建活动实施方案（3）\n兰山中学\n2015-09-18 16:02:11\n"
     "一、活动目的\n为发挥党员教师的先锋模范作用，学校党支部决定开展“党员先锋岗”创建活动。\n"
     "二、活动内容\n每名党员教师结合本职岗位设岗定责，公开承诺，接受师生监督。\n",
     "兰山中学开展“党员先锋岗”创建活动实施方案", "兰山中学"),
    # a standard's page: its title, the field row, then the standard's own section
    # headings (具体标准 / 组织设置规范) over its numbered points
    ("standard_sections_under_fields", "学校主页\n规章制度 首页 > 规章制度 > 正文\n"
     "兰山学院学生党支部建设标准（试行）\n时间：2021-09-10 10:12 阅读：\n具体标准\n组织设置规范\n"
     "1.学生党支部一般按年级或专业设置，正式党员不足三人的可以联合设立党支部。\n"
     "2.党员人数七人以上的党支部设立支部委员会。\n组织生活规范\n"
     "3.党支部每月开展一次主题党日活动。\n",
     "兰山学院学生党支部建设标准（试行）", None),
    # a page's title tag with the site's owner after a hyphen or an underscore
    ("site_owner_after_title", "兰山学院党委召开全体党员大会-兰山学院\n发布时间：2019-11-04\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    ("site_office_after_title", "兰山学院党委召开全体党员大会_兰山学院党委宣传部\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    # a short section heading that ends in a title word (会议制度) under a whole page
    # title twice as wide is still the section's
    ("short_heading_with_title_word", "兰山学院学生党支部组织生活实施细则（试行）\n时间：2021-09-10 10:12 阅读：\n"
     "会议制度\n1.党支部每月召开一次支部委员会会议。\n2.党支部每季度召开一次党员大会。\n"
     "学习制度\n3.党支部每月组织一次集中学习。\n",
     "兰山学院学生党支部组织生活实施细则（试行）", None),
    # a site's section over the field row is no page title: the headline under it stays
    ("section_over_fields", "中共兰山学院委员会党建工作专栏\n发布时间：2019-11-04\n学院党员大会召开\n" + NEWS,
     "学院党员大会召开", None),
    # a headline with a lead, a colon and two parallel clauses, under a site's greeting,
    # over a news lead that opens with its full date
    ("colon_comma_headline", "欢迎关注兰山社区\n兰山社区第二网格党支部专题学习会：学深悟透理论，服务居民群众\n"
     "2023年4月8日，兰山社区第二网格党支部在社区会议室召开专题学习会，网格内党员十八人参加。\n"
     "一、集中学习\n支部书记领学了有关文件精神。\n二、交流研讨\n党员结合网格工作谈了体会。\n",
     "兰山社区第二网格党支部专题学习会：学深悟透理论，服务居民群众", "兰山社区第二网格党支部"),
    # a site's browser warning and its links over the title
    ("browser_warning", "内网\n\n检测到您当前使用的浏览器版本过低，可能导致页面显示异常，请您升级浏览器后访问。\n\n"
     "下载Chrome\n\n兰山学院组织师生党员观看专题党课直播\n\n日期： 2022-07-01\n\n" + NEWS,
     "兰山学院组织师生党员观看专题党课直播", None),
    # an account's name and the time it posted, under the title, is not joined to it
    ("account_and_time", "兰山县人民医院开展党员医生义诊活动\n兰山县人民医院　2022-08-15 09:10\n"
     "△义诊现场\n8月12日，兰山县人民医院党委组织党员医生到石门乡开展义诊，为村民测量血压、"
     "讲解慢性病防治知识。\n本次义诊共接诊村民二百余人次，发放宣传资料三百余份。\n",
     "兰山县人民医院开展党员医生义诊活动", "兰山县人民医院"),
    # a byline 文/图：… and a photographer's credit in brackets under the title are no
    # part of it
    ("text_and_photo_byline", "兰山学院党委召开全体党员大会\n文/图：王芳 刘洋\n发布时间：2019-11-04\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    ("photographer_in_brackets", "兰山学院党委召开全体党员大会\n（摄影：王芳）\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    # a page's mark before the title (【图集】) goes with it, it makes no heading
    ("gallery_mark", "【图集】兰山学院党委召开全体党员大会\n2019-11-04 10:20 来源：兰山学院\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    # a gallery's buttons, a share bar's buttons and numbered captions under the fields
    ("gallery_and_share_buttons", "兰山学院党委召开全体党员大会\n发布时间：2019-11-04\n共5张\n"
     "上一张 下一张\n分享到：\n微信\n微博\nQQ空间\n图1 会议现场\n图2：党委书记讲话\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    # the title only in a page's field (标题：…)
    ("title_field_only", "首页 >> 正文\n标题：兰山学院党委召开全体党员大会\n发布时间：2019-11-04\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    # a collection's editorial committee under its title, then its month and 序 言
    ("editorial_committee_preface", "兰山县党建案例选编\n兰山县党建案例选编编委会\n二〇二一年六月\n序　言\n"
     "这本选编收录了全县基层党组织的三十个案例，分为组织建设、服务群众两个部分。\n"
     "希望各级党组织学习借鉴。\n一、组织建设篇\n",
     "兰山县党建案例选编", "兰山县党建案例选编编委会"),
    # a WeChat article's head line (原创 account 2020-… 发表于…) is no part of the title
    ("wechat_head_line", "兰山学院党委召开全体党员大会\n原创 兰山学院 兰山学院党委 2019-11-04 08:30 发表于湖南\n"
     + NEWS, "兰山学院党委召开全体党员大会", None),
    # a journal article's numbered authors and their numbered affiliations in one
    # bracket, the abstract and key words in brackets: the title alone, the first
    # author's unit
    ("numbered_authors_affiliations", "高校学生党支部组织力提升路径研究\n王芳1，刘洋2\n"
     "（1.兰山师范学院马克思主义学院，湖南 兰山 421000；2.兰山县人民医院党委办公室，湖南 兰山 421001）\n"
     "【摘要】本文分析了学生党支部组织力建设中的问题，提出了提升路径。\n【关键词】学生党支部；组织力\n"
     "一、引言\n组织力是基层党组织的生命力所在。\n",
     "高校学生党支部组织力提升路径研究", "兰山师范学院马克思主义学院"),
    ("bracketed_abstract", "兰山学院党委召开全体党员大会\n[摘要] 11月2日，学院党委召开全体党员大会。\n" + NEWS,
     "兰山学院党委召开全体党员大会", None),
    # a counter's label alone (点击数：) with the title printed again under it: the
    # title, not the counter's value
    ("counter_label_then_title", "设为首页 | 加入收藏\n当前位置：首页 >> 党建工作 >> 正文\n"
     "兰山县教育系统党建品牌\n作者：管理员        日期：10-21      信息来源：      点击数：\n"
     "兰山县教育系统党建品牌\n中共兰山县委教育工作委员会\n2021年10月\n前言\n"
     "全县学校党组织围绕立德树人，培育了一批党建品牌。现将首批十个品牌汇编如下。\n",
     "兰山县教育系统党建品牌", "中共兰山县委教育工作委员会"),
]


@pytest.mark.parametrize("name,text,title,unit", CASES, ids=[c[0] for c in CASES])
def test_title_of_a_web_copy(name, text, title, unit):
    it = first_item(text)
    assert it.title == title
    if unit is not None:
        assert it.unit == unit


def test_unit_line_over_guan_yu_stays_in_the_title():
    # the convention of the labels (title_prefix_unit): the issuer's line over 关于… is
    # part of the title
    it = first_item("兰山县教育局\n关于开展师德师风专题教育活动的通知\n各中小学：\n"
                    "为加强教师队伍建设，县教育局决定开展师德师风专题教育活动。现将有关事项通知如下。\n"
                    "一、各校组织教师集中学习。\n二、各校于6月底前报送活动总结。\n"
                    "兰山县教育局\n2019年5月6日\n")
    assert it.title == "兰山县教育局关于开展师德师风专题教育活动的通知"


def test_furniture_lines_of_a_web_page():
    for line in ("（图片共8张）", "图片共8张", "共3张图片", "△参观党员书屋", "▲授牌仪式现场",
                 "↑义诊现场", "图为会议现场", "与会党员认真听讲（赵明 摄）", "(图片:王芳)",
                 "会场一角（图片来源：宣传部）", "1_副本.jpg", "IMG2023.JPG", "欢迎关注兰山社区",
                 "- 索引号：lsx-2018-00042", "- 公文种类 ：通知", "名 称：兰山县人民政府关于…的通知",
                 "发表日期：2019-11-04", "主题分类：教育", "兰山县人民医院　2022-08-15 09:10",
                 "（摄影：王芳）", "上一张 下一张", "查看原图", "QQ空间", "图2：党委书记讲话",
                 "检测到您当前使用的浏览器版本过低，可能导致页面显示异常，请您升级浏览器后访问。"):
        assert layout.is_furniture(line), line
    for line in ("兰山学院党委召开全体党员大会", "关于开展师德师风专题教育活动的通知",
                 "作者：王芳", "兰山县人民医院", "支部组织党员开展志愿服务活动（三）",
                 "党员先锋岗授牌仪式在报告厅举行，全体党员参加。"):
        assert not layout.is_furniture(line), line


def test_label_value_lines_are_no_titles():
    assert not layout.title_like("发表日期：2019-11-04")
    assert not layout.title_like("日期：10-21")
    assert not layout.title_like("点击数：326")
    assert layout.title_like("党建引领：兰山社区的十年")  # a headline's lead and colon


def test_place_affiliation():
    assert layout.place_affiliation("兰山师范学院马克思主义学院湖南兰山421000") == "兰山师范学院马克思主义学院"
    assert layout.place_affiliation("兰山师范学院马克思主义学院   湖南兰山  421000") == "兰山师范学院马克思主义学院"
    assert layout.place_affiliation("（兰山县人民医院党委办公室，江西 兰山 342100）") == "兰山县人民医院党委办公室"
    assert layout.place_affiliation("中共兰山市委党校   江苏兰山市  221000") == "中共兰山市委党校"
    assert layout.place_affiliation("兰山师范学院马克思主义学院") is None  # no post code
    assert layout.place_affiliation("电话：0731-84512345") is None
    assert layout.place_affiliation("（1.兰山师范学院文学院，湖南 兰山 421000；2.兰山县人民医院，湖南 兰山 421001）") \
        == "兰山师范学院文学院"
    # journal heads stand on their own lines (a wrapped title's repair leaves them)
    assert layout.is_header_line("王芳1，刘洋2")
    assert layout.is_header_line("兰山师范学院文学院   湖南兰山  421000")
    assert layout.separate_head_lines("高校学生党支部组织力提升路径研究", "【摘要】本文分析了…")


def test_series_number_and_part_number():
    assert layout._clean_title("兰山中学党员先锋岗实施方案（3）", []) == "兰山中学党员先锋岗实施方案"
    assert layout._clean_title("关于做好党员发展工作的通知（二）", []) == "关于做好党员发展工作的通知（二）"
    assert layout._clean_title("2023年工作要点（2023）", []) == "2023年工作要点（2023）"  # a year
    assert layout._clean_title("【组图】兰山学院党委召开全体党员大会", []) == "兰山学院党委召开全体党员大会"


def test_site_owner_tail():
    d = layout.default_layout()
    assert layout._page_line("兰山学院党委召开全体党员大会-兰山学院", d) == "兰山学院党委召开全体党员大会"
    # a year range, a hyphen inside a title, a tail that names no unit: kept
    assert layout._page_line("2020-2021学年第一学期党建工作计划", d) == "2020-2021学年第一学期党建工作计划"
    assert layout._page_line("党建+业务-双融合工作法", d) == "党建+业务-双融合工作法"
    assert layout._page_line("兰山中学“党员示范岗”创建_实施方案", d) == "兰山中学“党员示范岗”创建_实施方案"
    assert layout._page_line("校园安全-兰山中学", d) == "校园安全-兰山中学"  # too short a title


def test_text_and_photo_bylines():
    assert layout.byline_of("文/图：王芳 刘洋") == (None, ("王芳", "刘洋"))
    assert layout.byline_of("图/文 王芳") == (None, ("王芳",))
    assert layout.byline_of("文/图书馆党支部 张三") == ("图书馆党支部", ("张三",))  # 文/ then a unit


def test_comma_headline():
    assert layout.comma_headline("兰山社区第二网格党支部专题学习会：学深悟透理论，服务居民群众")
    assert layout.comma_headline("“支部建在楼栋上”进社区，身体力行展风采")
    assert not layout.comma_headline("为了加强支部建设：学院党委决定，开展专题活动")
    assert not layout.comma_headline("今年以来，社区党支部组织党员开展志愿服务活动十余次。")
    # a headline over a lead that opens with its full date: two lines, not one
    assert layout.separate_head_lines("兰山社区党支部专题学习会：学深悟透理论，服务居民群众",
                                      "2023年4月8日，兰山社区党支部召开专题学习会。")
