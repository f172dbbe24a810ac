"""Review rounds and each reviewer's queue (issue 17).

An admin opens a round (初评, 复评 …) with the items to review, picked from a search, a
shortlist or a genre, and assigns each item to ``per_item`` reviewers:

- ``even``: every item goes to the eligible reviewers with the fewest items so far
  (ties broken by a rotation over the reviewers' names, so the same inputs give the
  same assignment); ``random``: the same, ties broken at random (``seed`` repeats it);
- never to a reviewer of the item's unit (``review.has_conflict``), nor, when the
  reviewer has a unit, to one of an item whose unit is unknown until an admin resolves
  it (``review.item_unit``); an item with fewer eligible reviewers than asked gets
  those there are, and is reported.

A reviewer's queue is the round's items assigned to them, in the round's order, with
what they have scored (待评 12 / 40); ``next_item`` is the first not yet scored after the
one given. A score in a round is the reviewer's own for that round (``round_scores``;
a reviewer may score the same item again in the next round), checked as
``review.submit_score`` checks (every criterion set, on the rubric's scale and step,
the conflict rule), and audited. The blind rule holds within a round: the others'
scores of an item are shown to a reviewer only after they submit their own, and from
then on their own is locked. The admin sees each reviewer's progress and the round's
ranking with the spread between reviewers; ``seed_round`` opens the next round with
the top of a round's ranking."""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
from dataclasses import dataclass
from typing import Mapping, Sequence

from huibian.core.errors import InputError, NotFound, PermissionDenied
from huibian.services.people import Accounts, User, audit, require
from huibian.services.review import (Score, _EFFECTIVE, MAX_COMMENT, Rubric, ShortlistRow, _unit_key,
                                     check_can_score, has_conflict, item_unit)
from huibian.store.db import now_iso, transaction

METHODS = ("even", "random")


@dataclass(frozen=True)
class Round:
    id: int
    name: str
    per_item: int
    method: str
    seeded_from: int | None
    created_by: str
    created_at: str
    closed_at: str | None
    items: int = 0
    assignments: int = 0
    scored: int = 0

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Opened:
    round: Round
    assigned: dict[str, int]            # reviewer -> items assigned
    short: list[tuple[str, int]]        # (item id, reviewers assigned) below per_item


@dataclass(frozen=True)
class QueueItem:
    item_id: str
    title: str
    unit: str | None
    done: bool


@dataclass(frozen=True)
class Queue:
    round: Round
    items: list[QueueItem]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.done)

    @property
    def pending(self) -> int:
        return self.total - self.done


RoundScore = Score  # a round's score is the same record as a review score


def _round(r: sqlite3.Row) -> Round:
    return Round(r["id"], r["name"], r["per_item"], r["method"], r["seeded_from"],
                 r["created_by"], r["created_at"], r["closed_at"],
                 *(r[k] for k in ("n_items", "n_assign", "n_scored") if k in r.keys()))


_ROUNDS = ("SELECT r.*, (SELECT count(*) FROM round_items i WHERE i.round_id=r.id) n_items, "
           "(SELECT count(*) FROM round_assignments a WHERE a.round_id=r.id) n_assign, "
           "(SELECT count(*) FROM round_scores s WHERE s.round_id=r.id) n_scored "
           "FROM review_rounds r")


def rounds(conn: sqlite3.Connection, user: User) -> list[Round]:
    """Every round, newest first (anyone who reads; a reviewer's queue says what is
    theirs)."""
    require(user, "read")
    return [_round(r) for r in conn.execute(_ROUNDS + " ORDER BY r.id DESC")]


def get_round(conn: sqlite3.Connection, round_id: int) -> Round:
    try:
        rid = int(round_id)
    except (TypeError, ValueError):
        raise NotFound(f"no review round {round_id!r}", code="E734") from None
    row = conn.execute(_ROUNDS + " WHERE r.id=?", (rid,)).fetchone()
    if row is None:
        raise NotFound(f"no review round {round_id!r}", code="E734")
    return _round(row)


def reviewers(accounts: Accounts) -> list[User]:
    """The accounts that may score (enabled), by name."""
    return [u for u in accounts.users()
            if u.can("score") and not accounts.is_disabled(u.name)]


def eligible(conn: sqlite3.Connection, reviewer: User, item_id: str) -> bool:
    """Whether ``reviewer`` may score the item (its unit not theirs, and known when the
    reviewer has a unit): the rule of ``review.check_can_score``."""
    unit, known = item_unit(conn, item_id)
    if not known and _unit_key(reviewer.unit):
        return False
    return not has_conflict(reviewer, unit)


def _assign(conn: sqlite3.Connection, item_ids: Sequence[str], people: Sequence[User],
            per_item: int, method: str, seed: int | None,
            load: dict[str, int] | None = None) -> tuple[dict[str, list[str]], list]:
    rng = random.Random(seed)
    load = dict(load or {}) or {u.name: 0 for u in people}
    for u in people:
        load.setdefault(u.name, 0)
    names = sorted(u.name for u in people)
    by_name = {u.name: u for u in people}
    out: dict[str, list[str]] = {}
    short = []
    for k, iid in enumerate(item_ids):
        ok = [n for n in names if eligible(conn, by_name[n], iid)]
        if method == "random":
            tie = {n: rng.random() for n in ok}
        else:  # rotate the order of ties from item to item
            tie = {n: (names.index(n) - k) % len(names) for n in ok}
        chosen = sorted(ok, key=lambda n: (load[n], tie[n]))[:per_item]
        for n in chosen:
            load[n] += 1
        out[iid] = sorted(chosen)
        if len(chosen) < per_item:
            short.append((iid, len(chosen)))
    return out, short


def open_round(conn: sqlite3.Connection, admin: User, name: str, item_ids: Sequence[str],
               reviewer_names: Sequence[str], per_item: int = 2, method: str = "even",
               *, seed: int | None = None, seeded_from: int | None = None,
               accounts: Accounts | None = None) -> Opened:
    """Open a round over ``item_ids`` (in that order, duplicates dropped) and assign
    each to ``per_item`` of ``reviewer_names`` (admins only; audited)."""
    require(admin, "manage_users")
    name = (name or "").strip()
    if not name:
        raise InputError("a round needs a name (初评, 复评 …)", code="E735")
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}; use even or random", code="E735")
    items = list(dict.fromkeys(i for i in item_ids if i))
    if not items:
        raise InputError("a round needs at least one item", code="E735")
    if isinstance(per_item, bool) or not isinstance(per_item, int) or per_item < 1:
        raise InputError(f"reviewers per item must be a whole number ≥ 1, not {per_item!r}",
                         code="E735")
    accounts = accounts or Accounts.for_store(conn)
    pool = {u.name: u for u in reviewers(accounts)}
    names = list(dict.fromkeys(reviewer_names))
    unknown = [n for n in names if n not in pool]
    if unknown:
        raise InputError(f"not a reviewer who can score: {', '.join(unknown)}", code="E735")
    if not names:
        raise InputError("a round needs at least one reviewer", code="E735")
    for iid in items:
        item_unit(conn, iid)  # NotFound for an unknown item
    people = [pool[n] for n in names]
    plan, short = _assign(conn, items, people, per_item, method, seed)
    now = now_iso()
    with transaction(conn):
        cur = conn.execute("INSERT INTO review_rounds (name, per_item, method, seeded_from, "
                           "created_by, created_at) VALUES (?,?,?,?,?,?)",
                           (name, per_item, method, seeded_from, admin.name, now))
        rid = cur.lastrowid
        conn.executemany("INSERT INTO round_items (round_id, item_id, position) VALUES (?,?,?)",
                         [(rid, iid, k) for k, iid in enumerate(items)])
        conn.executemany("INSERT INTO round_reviewers (round_id, reviewer) VALUES (?,?)",
                         [(rid, n) for n in names])
        conn.executemany("INSERT INTO round_assignments (round_id, item_id, reviewer, "
                         "assigned_at) VALUES (?,?,?,?)",
                         [(rid, iid, n, now) for iid, ns in plan.items() for n in ns])
        audit(conn, admin, "round.open", "round", str(rid),
              {"name": name, "items": len(items), "reviewers": names, "per_item": per_item,
               "method": method, "seeded_from": seeded_from,
               "short": [iid for iid, _ in short]})
    assigned = {n: sum(1 for ns in plan.values() if n in ns) for n in names}
    return Opened(get_round(conn, rid), assigned, short)


def add_items(conn: sqlite3.Connection, admin: User, round_id: int, item_ids: Sequence[str],
              *, seed: int | None = None, accounts: Accounts | None = None) -> Opened:
    """Add items to an open round (a bulk action from search results or a shortlist),
    assigned as the round assigns, to its reviewers, keeping the load even. Items
    already in the round are left as they are."""
    require(admin, "manage_users")
    rnd = _open_round(conn, round_id)
    have = {r[0] for r in conn.execute("SELECT item_id FROM round_items WHERE round_id=?",
                                       (rnd.id,))}
    new = [i for i in dict.fromkeys(item_ids) if i and i not in have]
    for iid in new:
        item_unit(conn, iid)
    accounts = accounts or Accounts.for_store(conn)
    pool = {u.name: u for u in reviewers(accounts)}
    load = dict(conn.execute(
        "SELECT r.reviewer, count(a.item_id) FROM round_reviewers r LEFT JOIN "
        "round_assignments a ON a.round_id=r.round_id AND a.reviewer=r.reviewer "
        "WHERE r.round_id=? GROUP BY r.reviewer", (rnd.id,)).fetchall())
    people = [pool[n] for n in sorted(load) if n in pool]  # still enabled reviewers
    if new and not people:
        raise InputError("the round has no reviewer left who can score", code="E735")
    plan, short = _assign(conn, new, people, rnd.per_item, rnd.method, seed, load)
    now = now_iso()
    start = len(have)
    with transaction(conn):
        conn.executemany("INSERT INTO round_items (round_id, item_id, position) VALUES (?,?,?)",
                         [(rnd.id, iid, start + k) for k, iid in enumerate(new)])
        conn.executemany("INSERT INTO round_assignments (round_id, item_id, reviewer, "
                         "assigned_at) VALUES (?,?,?,?)",
                         [(rnd.id, iid, n, now) for iid, ns in plan.items() for n in ns])
        if new:
            audit(conn, admin, "round.add", "round", str(rnd.id),
                  {"items": new, "short": [iid for iid, _ in short]})
    assigned = {n: sum(1 for ns in plan.values() if n in ns) for n in (p.name for p in people)}
    return Opened(get_round(conn, rnd.id), assigned, short)


def _open_round(conn: sqlite3.Connection, round_id: int) -> Round:
    rnd = get_round(conn, round_id)
    if not rnd.open:
        raise InputError(f"round {rnd.name} is closed", code="E737")
    return rnd


def close_round(conn: sqlite3.Connection, admin: User, round_id: int) -> Round:
    """Close a round: no more scores (admins only; audited)."""
    require(admin, "manage_users")
    rnd = _open_round(conn, round_id)
    with transaction(conn):
        conn.execute("UPDATE review_rounds SET closed_at=? WHERE id=?", (now_iso(), rnd.id))
        audit(conn, admin, "round.close", "round", str(rnd.id), {"name": rnd.name})
    return get_round(conn, rnd.id)


# -- the reviewer's queue ------------------------------------------------------------

def queue(conn: sqlite3.Connection, user: User, round_id: int) -> Queue:
    """The round's items assigned to ``user``, in the round's order, each with whether
    the user has scored it."""
    require(user, "read")
    rnd = get_round(conn, round_id)
    rows = conn.execute(
        "SELECT a.item_id, i.title, i.unit, s.item_id IS NOT NULL AS done "
        "FROM round_assignments a JOIN round_items o ON o.round_id=a.round_id "
        "AND o.item_id=a.item_id JOIN items i ON i.id=a.item_id "
        "LEFT JOIN round_scores s ON s.round_id=a.round_id AND s.item_id=a.item_id "
        "AND s.reviewer=a.reviewer WHERE a.round_id=? AND a.reviewer=? ORDER BY o.position",
        (rnd.id, user.name)).fetchall()
    return Queue(rnd, [QueueItem(r["item_id"], r["title"], r["unit"], bool(r["done"]))
                       for r in rows])


def next_item(q: Queue, after: str | None = None) -> str | None:
    """The first item of the queue not yet scored after ``after`` (wrapping round to the
    start); None when every item is scored."""
    ids = [i.item_id for i in q.items]
    start = ids.index(after) + 1 if after in ids else 0
    for i in q.items[start:] + q.items[:start]:
        if not i.done and i.item_id != after:
            return i.item_id
    return None


def _assigned(conn: sqlite3.Connection, user: User, rnd: Round, item_id: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM round_assignments WHERE round_id=? AND item_id=? AND "
                       "reviewer=?", (rnd.id, item_id, user.name)).fetchone()
    if row is None:
        raise PermissionDenied(f"{item_id} is not assigned to {user.name} in round "
                               f"{rnd.name}", code="E736")
    return row


def check_scores(rubric: Rubric, scores: Mapping[str, object]) -> dict[str, float]:
    """The scores as numbers, refused unless every criterion is set, on the rubric's
    scale and on its step (whole numbers on a scale of step 1)."""
    clean: dict[str, float] = {}
    for c in rubric.criteria:
        v = scores.get(c.id)
        if v is None or (isinstance(v, str) and not v.strip()):
            raise InputError(f"score every criterion: {c.name} is missing", code="E722")
        try:
            v = float(v)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InputError(f"{c.name}: {v!r} is not a number", code="E723") from None
        if not rubric.min <= v <= rubric.max:
            raise InputError(f"{c.name}: {v:g} is outside {rubric.min:g}–{rubric.max:g}",
                             code="E723")
        steps = (v - rubric.min) / rubric.step
        if abs(steps - round(steps)) > 1e-9:
            raise InputError(f"{c.name}: {v:g} is not on the scale's step of "
                             f"{rubric.step:g}", code="E723")
        clean[c.id] = v
    unknown = set(scores) - set(clean)
    if unknown:
        raise InputError(f"not in the rubric: {', '.join(sorted(unknown))}", code="E724")
    return clean


def submit(conn: sqlite3.Connection, user: User, rubric: Rubric, round_id: int,
           item_id: str, scores: Mapping[str, object], comment: str = "") -> RoundScore:
    """Store (or replace, until the user has seen the others') the user's score for an
    item of their queue; audited in the same transaction."""
    rnd = _open_round(conn, round_id)
    check_can_score(conn, user, item_id)
    a = _assigned(conn, user, rnd, item_id)
    if a["seen_at"] is not None:
        raise PermissionDenied(f"{user.name} has seen the other reviewers' scores for this "
                               "item in this round, so their own score is locked",
                               code="E728")
    clean = check_scores(rubric, scores)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InputError(f"the comment is over {MAX_COMMENT} characters", code="E725")
    weighted = rubric.weighted(clean)
    now = now_iso()
    with transaction(conn):
        old = conn.execute("SELECT scores FROM round_scores WHERE round_id=? AND item_id=? "
                           "AND reviewer=?", (rnd.id, item_id, user.name)).fetchone()
        conn.execute(
            "INSERT INTO round_scores (round_id, item_id, reviewer, scores, weighted, comment, "
            "rubric, submitted_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(round_id, item_id, reviewer) DO UPDATE SET scores=excluded.scores, "
            "weighted=excluded.weighted, comment=excluded.comment, rubric=excluded.rubric, "
            "updated_at=excluded.updated_at",
            (rnd.id, item_id, user.name, json.dumps(clean, sort_keys=True), weighted, comment,
             rubric.version, now, now))
        detail = {"round": rnd.id, "scores": clean, "weighted": round(weighted, 4),
                  "comment": comment, "rubric": rubric.version}
        if old is not None:
            detail["before"] = json.loads(old["scores"])
        audit(conn, user, "round.score.update" if old else "round.score.submit", "item",
              item_id, detail)
    return my_score(conn, user, rnd.id, item_id)  # type: ignore[return-value]


def _score(r: sqlite3.Row) -> RoundScore:
    return RoundScore(r["item_id"], r["reviewer"], json.loads(r["scores"]), r["weighted"],
                      r["comment"], r["submitted_at"], r["updated_at"])


def my_score(conn: sqlite3.Connection, user: User, round_id: int,
             item_id: str) -> RoundScore | None:
    row = conn.execute("SELECT * FROM round_scores WHERE round_id=? AND item_id=? AND "
                       "reviewer=?", (int(round_id), item_id, user.name)).fetchone()
    return _score(row) if row else None


def is_locked(conn: sqlite3.Connection, user: User, round_id: int, item_id: str) -> bool:
    row = conn.execute("SELECT seen_at FROM round_assignments WHERE round_id=? AND "
                       "item_id=? AND reviewer=?", (int(round_id), item_id, user.name)
                       ).fetchone()
    return row is not None and row["seen_at"] is not None


def item_scores(conn: sqlite3.Connection, user: User, round_id: int,
                item_id: str) -> list[RoundScore]:
    """Everyone's scores for an item in the round. A reviewer must have submitted their
    own first; seeing others' locks their own."""
    require(user, "read")
    rnd = get_round(conn, round_id)
    if not user.can("see_all_scores") and my_score(conn, user, rnd.id, item_id) is None:
        raise PermissionDenied("submit your own score for this item first; other reviewers' "
                               "scores are shown after that", code="E726")
    out = [_score(r) for r in conn.execute(
        "SELECT * FROM round_scores WHERE round_id=? AND item_id=? ORDER BY submitted_at, "
        "reviewer", (rnd.id, item_id))]
    if not user.can("see_all_scores") and any(s.reviewer != user.name for s in out):
        with transaction(conn):
            conn.execute("UPDATE round_assignments SET seen_at=? WHERE round_id=? AND "
                         "item_id=? AND reviewer=? AND seen_at IS NULL",
                         (now_iso(), rnd.id, item_id, user.name))
    return out


# -- the admin's view ----------------------------------------------------------------

@dataclass(frozen=True)
class Progress:
    reviewer: str
    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.done >= self.total


def progress(conn: sqlite3.Connection, admin: User, round_id: int) -> list[Progress]:
    """Each reviewer of the round: items scored of items assigned; unfinished first."""
    require(admin, "see_all_scores")
    rnd = get_round(conn, round_id)
    rows = conn.execute(
        "SELECT a.reviewer, count(*) total, count(s.item_id) done FROM round_assignments a "
        "LEFT JOIN round_scores s ON s.round_id=a.round_id AND s.item_id=a.item_id AND "
        "s.reviewer=a.reviewer WHERE a.round_id=? GROUP BY a.reviewer", (rnd.id,)).fetchall()
    out = [Progress(r["reviewer"], r["done"], r["total"]) for r in rows]
    return sorted(out, key=lambda p: (p.finished, p.done - p.total, p.reviewer))


def ranking(conn: sqlite3.Connection, user: User, rubric: Rubric,
            round_id: int) -> list[ShortlistRow]:
    """The round's scored items ranked by mean weighted score (under the current rubric),
    then by number of reviewers, with the spread between reviewers (standard deviation,
    lowest, highest). A reviewer's list holds only items they have scored in it."""
    require(user, "read")
    rnd = get_round(conn, round_id)
    rows = conn.execute(
        "SELECT s.item_id, s.reviewer, s.scores, i.title, i.unit FROM round_scores s "
        "JOIN items i ON i.id=s.item_id WHERE s.round_id=? ORDER BY s.item_id", (rnd.id,)
    ).fetchall()
    mine = None if user.can("see_all_scores") else {
        r["item_id"] for r in rows if r["reviewer"] == user.name}
    by_item: dict[str, list[float]] = {}
    meta: dict[str, tuple[str, str | None]] = {}
    for r in rows:
        if mine is not None and r["item_id"] not in mine:
            continue
        try:
            w = rubric.weighted(json.loads(r["scores"]))
        except InputError:
            continue
        by_item.setdefault(r["item_id"], []).append(w)
        meta[r["item_id"]] = (r["title"], r["unit"])
    ranked = sorted(by_item.items(),
                    key=lambda kv: (-statistics.fmean(kv[1]), -len(kv[1]), kv[0]))
    return [ShortlistRow(n, iid, meta[iid][0], meta[iid][1], len(ws),
                         round(statistics.fmean(ws), 3), round(statistics.pstdev(ws), 3),
                         round(min(ws), 3), round(max(ws), 3))
            for n, (iid, ws) in enumerate(ranked, 1)]


def seed_round(conn: sqlite3.Connection, admin: User, rubric: Rubric, from_round: int,
               top: int, name: str, reviewer_names: Sequence[str], per_item: int = 2,
               method: str = "even", *, seed: int | None = None,
               accounts: Accounts | None = None) -> Opened:
    """Open the next round (复评 …) with the ``top`` items of ``from_round``'s ranking."""
    require(admin, "manage_users")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InputError(f"the number of items to take must be ≥ 1, not {top!r}", code="E735")
    rows = ranking(conn, admin, rubric, from_round)[:top]
    return open_round(conn, admin, name, [r.item_id for r in rows], reviewer_names, per_item,
                      method, seed=seed, seeded_from=int(from_round), accounts=accounts)


def items_of_genre(conn: sqlite3.Connection, genre: str | None) -> list[str]:
    """The ids of the items whose effective genre is ``genre`` (a person's label wins
    over the model's), every item when ``genre`` is None; longest first, then by id."""
    if genre is None:
        return [r[0] for r in conn.execute("SELECT id FROM items ORDER BY chars DESC, id")]
    return [r[0] for r in conn.execute(
        "SELECT i.id FROM items i JOIN (" + _EFFECTIVE.format(axes="'genre'") + ") e "
        "ON e.item_id = i.id WHERE e.label = ? ORDER BY i.chars DESC, i.id", (genre,))]


def round_reviewers(conn: sqlite3.Connection, round_id: int) -> list[str]:
    return [r[0] for r in conn.execute("SELECT reviewer FROM round_reviewers WHERE round_id=? "
                                       "ORDER BY reviewer", (int(round_id),))]
