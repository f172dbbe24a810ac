import numpy as np

from huibian.similarity.shingles import kgram_hashes, make_view, view_text, winnow


def test_view_drops_punctuation_and_spaces_and_folds_forms():
    assert view_text("开展 创先争优，“五个好”！\n（一）") == "开展创先争优五个好一"
    assert view_text("開展創先爭優活動") == "开展创先争优活动"
    assert view_text("ＡＢｃ１２３　ab") == "abc123ab"
    assert view_text("2010年") == "2010年"


def test_view_offsets_point_at_the_original_characters():
    text = "（一）建了，一批 资源"
    v = make_view(text)
    assert v.text == "一建了一批资源"
    assert [text[i] for i in v.to_orig] == list("一建了一批资源")
    start, end = v.orig_span(1, 5)  # 建了一批
    assert text[start:end] == "建了，一批"


def test_equal_windows_hash_equal_and_winnowing_is_a_sorted_set():
    a = make_view("深入开展创先争优活动").codes
    b = make_view("我们要深入开展创先争优活动！").codes
    ha, hb = kgram_hashes(a, 8), kgram_hashes(b, 8)
    assert set(ha.tolist()) <= set(hb.tolist())
    assert kgram_hashes(a[:5], 8).shape == (0,)
    w = winnow(hb, 3)
    assert np.all(w[1:] > w[:-1])
