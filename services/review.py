"""Review: the campaign rubric, reviewers' scores, the shortlist and its export.

Rules kept here (not in the UI):
- the rubric (criteria and weights) is the data file ``models/rubric.json`` the
  organizer edits; ``load_rubric`` checks it and names the line of an error;
- a reviewer scores each criterion on the rubric's scale and may comment; the item's
  weighted score is sum(weight * score) / sum(weights);
- a reviewer cannot score an item from their own unit (conflict of interest: unit
  names compared traditional as simplified, without 中共 … 委员会 around them), nor,
  when the reviewer has a unit, an item whose unit is unknown until an admin resolves
  it;
- a reviewer sees other people's scores for an item only after submitting their own
  (admins and editors, who organise the review, see them always), and once they have
  seen them (while there are any) their own score for the item is locked: a change
  needs an admin's ``unlock_score`` first (audited), and the shortlist counts the
  scores changed that way;
- the shortlist ranks items by mean weighted score with its spread (standard deviation
  and range); a reviewer's shortlist holds only items they have scored;
- every submitted or changed score is written to the audit log in the same
  transaction."""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
import statistics
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from huibian.core.errors import DataFileError, InputError, NotFound, PermissionDenied
from huibian.services.people import User, audit, require
from huibian.core.models_dir import model_file, packaged_models_dir
from huibian.core.script import script
from huibian.core.settings import Settings, read_settings
from huibian.search.index import OTHER_AXES, label_axes
from huibian.store.db import now_iso, transaction

RUBRIC_FILE = packaged_models_dir() / "rubric.json"  # the packaged rubric
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
MAX_COMMENT = 4000


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    weight: float
    description: str = ""


@dataclass(frozen=True)
class Rubric:
    title: str
    criteria: tuple[Criterion, ...]
    min: float
    max: float
    step: float
    version: str  # sha256 of the file, first 12 hex digits
    required_chars: tuple[tuple[str, int], ...] = ()  # (genre id, characters asked for)

    def weighted(self, scores: Mapping[str, float]) -> float:
        """Weighted mean over the criteria present in ``scores`` (a rubric edited after
        scoring leaves out criteria a score does not have)."""
        present = [c for c in self.criteria if c.id in scores]
        total = sum(c.weight for c in present)
        if not present or total <= 0:
            raise InputError("no rubric criterion was scored", code="E720")
        return sum(c.weight * float(scores[c.id]) for c in present) / total


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def rubric_file(settings: Settings | None = None) -> Path:
    """The rubric in use: ``HUIBIAN_RUBRIC``, else the models' ``rubric.json`` (the
    packaged one unless the ``HUIBIAN_MODELS`` folder replaces it)."""
    settings = read_settings() if settings is None else settings
    return settings.rubric if settings.rubric is not None else model_file("rubric.json",
                                                                          settings=settings)


def load_rubric(path: str | Path | None = None) -> Rubric:
    path = Path(path or rubric_file())
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"cannot read the rubric ({exc.strerror})", file=str(path),
                            code="E201") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"not valid JSON: {exc.msg}", file=str(path), line=exc.lineno,
                            code="E202") from exc

    def bad(message: str, needle: str | None = None):
        return DataFileError(message, file=str(path),
                             line=_line_of(text, needle) if needle else None, code="E203")

    if not isinstance(data, dict) or not isinstance(data.get("criteria"), list) \
            or not data["criteria"]:
        raise bad('the rubric needs a non-empty "criteria" list')
    scale = data.get("scale") or {}
    try:
        lo, hi = float(scale.get("min", 0)), float(scale.get("max", 10))
        step = float(scale.get("step", 1))
    except (TypeError, ValueError):
        raise bad('"scale" min, max and step must be numbers', '"scale"') from None
    if not lo < hi or step <= 0:
        raise bad('"scale" needs min < max and step > 0', '"scale"')
    criteria, seen = [], set()
    for c in data["criteria"]:
        cid = c.get("id") if isinstance(c, dict) else None
        if not isinstance(cid, str) or not _ID.match(cid):
            raise bad(f"criterion id {cid!r} must be letters, digits or _ (starting with a "
                      "letter)", json.dumps(cid, ensure_ascii=False) if cid else '"criteria"')
        if cid in seen:
            raise bad(f"criterion {cid!r} appears twice", f'"{cid}"')
        seen.add(cid)
        name = c.get("name")
        if not isinstance(name, str) or not name.strip():
            raise bad(f"criterion {cid!r} needs a name", f'"{cid}"')
        w = c.get("weight")
        if isinstance(w, bool) or not isinstance(w, (int, float)) or w <= 0:
            raise bad(f"criterion {cid!r}: weight must be a number > 0", f'"{cid}"')
        criteria.append(Criterion(cid, name.strip(), float(w), str(c.get("description", ""))))
    required = data.get("required_chars") or {}
    if not isinstance(required, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v > 0
            for k, v in required.items()):
        raise bad('"required_chars" maps genre ids to a whole number of characters > 0',
                  '"required_chars"')
    return Rubric(title=str(data.get("title") or "评审"), criteria=tuple(criteria), min=lo,
                  max=hi, step=step,
                  version=hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
                  required_chars=tuple(required.items()))


# -- scores --------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    item_id: str
    reviewer: str
    scores: dict[str, float]
    weighted: float
    comment: str
    submitted_at: str
    updated_at: str


def _score(r: sqlite3.Row) -> Score:
    return Score(r["item_id"], r["reviewer"], json.loads(r["scores"]), r["weighted"],
                 r["comment"], r["submitted_at"], r["updated_at"])


# what a unit's name may carry around the name of the body itself
_UNIT_PREFIXES = ("中国共产党", "中共")
_UNIT_SUFFIXES = ("委员会", "党总支", "党支部", "党委", "党组", "总支", "支部")


@lru_cache(maxsize=1)
def _t2s() -> dict[int, str]:
    table = dict(script().t2s)
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII forms
        table[cp] = chr(cp - 0xFEE0)
    return table


def _unit_key(unit: str | None) -> str:
    """A unit's name for comparison: traditional characters as simplified, full-width
    forms as ASCII, no spaces or punctuation, without 中共 … 委员会/党委 around it
    (中共南昌大学委员会, 南昌大學 and 南昌 大学 are all 南昌大学)."""
    key = re.sub(r"[\W_]+", "", (unit or "").translate(_t2s())).lower()
    for p in _UNIT_PREFIXES:
        if key.startswith(p) and len(key) - len(p) >= 2:
            key = key[len(p):]
            break
    for s in _UNIT_SUFFIXES:
        if key.endswith(s) and len(key) - len(s) >= 2:
            key = key[: -len(s)]
            break
    return key


def has_conflict(user: User, item_unit: str | None) -> bool:
    """True when the item comes from the reviewer's own unit: the same name, or one
    name containing the other (南昌大学 and 南昌大学第四附属医院), compared as
    ``_unit_key`` (traditional or simplified, spaces, 中共 … 委员会)."""
    a, b = _unit_key(user.unit), _unit_key(item_unit)
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a))


def _item_unit(conn: sqlite3.Connection, item_id: str) -> str | None:
    row = conn.execute("SELECT unit FROM items WHERE id=?", (item_id,)).fetchone()
    if row is None:
        raise NotFound(f"no item with id {item_id!r}")
    return row["unit"]


def item_unit(conn: sqlite3.Connection, item_id: str) -> tuple[str | None, bool]:
    """(the item's unit, whether it is known). An item whose unit was not found is
    unknown until an admin resolves it (``resolve_unit``); the admin's answer may be
    that it has none ('')."""
    unit = _item_unit(conn, item_id)
    if unit and unit.strip():
        return unit, True
    row = conn.execute("SELECT unit FROM review_units WHERE item_id=?", (item_id,)).fetchone()
    if row is None:
        return None, False
    return row["unit"] or None, True


def resolve_unit(conn: sqlite3.Connection, admin: User, item_id: str, unit: str) -> None:
    """An admin says which unit an item without one comes from ('' for none), so
    reviewers can be checked against it and may score it (audited)."""
    require(admin, "manage_users")
    _item_unit(conn, item_id)
    unit = (unit or "").strip()
    with transaction(conn):
        conn.execute("INSERT INTO review_units (item_id, unit, resolved_by, resolved_at) "
                     "VALUES (?,?,?,?) ON CONFLICT(item_id) DO UPDATE SET unit=excluded.unit, "
                     "resolved_by=excluded.resolved_by, resolved_at=excluded.resolved_at",
                     (item_id, unit, admin.name, now_iso()))
        audit(conn, admin, "review.unit", "item", item_id, {"unit": unit})


def check_can_score(conn: sqlite3.Connection, user: User, item_id: str) -> None:
    require(user, "score")
    unit, known = item_unit(conn, item_id)
    # unknown only matters to a reviewer with a unit (one without has no conflict)
    if not known and _unit_key(user.unit) and not user.can("manage_users"):
        raise PermissionDenied("this item's unit is unknown, so a conflict of interest "
                               "cannot be ruled out; an admin must say which unit it comes "
                               "from (or that it has none) before reviewers score it",
                               code="E729")
    if has_conflict(user, unit):
        raise PermissionDenied(f"{user.name} belongs to {user.unit}, and this item comes "
                               f"from {unit}: a reviewer cannot score their own unit's items",
                               code="E721")


def score_locked(conn: sqlite3.Connection, user: User, item_id: str) -> bool:
    """Whether the user has seen the other reviewers' scores for the item (so their own
    may not change) and no admin has unlocked it since."""
    row = conn.execute("SELECT unlocked_at FROM review_locks WHERE item_id=? AND reviewer=?",
                       (item_id, user.name)).fetchone()
    return row is not None and row["unlocked_at"] is None


def locked_reviewers(conn: sqlite3.Connection, item_id: str) -> list[str]:
    """The reviewers whose score for the item is locked (they have seen the others')."""
    return [r[0] for r in conn.execute(
        "SELECT reviewer FROM review_locks WHERE item_id=? AND unlocked_at IS NULL "
        "ORDER BY reviewer", (item_id,))]


def unlock_score(conn: sqlite3.Connection, admin: User, item_id: str, reviewer: str) -> None:
    """Let ``reviewer`` change their locked score for the item once (admins only;
    audited). The change locks it again and is counted in the shortlist."""
    require(admin, "manage_users")
    with transaction(conn):
        cur = conn.execute("UPDATE review_locks SET unlocked_by=?, unlocked_at=? "
                           "WHERE item_id=? AND reviewer=? AND unlocked_at IS NULL",
                           (admin.name, now_iso(), item_id, reviewer))
        if cur.rowcount == 0:
            raise InputError(f"{reviewer} has no locked score for item {item_id}", code="E727")
        audit(conn, admin, "score.unlock", "item", item_id, {"reviewer": reviewer})


def _lock(conn: sqlite3.Connection, user: User, item_id: str) -> None:
    """The user has seen the others' scores: lock their own (inside a transaction)."""
    conn.execute("INSERT INTO review_locks (item_id, reviewer, locked_at) VALUES (?,?,?) "
                 "ON CONFLICT(item_id, reviewer) DO NOTHING", (item_id, user.name, now_iso()))


def submit_score(conn: sqlite3.Connection, user: User, rubric: Rubric, item_id: str,
                 scores: Mapping[str, float], comment: str = "") -> Score:
    """Store (or replace) the user's score for an item; audited in the same transaction.
    A reviewer's score locked by the blind rule is refused (E728) until an admin
    unlocks it."""
    check_can_score(conn, user, item_id)
    if score_locked(conn, user, item_id):
        raise PermissionDenied(f"{user.name} has seen the other reviewers' scores for this "
                               "item, so their own score is locked; an admin can unlock it "
                               "for one change", code="E728")
    clean: dict[str, float] = {}
    for c in rubric.criteria:
        if c.id not in scores or scores[c.id] is None:
            raise InputError(f"score every criterion: {c.name} is missing", code="E722")
        try:
            v = float(scores[c.id])
        except (TypeError, ValueError):
            raise InputError(f"{c.name}: {scores[c.id]!r} is not a number", code="E723") from None
        if not rubric.min <= v <= rubric.max:
            raise InputError(f"{c.name}: {v:g} is outside {rubric.min:g}–{rubric.max:g}",
                             code="E723")
        clean[c.id] = v
    unknown = set(scores) - set(clean)
    if unknown:
        raise InputError(f"not in the rubric: {', '.join(sorted(unknown))}", code="E724")
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InputError(f"the comment is over {MAX_COMMENT} characters", code="E725")
    weighted = rubric.weighted(clean)
    now = now_iso()
    with transaction(conn):
        old = conn.execute("SELECT * FROM review_scores WHERE item_id=? AND reviewer=?",
                           (item_id, user.name)).fetchone()
        conn.execute(
            "INSERT INTO review_scores (item_id, reviewer, scores, weighted, comment, rubric, "
            "submitted_at, updated_at) VALUES (?,?,?,?,?,?,?,?) "
            "ON CONFLICT(item_id, reviewer) DO UPDATE SET scores=excluded.scores, "
            "weighted=excluded.weighted, comment=excluded.comment, rubric=excluded.rubric, "
            "updated_at=excluded.updated_at",
            (item_id, user.name, json.dumps(clean, sort_keys=True), weighted, comment,
             rubric.version, now, now))
        detail = {"scores": clean, "weighted": round(weighted, 4), "comment": comment,
                  "rubric": rubric.version}
        if old is not None:
            detail["before"] = {"scores": json.loads(old["scores"]),
                                "weighted": round(old["weighted"], 4), "comment": old["comment"]}
        lock = conn.execute("SELECT unlocked_by FROM review_locks WHERE item_id=? AND "
                            "reviewer=?", (item_id, user.name)).fetchone()
        if lock is not None:  # changed after seeing the others (an admin unlocked it)
            detail["unlocked_by"] = lock["unlocked_by"]
            conn.execute("UPDATE review_locks SET locked_at=?, unlocked_by=NULL, "
                         "unlocked_at=NULL, changes=changes+1 WHERE item_id=? AND reviewer=?",
                         (now, item_id, user.name))
        audit(conn, user, "score.update" if old else "score.submit", "item", item_id, detail)
    return my_score(conn, user, item_id)  # type: ignore[return-value]


def my_score(conn: sqlite3.Connection, user: User, item_id: str) -> Score | None:
    row = conn.execute("SELECT * FROM review_scores WHERE item_id=? AND reviewer=?",
                       (item_id, user.name)).fetchone()
    return _score(row) if row else None


def item_scores(conn: sqlite3.Connection, user: User, item_id: str) -> list[Score]:
    """Everyone's scores for an item. A reviewer must have submitted their own first."""
    require(user, "read")
    if not user.can("see_all_scores") and my_score(conn, user, item_id) is None:
        raise PermissionDenied("submit your own score for this item first; other reviewers' "
                               "scores are shown after that", code="E726")
    scores = [_score(r) for r in conn.execute(
        "SELECT * FROM review_scores WHERE item_id=? ORDER BY submitted_at, reviewer",
        (item_id,))]
    if (not user.can("see_all_scores") and user.can("score")
            and any(s.reviewer != user.name for s in scores)):
        with transaction(conn):  # seen: the user's own score is locked from now on
            _lock(conn, user, item_id)
    return scores


def scored_item_ids(conn: sqlite3.Connection, user: User) -> set[str]:
    return {r[0] for r in conn.execute("SELECT item_id FROM review_scores WHERE reviewer=?",
                                       (user.name,))}


# -- shortlist -----------------------------------------------------------------------

@dataclass(frozen=True)
class ShortlistRow:
    rank: int
    item_id: str
    title: str
    unit: str | None
    reviewers: int
    mean: float
    stdev: float   # population standard deviation of the reviewers' weighted scores
    low: float
    high: float
    changed: int = 0  # scores changed after their reviewer saw the others' (admin-unlocked)

    @property
    def spread(self) -> float:
        return self.high - self.low


def shortlist(conn: sqlite3.Connection, user: User, rubric: Rubric,
              limit: int | None = None) -> list[ShortlistRow]:
    """Items ranked by mean weighted score (recomputed under the current rubric), then
    by number of reviewers. A reviewer's list holds only items they have scored."""
    require(user, "read")
    rows = conn.execute(
        "SELECT s.item_id, s.reviewer, s.scores, i.title, i.unit FROM review_scores s "
        "JOIN items i ON i.id = s.item_id ORDER BY s.item_id").fetchall()
    mine = None if user.can("see_all_scores") else scored_item_ids(conn, user)
    by_item: dict[str, list] = {}
    meta: dict[str, tuple[str, str | None]] = {}
    for r in rows:
        if mine is not None and r["item_id"] not in mine:
            continue
        try:
            w = rubric.weighted(json.loads(r["scores"]))
        except InputError:  # a score of criteria no longer in the rubric
            continue
        by_item.setdefault(r["item_id"], []).append(w)
        meta[r["item_id"]] = (r["title"], r["unit"])
    changed = dict(conn.execute("SELECT item_id, sum(changes) FROM review_locks "
                                "GROUP BY item_id HAVING sum(changes) > 0").fetchall())
    ranked = sorted(by_item.items(),
                    key=lambda kv: (-statistics.fmean(kv[1]), -len(kv[1]), kv[0]))
    out = []
    for n, (iid, ws) in enumerate(ranked[:limit] if limit else ranked, 1):
        out.append(ShortlistRow(n, iid, meta[iid][0], meta[iid][1], len(ws),
                                round(statistics.fmean(ws), 3),
                                round(statistics.pstdev(ws), 3), round(min(ws), 3),
                                round(max(ws), 3), int(changed.get(iid, 0))))
    return out


# -- export --------------------------------------------------------------------------

from huibian.core.cells import neutralize  # noqa: E402 - the one rule of every export
from huibian.nlp.analysis_store import load_analysis, set_human_label
from huibian.search.index import refresh_facets


SHORTLIST_HEADERS = ("名次", "编号", "标题", "单位", "评审人数", "平均加权分", "标准差",
                     "最低分", "最高分")


def shortlist_xlsx(rows: Sequence[ShortlistRow], rubric: Rubric) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "入围名单"
    ws.append([neutralize(h) for h in SHORTLIST_HEADERS])
    for r in rows:
        ws.append([r.rank, neutralize(r.item_id), neutralize(r.title), neutralize(r.unit or ""),
                   r.reviewers, r.mean, r.stdev, r.low, r.high])
    for col, width in zip("ABCDEFGHI", (6, 18, 50, 30, 10, 12, 10, 10, 10)):
        ws.column_dimensions[col].width = width
    info = wb.create_sheet("评分标准")
    info.append(["评审", neutralize(rubric.title), "版本", rubric.version])
    info.append(["指标", "名称", "权重", "说明"])
    for c in rubric.criteria:
        info.append([neutralize(c.id), neutralize(c.name), c.weight, neutralize(c.description)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# -- label corrections ---------------------------------------------------------------

def correct_labels(conn: sqlite3.Connection, user: User, taxonomy, item_id: str, axis: str,
                   labels: Sequence[str], tokenizer=None) -> list[str]:
    """Store a person's labels for one axis of an item (a human label, which wins over
    the model's and is used by retraining), refresh the item's search facets, and
    record the change, all in one transaction. Labels are taxonomy ids."""
    # deferred for start-up time (numpy, scipy, sklearn)

    require(user, "label")
    if axis not in taxonomy.axes:
        raise InputError(f"unknown axis {axis!r}; axes: {', '.join(taxonomy.axes)}",
                         code="E730")
    ax = taxonomy[axis]
    labels = list(dict.fromkeys(labels))
    unknown = [lab for lab in labels if lab not in ax.ids]
    if unknown:
        raise InputError(f"not a {axis} label: {', '.join(unknown)}", code="E731")
    if not labels:
        raise InputError("choose at least one label", code="E732")
    if not ax.multi and len(labels) > 1:
        raise InputError(f"{ax.name} takes one label", code="E733")
    _item_unit(conn, item_id)  # NotFound for an unknown item
    before = load_analysis(conn, item_id).get(axis)
    before_ids = [b["label"] for b in ([before] if isinstance(before, dict) else before or [])]
    with transaction(conn):
        set_human_label(conn, item_id, axis, labels, user.name)
        if tokenizer is not None:

            refresh_facets(conn, tokenizer, [item_id])
        audit(conn, user, "label.set", "item", item_id,
              {"axis": axis, "labels": labels, "before": before_ids})
    return labels


# -- length against the required length ----------------------------------------------

_EFFECTIVE = """
    SELECT l.item_id, l.axis, l.label FROM labels l
    WHERE l.axis IN ({axes}) AND l.label != '' AND (l.source = 'human' OR (l.source = 'final'
          AND NOT EXISTS (SELECT 1 FROM labels h WHERE h.item_id = l.item_id
                          AND h.axis = l.axis AND h.source = 'human')))"""


def length_report(conn: sqlite3.Connection, rubric: Rubric) -> list[dict]:
    """Each item of a genre with a required length (rubric ``required_chars``): its
    length, the length asked for, and the ratio. Genre = the effective label (a human
    correction wins). One query over the whole collection."""
    required = dict(rubric.required_chars)
    if not required:
        return []
    rows = conn.execute(
        "SELECT i.id, i.title, i.unit, i.chars, e.label FROM items i JOIN ("
        + _EFFECTIVE.format(axes="'genre'") + ") e ON e.item_id = i.id "
        "ORDER BY i.id, e.label").fetchall()
    return [{"id": r["id"], "title": r["title"], "unit": r["unit"], "genre": r["label"],
             "chars": r["chars"], "required": required[r["label"]],
             "ratio": round(r["chars"] / required[r["label"]], 3)}
            for r in rows if r["label"] in required]


def collection_counts(conn: sqlite3.Connection, axes: Sequence[str] | None = None
                      ) -> dict[str, dict[str, int]]:
    """Items per value on each overview axis: the label axes (effective labels; the
    taxonomy's ``axes`` in its order, by default the four every taxonomy has, then any
    other axis of the stored labels), named carriers, region and year, each {value:
    items}, most items first (ties by value). The same counts as the search engine's
    facets of the whole collection, computed with one grouped query per axis."""
    queries = [
        # final labels (a covering index scan), minus the final labels of (item, axis)
        # pairs a person has labelled, plus the human labels
        "SELECT axis, label, count(*) FROM labels WHERE source = 'final' AND "
        "label != '' GROUP BY axis, label",
        "SELECT f.axis, f.label, -count(*) FROM (SELECT DISTINCT item_id, axis FROM labels "
        "WHERE source = 'human') h JOIN labels f ON f.item_id = h.item_id AND "
        "f.axis = h.axis AND f.source = 'final' WHERE f.label != '' "
        "GROUP BY f.axis, f.label",
        "SELECT axis, label, count(*) FROM labels WHERE source = 'human' AND "
        "label != '' GROUP BY axis, label",
        "SELECT 'named_carrier', name, count(DISTINCT item_id) FROM named_carriers "
        "WHERE name != '' GROUP BY name",
        "SELECT 'region', region, count(*) FROM items WHERE coalesce(region, '') != '' "
        "GROUP BY region",
        "SELECT 'year', substr(date, 1, 4), count(*) FROM items WHERE date GLOB "
        "'[0-9][0-9][0-9][0-9]*' GROUP BY substr(date, 1, 4)",
    ]
    totals: dict[tuple[str, str], int] = {}
    for k, q in enumerate(queries):
        for axis, value, n in conn.execute(q):
            if k < 3 and axis in OTHER_AXES:  # not a taxonomy axis
                continue
            totals[(axis, value)] = totals.get((axis, value), 0) + n
    found = {axis for (axis, _), n in totals.items() if n > 0}
    out: dict[str, dict[str, int]] = {a: {} for a in
                                      (*label_axes(found, axes), "named_carrier", "region",
                                       "year")}
    for (axis, value), n in sorted(totals.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        if n > 0:
            out[axis][value] = n
    return out
