from huibian.similarity.passages import find_passages
from huibian.similarity.shingles import make_view

SOURCE = ("接受任务以后，我馆就义务教育学科课程网络资源建设工作通过座谈会、调研等形式，"
          "就教师选拔、学科课程数量、课程建设模式和制作经费等进行了认真的研究核算。")


def _passages(a: str, b: str, **kw):
    va, vb = make_view(a), make_view(b)
    return va, vb, find_passages(va.codes, vb.codes, **kw)


def test_a_changed_word_is_bridged_and_reported_as_a_gap():
    sub = SOURCE.replace("座谈会", "研讨会")
    va, vb, ps = _passages(sub, SOURCE)
    assert len(ps) == 1
    p = ps[0]
    assert (p.start, p.end) == (0, len(va))
    assert len(p.gaps) == 1
    g = p.gaps[0]
    assert va.text[g.a_start:g.a_end] == "研讨"
    assert vb.text[g.b_start:g.b_end] == "座谈"


def test_a_long_insertion_is_not_bridged_and_not_matched():
    inserted = "今天的天气晴朗，微风和煦，适合外出郊游和晾晒衣物"
    sub = SOURCE[:40] + inserted + SOURCE[40:]
    va, vb, ps = _passages(sub, SOURCE)
    assert len(ps) == 2
    ins = make_view(inserted).text
    at = va.text.index(ins)
    assert all(p.end <= at or p.start >= at + len(ins) for p in ps)


def test_shorter_than_min_chars_is_not_a_passage():
    _, _, ps = _passages("今天讨论义务教育学科课程，明天休息", SOURCE)
    assert ps == []
    _, _, ps = _passages("今天讨论义务教育学科课程网络资源建设，明天休息", SOURCE)
    assert len(ps) == 1 and ps[0].matched == 14


def test_traditional_and_full_width_variants_match():
    trad = "接受任務以後，我館就義務教育學科課程網絡資源建設工作通過座談會"
    _, _, ps = _passages(trad, SOURCE)
    assert len(ps) == 1 and ps[0].matched == len(make_view(trad))


def test_short_runs_extend_a_passage_but_never_make_one():
    # two word edits 9 characters apart: the middle stretch is shorter than 13
    sub = SOURCE.replace("座谈会", "研讨会").replace("教师选拔", "教员选拔")
    va, vb, ps = _passages(sub, SOURCE)
    assert len(ps) == 1 and (ps[0].start, ps[0].end) == (0, len(va))
    assert [va.text[g.a_start:g.a_end] for g in ps[0].gaps] == ["研讨", "员"]
    # 8-12 character shared runs alone are not passages
    _, _, ps = _passages("今天讨论义务教育学科课程，明天休息", SOURCE)
    assert ps == []
