"""A web page's stamp in the field row under a copied report's title, in forms the first
page-date rules missed (issue 16): a bracketed label ([发表时间]:), the stamp after the
source and the author's name with a clock time, a server's stamp in English, a field set
as a list item (- 时间：…). The report
has no date of its own, so the page's date is its date (LABELING.md, date); a clock-less
date in a sentence or a byline is no stamp. Texts written for this test."""

import pytest

from huibian.core.records import SourceFile
from huibian.ingest.layout import page_date_of
from huibian.pipeline.ingestor import process_file

REPORT = ("{row}\n\n"
          "近日，城南社区党委组织辖区党员开展“敲门行动”，逐户走访独居老人，登记生活困难和服务需求。\n"
          "党员们分成六个小组，每组负责两个楼栋，走访中为老人修理了门锁和水龙头，还帮助三户老人预约了上门体检。\n"
          "社区党委表示，将把走访中收集到的需求建立台账，明确责任人，逐项跟踪办理。\n")
TITLE = "城南社区党员开展“敲门行动”走访独居老人"


@pytest.mark.parametrize("row, date", [
    ("发布者: [发表时间]:2016-03-18 [来源]: [浏览次数]:", "2016-03-18"),
    ("来源:城南街道城南社区作者:刘晓2016-03-18 09:41:27", "2016-03-18"),
    ("来源:区总工会 2016-03-18 17:05", "2016-03-18"),
    ("来源:区委党校 作者:王立 发布时间:Fri Mar 18 10:12:56 CST 2016", "2016-03-18"),
    # a field set as a list item: furniture like the bare field, the title above it kept
    ("- 时间:2016-03-18", "2016-03-18"),
    ("· 来源：城南社区", None),
])
def test_the_page_stamp_dates_a_report_without_its_own(row, date):
    items = process_file(SourceFile.from_bytes("report.txt", (TITLE + "\n" + REPORT.format(row=row))
                                               .encode("utf-8"))).items
    assert (items[0].title, items[0].date) == (TITLE, date)


def test_a_date_with_a_time_in_a_sentence_or_a_byline_is_no_stamp():
    assert page_date_of("会议于2016年3月5日 14:00在三楼召开") is None
    assert page_date_of("作者：张立 2016年3月6日") is None
