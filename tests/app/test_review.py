import io
import json

import pytest

from huibian.core.errors import DataFileError, InputError, PermissionDenied
from huibian.services.audit import audit_log
from huibian.services.people import User
from huibian.services.review import (has_conflict, item_scores, load_rubric, neutralize, shortlist,
                            shortlist_xlsx, submit_score)
from huibian.store import connect
from huibian.store.db import integrity_check

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

ANN = User("ann", "reviewer", "江西省电教馆")
BEN = User("ben", "reviewer", "中共吴江市委")
ADMIN = User("admin", "admin")
EDITOR = User("ed", "editor")


@pytest.fixture
def conn(sample_db):
    return connect(sample_db)


def _ids(conn):
    return {r["unit"] or "": r["id"] for r in conn.execute("SELECT id, unit FROM items")}


def _all(rubric, v):
    return {c.id: v for c in rubric.criteria}


def test_shipped_rubric_loads():
    r = load_rubric()
    assert [c.id for c in r.criteria] == ["innovation", "effect", "replicable", "writing"]
    assert r.weighted({"innovation": 10, "effect": 0, "replicable": 5, "writing": 5}) \
        == pytest.approx((3 + 0 + 1 + 1) / 1.0)


def test_rubric_errors_name_the_line(tmp_path):
    p = tmp_path / "r.json"
    p.write_text('{"criteria": [\n {"id": "a", "name": "A", "weight": 1},\n'
                 ' {"id": "b", "name": "B", "weight": -2}\n]}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"r.json:3: criterion 'b': weight"):
        load_rubric(p)
    p.write_text('{"criteria": [\n oops]}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"r.json:2: not valid JSON"):
        load_rubric(p)


def test_conflict_of_interest():
    assert has_conflict(User("x", "reviewer", "南昌大学"), "南昌大学第四附属医院")
    assert has_conflict(ANN, "江西省 电教馆")
    assert not has_conflict(ANN, "南昌大学第四附属医院")
    assert not has_conflict(User("x", "reviewer"), "江西省电教馆")


def test_scores_hidden_until_own_submitted_and_shortlist(conn):
    rubric = load_rubric()
    ids = _ids(conn)
    hospital, museum = ids["南昌大学第四附属医院"], ids["江西省电教馆"]
    with pytest.raises(PermissionDenied, match="own unit"):
        submit_score(conn, ANN, rubric, museum, _all(rubric, 5))
    with pytest.raises(PermissionDenied):
        submit_score(conn, EDITOR, rubric, hospital, _all(rubric, 5))
    with pytest.raises(InputError, match="outside"):
        submit_score(conn, BEN, rubric, hospital, _all(rubric, 11))
    submit_score(conn, BEN, rubric, hospital, _all(rubric, 8), "=HYPERLINK(\"x\")")
    with pytest.raises(PermissionDenied, match="submit your own score"):
        item_scores(conn, ANN, hospital)
    assert [s.reviewer for s in item_scores(conn, EDITOR, hospital)] == ["ben"]
    assert shortlist(conn, ANN, rubric) == []
    submit_score(conn, ANN, rubric, hospital,
                 {"innovation": 10, "effect": 6, "replicable": 6, "writing": 6})
    assert sorted(s.reviewer for s in item_scores(conn, ANN, hospital)) == ["ann", "ben"]
    submit_score(conn, BEN, rubric, museum, _all(rubric, 9))
    rows = shortlist(conn, ADMIN, rubric)
    assert [(r.item_id, r.reviewers, r.mean, r.stdev, r.low, r.high) for r in rows] == [
        (museum, 1, 9.0, 0.0, 9.0, 9.0), (hospital, 2, 7.6, 0.4, 7.2, 8.0)]
    # a reviewer's shortlist: only what they scored
    assert [r.item_id for r in shortlist(conn, ANN, rubric)] == [hospital]
    # re-scoring replaces, and the audit log keeps both
    submit_score(conn, BEN, rubric, hospital, _all(rubric, 4))
    log = [e for e in audit_log(conn, ADMIN, target_kind="item", target=hospital)]
    assert [(e["actor"], e["action"]) for e in log] == [
        ("ben", "score.update"), ("ann", "score.submit"), ("ben", "score.submit")]
    assert log[0]["detail"]["before"]["weighted"] == 8.0


def test_xlsx_export_neutralizes_formulas(conn):
    from openpyxl import load_workbook

    rubric = load_rubric()
    hospital = _ids(conn)["南昌大学第四附属医院"]
    conn.execute("UPDATE items SET title='=1+1' WHERE id=?", (hospital,))
    submit_score(conn, BEN, rubric, hospital, _all(rubric, 7))
    wb = load_workbook(io.BytesIO(shortlist_xlsx(shortlist(conn, ADMIN, rubric), rubric)))
    ws = wb["入围名单"]
    assert [c.value for c in ws[1]][:3] == ["名次", "编号", "标题"]
    assert [c.value for c in ws[2]] == [1, hospital, "'=1+1", "南昌大学第四附属医院", 1, 7.0,
                                        0.0, 7.0, 7.0]
    assert ws["C2"].data_type == "s"
    assert neutralize("@SUM(A1)") == "'@SUM(A1)" and neutralize("－1") == "'－1"
    assert neutralize(-1) == -1 and neutralize("正文") == "正文"


def test_collection_counts_equal_the_search_facets_of_the_whole_collection(conn):
    from huibian.services.review import collection_counts
    from huibian.nlp.analysis_store import set_human_label
    from huibian.search.engine import search

    item = conn.execute("SELECT id FROM items WHERE unit='南昌大学第四附属医院'").fetchone()[0]
    set_human_label(conn, item, "genre", ["system"], "ann")  # a human label wins
    from huibian.pipeline.resources import Resources
    from huibian.search.index import refresh_facets

    refresh_facets(conn, Resources().tokenizer, [item])
    facets = search(conn, None, limit=0, facets=True).facets
    counts = collection_counts(conn)
    assert counts["genre"]["system"] >= 1
    for axis in ("genre", "sector", "theme", "carrier", "named_carrier", "region", "year"):
        assert counts[axis] == dict(facets.get(axis) or {}), axis


def test_blind_rule_locks_a_score_once_the_others_are_seen(conn):
    """Issue 18: a reviewer submitted any score, saw the others' scores and comments,
    then changed theirs. Now seeing them locks the reviewer's own score; a change needs
    an admin's unlock (audited) and is counted in the ranking."""
    from huibian.services.review import locked_reviewers, score_locked, unlock_score

    rubric = load_rubric()
    hospital = _ids(conn)["南昌大学第四附属医院"]
    submit_score(conn, BEN, rubric, hospital, _all(rubric, 9), "很好")
    submit_score(conn, ANN, rubric, hospital, _all(rubric, 1))  # a placeholder score
    submit_score(conn, ANN, rubric, hospital, _all(rubric, 2))  # not seen yet: may change
    assert not score_locked(conn, ANN, hospital)
    seen = item_scores(conn, ANN, hospital)
    assert sorted((s.reviewer, s.comment) for s in seen) == [("ann", ""), ("ben", "很好")]
    assert score_locked(conn, ANN, hospital) and locked_reviewers(conn, hospital) == ["ann"]
    with pytest.raises(PermissionDenied) as err:
        submit_score(conn, ANN, rubric, hospital, _all(rubric, 9))
    assert err.value.code == "E728"
    assert str(err.value) == ("ann has seen the other reviewers' scores for this item, so "
                              "their own score is locked; an admin can unlock it for one "
                              "change [E728]")
    assert {s.reviewer: s.weighted for s in item_scores(conn, ADMIN, hospital)} == {
        "ann": 2.0, "ben": 9.0}  # unchanged
    # ben has not looked at ann's score: he may still change his
    assert not score_locked(conn, BEN, hospital)
    with pytest.raises(PermissionDenied):
        unlock_score(conn, BEN, hospital, "ann")  # reviewers cannot unlock
    with pytest.raises(InputError) as err:
        unlock_score(conn, ADMIN, hospital, "ben")
    assert err.value.code == "E727"
    unlock_score(conn, ADMIN, hospital, "ann")
    submit_score(conn, ANN, rubric, hospital, _all(rubric, 6))  # one change
    assert score_locked(conn, ANN, hospital)  # locked again at once
    [row] = shortlist(conn, ADMIN, rubric)
    assert (row.reviewers, row.mean, row.changed) == (2, 7.5, 1)
    log = [(e["actor"], e["action"], e["detail"].get("unlocked_by"))
           for e in audit_log(conn, ADMIN, target_kind="item", target=hospital)]
    assert log[:2] == [("ann", "score.update", "admin"), ("admin", "score.unlock", None)]
    assert integrity_check(conn) == "ok"


def test_blind_rule_in_the_review_page(sample_db):
    from tests.app.harness import errors, page

    rubric = load_rubric()
    c = connect(sample_db)
    hospital = _ids(c)["南昌大学第四附属医院"]
    submit_score(c, BEN, rubric, hospital, _all(rubric, 9))
    submit_score(c, ANN, rubric, hospital, _all(rubric, 3))
    c.close()
    at = page("review_page", role="reviewer", name="ann", unit="江西省电教馆",
              query_params={"id": hospital})
    at.selectbox(key="review_item").set_value(hospital).run()
    assert not errors(at)
    # the others' scores are shown with the form still there (seen on this run) ...
    at.run()
    # ... and from then on the score is locked: no form, a notice in Chinese
    assert not errors(at)
    assert any("评分已锁定" in i.value for i in at.info), [i.value for i in at.info]
    assert not [b for b in at.get("form")]
    admin = page("review_page", role="admin", name="admin", query_params={"id": hospital})
    admin.selectbox(key="review_item").set_value(hospital).run()
    assert admin.selectbox(key=f"unlock_who_{hospital}").options == ["ann"]
    admin.button(key=f"unlock_{hospital}").click().run()
    assert not errors(admin)
    c = connect(sample_db)
    assert not __import__("huibian.services.review", fromlist=["x"]).score_locked(c, ANN, hospital)
    c.close()


def test_conflict_compares_normalized_units_and_unknown_units_need_an_admin(conn):
    """Issue 18: 南昌大學第四附屬醫院 (traditional) and items with no unit did not conflict
    with a 南昌大学 reviewer. Units are compared normalized; an item without a unit is
    "unknown" until an admin resolves it."""
    from huibian.services.review import item_unit, resolve_unit

    nanda = User("xu", "reviewer", "南昌大学")
    assert has_conflict(nanda, "南昌大學第四附屬醫院")
    assert has_conflict(User("y", "reviewer", "中共南昌大学委员会"), "南昌大学第四附属医院")
    assert has_conflict(User("z", "reviewer", "南昌大學"), "中共南昌大学委员会")
    assert has_conflict(User("w", "reviewer", "ＮＣＵ南昌大学"), "ncu南昌大学")
    assert not has_conflict(nanda, "江西省电教馆")
    assert not has_conflict(User("v", "reviewer", "中共江西省委"), "中共吴江市委")
    rubric = load_rubric()
    hospital = _ids(conn)["南昌大学第四附属医院"]
    conn.execute("UPDATE items SET unit='南昌大學第四附屬醫院' WHERE id=?", (hospital,))
    with pytest.raises(PermissionDenied) as err:
        submit_score(conn, nanda, rubric, hospital, _all(rubric, 5))
    assert err.value.code == "E721"
    orphan = _ids(conn)[""]  # an item whose unit was not found
    assert item_unit(conn, orphan) == (None, False)
    with pytest.raises(PermissionDenied) as err:
        submit_score(conn, BEN, rubric, orphan, _all(rubric, 5))
    assert err.value.code == "E729"
    with pytest.raises(PermissionDenied):
        resolve_unit(conn, BEN, orphan, "中共吴江市委")  # reviewers cannot resolve it
    submit_score(conn, User("nu", "reviewer"), rubric, orphan, _all(rubric, 4))  # no unit:
    # no conflict is possible for a reviewer without one
    resolve_unit(conn, ADMIN, orphan, "中共吴江市委")
    assert item_unit(conn, orphan) == ("中共吴江市委", True)
    with pytest.raises(PermissionDenied) as err:
        submit_score(conn, BEN, rubric, orphan, _all(rubric, 5))  # now a known conflict
    assert err.value.code == "E721"
    submit_score(conn, ANN, rubric, orphan, _all(rubric, 5))  # no conflict: scored
    resolve_unit(conn, ADMIN, orphan, "")  # "it has no unit": known, no conflict
    assert item_unit(conn, orphan) == (None, True)
    submit_score(conn, BEN, rubric, orphan, _all(rubric, 6))
    assert [e["action"] for e in audit_log(conn, ADMIN, target_kind="item", target=orphan)][:2] \
        == ["score.submit", "review.unit"]
    assert integrity_check(conn) == "ok"
