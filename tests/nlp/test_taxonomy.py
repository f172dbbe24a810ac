import json
import shutil
from pathlib import Path

import pytest

from huibian.core.errors import DataFileError
from huibian.nlp.lexicons import MODELS_DIR, load_stopwords, load_userdict
from huibian.nlp.taxonomy import AXES, load_taxonomy


def test_shipped_taxonomy_loads():
    tax = load_taxonomy()
    assert tuple(tax.axes) == AXES
    assert tax["genre"].multi is False
    assert all(tax[a].multi for a in ("sector", "theme", "carrier"))
    assert tax["genre"].ids == ("notice", "plan", "guidance", "summary", "speech", "case",
                                "article", "system", "preface")
    assert len(tax["sector"].ids) == 9 and len(tax["theme"].ids) == 9
    assert len(tax["carrier"].ids) == 15
    assert "创岗建区" in tax["carrier"].label("vanguard_post").cues


def _copy(tmp_path: Path) -> Path:
    p = tmp_path / "taxonomy.json"
    shutil.copy(MODELS_DIR / "taxonomy.json", p)
    return p


def test_user_adds_label_and_cue_without_code(tmp_path):
    p = _copy(tmp_path)
    data = json.loads(p.read_text(encoding="utf-8"))
    carrier = [a for a in data["axes"] if a["id"] == "carrier"][0]
    carrier["labels"].append({"id": "party_day", "name": "主题党日", "definition": "monthly party day",
                              "cues": ["主题党日", "党员活动日"]})
    carrier["labels"][0]["cues"].append("承诺践诺")
    p.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tax = load_taxonomy(p)
    assert tax["carrier"].ids[-1] == "party_day"
    assert "承诺践诺" in tax["carrier"].label("public_pledge").cues


def test_syntax_error_names_file_and_line(tmp_path):
    p = _copy(tmp_path)
    lines = p.read_text(encoding="utf-8").splitlines()
    lines[9] = lines[9].rstrip(",")  # drop a comma between two labels
    p.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_taxonomy(p)
    assert err.value.line in (10, 11, 12)
    assert str(p) in str(err.value) and "not valid JSON" in str(err.value)


def test_bad_label_names_label_and_line(tmp_path):
    p = _copy(tmp_path)
    text = p.read_text(encoding="utf-8")
    text = text.replace('"cues": ["先锋岗",', '"cues": "先锋岗", "x": [')
    p.write_text(text, encoding="utf-8")
    expected_line = text[:text.find('"id": "vanguard_post"')].count("\n") + 1
    with pytest.raises(DataFileError) as err:
        load_taxonomy(p)
    assert "carrier/vanguard_post" in str(err.value)
    assert err.value.line == expected_line


def test_duplicate_label_id(tmp_path):
    p = _copy(tmp_path)
    text = p.read_text(encoding="utf-8").replace('"id": "leader_review"', '"id": "public_pledge"')
    p.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="carrier/public_pledge: label id appears twice"):
        load_taxonomy(p)


def test_missing_axis(tmp_path):
    p = _copy(tmp_path)
    data = json.loads(p.read_text(encoding="utf-8"))
    data["axes"] = [a for a in data["axes"] if a["id"] != "theme"]
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataFileError, match="missing axis/axes: theme"):
        load_taxonomy(p)


def test_userdict_size_and_format():
    entries = load_userdict(MODELS_DIR / "userdict.txt")
    assert len(entries) >= 400
    words = {e.word for e in entries}
    for w in ("基层党组织", "党总支", "教育工委", "创先争优", "五个好", "五带头", "三会一课",
              "学习型党组织", "公开承诺", "党员先锋岗", "红旗责任区", "创岗建区", "结对帮扶",
              "五比五看", "活动引力", "强基创先", "先锋引领", "师德引航", "堡垒创新"):
        assert w in words
    assert all(e.freq and e.tag for e in entries)


def test_stopwords_include_template_words():
    stop = load_stopwords()
    for w in ("推动", "加强", "工作", "活动", "进一步", "的"):
        assert w in stop
    for w in ("创岗建区", "公开承诺", "师德"):
        assert w not in stop


def test_not_cues_must_hold_a_cue_of_their_label(tmp_path):
    """A label's not_cues (words that hold one of its cues and do not mean it) are
    checked: a word holding none of the label's cues is refused with the label named."""
    p = _copy(tmp_path)
    text = p.read_text(encoding="utf-8")
    assert '"not_cues": ["研究生"' in text
    p.write_text(text.replace('"not_cues": ["研究生"', '"not_cues": ["红领巾"', 1), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_taxonomy(p)
    assert "genre/article" in str(err.value) and "not_cues" in str(err.value)
    shipped = load_taxonomy()
    assert "研究生" in shipped["genre"].label("article").not_cues
    assert "想办法" in shipped["genre"].label("system").not_cues


@pytest.mark.parametrize("key, word", [("negations", "没有"), ("intentions", "下一步"),
                                       ("result_uses", "依据")])
def test_axis_word_lists_are_words(tmp_path, key, word):
    """An axis's negations, intentions and result uses are words without spaces; the
    loader names the axis and the list otherwise."""
    p = _copy(tmp_path)
    text = p.read_text(encoding="utf-8")
    assert f'"{key}": ["{word}"' in text
    p.write_text(text.replace(f'"{key}": ["{word}"', f'"{key}": ["{word[0]} {word[1:]}"', 1),
                 encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_taxonomy(p)
    assert "carrier" in str(err.value) and key in str(err.value)
    shipped = load_taxonomy()
    assert word in getattr(shipped["carrier"], key)
    assert getattr(shipped["genre"], key) == ()


def test_in_result_uses_is_a_flag(tmp_path):
    """A label's in_result_uses is true or false; anything else names the label."""
    p = _copy(tmp_path)
    text = p.read_text(encoding="utf-8")
    assert '"in_result_uses": true' in text
    p.write_text(text.replace('"in_result_uses": true', '"in_result_uses": "yes"', 1),
                 encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_taxonomy(p)
    assert "carrier/mechanism" in str(err.value) and "in_result_uses" in str(err.value)
