"""Reading the audit log: who changed which label, score, account or volume, and when.

Records are written by ``huibian.services.people.audit`` inside the transaction of the change
itself (``huibian/review.py`` for scores and labels, ``huibian/people.py`` for accounts,
``volume/model.py`` for volumes, the import page for imports). Reading them is for
admins only: every function here calls ``require(actor, "audit")`` first, so a
reviewer's or editor's call raises ``PermissionDenied`` whatever the UI shows.

Kinds group actions by what changed: ``label`` (label.set), ``score`` (score.submit,
score.update), ``user`` (user.add, user.role, user.password, user.disable,
user.enable, user.remove), ``volume`` (volume.create, volume.items.add, …,
volume.export) and ``import``. Times are UTC ISO strings (``2024-05-01T08:30:00+00:00``);
date filters are UTC dates, or dates in ``AuditFilter.tz``'s zone (the app gives the
campaign's), both ends included."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo
import json
import sqlite3
from dataclasses import dataclass

from huibian.core.errors import InputError
from huibian.services.people import User, require

KINDS = {"label": "标注", "score": "评分", "user": "账号", "volume": "汇编", "import": "导入",
         "api": "接口", "item": "文档", "file": "文件"}


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None              # account name, exact
    kind: str | None = None               # one of KINDS (the action's first part)
    since: dt.date | str | None = None    # UTC date, included
    until: dt.date | str | None = None    # UTC date, included
    target_kind: str | None = None        # item | user | volume | file
    target: str | None = None
    tz: str | None = None                 # since/until are dates in this zone (the app's
                                          # HUIBIAN_TZ); None: UTC dates


def _date(value, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{name} {value!r} is not a date; write it as YYYY-MM-DD",
                         code="E740") from None


def _day_start(day: dt.date, tz: str | None) -> str:
    """Where ``day`` begins, as the log's times are written: a UTC date as it is
    (``2024-03-01``, the prefix of that day's times); a date in zone ``tz`` as the UTC
    time of its midnight there (``2024-02-29T16:00:00+00:00`` for Asia/Shanghai)."""
    if tz is None:
        return day.isoformat()
    midnight = dt.datetime.combine(day, dt.time(), ZoneInfo(tz))
    return midnight.astimezone(dt.timezone.utc).isoformat()


def _where(f: AuditFilter) -> tuple[str, list]:
    where, args = [], []
    if f.actor:
        where.append("actor = ?")
        args.append(f.actor)
    if f.kind:
        if f.kind not in KINDS:
            raise InputError(f"unknown kind {f.kind!r}; kinds: {', '.join(KINDS)}",
                             code="E741")
        where.append("(action = ? OR action LIKE ?)")
        args += [f.kind, f.kind + ".%"]
    since, until = _date(f.since, "since"), _date(f.until, "until")
    if since and until and since > until:
        raise InputError(f"the date range {since}..{until} is empty (since is after until)",
                         code="E742")
    if since:
        where.append("at >= ?")
        args.append(_day_start(since, f.tz))
    if until:
        where.append("at < ?")
        args.append(_day_start(until + dt.timedelta(days=1), f.tz))
    if f.target_kind:
        where.append("target_kind = ?")
        args.append(f.target_kind)
    if f.target:
        where.append("target = ?")
        args.append(f.target)
    return (" WHERE " + " AND ".join(where)) if where else "", args


def query(conn: sqlite3.Connection, user: User, flt: AuditFilter | None = None, *,
          limit: int = 200, offset: int = 0, **filters) -> list[dict]:
    """Audit records matching the filter (an ``AuditFilter`` or its fields as keywords:
    ``actor="ben", kind="score"``), newest first: dicts with id, at, actor, action,
    target_kind, target and detail (decoded JSON). Only for ``user`` an admin."""
    require(user, "audit")
    flt = flt or AuditFilter(**filters)
    where, args = _where(flt)
    rows = conn.execute(f"SELECT id, at, actor, action, target_kind, target, detail "
                        f"FROM audit_log{where} ORDER BY id DESC LIMIT ? OFFSET ?",
                        (*args, max(0, int(limit)), max(0, int(offset)))).fetchall()
    return [dict(r) | {"detail": _detail(r["detail"])} for r in rows]


def count(conn: sqlite3.Connection, user: User, flt: AuditFilter | None = None,
          **filters) -> int:
    require(user, "audit")
    where, args = _where(flt or AuditFilter(**filters))
    return conn.execute(f"SELECT count(*) FROM audit_log{where}", args).fetchone()[0]


def actors(conn: sqlite3.Connection, user: User) -> list[str]:
    """Everyone who has an audit record (for the 'who' filter)."""
    require(user, "audit")
    return [r[0] for r in conn.execute("SELECT DISTINCT actor FROM audit_log ORDER BY actor")]


def first_year(conn: sqlite3.Connection, user: User, tz: str | None = None) -> int | None:
    """The year (in ``tz``, UTC when None) of the oldest audit record, None when there
    is none (for the year filter)."""
    require(user, "audit")
    first = conn.execute("SELECT min(at) FROM audit_log").fetchone()[0]
    if not first:
        return None
    at = dt.datetime.fromisoformat(first)
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return at.astimezone(ZoneInfo(tz) if tz else dt.timezone.utc).year


def kind_of(action: str) -> str:
    return action.split(".", 1)[0]


def _detail(raw: str | None) -> dict:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {"raw": raw}
    return value if isinstance(value, dict) else {"value": value}


def audit_log(conn: sqlite3.Connection, actor: User, *, target_kind: str | None = None,
              target: str | None = None, limit: int = 200) -> list[dict]:
    """The newest audit records (admins only); ``query`` has every filter."""
    return query(conn, actor, target_kind=target_kind, target=target, limit=limit)
