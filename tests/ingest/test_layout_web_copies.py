"""Issue 16, title and unit of documents copied from web pages and sharing sites: each
layout seen on real public pages (a preview cut into numbered chunks, a title in
brackets run into its text, a page count or a picture mark glued to a title, a site's
name over its breadcrumb, a downloader's notes above the text, a speaker's post before
在 in the title, a slogan title, a unit named as the subject of the first sentence, a
unit named for short, a place with a kind of unit) pinned with a short document of our
own and its exact title, unit and date."""

import pytest

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.pipeline.ingestor import process_file

CASES = {}

# a sharing site's preview: numbered chunks of a fixed length, the title run into the
# first sentence, which opens with a date
CASES["chunk_numbers"] = (
    "1、城南区妇幼保健院开展承诺践诺活动阶段总结3 月 2 日 ,我院召开全院党员大会，对承诺践诺活动"
    "作了部署，各支部随即把承诺事项张贴在科室公开栏里，接受患者和职工监督。活动开始以来，院党总支坚持"
    "每月检查一次承诺落实情况，把检查结果在周会上通报，对进展慢的科室由支部书记当面督促。产科党员"
    "承诺夜间急诊十分钟内到位，儿科党员承诺每周开设一次育儿讲座，这些事项都已列入科室的月度考核，并由"
    "职工代表按季度打分\n"
    "2、，打分结果与评先评优挂钩。下一步，我们将把群众评价最好的承诺事项固定下来，形成常态化的服务"
    "制度，让承诺践诺活动真正成为党员亮身份、做表率的平台，也让前来就诊的群众切实感受到变化。院党总支"
    "还将组织各支部书记交流践诺经验，把好的做法在全院推广，做到一个支部带动一片科室。\n",
    "城南区妇幼保健院开展承诺践诺活动阶段总结", "城南区妇幼保健院", None)

# a page sets the title in brackets and runs it into the text it leads
CASES["bracket_title"] = (
    "【青石镇中心小学党支部组织生活制度】为规范党支部组织生活，提高组织生活质量，根据有关规定，"
    "结合本校实际，制定本制度。\n"
    "一、支部党员大会每季度召开一次，由支部书记主持，讨论支部工作计划和发展党员等事项。\n"
    "二、支部委员会每月召开一次，研究落实上级党组织的部署，安排本月的党建工作。\n"
    "三、党小组会每月召开一次，组织党员学习，交流思想和工作情况。\n"
    "四、党课每季度至少一次，由支部书记和支委轮流讲授。\n",
    "青石镇中心小学党支部组织生活制度", "青石镇中心小学党支部", None)

# a page count glued before a speech's title; no unit anywhere
CASES["page_count_before_title"] = (
    "第1页共3页区长在全区创先争优活动观摩会上的讲话\n"
    "同志们：\n"
    "今天我们在这里召开观摩会，目的是看现场、学经验、找差距。刚才大家看了三个现场，听了两个单位的"
    "介绍，感受很深。下面，我讲两点意见。\n"
    "一、要把观摩中看到的好做法带回去，结合各自实际消化吸收，不能看过就算了。\n"
    "二、要把创先争优活动和年度重点工作结合起来，用工作成效检验活动成效。\n",
    "区长在全区创先争优活动观摩会上的讲话", None, None)

# a news page: the site's heading and breadcrumb, a title with a picture mark, a byline
# with the date
CASES["picture_mark_site_heading"] = (
    "今天是\n"
    "您现在的位置：首页 > 基层动态\n\n"
    "党员服务队走进田间地头——临河县供电公司创先争优活动纪实（组图）\n\n"
    "作者：韩小军\n2011-05-18\n\n"
    "五月的临河平原麦浪翻滚。临河县供电公司共产党员服务队的八名队员一早就来到城关镇的机井旁，"
    "逐台检查抽水设备的线路和开关。该公司党委在创先争优活动中组建了六支党员服务队，分片包干全县的"
    "农田灌溉用电，群众有事打一个电话，队员两个小时内赶到。\n"
    "今年以来，服务队已经上门服务四百多次，帮助农户排除用电故障一百余处。\n",
    "党员服务队走进田间地头——临河县供电公司创先争优活动纪实", "临河县供电公司", "2011-05-18")

# a hospital's site name over its breadcrumb is the site's (a group's site carries a
# member hospital's rules), not the issuing unit; the title names the unit
CASES["site_name_over_breadcrumb"] = (
    "东江市第三人民医院\n\n"
    "当前位置：首页 > 党建园地\n\n"
    "滨江区中心医院党员积分管理办法\n\n"
    "为加强党员日常教育管理，激励党员立足岗位发挥作用，结合我院实际，制定本办法。\n"
    "一、积分由基础分和奖励分组成，基础分每人每年一百分。\n"
    "二、参加支部组织生活、完成支部分配的任务，按次记分；受到表扬或在医疗服务中表现突出的，记奖励分。\n"
    "三、积分每季度公示一次，年终积分作为评先评优的依据。\n",
    "滨江区中心医院党员积分管理办法", "滨江区中心医院", None)

# a sharing site's notes to a downloader above the text, its keyword tags one a line
CASES["downloader_notes"] = (
    "温馨提示：\n"
    "1. 本文档由用户上传，版权归属用户，本站负责整理代发布，如有争议请联系客服。\n"
    "2. 下载前请仔细阅读文档内容，确认文档内容符合您的需求后进行下载，若出现内容与标题不符可向本站投诉。\n"
    "网站客服：4008001234\n"
    "西湾县\n"
    "党建\n"
    "规范\n"
    "西湾县村级党组织工作规范（试行）\n"
    "为推进村级党组织规范化建设，根据有关规定，结合全县实际，制定本规范。\n"
    "第一条 村党组织每月召开一次支部委员会，研究村里的重要事项。\n"
    "第二条 村党组织每季度召开一次党员大会，通报村务和财务情况。\n",
    "西湾县村级党组织工作规范（试行）", None, None)

# a speaker's post before 在 in the title names no unit; the body names none either
CASES["post_before_zai"] = (
    "党委书记在学院创先争优推进会上的讲话\n"
    "同志们：\n"
    "创先争优活动开展半年了，今天开个推进会，总结前段工作，部署下一步任务。下面我讲三点意见。\n"
    "一、认清活动的新要求。\n"
    "二、抓住活动的重点。\n"
    "三、确保活动取得实效。\n",
    "党委书记在学院创先争优推进会上的讲话", None, None)

# a slogan title whose first half ends in 社区 is no unit; the source line names it
CASES["slogan_title_source"] = (
    "志愿服务进社区，邻里守望暖人心\n"
    "时间：2012-03-06\n"
    "来源：东门街道槐树巷社区\n"
    "3月5日上午，东门街道槐树巷社区组织辖区党员和大学生志愿者开展学雷锋志愿服务活动。志愿者们分成"
    "四个小组，为居民义务理发、测量血压、维修小家电，还为八户独居老人打扫了房间。\n"
    "活动现场还设置了政策咨询台，解答居民关心的医保和养老问题。\n",
    "志愿服务进社区，邻里守望暖人心", "东门街道槐树巷社区", "2012-03-06")  # the page's date

# the unit is the subject of the first sentence after an opening phrase and the text
# goes on calling it by its kind (党支部…，支部…)
CASES["subject_of_first_sentence"] = (
    "关于开展“党员亮身份”活动的情况汇报\n"
    "自街道部署“党员亮身份”活动以来，槐荫里社区党支部认真组织，逐项落实，活动取得了初步成效。\n"
    "一、党支部召开动员会，向全体党员讲清活动的目的和要求，每名党员都签订了承诺书。\n"
    "二、党支部在社区服务大厅设立党员示范岗，由支部委员轮流值守。\n"
    "三、支部把党员承诺事项在公开栏张贴，请居民监督。\n",
    "关于开展“党员亮身份”活动的情况汇报", "槐荫里社区党支部", None)

# a case with no title whose first sentence names its unit for short
CASES["named_for_short"] = (
    "一、基本情况\n"
    "近年来，国网东平县供电有限公司（以下简称：东平供电公司）把共产党员服务队建设作为服务群众的"
    "重要抓手，组建服务分队十二支，覆盖全县所有乡镇。\n"
    "二、主要做法\n"
    "服务分队实行“一队一片”，队员的照片和电话在村务公开栏公布，群众随叫随到。\n",
    "", "国网东平县供电有限公司", None)

# a speaker's own unit after 我代表 in a report that lost its line breaks
CASES["on_behalf"] = (
    "河口镇创先争优活动进展情况汇报（2010年10月12日）尊敬的各位领导：首先我代表河口镇党委、政府"
    "对各位领导来我镇检查指导表示欢迎。下面，我把我镇开展创先争优活动的情况汇报如下：一、基本情况。"
    "全镇辖十个行政村，共有党员六百余名。二、主要做法。镇党委把创先争优活动作为全年党建工作的主线，"
    "召开动员会，制定实施方案，层层签订责任书。三、取得的成效。群众满意度明显提高，党员作用进一步发挥。"
    "各村党支部都确定了创建目标，并在村务公开栏公布，接受群众监督。镇党委每月听取一次活动进展情况汇报，"
    "对落实不力的支部及时约谈。今后我们将继续抓好活动的各项工作，确保活动取得实效。\n",
    "河口镇创先争优活动进展情况汇报", "河口镇党委", "2010-10-12")

# a place with a kind of unit (its schools) is no unit
CASES["place_and_kind"] = (
    "临江市中小学校党组织工作基本规范\n"
    "第一章 总则\n"
    "第一条 为加强中小学校党的建设，根据有关规定，制定本规范。\n"
    "第二条 本规范适用于全市公办中小学校和幼儿园。\n"
    "第二章 组织设置\n"
    "第三条 学校党组织按照党员人数设立党委、党总支或者党支部。\n",
    "临江市中小学校党组织工作基本规范", None, None)


# a collection page of 范文: its head with a long note in parentheses, a note on the
# samples, a sample's number after the collection's name, then the sample's slogan
# title over a subtitle typed with hyphens
CASES["fanwen_collection"] = (
    "街道安全生产工作汇报2篇（区级安全社区创建汇报材料）\n\n"
    "时间：2022-04-12 09:30:11 综合范文\n\n"
    "下面是小编整理的街道安全生产工作汇报2篇（区级安全社区创建汇报材料），供大家参阅。\n\n"
    "街道安全生产工作汇报2篇（区级安全社区创建汇报材料）\n\n"
    "街道安全生产工作汇报1\n\n"
    "守住底线 筑牢防线 全力打造平安宜居新社区\n\n"
    "----南湖区柳岸街道创建区级安全社区工作情况汇报\n\n"
    "尊敬的各位领导：\n\n"
    "两年来，街道党工委把安全社区创建作为民生实事来抓，成立了创建领导小组，制定了三年规划。"
    "全街道共排查整改隐患二百多处，连续两年没有发生较大安全事故。\n",
    "守住底线筑牢防线全力打造平安宜居新社区——南湖区柳岸街道创建区级安全社区工作情况汇报",
    "南湖区柳岸街道", None)

# a compilation's heading over its table of contents (汇编 目 / 录 broken over lines)
CASES["compilation_toc"] = (
    "城西小学党建工作制度汇编 目\n"
    "录\n"
    "一、组织建设\n"
    "1、党支部工作制度\n"
    "2、党员学习制度\n"
    "二、作风建设\n"
    "1、党风廉政建设责任制度\n"
    "城西小学党支部工作制度\n"
    "1、党支部每学期初制定党建工作计划，期末进行总结，计划和总结报上级党组织。\n"
    "2、支部委员按分工抓好组织、宣传和纪检工作，每月向支部书记报告一次。\n",
    "城西小学党建工作制度汇编", "城西小学", None)


# a sharing site's editor's note run into the title of a text that lost its breaks
CASES["editor_note_runon"] = (
    "城关镇机关党支部创先争优活动情况汇报编者按:本文介绍了该支部开展学习、承诺和服务三项活动的做法，"
    "具体材料请详见:今年以来，城关镇机关党支部按照镇党委的部署，扎实开展创先争优活动。支部先后组织集中"
    "学习八次，党员撰写心得体会二十余篇。支部在便民服务大厅设立党员先锋岗五个，党员挂牌上岗。支部组织"
    "党员公开承诺，承诺事项在公开栏张贴。支部每月检查一次承诺落实情况，及时通报。支部组织党员到村里"
    "开展政策宣传，发放资料三百余份。支部把群众反映的问题逐条登记，限期办结。支部还开展了结对帮扶，"
    "每名党员联系两户困难群众。下一步，支部将总结经验，把好的做法坚持下去，确保活动取得实效。\n",
    "城关镇机关党支部创先争优活动情况汇报", "城关镇机关党支部", None)

# a sharing site's fields and a news site's lines around a title: a file's page count
# (- 文档页数：6), a related-items label set off by a dash (- 相关推荐), a breadcrumb
# with a bar (首页 | 党政文化), a collection's head counted in Chinese (…范文五篇), a
# news site's name alone on its line (中国电力网)
CASES["site_fields_dashes"] = (
    "- 相关推荐\n"
    "- 文档页数：4\n"
    "卫生院2012年党风廉政建设工作要点\n"
    "为抓好全院党风廉政建设，根据县卫生局的部署，结合我院实际，制定本要点。\n"
    "一、落实党风廉政建设责任制，院长与各科室负责人签订责任书。\n"
    "二、加强医德医风教育，每季度组织一次警示教育。\n",
    "卫生院2012年党风廉政建设工作要点", None, None)


# a 范文 page: breadcrumb, the collection's head, a teaser whose note on the samples
# follows a sentence of the text, the head again, then the first sample under 【篇一】
CASES["sample_under_pian_mark"] = (
    "范文天地>实用范文>工作总结>\n\n"
    "社区党委工作总结范文四篇\n\n"
    "一年来社区党委围绕服务群众开展工作。今天小编就给大家整理了社区党委工作总结，希望对大家有所帮助，欢迎阅读！\n\n"
    "社区党委工作总结范文四篇\n\n"
    "【篇一】社区党委工作总结\n\n"
    "今年以来，社区党委坚持以服务群众为中心，组织党员开展志愿服务三十余次，帮助困难家庭解决实际问题"
    "二十多件，社区各项工作取得了新的进展。现将一年来的工作总结如下：\n\n"
    "一、加强班子建设\n\n"
    "社区党委每月召开一次委员会，研究社区重要事项，班子成员分片联系网格。\n",
    "社区党委工作总结", None, None)


@pytest.mark.parametrize("name", sorted(CASES))
def test_metadata_of_a_web_copy(name):
    text, title, unit, date = CASES[name]
    doc = process_file(SourceFile.from_bytes(f"{name}.txt", text.encode("utf-8")))
    it = doc.items[0]
    assert (it.title, it.unit, it.date) == (title, unit, date)


def test_the_mechanisms_one_by_one():
    data = layout.default_layout()
    # a notice to a downloader is furniture though it is a whole sentence
    assert layout.is_furniture("3. 下载前请仔细阅读文档内容，确认文档内容符合您的需求后进行下载。", data)
    assert not layout.is_furniture("各支部要在下载学习材料后组织党员认真学习，并做好记录。", data)
    # a slogan's half and a post before 在 name no unit; a name with 等 or 结合 does
    assert layout.title_unit("志愿服务进社区，邻里守望暖人心", data) is None
    assert layout.title_unit("校长在学校安全工作会上的讲话", data) is None
    assert layout.title_unit("青山市职业中等专业学校2012年党建工作要点", data) == "青山市职业中等专业学校"
    assert layout.subtitle_unit("——苏城中西医结合医院党员下沉社区见闻", data) == "苏城中西医结合医院"
    # a place and a kind of unit are no one unit; a place and a named unit are
    assert not layout.proper_unit("临江市中小学校", data)
    assert not layout.proper_unit("城北区基层医院", data)
    assert layout.proper_unit("城北区教育体育局", data)
    # a breadcrumb with a bar, a collection's head counted in Chinese, a news site's name
    assert layout.is_furniture("首页 | 党政文化", data)
    assert layout.is_furniture("党支部工作总结范文五篇", data)
    assert layout.is_furniture("中国电力网", data)
    assert not layout.is_furniture("国家电网", data)
    # a clause opening with a preposition has no subject unit
    assert layout.body_unit("根据区委和街道的部署，我社区开展了结对活动。", data) is None


def test_a_title_names_its_genre(resources):
    """models/genre_titles.txt: an experience write-up (…经验材料, …工作经验总结) is a case,
    a compilation of rules and a standard are systems, …探究 is an article."""
    title_genre = resources.analyzer.title_genre
    assert title_genre("三项举措打造社区党建品牌经验材料") == "case"
    assert title_genre("医院党支部“四强”建设工作经验总结") == "case"
    assert title_genre("医院2012年党建工作总结") == "summary"
    assert title_genre("城西小学党建工作制度汇编") == "system"
    assert title_genre("中小学校党组织工作基本标准（试行）") == "system"
    assert title_genre("高校学生党支部建设探究") == "article"
