"""The suite's slowest-first order (tests/conftest.py) names modules that exist, and
``make test`` keeps that order (xdist would otherwise reorder by test count)."""

from tests.conftest import ROOT, SLOWEST_FIRST


def test_the_slowest_modules_exist_and_make_test_keeps_their_order():
    missing = [name for name in SLOWEST_FIRST if not (ROOT / name).is_file()]
    assert missing == []
    assert len(set(SLOWEST_FIRST)) == len(SLOWEST_FIRST)
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--dist loadfile" in make and "--no-loadscope-reorder" in make
