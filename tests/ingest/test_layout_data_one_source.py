"""Issue 16: the word lists of the layout are data, read from one place. The unit
suffixes (models/layout/unit_suffixes.txt), the title words (title_words.txt) and the
date forms (date_forms.txt) are what ingest.layout, ingest.metadata, the splitter and
the normalizer all read (through LayoutData): a user who adds a suffix or a title word
to a copy of the file (HUIBIAN_MODELS) sees every one of them follow."""

from pathlib import Path

import pytest

from huibian.core.models_dir import packaged_models_dir
from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.ingest import metadata as md
from huibian.ingest.normalize import normalize_text
from huibian.pipeline.ingestor import process_file

PACKAGED = packaged_models_dir() / "layout"

# a notice signed by a body whose name ends in a word (联盟) the packaged list lacks
NOTICE = ("关于开展“联盟结对进社区”主题活动的通知\n各成员单位：\n"
          "为把驻区单位的力量用到居民身边，经联盟理事会研究，决定在四月至六月开展结对进社区活动。"
          "现将有关事项通知如下。\n一、结对方式\n每个成员单位结对一个社区，每月到社区开展一次服务。\n"
          "二、工作要求\n各成员单位于四月二十日前把结对社区和联络人报联盟秘书处。\n特此通知。\n"
          "城东区党建联盟\n2013年4月12日\n")
TITLE = "关于开展“联盟结对进社区”主题活动的通知"


def _notice():
    (item,) = process_file(SourceFile.from_bytes("notice.txt", NOTICE.encode("utf-8"))).items
    return item.title, item.unit, item.date


def _copy_with(tmp_path: Path, name: str, extra: str) -> Path:
    (tmp_path / "layout").mkdir(exist_ok=True)
    text = (PACKAGED / name).read_text(encoding="utf-8")
    (tmp_path / "layout" / name).write_text(text + extra + "\n", encoding="utf-8")
    return tmp_path


def test_a_suffix_added_to_a_copy_of_the_data_file_is_a_unit_everywhere(tmp_path, monkeypatch):
    monkeypatch.delenv("HUIBIAN_MODELS", raising=False)
    assert _notice() == (TITLE, None, "2013-04-12")
    assert not layout.unit_name("城东区党建联盟")
    assert not md.is_unit_line("城东区党建联盟")
    assert md.split_unit_authors("城东区党建联盟 王海 李青") == ("城东区党建联盟 王海 李青", ())
    assert md.is_person_line("党建联盟")  # four characters: read as a name

    monkeypatch.setenv("HUIBIAN_MODELS", str(_copy_with(tmp_path, "unit_suffixes.txt", "联盟")))
    assert layout.unit_name("城东区党建联盟")
    assert md.is_unit_line("城东区党建联盟")
    assert md.split_unit_authors("城东区党建联盟 王海 李青") == ("城东区党建联盟", ("王海", "李青"))
    assert not md.is_person_line("党建联盟")
    assert _notice() == (TITLE, "城东区党建联盟", "2013-04-12")

    monkeypatch.delenv("HUIBIAN_MODELS")
    assert _notice() == (TITLE, None, "2013-04-12") and not md.is_unit_line("城东区党建联盟")


def test_layout_data_passed_in_wins(tmp_path, monkeypatch):
    monkeypatch.delenv("HUIBIAN_MODELS", raising=False)
    extra = {"unit_suffixes.txt": "联盟", "title_words.txt": "随笔"}
    for name in layout.LAYOUT_FILES:
        _copy_with(tmp_path, name, extra.get(name, ""))
    ours = layout.load_layout(tmp_path)
    assert md.is_unit_line("城东区党建联盟", ours) and not md.is_unit_line("城东区党建联盟")
    assert not md.is_person_line("教学随笔", ours) and md.is_person_line("教学随笔")
    assert not layout.is_person_line("教学随笔", ours) and layout.is_person_line("教学随笔")


def test_a_title_word_added_to_a_copy_of_the_data_file_ends_a_title(tmp_path, monkeypatch):
    monkeypatch.delenv("HUIBIAN_MODELS", raising=False)
    assert md.is_person_line("教学随笔") and layout.is_person_line("教学随笔")
    monkeypatch.setenv("HUIBIAN_MODELS", str(_copy_with(tmp_path, "title_words.txt", "随笔")))
    assert not md.is_person_line("教学随笔") and not layout.is_person_line("教学随笔")
    assert md.is_person_line("王建国") and layout.is_person_line("王建国")


def _suffixes() -> list[str]:
    return [ln.strip() for ln in (PACKAGED / "unit_suffixes.txt").read_text(encoding="utf-8")
            .splitlines() if ln.strip() and not ln.startswith("#")]


@pytest.mark.parametrize("suffix", _suffixes())
def test_metadata_reads_the_same_suffixes_as_the_layout(suffix):
    name = "城东区" + suffix.lstrip("!")
    unit = not suffix.startswith("!")
    assert layout.default_layout().ends_in_unit(name) is unit
    assert md.is_unit_line(name) is unit


def test_metadata_dates_are_the_date_forms():
    """parse_date and is_date_line read date_forms.txt (the forms find_dates reads)."""
    assert md.parse_date("二O一一年十二月七日") == "2011-12-07"
    assert md.parse_date("2011年12月7号") == "2011-12-07"
    assert md.parse_date("2010年13月") is None
    assert md.is_date_line("二〇一〇年六月二十八日") and md.is_date_line("2012年 7月")
    assert md.is_date_line("2010年6月29日印发")
    assert not md.is_date_line("2010年6月28日召开") and not md.is_date_line("2010-06-28")


def test_the_normalizer_keeps_a_unit_line_of_the_data_file_apart(tmp_path, monkeypatch):
    """A unit line under a title wrapped at the page width stays a line of its own
    (normalize's join reads md.is_unit_line, so the data file)."""
    monkeypatch.delenv("HUIBIAN_MODELS", raising=False)
    wrapped = ("社区党建工作要坚持把服务居民放在首位，把驻区单位的资源整合起来，形成共驻共建\n"
               "的格局，让居民在家门口就能得到帮助和服务，这是我们一年来最深的一点体会和收获\n"
               "城东区党建联盟\n"
               "我们把驻区的十二家单位组织起来，建立了每月一次的联席会议制度，分头认领服务项目\n"
               "和困难群众，做到有人牵头、有人落实、有人督促，年底由居民代表逐项评议打分排名。\n")
    before = normalize_text(wrapped, hard_wrapped=True)
    monkeypatch.setenv("HUIBIAN_MODELS", str(_copy_with(tmp_path, "unit_suffixes.txt", "联盟")))
    after = normalize_text(wrapped, hard_wrapped=True)
    assert "\n城东区党建联盟\n" in after
    assert "\n城东区党建联盟\n" not in before
