"""The run break of the gram fields: after the one-character gram that ends each
Chinese run, and nowhere else."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from huibian.search.analyze import HAN_CLASS, gram_view
from huibian.search.tantivy_index import RUN_BREAK, with_run_breaks

B = RUN_BREAK


def test_break_after_each_run_end():
    assert with_run_breaks(gram_view("创岗建区")) == f"创岗 岗建 建区 区 {B}"
    assert with_run_breaks(gram_view("党员，教师 2012年")) == \
        f"党员 员 {B} 教师 师 {B} 2012 年 {B}"
    assert with_run_breaks("") == ""
    assert with_run_breaks("ab 12") == "ab 12"


def test_a_one_character_run_gets_one_break():
    assert with_run_breaks(gram_view("党")) == f"党 {B}"
    assert with_run_breaks("党 党员") == f"党 {B} 党员"


def _by_groups(view: str) -> str:
    """The same rule written with a captured group (the earlier implementation)."""
    return re.sub(f"(?<!\\S)([{HAN_CLASS}])(?!\\S)", f"\\1 {B}", view)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="创岗建区党员 a1，。\u3000\t\n\U00020000", max_size=40))
def test_same_as_the_rule_with_a_group(text):
    for view in (text, gram_view(text)):
        assert with_run_breaks(view) == _by_groups(view)
