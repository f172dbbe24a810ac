"""Each layout case of real submissions, pinned with a document of our own (written for
this test, in the layout real documents have)."""

import pytest

from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from huibian.ingest import layout


def items_of(text: str, name: str = "case.txt"):
    return process_file(SourceFile.from_bytes(name, text.encode("utf-8"))).items


WEB_COPY = """\
学习材料之家 — 您身边的公文写作助手
首页 > 文章中心 > 工作总结 > 党建总结
海量精品范文，手机APP一键下载
上传时间：2019-04-02  作者：佚名  点击：1386
关键词：党建 总结 社区

枫林社区党总支二〇一一年度党建工作总结

今年以来，枫林社区党总支在街道党工委的领导下，围绕“服务居民、凝聚人心”的目标，把支部建在楼栋上，把党员编入网格中，较好地完成了全年各项任务。
一、主要做法
（一）建强楼栋党小组。社区将六个居民小区划为十二个网格，每个网格由一名党员骨干牵头，每月走访困难家庭不少于两次。
（二）办好居民议事会。凡涉及小区改造、停车管理等事项，先在议事会上听取意见，再由党总支研究决定。
二、存在的不足
少数在职党员到社区报到后参与活动不多，网格员力量还不均衡。
三、明年打算
继续推行在职党员“双报到”，完善网格积分管理，让居民的事有人管、有人办。

枫林社区党总支
二O一一年十二月二十六日

相关文章：
上一篇：社区党支部学习计划
下一篇：2012年社区工作要点
"""


def test_web_furniture_is_never_title_unit_or_date():
    (item,) = items_of(WEB_COPY)
    assert item.title == "枫林社区党总支二〇一一年度党建工作总结"
    assert item.unit == "枫林社区党总支"
    assert item.date == "2011-12-26"  # the signature, not the upload date
    assert item.body.startswith("今年以来，枫林社区党总支")


BLANK_SEPARATED = """\
让每一间教室都亮起来

文/周晓岚

2016/9/8

乡村小学的夜晚常常只剩下校门口的一盏路灯。三年前我刚到石门小学任教时，学校只有两间教室装了合格的照明。
我们党支部的七名党员商量后，决定先从自己做起，每人认领一间教室，利用周末检修线路、更换灯具，孩子们晚自习终于不再借着手电看书。
"""


def test_title_byline_and_date_on_blank_separated_lines_stay_apart():
    (item,) = items_of(BLANK_SEPARATED)
    assert item.title == "让每一间教室都亮起来"
    assert item.authors == ("周晓岚",)
    assert item.date == "2016-09-08"


VOLUME = """\
优秀实践案例选编

党员责任区让车间亮起来
红星机械厂党委

装配车间把二十三名党员分到六个责任区，每个责任区挂牌公示党员的姓名和承诺，质量问题当天发现当天解决。
全年车间返工率下降了四成，职工说：“有难事，找责任区的党员。”
其主要做法可以概括为
1.划区到人
2.亮牌公示
3.季度讲评

一张连心卡 温暖千万家
青云街道党工委

街道给每户居民发放一张连心卡，卡上印有包片党员的电话，居民有事一个电话就能找到人。
两年来共接到居民来电四千多个，办结率百分之九十六

夜校点亮农家梦
松溪乡党委

乡党委在七个村开办农民夜校，由农技站的党员技术员轮流授课，讲种植、讲电商、讲政策。
"""


def test_volume_items_that_do_not_end_a_sentence_still_split():
    items = items_of(VOLUME, "volume.txt")
    titles = [i.title for i in items if i.kind_hint != "preface"]
    assert titles == ["党员责任区让车间亮起来", "一张连心卡温暖千万家", "夜校点亮农家梦"]
    units = [i.unit for i in items if i.kind_hint != "preface"]
    assert units == ["红星机械厂党委", "青云街道党工委", "松溪乡党委"]


PIAN = """\
第一篇：在全县教育系统党建工作会议上的表态发言
扎根课堂 做学生信得过的党员教师
城关第一小学党支部

各位领导、同志们：
我校党支部现有党员二十一名，占教师总数的三成。近年来，我们坚持把党员放在教学一线最需要的岗位上。
二〇一二年三月十日

第二篇：乡镇卫生院经验交流材料
小药箱里的大民生
桥头镇卫生院党支部

去年以来，桥头镇卫生院党支部组织党员医生背着药箱进村入户，为留守老人建立健康档案八百余份。
二〇一二年五月八日
"""


def test_pian_line_is_the_label_and_the_next_heading_the_title():
    items = items_of(PIAN, "pian.txt")
    assert [i.label for i in items] == ["第一篇：在全县教育系统党建工作会议上的表态发言",
                                        "第二篇：乡镇卫生院经验交流材料"]
    assert [i.title for i in items] == ["扎根课堂做学生信得过的党员教师", "小药箱里的大民生"]
    assert [i.unit for i in items] == ["城关第一小学党支部", "桥头镇卫生院党支部"]
    assert [i.date for i in items] == ["2012-03-10", "2012-05-08"]


PASTED = """\
结对共建 互学互促

东湖中学党支部

去年秋季，我校党支部与城南小学党支部签订结对共建协议，两校党员教师每月互相听课一次。
在学习兄弟学校经验时，我们专门摘录了对方的一份材料，全文如下：
“一课一研”促成长
城南小学党支部
城南小学坚持每周一次集体备课，由党员教师轮流主讲，其他教师点评。
读了这份材料，我们深受启发，随即在本校推行了党员示范课制度，一学期共开出示范课三十六节。
"""


def test_a_block_pasted_inside_an_item_stays_in_it():
    (item,) = items_of(PASTED)
    assert item.title == "结对共建互学互促"
    assert item.unit == "东湖中学党支部"
    assert item.text.rstrip().endswith("一学期共开出示范课三十六节。")


@pytest.mark.parametrize("title,unit", [
    ("中共青溪县委教育工委关于开展党员承诺践诺活动的通知", "中共青溪县委教育工委"),
    ("华北矿业集团公司党委深入开展创先争优活动的实施方案", "华北矿业集团公司党委"),
    ("关于开展党员承诺践诺活动的通知", None),
])
def test_unit_from_a_title_prefix(title, unit):
    assert layout.title_unit(title) == unit


@pytest.mark.parametrize("line,iso", [
    ("二〇一一年六月二十日", "2011-06-20"),
    ("二O一一年三月八日", "2011-03-08"),
    ("二00八年五月六日", "2008-05-06"),
    ("2016/9/8", "2016-09-08"),
    ("2012-03-15", "2012-03-15"),
    ("2011.11.30", "2011-11-30"),
    ("2012年 7月", "2012-07"),
    ("（2013年5月20日）", "2013-05-20"),
    ("2012年13月", None),
])
def test_date_forms(line, iso):
    assert layout.date_of_line(line) == iso


NOTICE = """\
中共湘北县委教育工委文件
湘北教工委发〔2011〕5号

关于转发《市委教育工委关于深化党员承诺活动的意见》的通知

各中小学党支部：
现将市委教育工委《关于深化党员承诺活动的意见》（市教工委〔2011〕12号）转发给你们，请结合实际认真贯彻执行。

中共湘北县委教育工委
2011年4月6日
"""


def test_doc_number_is_the_documents_own():
    items = items_of(NOTICE)
    assert items[0].doc_number == "湘北教工委发〔2011〕5号"
    assert items[0].unit == "中共湘北县委教育工委"
    assert items[0].date == "2011-04-06"
    assert items[0].title == "关于转发《市委教育工委关于深化党员承诺活动的意见》的通知"


ANONYMISED = """\
xx镇党委2012年上半年基层党建工作汇报

今年上半年，xx镇党委以村级组织换届为契机，选优配强村党支部书记，全镇十四个村全部完成换届。
我镇还在每个村设立党员服务点，由村干部轮流值班，为群众代办各类事项九百余件。

xx镇党委
2012年 7月
"""


def test_anonymised_units_and_month_dates():
    (item,) = items_of(ANONYMISED)
    assert item.title == "xx镇党委2012年上半年基层党建工作汇报"
    assert item.unit == "xx镇党委"
    assert item.date == "2012-07"


RUNON = ("首页 > 范文 > 讲话稿 在全院医德医风建设推进会上的讲话 同志们： 今天我们召开这次推进会，"
         "主要任务是总结上半年医德医风建设情况，部署下一阶段工作。上半年，全院收到患者表扬信一百二十封，"
         "锦旗四十六面，但也有个别科室服务态度生硬，群众有意见。下面，我讲三点意见。一、把医德教育抓在经常。"
         "各支部每月要结合典型案例开展一次医德讨论，让每名医务人员都讲一讲自己身边的事。二、把制度执行抓在日常。"
         "门诊、病房的投诉要当日登记、三日回复，科室主任要亲自过问。三、把考核结果用在实处。"
         "医德考评结果要与评先评优、职称晋升挂钩，真正让好医生受尊重。同志们，医德医风是医院的生命线，"
         "希望大家从自身做起，从每一次接诊做起。谢谢大家！")


def test_run_on_text_gets_its_lines_back():
    (item,) = items_of(RUNON)
    assert item.title == "在全院医德医风建设推进会上的讲话"
    assert item.body.startswith("同志们：")
