"""Signing in and staying signed in: session lifetimes and slowing down guessing.

Sessions
    A session starts at sign-in and ends when it has been idle for
    ``HUIBIAN_SESSION_IDLE_MIN`` minutes (default 30) or is older than
    ``HUIBIAN_SESSION_MAX_HOURS`` hours (default 12), whichever comes first. Every
    action refreshes the session against the accounts file, so a role change applies
    at once and a disabled or removed account is signed out at its next action.

Failed sign-ins
    Counted per account name and client address together, per client address, and
    per account name alone (names known or not, so the answer does not tell which
    names exist), in the store's ``signin_failures`` table, so the counts survive an
    app restart. The first ``HUIBIAN_SIGNIN_FREE_FAILURES`` (3) failures of a name from
    one address cost nothing; each further one locks that name for that address for
    ``base * 2**(n-1)`` seconds (1, 2, 4, … capped at ``HUIBIAN_SIGNIN_MAX_DELAY_S``,
    900). A client address gets ``HUIBIAN_SIGNIN_FREE_FAILURES_CLIENT`` (10) free
    failures (several people may share one address), then the same doubling. A name
    alone (guessed from many addresses) gets ``HUIBIAN_SIGNIN_FREE_FAILURES_ACCOUNT``
    (20), then the doubling up to a ceiling of ``HUIBIAN_SIGNIN_ACCOUNT_MAX_DELAY_S``
    (60): nobody can keep an account (``admin``) locked for everyone with a wrong try
    now and then, and distributed guessing is still slowed down. While locked, an
    attempt is refused without checking the password (and not counted).
    Counts are forgotten ``HUIBIAN_SIGNIN_WINDOW_MIN`` minutes (60) after the last
    failure; a successful sign-in clears the name's counts (not the client's: one
    valid account must not reset a client's guessing budget).

    The password check (Argon2, tens of milliseconds) runs outside the database: a
    ``SignIn`` given a context-manager factory for the connection (the app's shared,
    locked one) holds it only for the reads and writes of the counts.

Every function takes ``now`` (unix seconds) or a ``clock``, so tests control time."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Callable, Iterator, Mapping

from huibian.core.errors import HuibianError, NotFound
from huibian.core.settings import Settings, read_settings
from huibian.services.people import Accounts, User
from huibian.store.db import is_connection, store_dir, transaction

Clock = Callable[[], float]


class SessionExpired(HuibianError):
    code = "E720"

    def __init__(self, message: str, reason: str):
        self.reason = reason  # idle | lifetime | account
        super().__init__(message)


# -- sessions ------------------------------------------------------------------------

@dataclass(frozen=True)
class SessionPolicy:
    idle_minutes: float = 30.0
    max_hours: float = 12.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "SessionPolicy":
        """``HUIBIAN_SESSION_IDLE_MIN``, ``HUIBIAN_SESSION_MAX_HOURS`` of
        ``read_settings(env)`` (``os.environ`` by default)."""
        return cls.from_settings(read_settings(env))

    @classmethod
    def from_settings(cls, settings: Settings) -> "SessionPolicy":
        return cls(settings.session_idle_min, settings.session_max_hours)


@dataclass(frozen=True)
class Session:
    user: User
    started: float    # unix seconds
    last_seen: float  # unix seconds


def start_session(user: User, now: float) -> Session:
    return Session(user, now, now)


def refresh_session(session: Session, policy: SessionPolicy, now: float,
                    accounts: Accounts | None = None) -> Session:
    """The session, seen again at ``now`` (with the account's current role and unit
    when ``accounts`` is given); SessionExpired when it has ended."""
    if now - session.last_seen > policy.idle_minutes * 60:
        raise SessionExpired(f"signed out after {policy.idle_minutes:g} minutes without "
                             "activity; sign in again", "idle")
    if now - session.started > policy.max_hours * 3600:
        raise SessionExpired(f"signed out: a session lasts at most {policy.max_hours:g} "
                             "hours; sign in again", "lifetime")
    user = session.user
    if accounts is not None:
        try:
            user = accounts.get(user.name)
        except NotFound:
            raise SessionExpired("this account no longer exists", "account") from None
        if accounts.is_disabled(user.name):
            raise SessionExpired("this account has been disabled", "account")
    return replace(session, user=user, last_seen=now)


# -- failed sign-ins -----------------------------------------------------------------

@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int = 3            # per account
    free_failures_client: int = 10    # per client address
    base_delay: float = 1.0           # seconds, doubled for every further failure
    max_delay: float = 900.0          # seconds
    window: float = 3600.0            # seconds after the last failure a count is forgotten
    free_failures_account: int = 20   # per account name, over all addresses
    account_max_delay: float = 60.0   # seconds: the ceiling on locking a name for everyone

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "ThrottlePolicy":
        """The ``HUIBIAN_SIGNIN_*`` settings of ``read_settings(env)``."""
        return cls.from_settings(read_settings(env))

    @classmethod
    def from_settings(cls, s: Settings) -> "ThrottlePolicy":
        return cls(s.signin_free_failures, s.signin_free_failures_client, cls.base_delay,
                   s.signin_max_delay_s, s.signin_window_min * 60,
                   s.signin_free_failures_account, s.signin_account_max_delay_s)

    def delay(self, failures: int, free: int, ceiling: float | None = None) -> float:
        """Seconds locked after the ``failures``-th consecutive failure."""
        over = failures - free
        if over <= 0:
            return 0.0
        return min(self.max_delay if ceiling is None else ceiling,
                   self.base_delay * 2 ** min(over - 1, 60))


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    status: str           # ok | wrong | locked | disabled
    wait: float = 0.0     # seconds until the next attempt is checked (locked / wrong)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def account_key(name: str) -> str:
    return "account:" + (name or "").strip()


def client_key(client: str) -> str:
    return "client:" + client


def pair_key(name: str, client: str | None) -> str:
    return f"pair:{(name or '').strip()}|{client or '-'}"


class SignIn:
    """Sign-in with throttling of failures, for one store and its accounts."""

    def __init__(self, conn, accounts: Accounts | None = None,
                 policy: ThrottlePolicy | None = None, clock: Clock = time.time):
        """``conn``: a connection, or a context-manager factory giving one (the app's
        ``_ui.db``, which holds a shared lock while it is open: the password check
        runs with it released)."""
        if is_connection(conn):
            self.conn, self._factory = conn, None
        else:
            self.conn, self._factory = None, conn
        self.accounts = accounts or (Accounts.for_store(conn) if self.conn is not None
                                     else None)
        if self.accounts is None:
            with self._db() as c:
                self.accounts = Accounts.for_store(c)
        self.policy = policy or ThrottlePolicy.from_env()
        self.clock = clock

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        if self._factory is None:
            yield self.conn
        else:
            with self._factory() as c:
                yield c

    def _keys(self, name: str, client: str | None) -> list[tuple[str, int, float | None]]:
        p = self.policy
        keys = [(pair_key(name, client), p.free_failures, None),
                (account_key(name), p.free_failures_account, p.account_max_delay)]
        if client:
            keys.append((client_key(client), p.free_failures_client, None))
        return keys

    def wait(self, name: str, client: str | None = None) -> float:
        """Seconds before an attempt for this name from this client is checked."""
        now = self.clock()
        waits = [0.0]
        with self._db() as conn:
            for key, _free, _ceiling in self._keys(name, client):
                row = conn.execute("SELECT locked_until FROM signin_failures WHERE key=?",
                                   (key,)).fetchone()
                if row is not None:
                    waits.append(row[0] - now)
        return max(waits)

    def attempt(self, name: str, password: str, client: str | None = None) -> SignInResult:
        wait = self.wait(name, client)
        if wait > 0:
            return SignInResult(None, "locked", wait)
        user, disabled = self.accounts.verify(name, password)  # Argon2: no lock held
        if user is None:
            return SignInResult(None, "wrong", self._failed(name, client))
        self._clear(pair_key(name, client), account_key(name))
        if disabled:
            return SignInResult(None, "disabled")
        return SignInResult(user, "ok")

    def _failed(self, name: str, client: str | None) -> float:
        now = self.clock()
        p = self.policy
        wait = 0.0
        with self._db() as conn, transaction(conn):
            conn.execute("DELETE FROM signin_failures WHERE last_failure < ?",
                         (now - p.window,))
            for key, free, ceiling in self._keys(name, client):
                row = conn.execute("SELECT failures FROM signin_failures WHERE key=?",
                                   (key,)).fetchone()
                failures = (row[0] if row else 0) + 1
                delay = p.delay(failures, free, ceiling)
                conn.execute(
                    "INSERT INTO signin_failures (key, failures, last_failure, locked_until) "
                    "VALUES (?,?,?,?) ON CONFLICT(key) DO UPDATE SET failures=excluded.failures,"
                    " last_failure=excluded.last_failure, locked_until=excluded.locked_until",
                    (key, failures, now, now + delay))
                wait = max(wait, delay)
        return wait

    def _clear(self, *keys: str) -> None:
        with self._db() as conn, transaction(conn):
            conn.executemany("DELETE FROM signin_failures WHERE key=?", [(k,) for k in keys])

    def failures(self, key: str) -> int:
        with self._db() as conn:
            row = conn.execute("SELECT failures FROM signin_failures WHERE key=?",
                               (key,)).fetchone()
        return row[0] if row else 0


def client_address(headers: Mapping[str, str] | None, peer: str | None, *,
                   trust_proxy: bool | None = None) -> str | None:
    """The client's address: the direct peer, or, behind a reverse proxy that the
    operator declares trusted (``HUIBIAN_TRUST_PROXY=1``), the address that proxy
    appended last to ``X-Forwarded-For`` (earlier entries are the client's own claims)
    or its ``X-Real-IP``."""
    if trust_proxy is None:
        trust_proxy = read_settings().trust_proxy
    if trust_proxy and headers:
        lower = {k.lower(): v for k, v in headers.items()}
        forwarded = [p.strip() for p in (lower.get("x-forwarded-for") or "").split(",")
                     if p.strip()]
        if forwarded:
            return forwarded[-1]
        if (lower.get("x-real-ip") or "").strip():
            return lower["x-real-ip"].strip()
    return (peer or "").strip() or None


# -- sessions kept by the browser (a signed cookie) ------------------------------------
#
# The app keeps a session in a cookie so that a reload, a new tab or a shared link
# keeps the user signed in. The cookie holds ``<id>.<signature>``: the id of a row of
# ``app_sessions`` (32 random hex digits) and an HMAC-SHA256 of it by the key in the
# store folder (``<store>_files/session.key``, made on first use, readable by its owner
# only), so a cookie not made by this store is refused before any lookup. The row says
# who and since when; the idle time and the lifetime are those of ``SessionPolicy``; a
# row is revoked at sign-out, when its account is disabled or removed, and when the
# password changes (the credential stamp kept at sign-in no longer matches).

COOKIE_NAME = "huibian_session"
KEY_FILE = "session.key"
_TOUCH_S = 30.0  # last_seen is written at most every 30 s per session
# revocations the user is told of as the account's ("account"), not a sign-out
ACCOUNT_REASONS = ("account", "account disabled", "account removed", "password changed")


def session_key(conn: sqlite3.Connection) -> bytes:
    """The store's signing key (``<store>_files/session.key``), made on first use."""
    path = store_dir(conn) / KEY_FILE
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) >= 32:
            return key
    except (OSError, ValueError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(32) + "\n")
    try:
        os.link(tmp, path)  # the first writer wins; a second one reads its key
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _sign(key: bytes, sid: str) -> str:
    return hmac.new(key, ("huibian-session:" + sid).encode("ascii"), hashlib.sha256
                    ).hexdigest()[:32]


@dataclass(frozen=True)
class CookieSession:
    session: Session
    sid: str
    token: str  # the cookie's value


class CookieSessions:
    """Sessions of one store resumed from a browser cookie."""

    def __init__(self, conn: sqlite3.Connection, accounts: Accounts | None = None,
                 policy: SessionPolicy | None = None, key: bytes | None = None):
        self.conn = conn
        self.accounts = accounts or Accounts.for_store(conn)
        self.policy = policy or SessionPolicy.from_env()
        self.key = key if key is not None else session_key(conn)

    def token(self, sid: str) -> str:
        return f"{sid}.{_sign(self.key, sid)}"

    def max_age(self, cs: CookieSession, now: float) -> int:
        """Seconds the cookie should live: until the session's lifetime is over."""
        return max(0, int(cs.session.started + self.policy.max_hours * 3600 - now))

    def start(self, user: User, now: float) -> CookieSession:
        sid = secrets.token_hex(16)
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO app_sessions (id, account, started, last_seen, stamp) "
                "VALUES (?,?,?,?,?)",
                (sid, user.name, now, now, self.accounts.credential_stamp(user.name)))
        return CookieSession(Session(user, now, now), sid, self.token(sid))

    def resume(self, token: str | None, now: float) -> CookieSession:
        """The session a cookie names, seen again at ``now``; SessionExpired when there
        is none (reason ``none``: no cookie, a forged or unknown one; ``revoked``), or it
        has ended (``idle``, ``lifetime``, ``account``: then it is revoked for good)."""
        sid, _, sig = (token or "").strip().partition(".")
        if (len(sid) != 32 or not all(c in "0123456789abcdef" for c in sid)
                or not hmac.compare_digest(sig, _sign(self.key, sid))):
            raise SessionExpired("no valid session cookie", "none")
        row = self.conn.execute("SELECT * FROM app_sessions WHERE id=?", (sid,)).fetchone()
        if row is None:
            raise SessionExpired("unknown session", "none")
        if row["revoked_at"] is not None:  # signed out, or its account changed
            raise SessionExpired(f"session ended: {row['revoked_reason']}",
                                 "account" if row["revoked_reason"] in ACCOUNT_REASONS
                                 else "revoked")
        try:
            if (row["stamp"] is not None
                    and self.accounts.credential_stamp(row["account"]) not in (None, row["stamp"])):
                raise SessionExpired("the password has changed", "account")
            session = refresh_session(
                Session(User(row["account"], "reader"), row["started"], row["last_seen"]),
                self.policy, now, self.accounts)
        except SessionExpired as exc:
            self.revoke(sid, now, exc.reason)
            raise
        if now - row["last_seen"] >= _TOUCH_S:
            with transaction(self.conn):
                self.conn.execute("UPDATE app_sessions SET last_seen=? WHERE id=?", (now, sid))
        return CookieSession(session, sid, self.token(sid))

    def touch(self, sid: str, now: float) -> None:
        """Activity inside an open page (no new request): the idle clock restarts."""
        with transaction(self.conn):
            self.conn.execute("UPDATE app_sessions SET last_seen=max(last_seen, ?) WHERE id=? "
                              "AND revoked_at IS NULL", (now, sid))

    def revoke(self, sid: str, now: float, reason: str = "signed out") -> None:
        revoke_sessions(self.conn, now, reason, sid=sid)


def revoke_sessions(conn: sqlite3.Connection, now: float, reason: str, *,
                    sid: str | None = None, account: str | None = None) -> int:
    """Revoke one session (``sid``) or every live one of an ``account``; how many.
    Runs in the caller's transaction when one is open."""
    if (sid is None) == (account is None):
        raise ValueError("give sid or account")
    sql = ("UPDATE app_sessions SET revoked_at=?, revoked_reason=? WHERE revoked_at IS NULL "
           + ("AND id=?" if sid is not None else "AND account=?"))
    args = (now, reason, sid if sid is not None else account)
    if conn.in_transaction:
        return conn.execute(sql, args).rowcount
    with transaction(conn):
        return conn.execute(sql, args).rowcount


def forget_old_sessions(conn: sqlite3.Connection, now: float, policy: SessionPolicy) -> int:
    """Delete rows of sessions that could no longer be resumed (a day past their
    lifetime), so the table does not grow without end."""
    with transaction(conn):
        return conn.execute("DELETE FROM app_sessions WHERE started < ?",
                            (now - policy.max_hours * 3600 - 86400,)).rowcount
