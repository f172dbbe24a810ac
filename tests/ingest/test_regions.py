"""The gazetteer's Aho-Corasick scan finds exactly what the regular-expression
alternation of the place names finds (leftmost, longest), on every sample text."""

from pathlib import Path

from huibian.ingest.regions import Gazetteer

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def test_automaton_matches_the_alternation_on_the_samples():
    g = Gazetteer.load()
    assert g._automaton is not None
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]
    assert texts
    total = 0
    for text in texts:
        for piece in [text, *text.splitlines()]:
            want = [(m.group(), m.end()) for m in g._pattern.finditer(piece)]
            assert g._matches(piece) == want
            total += len(want)
    assert total > 50


def test_longest_name_wins_and_county_short_names_need_a_suffix():
    g = Gazetteer.load()
    assert g.find("江西省南昌市青山湖区人民政府") == "江西省南昌市青山湖区"
    # overlapping names: the alternation's leftmost-longest choice
    text = "内蒙古自治区呼和浩特市"
    assert g._matches(text) == [(m.group(), m.end()) for m in g._pattern.finditer(text)]
    assert g.find("没有地名的句子") is None
