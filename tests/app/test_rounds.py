"""Review rounds and the reviewer's queue (services.rounds) on a real store: the sample
corpus, real accounts (Argon2) beside it, the packaged rubric (0–10, step 1)."""

from __future__ import annotations

import sqlite3

import pytest

from huibian.core.errors import HuibianError
from huibian.services import rounds
from huibian.services.people import Accounts
from huibian.services.review import load_rubric
from huibian.store import connect

from tests.app.conftest import PASSWORD

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

FULL = {"innovation": 8, "effect": 7, "replicable": 6, "writing": 9}  # weighted 7.5


@pytest.fixture
def store(sample_db):
    conn = connect(sample_db)
    acc = Accounts.for_store(conn)
    admin = acc.get("admin")
    acc.add(admin, "cat", PASSWORD, "reviewer", conn=conn)
    acc.add(admin, "dan", PASSWORD, "reviewer", "南昌大学", conn=conn)
    ids = {}
    for unit in ("江西省电教馆", "中共青山湖区教育体育局委员会", "中共吴江市委",
                 "南昌大学第四附属医院"):
        ids[unit] = conn.execute("SELECT id FROM items WHERE unit=? ORDER BY chars DESC, id",
                                 (unit,)).fetchone()[0]
    ids[None] = conn.execute("SELECT id FROM items WHERE unit IS NULL ORDER BY id"
                             ).fetchone()[0]
    yield conn, acc, admin, ids
    conn.close()


def _code(fn) -> str:
    with pytest.raises(HuibianError) as exc:
        fn()
    return exc.value.code


def _open(conn, admin, ids, **kw):
    order = [ids["江西省电教馆"], ids["中共青山湖区教育体育局委员会"], ids["中共吴江市委"],
             ids["南昌大学第四附属医院"], ids[None]]
    return rounds.open_round(conn, admin, "初评", order, ["ann", "ben", "cat", "dan"],
                             per_item=2, **kw), order


def test_even_assignment_never_to_the_items_unit(store):
    conn, _acc, admin, ids = store
    opened, order = _open(conn, admin, ids)
    got = {iid: sorted(r[0] for r in conn.execute(
        "SELECT reviewer FROM round_assignments WHERE round_id=? AND item_id=?",
        (opened.round.id, iid))) for iid in order}
    assert got == {ids["江西省电教馆"]: ["ben", "cat"],
                   ids["中共青山湖区教育体育局委员会"]: ["ann", "dan"],
                   ids["中共吴江市委"]: ["cat", "dan"],
                   ids["南昌大学第四附属医院"]: ["ann", "ben"],
                   ids[None]: ["cat"]}  # unit unknown: only the reviewer without a unit
    assert opened.assigned == {"ann": 2, "ben": 2, "cat": 3, "dan": 2}
    assert opened.short == [(ids[None], 1)]
    r = opened.round
    assert (r.name, r.per_item, r.method, r.items, r.assignments, r.scored, r.open) == (
        "初评", 2, "even", 5, 9, 0, True)
    detail = conn.execute("SELECT actor, action, target FROM audit_log WHERE action LIKE "
                          "'round.%'").fetchall()
    assert [tuple(d) for d in detail] == [("admin", "round.open", str(r.id))]


def test_random_assignment_is_repeatable_with_a_seed_and_keeps_the_rule(store):
    conn, _acc, admin, ids = store
    a, order = _open(conn, admin, ids, method="random", seed=7)
    b, _ = _open(conn, admin, ids, method="random", seed=7)

    def plan(rid):
        return sorted(tuple(r) for r in conn.execute(
            "SELECT item_id, reviewer FROM round_assignments WHERE round_id=?", (rid,)))

    assert plan(a.round.id) == plan(b.round.id)
    assert len(plan(a.round.id)) == 9
    for iid, who in plan(a.round.id):
        assert (iid, who) not in {(ids["江西省电教馆"], "ann"), (ids["中共吴江市委"], "ben"),
                                  (ids["南昌大学第四附属医院"], "dan")}
    assert sorted(a.assigned.values()) == [2, 2, 2, 3]


def test_bad_rounds_are_refused(store):
    conn, acc, admin, ids = store
    item = [ids["中共吴江市委"]]
    assert _code(lambda: rounds.open_round(conn, admin, " ", item, ["ann"])) == "E735"
    assert _code(lambda: rounds.open_round(conn, admin, "初评", [], ["ann"])) == "E735"
    assert _code(lambda: rounds.open_round(conn, admin, "初评", item, [])) == "E735"
    assert _code(lambda: rounds.open_round(conn, admin, "初评", item, ["ed"])) == "E735"
    assert _code(lambda: rounds.open_round(conn, admin, "初评", item, ["ann"], 0)) == "E735"
    assert _code(lambda: rounds.open_round(conn, admin, "初评", item, ["ann"],
                                           method="best")) == "E735"
    assert _code(lambda: rounds.open_round(conn, admin, "初评", ["0" * 16], ["ann"])) == "E310"
    assert _code(lambda: rounds.open_round(conn, acc.get("ed"), "初评", item,
                                           ["ann"])) == "E700"
    assert _code(lambda: rounds.get_round(conn, 99)) == "E734"
    assert conn.execute("SELECT count(*) FROM review_rounds").fetchone()[0] == 0


def test_queue_scoring_blind_rule_progress_ranking_and_next_round(store):
    conn, acc, admin, ids = store
    rubric = load_rubric()
    opened, order = _open(conn, admin, ids)
    rid = opened.round.id
    ann, cat, dan = acc.get("ann"), acc.get("cat"), acc.get("dan")
    q = rounds.queue(conn, ann, rid)
    assert [i.item_id for i in q.items] == [ids["中共青山湖区教育体育局委员会"],
                                            ids["南昌大学第四附属医院"]]
    assert (q.pending, q.total) == (2, 2) and rounds.next_item(q) == q.items[0].item_id
    first, second = q.items[0].item_id, q.items[1].item_id
    # a criterion unset, empty, not whole, out of range, not in the rubric: refused
    assert _code(lambda: rounds.submit(conn, ann, rubric, rid, first,
                                       {**FULL, "writing": None})) == "E722"
    assert _code(lambda: rounds.submit(conn, ann, rubric, rid, first,
                                       {k: v for k, v in FULL.items() if k != "effect"})
                 ) == "E722"
    assert _code(lambda: rounds.submit(conn, ann, rubric, rid, first,
                                       {**FULL, "effect": ""})) == "E722"
    assert _code(lambda: rounds.submit(conn, ann, rubric, rid, first,
                                       {**FULL, "effect": 7.5})) == "E723"
    assert _code(lambda: rounds.submit(conn, ann, rubric, rid, first,
                                       {**FULL, "effect": 11})) == "E723"
    assert _code(lambda: rounds.submit(conn, ann, rubric, rid, first,
                                       {**FULL, "extra": 1})) == "E724"
    # not in ann's queue; from ann's own unit
    assert _code(lambda: rounds.submit(conn, ann, rubric, rid, ids["中共吴江市委"], FULL)
                 ) == "E736"
    assert _code(lambda: rounds.submit(conn, ann, rubric, rid, ids["江西省电教馆"], FULL)
                 ) == "E721"
    assert conn.execute("SELECT count(*) FROM round_scores").fetchone()[0] == 0
    s = rounds.submit(conn, ann, rubric, rid, first, FULL, "思路清楚")
    assert (s.weighted, s.scores["effect"], s.comment) == (7.5, 7.0, "思路清楚")
    q = rounds.queue(conn, ann, rid)
    assert (q.done, q.total, rounds.next_item(q, first)) == (1, 2, second)
    # blind: dan sees nothing before submitting; after, sees both, and is locked
    assert _code(lambda: rounds.item_scores(conn, dan, rid, first)) == "E726"
    rounds.submit(conn, dan, rubric, rid, first,
                  {"innovation": 4, "effect": 5, "replicable": 6, "writing": 5})  # 4.9
    assert [x.reviewer for x in rounds.item_scores(conn, dan, rid, first)] == ["ann", "dan"]
    assert rounds.is_locked(conn, dan, rid, first) and not rounds.is_locked(conn, ann, rid, first)
    assert _code(lambda: rounds.submit(conn, dan, rubric, rid, first, FULL)) == "E728"
    rounds.submit(conn, ann, rubric, rid, first, {**FULL, "writing": 10})  # 7.7: not seen yet
    rounds.submit(conn, ann, rubric, rid, second, {k: 6 for k in FULL})
    rounds.submit(conn, cat, rubric, rid, ids[None], {k: 9 for k in FULL})
    q = rounds.queue(conn, ann, rid)
    assert (q.pending, rounds.next_item(q, second)) == (0, None)
    # the admin: who has not finished (unfinished first), the ranking with its spread
    prog = [(p.reviewer, p.done, p.total) for p in rounds.progress(conn, admin, rid)]
    assert prog == [("ben", 0, 2), ("cat", 1, 3), ("dan", 1, 2), ("ann", 2, 2)]
    assert _code(lambda: rounds.progress(conn, ann, rid)) == "E700"
    rank = rounds.ranking(conn, admin, rubric, rid)
    assert [(r.rank, r.item_id, r.reviewers, r.mean, r.stdev, r.low, r.high) for r in rank] == [
        (1, ids[None], 1, 9.0, 0.0, 9.0, 9.0),
        (2, first, 2, 6.3, 1.4, 4.9, 7.7),
        (3, second, 1, 6.0, 0.0, 6.0, 6.0)]
    assert [r.item_id for r in rounds.ranking(conn, cat, rubric, rid)] == [ids[None]]
    # the shortlist seeds the next round
    nxt = rounds.seed_round(conn, admin, rubric, rid, 2, "复评", ["ann", "cat"], per_item=1)
    assert (nxt.round.name, nxt.round.seeded_from, nxt.round.items) == ("复评", rid, 2)
    assert [i.item_id for i in rounds.queue(conn, cat, nxt.round.id).items] == [ids[None]]
    assert [i.item_id for i in rounds.queue(conn, ann, nxt.round.id).items] == [first]
    # a score in the new round is its own: ann scores the same item again
    rounds.submit(conn, ann, rubric, nxt.round.id, first, {k: 5 for k in FULL})
    assert rounds.my_score(conn, ann, rid, first).weighted == 7.7
    # a closed round takes no more scores; rounds are listed newest first
    rounds.close_round(conn, admin, rid)
    assert _code(lambda: rounds.submit(conn, ann, rubric, rid, first, FULL)) == "E737"
    listed = rounds.rounds(conn, ann)
    assert [(r.name, r.open, r.scored) for r in listed] == [("复评", True, 1), ("初评", False, 4)]
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_log WHERE action LIKE "
                                          "'round.%' ORDER BY id")]
    assert actions == ["round.open", "round.score.submit", "round.score.submit",
                       "round.score.update", "round.score.submit", "round.score.submit",
                       "round.open", "round.score.submit", "round.close"]


def test_items_added_to_an_open_round_keep_the_load_even(store):
    conn, acc, admin, ids = store
    opened = rounds.open_round(conn, admin, "初评", [ids["中共吴江市委"]], ["ann", "cat"],
                               per_item=1)
    assert opened.assigned == {"ann": 1, "cat": 0}
    added = rounds.add_items(conn, admin, opened.round.id,
                             [ids["中共吴江市委"], ids["中共青山湖区教育体育局委员会"],
                              ids["江西省电教馆"]])
    assert added.assigned == {"ann": 0, "cat": 2} and added.short == []
    assert added.round.items == 3 and added.round.assignments == 3
    q = rounds.queue(conn, acc.get("cat"), opened.round.id)
    assert [i.item_id for i in q.items] == [ids["中共青山湖区教育体育局委员会"],
                                            ids["江西省电教馆"]]


def test_round_cli(store, sample_db, capsys):
    import json

    from huibian.cli import main

    conn, acc, _admin, ids = store
    items = [ids["中共青山湖区教育体育局委员会"], ids["南昌大学第四附属医院"]]
    db = ["--db", str(sample_db)]
    assert main(["round", "open", "初评", "--items", *items, "--reviewers", "ann,ben",
                 "--per-item", "2", "--json", *db]) == 0
    opened = json.loads(capsys.readouterr().out)
    rid = opened["round"]["id"]
    assert (opened["round"]["name"], opened["round"]["items"], opened["assigned"],
            opened["short"]) == ("初评", 2, {"ann": 2, "ben": 2}, [])
    rubric = load_rubric()
    rounds.submit(conn, acc.get("ann"), rubric, rid, items[0], FULL)
    assert main(["round", "progress", str(rid), "--json", *db]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"reviewer": "ben", "done": 0, "total": 2}, {"reviewer": "ann", "done": 1, "total": 2}]
    assert main(["round", "rank", str(rid), "--json", *db]) == 0
    rank = json.loads(capsys.readouterr().out)
    assert [(r["rank"], r["id"], r["mean"], r["reviewers"]) for r in rank] == [
        (1, items[0], 7.5, 1)]
    assert main(["round", "open", "复评", "--from-round", str(rid), "--top", "1",
                 "--reviewers", "ben", "--per-item", "1", *db]) == 0
    assert "opened round" in capsys.readouterr().err
    assert main(["round", "close", str(rid), *db]) == 0
    assert main(["round", "list", "--json", *db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["items"], r["closed_at"] is None) for r in listed] == [
        ("复评", 1, True), ("初评", 2, False)]
    assert main(["round", "open", "x", "--items", items[0], "--reviewers", "ed", *db]) == 1
    assert "[E735]" in capsys.readouterr().err
