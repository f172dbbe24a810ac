"""The three real seeds split into the items of the issue's acceptance list."""

import pytest

from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from tests.conftest import SEED_NOTICE, SEED_PLAN, SEED_VOLUME


def split(path, splitter):
    return process_file(SourceFile.from_bytes(path.name, path.read_bytes()), splitter=splitter).items


def test_volume_splits_into_preface_and_two_cases(splitter):
    items = split(SEED_VOLUME, splitter)
    assert [i.title for i in items] == [
        "前言",
        "做好学科课程网络资源，促进义务教育均衡发展",
        "推行“创岗建区”活动 提升党建管理水平",
    ]
    preface, case1, case2 = items
    assert preface.authors == ("虞国庆",) and preface.date == "2012-07"
    assert preface.kind_hint == "preface"
    assert case1.unit == "江西省电教馆" and case1.region == "江西省"
    assert case2.unit == "南昌大学第四附属医院" and case2.region == "江西省南昌市"
    assert case2.body.startswith("南昌大学第四附属医院现有党员520名，其中有职工党员384名")
    # no line break left inside a sentence
    for item in items:
        for line in item.text.split("\n")[:-1]:
            assert not line.endswith(("的", "和", "党", "教", "学")), line
    assert "省电教馆党支部通过精心组织，强化责任，使义务教育学科课程网络资源建设工作" in case1.text
    assert [i.lines for i in items] == [(1, 62), (63, 201), (202, 313)]
    assert items[2].outline[0].marker == "一、" and items[2].outline[0].title == "“创岗建区”活动意义"


def test_plan_metadata(splitter):
    (item,) = split(SEED_PLAN, splitter)
    assert item.doc_number == "湖教体发[2010]6号"
    assert item.date == "2010-06-28"
    assert item.unit == "中共青山湖区教育体育局委员会"
    assert item.title == "关于在全区教育系统党的基层组织和党员中深入开展创先争优活动的实施方案"
    assert item.subject_words == ("党的建设", "基层组织", "党员", "创先争优", "方案")
    assert item.region == "江西省南昌市青山湖区"
    assert item.body.startswith("深入开展创先争优活动，是党的十七大")
    assert [o.marker for o in item.outline if o.level == 1] == ["一、", "二、", "三、", "四、", "五、", "六、"]


def test_notice_yields_notice_and_forwarded_guidance(splitter):
    notice, guidance = split(SEED_NOTICE, splitter)
    assert notice.title == "关于印发《在全市教育卫生系统党组织和党员中深入开展创先争优活动的指导意见》的通知"
    assert guidance.title == "在全市教育卫生系统党组织和党员中深入开展创先争优活动的指导意见"
    for item in (notice, guidance):
        assert item.doc_number == "吴创组办〔2010〕13号"
        assert item.date == "2010-08-19"
        assert item.region == "江苏省苏州市吴江区"
    assert notice.kind_hint == "notice" and guidance.kind_hint == "forwarded"
    assert guidance.body.startswith("为扎实有效组织好教育、卫生系统创先争优活动")


def test_items_cover_the_document_without_loss(splitter):
    for path in (SEED_VOLUME, SEED_PLAN, SEED_NOTICE):
        doc = process_file(SourceFile.from_bytes(path.name, path.read_bytes()), splitter=splitter)
        assert "\n".join(i.text for i in doc.items) == doc.normalized.text
        for i in doc.items:
            assert doc.normalized.text[i.start:i.end] == i.text


@pytest.mark.parametrize("text,expected", [
    ("2010年6月28日", "2010-06-28"),
    ("二〇一〇年五月二十五日", "2010-05-25"),
    ("2012年 7月", "2012-07"),
    ("二〇一二年十二月", "2012-12"),
    ("2010年13月", None),
])
def test_dates(text, expected):
    from huibian.ingest.metadata import parse_date

    assert parse_date(text) == expected


def test_single_case_file_title_and_unit(splitter):
    text = ("加强师德师风建设的实践与思考\n某某市第一中学\n"
            "我校坚持把师德师风建设作为学校发展的根本任务，开展了一系列活动，取得了明显成效。\n"
            "一、主要做法\n建立健全师德考核制度，实行一票否决。\n")
    doc = process_file(SourceFile.from_bytes("case.txt", text.encode("gbk")), splitter=splitter)
    (item,) = doc.items
    assert item.title == "加强师德师风建设的实践与思考"
    assert item.unit == "某某市第一中学"
    assert item.body.startswith("我校坚持")
