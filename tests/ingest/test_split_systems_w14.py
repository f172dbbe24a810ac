"""Volumes of work systems (工作制度) as a plain-text export prints them, in layouts a
Word file does not have (issue 16, the w14 train volumes): no blank line between the
items, or blank lines between every paragraph but none between the items; a title with
no unit before it, its unit on the next line or in the signature; two items of one unit
one after the other; a title wrapped over two lines; items opening with 第一章 总则, 第一条
or 一、; a title with （试行）/（修订）; clause headings on lines of their own (第三条　会议记录)
that start nothing; the volume's number (一、, 1.) on a line of its own over a title; a
post's duties (…岗位职责); items ending with 本制度自印发之日起施行。, a signature, or a cut
list item. Each volume is written for this test; counts, titles and units are exact."""

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.ingest.split import _charter_unit
from huibian.pipeline.ingestor import process_file


def items_of(text: str, name: str = "systems.txt"):
    items = process_file(SourceFile.from_bytes(name, text.encode("utf-8"))).items
    return [i for i in items if i.kind_hint != "preface"]


def heads(items):
    return [(i.title, i.unit) for i in items]


RUN_ON = """\
党员学习日制度
第一条　为保证党员学习经常化，结合本校实际，制定本制度。
第二条　学习时间
每月第一个星期三下午为党员学习日，因故调整的提前一周通知。
第三条　学习记录
每次学习由组织委员记录出勤和发言情况，记录本由支部保存。
第四条　本制度自印发之日起施行。
桂园路小学党支部
2015年3月2日
红枫社区党委党员积分管理办法
一、党员积分分为基础分和奖励分，基础分一百分，奖励分不设上限。
二、参加志愿服务一次记奖励分二分，由网格长登记。
本办法自印发之日起施行。
红枫社区党委民主议事规则
一、凡涉及居民切身利益的事项，由社区党委提出议题，交居民代表会议讨论。
二、议事结果在社区公开栏公布，接受居民监督。
本规则自印发之日起施行。
江口县人民医院党委关于进一步加强医务人员廉洁
行医的若干规定（试行）
一、医务人员不得收受患者及其家属的红包和礼品。
二、各科室每季度自查一次，自查内容包括：
1．红包礼品登记情况
2．处方点评情况
"""


def test_run_on_items_without_blank_lines_split_at_their_titles():
    """No blank line anywhere: a title without a unit (its unit in the signature), two
    items of the same unit in a row, each ending with 本…自印发之日起施行。, a title wrapped
    over two lines ending in （试行） after an item that ends with no sentence; clause
    headings (第二条　学习时间) on lines of their own start no item."""
    items = items_of(RUN_ON)
    assert heads(items) == [
        ("党员学习日制度", "桂园路小学党支部"),
        ("红枫社区党委党员积分管理办法", "红枫社区党委"),
        ("红枫社区党委民主议事规则", "红枫社区党委"),
        ("江口县人民医院党委关于进一步加强医务人员廉洁行医的若干规定（试行）", "江口县人民医院党委")]
    assert items[0].date == "2015-03-02"
    assert "第三条学习记录" in items[0].text  # normalized: the ideographic space dropped
    assert items[3].text.rstrip().endswith("2．处方点评情况")


SPACED = """\
机关党支部主题党日制度（修订）


西湖区财政局机关党支部


第一章　总则


第一条　为规范主题党日活动，修订本制度。


第二章　活动安排


第二条　主题党日每月开展一次，时间一般为每月第二个星期五。
化学实验室安全管理规定


枫桥中学


一、实验室钥匙由实验员和任课教师分别保管。


二、危险化学品实行双人双锁管理。
学生宿舍管理规定


枫桥中学


一、学生按时就寝，熄灯后不得在宿舍内大声喧哗。


二、宿舍内不得使用违规电器。
"""


def test_blank_lines_inside_the_items_and_none_between_them():
    """Two blank lines between all the paragraphs of an item (the unit line under the
    title too) and none before the next title: the items split at their titles, the
    unit line under each title is its unit, two items of one school in a row."""
    items = items_of(SPACED)
    assert heads(items) == [
        ("机关党支部主题党日制度（修订）", "西湖区财政局机关党支部"),
        ("化学实验室安全管理规定", "枫桥中学"),
        ("学生宿舍管理规定", "枫桥中学")]
    assert "第二章活动安排" in items[0].text


NUMBER_LINES = """\
一、
东湖社区书画协会章程
第一章　总则
第一条　本会是东湖社区书画爱好者自愿组成的群众性组织。
第二条　本会在社区党委领导下开展活动。
二、
党小组长岗位职责
一、组织党小组成员学习，每月召开一次党小组会。
二、了解党员思想状况，及时向支部反映。
中共长河纺织有限公司第二支部委员会
2016年4月
三、
会议室使用规则
1．使用会议室须提前一天在行政办公室登记。
2．会后由使用部门负责整理桌椅、关闭电源。
长河纺织有限公司行政办公室
2016年5月
"""


def test_the_volumes_number_on_a_line_of_its_own_over_each_title():
    """一、 alone over each title (the volume's number), the first point 一、 or 1． of a
    short system right under its title; a post's duties (…岗位职责) is a system's
    title, though it reads as a post; a charter's unit is the body it is of."""
    items = items_of(NUMBER_LINES)
    assert heads(items) == [
        ("东湖社区书画协会章程", "东湖社区书画协会"),
        ("党小组长岗位职责", "中共长河纺织有限公司第二支部委员会"),
        ("会议室使用规则", "长河纺织有限公司行政办公室")]
    assert items[1].date == "2016-04"
    assert items[0].text.startswith("一、\n东湖社区书画协会章程")
    assert items[0].text.rstrip().endswith("第二条本会在社区党委领导下开展活动。")
    assert items[1].text.startswith("二、\n党小组长岗位职责")


ARABIC_NUMBER_LINES = """\
1.
图书借阅规则


1．借阅图书须持本人借书证，每次限借两册。


2．借期两周，可续借一次。


城西中学
2016年9月
2.
远帆物流有限公司党委会议议事办法


第一条　为规范党委会议议事程序，制定本办法。


第二条　会议记录


党委会议由党委办公室指定专人记录。
"""


def test_arabic_number_lines_and_a_meeting_after_the_units_name():
    """1. alone over each title, blank lines inside the items; …党委会议议事办法 is the
    党委's (会议 is its meeting), the school signs the first item."""
    items = items_of(ARABIC_NUMBER_LINES)
    assert heads(items) == [
        ("图书借阅规则", "城西中学"),
        ("远帆物流有限公司党委会议议事办法", "远帆物流有限公司党委")]


def test_a_units_meeting_and_a_committees_rules_in_a_title():
    data = layout.default_layout()
    assert layout.title_unit("远帆物流有限公司党委会议议事办法", data) == "远帆物流有限公司党委"
    assert layout.title_unit("城关镇柳村村民委员会议事规则", data) == "城关镇柳村村民委员会"


def test_a_charters_title_names_its_body():
    data = layout.default_layout()
    assert _charter_unit("东湖社区书画协会章程", data) == "东湖社区书画协会"
    assert _charter_unit("东湖社区书画协会章程（试行）", data) == "东湖社区书画协会"
    assert _charter_unit("本会章程", data) is None
    assert _charter_unit("党员学习日制度", data) is None


def test_the_same_items_in_a_word_file():
    """The run-on volume as a Word file (one paragraph per line, the wrapped title in one
    paragraph) splits the same."""
    import io  # a DOCX is built only in this test

    from docx import Document

    d = Document()
    lines = RUN_ON.replace("廉洁\n行医", "廉洁行医").strip("\n").split("\n")
    for ln in lines:
        d.add_paragraph(ln)
    buf = io.BytesIO()
    d.save(buf)
    items = [i for i in process_file(SourceFile.from_bytes("systems.docx", buf.getvalue())).items
             if i.kind_hint != "preface"]
    assert heads(items) == heads(items_of(RUN_ON))


STATUS_NOTES = """\
党员发展工作细则（2015年修订）
第一条　为做好发展党员工作，制定本细则。
第二条　本细则自印发之日起施行。
卫生院党支部党费收缴管理办法（讨论稿）
第一条　党员按月交纳党费。
第二条　党费由组织委员收缴。
志愿服务队队员守则（2016年版）
一、按时参加志愿服务活动。
二、文明礼貌，热情服务。
"""


def test_titles_with_a_dated_or_draft_status_note_start_items():
    """A system's title may end with a note of its status that names a year or a draft
    (（2015年修订）, （讨论稿）, （2016年版）): still a system's title over its articles."""
    assert [i.title for i in items_of(STATUS_NOTES)] == [
        "党员发展工作细则（2015年修订）", "卫生院党支部党费收缴管理办法（讨论稿）",
        "志愿服务队队员守则（2016年版）"]


REFERENCES_CUT = """\
学生党员教育管理的几点思考
城南大学学生工作部

学生党员教育管理的关键在于管到日常、落到行动，本文就此谈几点看法。
参考文献：

一根连心绳系着两头——清水镇党委推行机关干部联户的做法
清水镇党委

清水镇位于县境东部，辖十四个行政村，常住人口两万余人。
一、干部分片联户
镇党委把全镇农户分成四十二个片区。
"""


def test_an_item_ending_with_its_references_head_and_no_list():
    """参考文献： at an item's end, its list cut, announces no pasted document: the title
    and unit under it start the next item (a line ending in ： otherwise announces a
    quoted block)."""
    assert heads(items_of(REFERENCES_CUT)) == [
        ("学生党员教育管理的几点思考", "城南大学学生工作部"),
        ("一根连心绳系着两头——清水镇党委推行机关干部联户的做法", "清水镇党委")]


RULINGS = """\
党员学习日制度
第一条　为保证党员学习经常化，制定本制度。
第二条　本制度自印发之日起施行。
关于加强党员教师师德建设的意见
一、党员教师要在师德建设中走在前列。
二、各党小组每学期开展一次师德评议。
中共城北中学支部委员会
2014年3月
关于实行党员积分管理的决定
为激励党员发挥作用，支部委员会研究决定，实行党员积分管理。
一、自2014年起，全体党员实行积分管理。
二、积分结果每半年公布一次。
党员教师结对帮扶指导意见
一、每名党员教师结对帮扶一名青年教师。
二、结对期限为一学年。
"""


def test_rulings_set_out_in_sections_split_as_systems():
    """关于…的意见, 关于…的决定 (with a preamble) and …指导意见 over their sections, run
    on after systems, start items as a system's title does."""
    items = items_of(RULINGS)
    assert [i.title for i in items] == [
        "党员学习日制度", "关于加强党员教师师德建设的意见", "关于实行党员积分管理的决定",
        "党员教师结对帮扶指导意见"]
    assert items[1].unit == "中共城北中学支部委员会" and items[1].date == "2014-03"


NOTE_UNDER_TITLE = """\
党员学习日制度
第一条　为保证党员学习经常化，制定本制度。
第二条　本制度自印发之日起施行。
桂园路小学党支部
2015年3月2日
社区党员志愿服务管理办法
（试行）
红枫社区党委
第一条　为规范党员志愿服务，制定本办法。
第二条　本办法自印发之日起试行。
党员活动室使用规则
（修订稿）
一、活动室由支部统一管理。
二、活动室钥匙由专人保管。
"""


def test_a_status_note_on_the_line_under_the_title_ends_the_title():
    """（试行） or （修订稿） alone under a system's title (a plain-text copy breaks the
    line there) is the title's last part, with or without a unit line under it."""
    assert heads(items_of(NOTE_UNDER_TITLE)) == [
        ("党员学习日制度", "桂园路小学党支部"),
        ("社区党员志愿服务管理办法（试行）", "红枫社区党委"),
        ("党员活动室使用规则（修订稿）", None)]


PARTS = """\
党员学习日制度
第一条　为保证党员学习经常化，制定本制度。
第二条　本制度自印发之日起施行。
党员活动室使用规则
第一部分　总则
一、活动室由支部统一管理。
二、活动室钥匙由专人保管。
第二部分　使用
三、使用活动室须提前登记。
党员发展工作细则
第一章　总　则
第一条　发展党员坚持标准。
第二条　本细则自印发之日起施行。
"""


def test_a_first_part_over_sections_opens_a_system():
    """第一部分 over 一、 opens a system as 第一章 over 第一条 does; 第二部分 inside it starts
    nothing."""
    items = items_of(PARTS)
    assert [i.title for i in items] == ["党员学习日制度", "党员活动室使用规则", "党员发展工作细则"]
    assert "第二部分使用" in items[1].text


WAYS_OF_WORKING = """\
党员学习日制度
第一条　为保证党员学习经常化，制定本制度。
第二条　本制度自印发之日起施行。
柳林村“四议两公开”工作法
一、村党支部会提议。
二、村“两委”会商议。
党员教师师德承诺书
一、忠诚党的教育事业，不做有损教师形象的事。
二、关爱每一名学生，不体罚和变相体罚学生。
承诺人：
2016年9月1日
社区党员志愿服务实施方案
为推动在职党员到社区报到服务，制定本方案。
一、服务内容
在职党员每年到社区参加志愿服务不少于四次。
二、工作要求
各党支部要把党员报到服务情况纳入年度考核。
"""


def test_ways_of_working_written_as_systems_start_items():
    """…工作法, …承诺书 and …实施方案 (with a preamble) over their sections, run on in a
    volume of systems, start items; 二、工作要求 inside the last one starts nothing."""
    items = items_of(WAYS_OF_WORKING)
    assert [i.title for i in items] == [
        "党员学习日制度", "柳林村“四议两公开”工作法", "党员教师师德承诺书", "社区党员志愿服务实施方案"]
    assert items[2].date == "2016-09-01"
    assert "二、工作要求" in items[3].text


def test_a_notices_colophon_in_a_pdf_volume_starts_no_item():
    """主题词：… over the office that prints it and 印发 date (a notice's colophon) is no
    title and unit block, though a title wrapped over two lines follows it in the PDF:
    it stays at the end of its notice."""
    from huibian.testkit.pdfmaker import make_pdf  # the PDF is made only in this test

    blocks = [("title", "前言"), "本汇编收录各单位报送的工作制度和通知。", ("right", "编印组"),
              ("title", "青山区教育局关于举办全区青年教师说课比赛的通知"), ("title", "青山区教育局"),
              "各中小学：", "为提高青年教师的教学基本功，区教育局决定举办全区青年教师说课比赛。",
              "一、比赛时间", "2015年4月中旬，具体时间另行通知。",
              "二、参赛对象", "全区中小学三十五周岁以下的专任教师。",
              "附件：说课比赛报名表", "青山区教育局", "二〇一五年三月十日",
              "主题词：教育说课比赛通知", "青山区教育局办公室", "2015年3月10日印发",
              ("title", "中共青山区实验小学支部委员会关于在全校教师中开展“书香校园”读书活动的实施方案"),
              ("title", "中共青山区实验小学支部委员会"),
              "为营造爱读书、读好书的校园风气，支部委员会决定在全校教师中开展读书活动。",
              "一、活动时间", "2015年4月至12月。", "二、活动内容", "每名教师每学期至少读两本书。"]
    pdf = make_pdf(blocks, header="优秀工作制度汇编", page_numbers="- {n} -")
    items = [i for i in process_file(SourceFile.from_bytes("v.pdf", pdf)).items
             if i.kind_hint != "preface"]
    assert heads(items) == [
        ("青山区教育局关于举办全区青年教师说课比赛的通知", "青山区教育局"),
        ("中共青山区实验小学支部委员会关于在全校教师中开展“书香校园”读书活动的实施方案",
         "中共青山区实验小学支部委员会")]
    assert "主题词：教育说课比赛通知" in items[0].text


HEADER_LINES = """\
党员学习日制度
（城北中学党支部）
第一条　为保证党员学习经常化，制定本制度。
第二条　本制度自印发之日起施行。
党员请假制度
城北中学党支部　2013年9月
一、党员因故不能参加组织生活的，应当事先向支部书记请假。
二、请假超过两次的，由支部书记谈话。
党费收缴管理办法
——城北中学党支部
一、党费按月交纳。
二、党费由组织委员收缴。
民主评议党员办法
城北中学党支部制定
一、每年年底开展一次民主评议。
二、评议结果报上级党组织备案。
"""


def test_the_unit_under_a_systems_title_in_its_several_forms():
    """Under the title: the unit in parentheses, the unit and a date on one line, the
    unit set off by a dash (——…党支部), the unit that made it (…制定); each starts its
    item and names its unit."""
    items = items_of(HEADER_LINES)
    assert heads(items) == [
        ("党员学习日制度", "城北中学党支部"), ("党员请假制度", "城北中学党支部"),
        ("党费收缴管理办法", "城北中学党支部"), ("民主评议党员办法", "城北中学党支部")]
    assert items[1].date == "2013-09"


SYSTEM_OF_SECTIONS = """\
城北中学党支部工作制度
（一）学习制度
1．支部每月组织一次集中学习。
2．党员每年自学不少于四十学时。
（二）会议制度
1．支部委员会每月召开一次。
2．支部党员大会每季度召开一次。
（三）请假制度
1．党员不能参加组织生活的应当请假。
党员积分管理办法
第一条　党员积分分为基础分和奖励分。
第二条　本办法自印发之日起施行。
"""


def test_numbered_sections_of_a_system_made_of_several_start_nothing():
    """（一）学习制度, （二）会议制度 right under XX支部工作制度 are its sections (a volume's
    numbered titles, （三）…办法, start items only when no system's title stands over the
    first of them); 一、 numbering alike."""
    for text in (SYSTEM_OF_SECTIONS, SYSTEM_OF_SECTIONS.replace("（一）", "一、")
                 .replace("（二）", "二、").replace("（三）", "三、")):
        items = items_of(text)
        assert [i.title for i in items] == ["城北中学党支部工作制度", "党员积分管理办法"]
        assert "（二）会议制度" in items[0].text or "二、会议制度" in items[0].text


CN_NUMBERED_TITLES = """\
一、党员学习日制度
第一条　为保证党员学习经常化，制定本制度。
第二条　本制度自印发之日起施行。
二、城北中学党员请假制度
一、党员因故不能参加组织生活的，应当事先向支部书记请假。
二、请假超过两次的，由支部书记谈话。
三、党费收缴管理办法
一、党费按月交纳。
二、党费由组织委员收缴。
"""

SECTIONS_AFTER_A_GENERAL_PART = """\
城北中学教职工管理制度
一、总则
为加强教职工管理，制定本制度。
二、考勤制度
1．教师按时上下班。
2．请假须经校长批准。
三、奖惩办法
1．考核优秀的予以表彰。
党费收缴管理办法
第一条　党费按月交纳。
第二条　党费由组织委员收缴。
"""


def test_titles_numbered_by_the_volume_with_chinese_numerals():
    """一、 / 二、 / 三、 before the systems' titles (the volume's numbers, each title's own
    points numbered 一、 again) start items, the number left out of the title; 二、考勤制度
    under a system's 一、总则 is its section, not an item."""
    assert [i.title for i in items_of(CN_NUMBERED_TITLES)] == [
        "党员学习日制度", "城北中学党员请假制度", "党费收缴管理办法"]
    items = items_of(SECTIONS_AFTER_A_GENERAL_PART)
    assert [i.title for i in items] == ["城北中学教职工管理制度", "党费收缴管理办法"]
    assert "二、考勤制度" in items[0].text
