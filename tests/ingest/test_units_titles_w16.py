"""Units and titles from layouts the head reading missed (issue 16): the unit a plan
names where it restates its own title (现特制定XX学院…实施方案), the subject of the first
sentence of a unit's own account of its work (2023年，XX院党委认真…), a company name that
holds 和 near its start, a title wrapped after a unit's name on its first line
(关于推进…团支部 / “…”建设计划的通知), and a site's stamp line with the page's column after
the time. Each case is a short document of our own in the layout real pages have, run
through the real ingest; exact titles and units are asserted."""

import pytest

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.pipeline.ingestor import process_file


def only_item(text: str):
    items = process_file(SourceFile.from_bytes("doc.txt", text.encode("utf-8"))).items
    assert len(items) == 1
    return items[0]


PLAN_BODY = ("一、活动时间\n2023年5月8日至5月14日。\n二、活动内容\n"
             "（一）开放校园。各系部组织中学生和家长参观实训中心，体验专业课程。\n"
             "（二）技能展示。举办学生技能作品展，邀请企业代表点评。\n")


@pytest.mark.parametrize("text, title, unit", [
    # the plan restates its title with its unit in the opening sentence
    ("职业教育开放周活动实施方案\n为展示职业教育办学成果，营造关心支持职业教育的氛围，"
     "现特制定青川职业技术学院职业教育开放周活动实施方案。\n" + PLAN_BODY,
     "职业教育开放周活动实施方案", "青川职业技术学院"),
    # …制定了《…》 in quotation marks
    ("教师值周管理办法\n经学校行政会研究，制定《南坪镇中心小学教师值周管理办法》如下。\n"
     "第一条 值周教师每周轮换一次。\n第二条 值周教师负责学生到校、课间和放学的秩序。\n",
     "教师值周管理办法", "南坪镇中心小学"),
    # the subject of a summary's first sentence, after the year
    ("2023年医院党建工作情况总结\n2023年，xx县中医院党委认真落实全面从严治党要求，"
     "以党建引领医院高质量发展，较好完成了全年各项任务。\n一、主要工作\n"
     "（一）加强理论学习。全年组织中心组学习十二次。\n",
     "2023年医院党建工作情况总结", "xx县中医院党委"),
    # a company whose name holds 和 near its start
    ("宏远和泰物流有限公司党支部2023年党员积分管理办法\n为加强党员日常管理，结合公司实际，制定本办法。\n"
     "第一条 积分分为基础分和奖励分。\n第二条 积分每季度公示一次。\n",
     "宏远和泰物流有限公司党支部2023年党员积分管理办法", "宏远和泰物流有限公司党支部"),
])
def test_units_of_plans_systems_and_summaries(text, title, unit):
    it = only_item(text)
    assert (it.title, it.unit) == (title, unit)


def test_a_plans_opening_that_restates_no_title_gives_no_unit():
    """Only the document's own title restated after 制定 gives the unit: a report of a
    summary without a subject keeps none."""
    text = "职业教育开放周活动实施方案\n为展示职业教育办学成果，特制定本方案。\n" + PLAN_BODY
    assert only_item(text).unit is None
    assert layout.restated_title_unit("职业教育开放周活动实施方案",
                                      "现制定全市职业教育开放周活动实施方案。") is None


def test_a_title_wrapped_after_a_unit_name():
    text = ("欢迎访问共青团桐溪市委员会网站\n通知公告\n\n"
            "关于推进中学团支部“三会两制一课”规范化建设的通知\n\n发布日期：2021-04-12 浏览次数：36\n\n"
            "共青团桐溪市委员会\n\n关于推进中学团支部\n\n “三会两制一课”规范化建设的通知\n\n"
            "各县（区）团委，各中学团委：\n为加强中学团支部建设，现就有关事项通知如下。\n"
            "一、规范组织生活。各团支部每月至少召开一次支部大会。\n")
    it = only_item(text)
    assert it.title == "关于推进中学团支部“三会两制一课”规范化建设的通知"
    assert it.unit == "共青团桐溪市委员会"
    assert not layout.unit_name("关于推进中学团支部")


def test_a_site_stamp_with_its_column_is_furniture():
    text = ("关于加强社区党组织建设的意见\n公文网 2021-07-09 11:34:51 组织\n"
            "为加强社区党组织建设，提升基层治理水平，现提出如下意见。\n"
            "一、总体要求\n坚持党建引领，推动资源下沉社区。\n")
    it = only_item(text)
    assert it.title == "关于加强社区党组织建设的意见"
    assert layout.is_furniture("公文网 2021-07-09 11:34:51 组织")


NEWS = ("6月30日，省肿瘤医院内科党支部与桐溪分院内科党支部联合开展主题党日活动，"
        "两支部党员一起重温入党誓词，并到社区开展义诊。\n"
        "活动中，党员医生为六十余名居民测量血压、讲解慢病用药知识。\n")


def test_a_day_first_page_stamp():
    """A site template's stamp with the day first and dots (06.07.2018 18:46) is the
    page's date: 6 July; a month of 13 or more is no date."""
    it = only_item("省肿瘤医院与桐溪分院联合开展主题党日活动\n\n06.07.2018  18:46\n\n" + NEWS)
    assert (it.title, it.date) == ("省肿瘤医院与桐溪分院联合开展主题党日活动", "2018-07-06")
    assert [d.iso for d in layout.find_dates("25.12.2019 与 12.25.2019")] == ["2019-12-25"]


def test_a_dated_lead_with_the_units_own_branch():
    """A report's lead with the full date, its subject one of the page owner's own
    branches (我院外科第二党支部): the date and the branch; a lead whose subject is 我校
    alone still gives no date."""
    text = ("新闻中心\n\n聚合力 展风采——外科第二党支部与县委办第二党支部开展联学共建\n\n"
            "2019年3月12日上午，我院外科第二党支部与县委办第二党支部联合开展主题党日活动。\n"
            "活动分为集中学习和义诊两个部分，二十余名党员参加。\n")
    it = only_item(text)
    assert (it.unit, it.date) == ("外科第二党支部", "2019-03-12")
    assert layout.dated_lead("2019年9月1日，我校迎来新学期的第一批新生") is None


@pytest.mark.parametrize("line", ["新闻中心", "通知公告", "基层动态", "党建工作", "热门栏目"])
def test_a_sites_column_name_is_furniture(line):
    assert layout.is_furniture(line)
    assert not layout.is_furniture("县融媒体中心")


def test_a_clause_with_a_modal_is_no_unit():
    """须 / 应当 end a unit's name at the latest: a text that calls itself 我院 does not
    take 重大事项须经党委 for the unit it names."""
    body = ("医院党委履行把方向、管大局、作决策的领导职责。重大事项须经党委集体研究决定，支持院长依法行使职权。"
            "我院坚持民主集中制，院长在党委领导下全面负责医疗和行政工作。")
    assert layout.body_unit(body) is None


def test_a_generic_title_prefix_yields_to_the_affiliation():
    """新时代大中小学… names a kind of school, no unit: the article's affiliation line under
    its author is the unit."""
    text = ("新时代大中小学思政课一体化建设的实践探索\n王立新\n桐溪市实验中学\n"
            "一、问题的提出\n大中小学思政课一体化建设是落实立德树人根本任务的重要举措。"
            "近年来，学校在与高校、小学的联合教研中积累了一些做法。\n")
    it = only_item(text)
    assert (it.title, it.unit) == ("新时代大中小学思政课一体化建设的实践探索", "桐溪市实验中学")
    assert not layout.proper_unit("新时代大中小学")


def test_a_disclosure_pages_table_is_furniture():
    """A government disclosure page's cells copied as lines, labels without colons: none is
    the title or the unit; 内容概述 before the title again does not join the unit's name."""
    text = ("当前位置：首页 > 青石街道 > 政府信息公开 > 重点工作\n\n青石街道2023年工作总结\n\n"
            "发布时间：2024-01-12 09:30 发布部门：青石街道 阅读次数：\n\n"
            "索引号 MB1234567/2024-00011 生成日期 2024-01-12 公开日期 2024-01-12\n"
            "文件编号 发布机构 青石街道办事处 效力状况 有效\n内容概述 青石街道2023年工作总结\n\n"
            "2023年，青石街道在区委区政府的坚强领导下，聚焦民生实事，各项工作取得新进展。\n"
            "一、主要工作\n（一）基层治理。全年化解矛盾纠纷一百二十余件。\n")
    it = only_item(text)
    assert (it.title, it.unit, it.date) == ("青石街道2023年工作总结", "青石街道", "2024-01-12")
    assert layout.is_furniture("内容概述 青石街道2023年工作总结")
    assert layout.is_furniture("效力状况 有效")


def test_a_headlines_lead_that_opens_with_the_day_names_the_unit():
    """A news headline over a lead that opens with the day without its year (5月12日下午，
    XX街道党工委…): the lead's subject is the unit; a plan whose opening cites a day keeps
    none from it."""
    lead = ("5月12日下午，青石街道党工委联合区人民医院党委开展主题党日活动，"
            "四十余名党员参加。\n活动中，医院专家为居民开展了健康义诊。\n")
    it = only_item("义诊进社区 健康暖人心\n\n" + lead)
    assert it.unit == "青石街道党工委"
    assert layout.title_unit("义诊进社区 健康暖人心") is None  # a slogan's 进 ends no name
    assert layout.body_unit(lead, title="青石街道主题党日活动实施方案") is None


def test_a_headline_led_by_a_short_unit_name():
    """共同村：… -- a headline led by its unit and a colon: the unit, by the longest name
    the text gives it."""
    text = ("桃源村：党建引领跑出集体经济“加速度”\n"
            "近年来，青山镇桃源村党支部充分发挥党建引领作用，盘活闲置资源，村集体收入逐年增加。"
            "桃源村把党员联系户制度落到实处，带动群众发展特色种植。\n")
    assert only_item(text).unit == "青山镇桃源村"
    assert layout.title_unit("桃源村：党建引领跑出集体经济“加速度”") == "桃源村"
