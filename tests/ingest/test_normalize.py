from hypothesis import example, given, settings, strategies as st

from huibian.ingest.normalize import normalize, normalize_text
from tests.conftest import SEED_VOLUME


def test_wrapped_book_text_is_rejoined_into_sentences():
    text = normalize_text(SEED_VOLUME.read_text(encoding="utf-8"), hard_wrapped=True)
    assert "是党中央在新形势下加强党的建设而作出的一项重要举措" in text
    # a sentence broken by a blank line (a page break in the source) is one sentence again
    assert "使义务教育学科课程网络资源建设工作在“创先争优”活动取得了显著的效果。" in text
    # no line inside a sentence: every line ends a sentence, or is a heading/title/signature
    lines = text.split("\n")
    assert "做好学科课程网络资源，促进义务教育均衡发展" in lines
    assert "推行“创岗建区”活动" in lines and "提升党建管理水平" in lines
    assert "（一）建了一批资源" in lines


def test_spaces_removed_inside_chinese_and_before_numbers():
    assert normalize_text("全省教育系统近 8000个基层党组织") == "全省教育系统近8000个基层党组织"
    assert normalize_text("2012年 7月") == "2012年7月"
    assert normalize_text("共评出优秀实践案例 60 个、 优秀理论文章") == "共评出优秀实践案例60个、优秀理论文章"
    assert normalize_text("软件 vegas plugin 安装") == "软件vegas plugin安装"


def test_quotation_variants_unified():
    assert normalize_text("‚创先争优‛") == "“创先争优”"
    assert normalize_text('开展"创岗建区"活动') == "开展“创岗建区”活动"
    assert normalize_text("「五个好」") == "“五个好”"


def test_fullwidth_alnum_to_halfwidth_chinese_punctuation_kept():
    assert normalize_text("２０１０年ＡＢｃ，。！") == "2010年ABc，。！"


def test_outline_markers_normalized():
    assert normalize_text("( 一)建了一批资源") == "（一）建了一批资源"


def test_subject_words_keep_their_separation():
    assert normalize_text("主题词: 党的建设   基层组织   党员") == "主题词：党的建设 基层组织 党员"


def test_offset_map_points_back_to_raw_characters():
    raw = "近 8000个\n基层\u200b党组织 ‚创先争优‛"
    n = normalize(raw)
    assert n.text == "近8000个\n基层党组织“创先争优”"
    for i, ch in enumerate(n.text):
        r = raw[n.to_raw[i]]
        if ch not in "“”":
            assert r == ch, (i, ch, r)
    assert n.to_raw[len(n.text)] == len(raw)


def test_offsets_exact_on_seed():
    raw = SEED_VOLUME.read_text(encoding="utf-8")
    n = normalize(raw, hard_wrapped=True)
    mismatched = [i for i, ch in enumerate(n.text)
                  if ch not in "“”（）：；，！？\n" and raw[n.to_raw[i]] != ch]
    assert mismatched == []
    assert list(n.to_raw) == sorted(n.to_raw)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("党员教育 \n\u3000“”\"‚‛「」(一)12０ab，。:;\u200b\t")),
               max_size=80), st.booleans())
@example("‚「」‛", False)  # nested pairs: found by this test in CI
@example("「‚党‛」\"『员』\"", True)
@example("(1 )", False)  # spaces in a numeral's parentheses: found in a clean-clone run
@example("( 二 )", True)
def test_normalization_is_idempotent_and_map_is_monotone(raw, wrapped):
    n = normalize(raw, hard_wrapped=wrapped)
    assert normalize_text(n.text, hard_wrapped=wrapped) == n.text
    assert len(n.to_raw) == len(n.text) + 1
    assert all(0 <= o <= len(raw) for o in n.to_raw)
    assert list(n.to_raw) == sorted(n.to_raw)


def test_a_line_cut_after_a_comma_goes_on_in_text_that_is_not_wrapped():
    """One paragraph a line, with one paragraph cut after a comma (as in a seed's copy
    from a PDF): the text is not hard-wrapped as a whole (its few open lines are
    headings), but the comma line goes on in the next line; a heading, a line cut
    without punctuation and a comma line before a blank line stay as they are."""
    done = [f"{n}.第{n}项工作按计划推进，责任落实到具体岗位和具体人员，每月检查一次进度。"
            for n in range(1, 9)]
    raw = "\n".join([
        "（一）先进党支部要做到“四个好”",
        *done[:4],
        "5.制度执行好。学习、考勤、财务和保密等制度健全，执行情况按季度检查通报，",
        "整改到位。",
        *done[4:],
        "（二）党员要做到“四带头”带头学习带头服务带头创新带头守纪",
        "各支部要结合实际细化任务，", "", "三、组织保障", ""])
    assert normalize_text(raw, hard_wrapped=True).split("\n") == [
        "（一）先进党支部要做到“四个好”", *done[:4],
        "5.制度执行好。学习、考勤、财务和保密等制度健全，执行情况按季度检查通报，整改到位。",
        *done[4:],
        "（二）党员要做到“四带头”带头学习带头服务带头创新带头守纪",
        "各支部要结合实际细化任务，", "三、组织保障"]
