"""Bearer tokens of the HTTP API: issued at sign-in (``POST /api/v1/token``, hours) or
by the operator for a portal or a script (``huibian user token NAME``, days).

A token is ``hb_`` and 43 random URL-safe characters, shown once; the store keeps its
SHA-256 only (``api_tokens``), with the account, an expiry and a stamp of the
account's password hash. A token is refused when it is unknown, expired or revoked;
when its account has been removed or disabled, or its password changed since it was
issued, it is revoked for good at that moment (and ``Accounts.set_disabled`` /
``set_password`` revoke the account's tokens at once). Every check reads the accounts
file afresh, so a role change applies to the next request."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3
import time
from dataclasses import dataclass

from huibian.core.errors import HuibianError, InputError, NotFound
from huibian.core.settings import read_settings
from huibian.services.people import Accounts, User, audit, require
from huibian.store.db import now_iso, transaction

PREFIX = "hb_"
SIGNIN_HOURS = 12.0    # HUIBIAN_API_TOKEN_HOURS: a token from POST /api/v1/token
PORTAL_DAYS = 365      # huibian user token NAME without --expires
MAX_DAYS = 3650
_TOUCH_SECONDS = 60    # last_used_at is written at most once a minute per token


class TokenError(HuibianError):
    """No usable token: missing, malformed, unknown, expired or revoked (HTTP 401)."""

    code = "E751"


@dataclass(frozen=True)
class Issued:
    token: str          # the secret, shown once
    id: int
    account: str
    expires_at: str     # UTC ISO


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc(now: float | None) -> dt.datetime:
    return dt.datetime.fromtimestamp(now if now is not None else _now(), dt.timezone.utc)


def _now() -> float:
    return time.time()


def _iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="seconds")


def signin_hours(env=None) -> float:
    """``HUIBIAN_API_TOKEN_HOURS`` of ``read_settings(env)`` (a positive number, else
    E901), by default ``SIGNIN_HOURS``."""
    return read_settings(env).api_token_hours


def issue_token(conn: sqlite3.Connection, accounts: Accounts, name: str, *,
                kind: str = "signin", hours: float | None = None, days: float | None = None,
                label: str | None = None, actor: User | None = None,
                now: float | None = None) -> Issued:
    """A new token for the account ``name`` (which must exist and be enabled).
    ``kind='signin'`` lasts ``hours`` (default HUIBIAN_API_TOKEN_HOURS, 12);
    ``kind='portal'`` is issued by an admin (``actor``, audited) for ``days``
    (default 365)."""
    user = accounts.get(name)
    if accounts.is_disabled(name):
        raise InputError(f"the account {name!r} is disabled; enable it before issuing a "
                         "token", code="E754")
    if kind == "portal":
        require(actor, "manage_users")
        days = PORTAL_DAYS if days is None else days
        if not (0 < days <= MAX_DAYS):
            raise InputError(f"--expires must be between 1 and {MAX_DAYS} days", code="E757")
        life = dt.timedelta(days=days)
    elif kind == "signin":
        life = dt.timedelta(hours=hours if hours is not None else signin_hours())
    else:
        raise ValueError(kind)
    token = PREFIX + secrets.token_urlsafe(32)
    start = _utc(now)
    expires = _iso(start + life)
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO api_tokens (token_hash, prefix, account, kind, label, cred_stamp, "
            "created_at, expires_at) VALUES (?,?,?,?,?,?,?,?)",
            (_hash(token), token[:10], user.name, kind, label,
             accounts.credential_stamp(user.name), _iso(start), expires))
        if kind == "portal" and actor is not None:
            audit(conn, actor, "user.token", "user", user.name,
                  {"token": cur.lastrowid, "expires_at": expires, "label": label})
    return Issued(token, cur.lastrowid, user.name, expires)


def authenticate(conn: sqlite3.Connection, accounts: Accounts, token: str | None, *,
                 now: float | None = None) -> User:
    """The account behind a bearer token, with its current role and unit; TokenError
    when there is none to use. A token whose account was disabled or removed, or whose
    password changed, is revoked here for good."""
    if not token:
        raise TokenError("no token: sign in at POST /api/v1/token and send "
                         "'Authorization: Bearer TOKEN'", code="E750")
    row = conn.execute("SELECT * FROM api_tokens WHERE token_hash=?",
                       (_hash(token),)).fetchone()
    if row is None:
        raise TokenError("the token is not known; sign in again")
    if row["revoked_at"]:
        raise TokenError(f"the token was revoked ({row['revoked_reason'] or 'by hand'}); "
                         "sign in again")
    t = _utc(now)
    if _iso(t) >= row["expires_at"]:
        raise TokenError(f"the token expired at {row['expires_at']}; sign in again")
    name = row["account"]
    reason = None
    try:
        user = accounts.get(name)
    except NotFound:
        user, reason = None, "account removed"
    if user is not None and accounts.is_disabled(name):
        reason = "account disabled"
    elif user is not None and accounts.credential_stamp(name) != row["cred_stamp"]:
        reason = "password changed"
    if reason:
        revoke_account_tokens(conn, name, reason)
        raise TokenError(f"the token was revoked ({reason}); sign in again")
    last = row["last_used_at"]
    if last is None or (t - dt.datetime.fromisoformat(last)).total_seconds() > _TOUCH_SECONDS:
        with transaction(conn):
            conn.execute("UPDATE api_tokens SET last_used_at=? WHERE id=?", (_iso(t), row["id"]))
    return user  # type: ignore[return-value]


def revoke_account_tokens(conn: sqlite3.Connection, account: str, reason: str) -> int:
    """Revoke every live token of an account (its password changed, it was disabled).
    Returns how many. Runs in the caller's transaction when one is open."""
    sql = ("UPDATE api_tokens SET revoked_at=?, revoked_reason=? "
           "WHERE account=? AND revoked_at IS NULL")
    if conn.in_transaction:
        return conn.execute(sql, (now_iso(), reason, account)).rowcount
    with transaction(conn):
        return conn.execute(sql, (now_iso(), reason, account)).rowcount


def revoke_token(conn: sqlite3.Connection, actor: User, account: str, token_id: int) -> None:
    """Revoke one token of ``account`` by its id (admins; audited)."""
    require(actor, "manage_users")
    with transaction(conn):
        cur = conn.execute("UPDATE api_tokens SET revoked_at=?, revoked_reason=? "
                           "WHERE id=? AND account=? AND revoked_at IS NULL",
                           (now_iso(), f"revoked by {actor.name}", int(token_id), account))
        if cur.rowcount == 0:
            raise NotFound(f"{account} has no live token with id {token_id}", code="E756")
        audit(conn, actor, "user.token.revoke", "user", account, {"token": int(token_id)})


def revoke_all(conn: sqlite3.Connection, actor: User, account: str) -> int:
    require(actor, "manage_users")
    with transaction(conn):
        n = revoke_account_tokens(conn, account, f"revoked by {actor.name}")
        audit(conn, actor, "user.token.revoke", "user", account, {"token": "all", "count": n})
    return n


def list_tokens(conn: sqlite3.Connection, account: str, *, now: float | None = None
                ) -> list[dict]:
    """The account's tokens, newest first: id, prefix, kind, label, created_at,
    expires_at, last_used_at, state (live | expired | revoked) and revoked_reason."""
    t = _iso(_utc(now))
    out = []
    for r in conn.execute("SELECT * FROM api_tokens WHERE account=? ORDER BY id DESC",
                          (account,)):
        state = "revoked" if r["revoked_at"] else ("expired" if t >= r["expires_at"]
                                                   else "live")
        out.append({"id": r["id"], "prefix": r["prefix"], "kind": r["kind"],
                    "label": r["label"], "created_at": r["created_at"],
                    "expires_at": r["expires_at"], "last_used_at": r["last_used_at"],
                    "state": state, "revoked_reason": r["revoked_reason"]})
    return out
