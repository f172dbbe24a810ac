"""Issue 17, 概览: charts that read — every category's full name (never cut), each
bar's count and share of the collection as a percentage, no chart of one bar, and no
scatter of length against a required length that is the same for a whole genre."""

from __future__ import annotations

import json

from tests.app.harness import errors, page
import pytest

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def test_bar_rows_full_names_and_percentages():
    from huibian.app_pages.overview_page import bar_rows

    names = {"case": "优秀实践案例（经验做法类）", "plan": "工作方案", "notice": "通知"}
    df = bar_rows({"plan": 1, "case": 2, "notice": 1}, names, 6)
    assert df.to_dict("records") == [
        {"类别": "优秀实践案例（经验做法类）", "篇数": 2, "占比": 0.3333, "标注": "2 篇（33%）"},
        {"类别": "工作方案", "篇数": 1, "占比": 0.1667, "标注": "1 篇（17%）"},
        {"类别": "通知", "篇数": 1, "占比": 0.1667, "标注": "1 篇（17%）"}]
    assert list(bar_rows({"a": 5, "b": 9, "c": 1}, {}, 15, top=2)["类别"]) == ["b", "a"]


def test_length_bands():
    from huibian.app_pages.overview_page import length_bands

    rows = [{"genre": "case", "ratio": r} for r in (0.5, 0.79, 0.8, 1.0, 1.5, 1.51)]
    rows.append({"genre": "article", "ratio": 1.2})
    assert length_bands(rows) == {
        "case": "不足要求的八成 2 篇，达到要求（八成至一倍半） 3 篇，超过要求的一倍半 1 篇",
        "article": "达到要求（八成至一倍半） 1 篇"}


def test_overview_charts_on_the_sample(sample_db):
    at = page("overview_page", role="admin")
    assert not errors(at)
    charts = at.get("vega_lite_chart")
    assert charts, "no chart drawn"
    for c in charts:
        spec = json.loads(c.proto.spec)
        layers = spec.get("layer", [spec])
        # full labels: the category axis never cuts a label; every bar is labelled
        assert layers[0]["encoding"]["y"]["axis"]["labelLimit"] == 0
        assert any(layer["mark"]["type"] == "text" if isinstance(layer["mark"], dict)
                   else layer["mark"] == "text" for layer in layers)
        # Streamlit fits the whole chart, axis included, into its height (vega-embed
        # fit-y): 26 px a bar besides the 56 px of the 篇数 axis, or the names of
        # bars set closer than a line are hidden (the sample's genre chart showed 3 of 5)
        bars = len(layers[0]["encoding"]["y"]["sort"])  # the categories, in order
        assert spec["height"] == 26 * bars + 56, (bars, spec["height"])
    assert len(charts) == 7  # six axes (genre … year) and the named carriers: no scatter
    # the length table says the share as a percentage, and each genre's items in bands
    # (the sample's two cases: 2207 and 2870 of the 3000 characters asked)
    assert [m.value for m in at.markdown] == [
        "实践案例 / 经验材料：不足要求的八成 1 篇，达到要求（八成至一倍半） 1 篇"]
    lengths = [d.value for d in at.dataframe if "达到比例" in d.value.columns][0]
    assert sorted(lengths["达到比例"]) == [74, 96]
