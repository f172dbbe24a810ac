"""Session lifetimes and throttled sign-in failures, with an injected clock (no sleeping)
and a real store and accounts file in tmp_path."""

from __future__ import annotations

import pytest

from huibian.core.errors import HuibianError
from huibian.services.people import LOCAL_OPERATOR, Accounts, User
from huibian.services.sessions import (SessionExpired, SessionPolicy, SignIn, ThrottlePolicy,
                              client_address, refresh_session, start_session)
from huibian.store import connect

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

PW = "password-1"


class Clock:
    def __init__(self, t: float = 1_700_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def store(db_path):
    conn = connect(db_path)
    acc = Accounts.for_store(conn)
    acc.add(LOCAL_OPERATOR, "root", PW, "admin", conn=conn)
    acc.add(LOCAL_OPERATOR, "ann", PW, "reviewer", "江西省电教馆", conn=conn)
    yield conn, acc, db_path
    conn.close()


def test_policy_defaults_and_environment():
    assert SessionPolicy.from_env({}) == SessionPolicy(30.0, 12.0)
    assert SessionPolicy.from_env({"HUIBIAN_SESSION_IDLE_MIN": "5",
                                   "HUIBIAN_SESSION_MAX_HOURS": "1.5"}) == SessionPolicy(5, 1.5)
    with pytest.raises(HuibianError, match="HUIBIAN_SESSION_IDLE_MIN"):
        SessionPolicy.from_env({"HUIBIAN_SESSION_IDLE_MIN": "0"})
    t = ThrottlePolicy.from_env({"HUIBIAN_SIGNIN_FREE_FAILURES": "5",
                                 "HUIBIAN_SIGNIN_MAX_DELAY_S": "60",
                                 "HUIBIAN_SIGNIN_WINDOW_MIN": "10"})
    assert (t.free_failures, t.max_delay, t.window) == (5, 60.0, 600.0)
    assert [ThrottlePolicy().delay(n, 3) for n in range(1, 9)] == [0, 0, 0, 1, 2, 4, 8, 16]
    assert ThrottlePolicy().delay(40, 3) == 900.0


def test_session_expires_when_idle_and_after_its_lifetime(store):
    _conn, acc, _db = store
    policy = SessionPolicy(idle_minutes=30, max_hours=2)
    s = start_session(User("ann", "reviewer", "江西省电教馆"), 1000.0)
    # active every 29 minutes: stays signed in until the 2-hour lifetime is over
    now = 1000.0
    for _ in range(4):
        now += 29 * 60
        s = refresh_session(s, policy, now, acc)
    assert s.last_seen == now == 1000.0 + 116 * 60 and s.started == 1000.0
    with pytest.raises(SessionExpired) as exc:
        refresh_session(s, policy, now + 5 * 60, acc)  # 121 minutes after sign-in
    assert exc.value.reason == "lifetime"
    # idle: exactly 30 minutes is still fine, one second more is not
    s = start_session(User("ann", "reviewer"), 0.0)
    assert refresh_session(s, policy, 1800.0).last_seen == 1800.0
    with pytest.raises(SessionExpired) as exc:
        refresh_session(s, policy, 1801.0)
    assert exc.value.reason == "idle"


def test_session_follows_role_changes_and_ends_when_disabled(store):
    conn, acc, _db = store
    root = acc.get("root")
    policy = SessionPolicy()
    s = start_session(acc.get("ann"), 0.0)
    acc.set_role(root, "ann", "editor", conn=conn)
    s = refresh_session(s, policy, 10.0, acc)
    assert s.user == User("ann", "editor", "江西省电教馆")
    acc.set_disabled(root, "ann", conn=conn)
    with pytest.raises(SessionExpired) as exc:
        refresh_session(s, policy, 20.0, acc)
    assert exc.value.reason == "account"
    acc.set_disabled(root, "ann", False, conn=conn)
    acc.remove(root, "ann", conn=conn)
    with pytest.raises(SessionExpired, match="no longer exists"):
        refresh_session(s, policy, 30.0, acc)


def test_failed_sign_ins_per_account_double_the_wait(store):
    conn, acc, _db = store
    clock = Clock()
    si = SignIn(conn, acc, ThrottlePolicy(), clock)
    outcomes = []
    for _ in range(3):
        r = si.attempt("ann", "wrong-pw", "10.0.0.1")
        outcomes.append((r.status, r.wait))
    assert outcomes == [("wrong", 0.0)] * 3
    r = si.attempt("ann", "wrong-pw", "10.0.0.1")
    assert (r.status, r.wait) == ("wrong", 1.0)
    # locked for the guessing client: even the right password is not checked, and the
    # refusal is not counted (issue 18: the name is not locked for other clients)
    r = si.attempt("ann", PW, "10.0.0.1")
    assert (r.status, r.user, r.wait) == ("locked", None, 1.0)
    assert si.failures("account:ann") == 4 and si.failures("pair:ann|10.0.0.1") == 4
    clock.advance(0.5)
    assert si.attempt("ann", PW, "10.0.0.1").status == "locked"
    clock.advance(0.5)
    r = si.attempt("ann", "wrong-pw", "10.0.0.1")
    assert (r.status, r.wait) == ("wrong", 2.0)
    clock.advance(2)
    r = si.attempt("ann", "wrong-pw", "10.0.0.1")
    assert (r.status, r.wait) == ("wrong", 4.0)
    # other accounts are not affected by ann's lock
    assert si.attempt("root", PW, "10.0.0.3").status == "ok"
    clock.advance(4)
    r = si.attempt("ann", PW, "10.0.0.2")
    assert r.ok and r.user == User("ann", "reviewer", "江西省电教馆")
    assert si.failures("account:ann") == 0  # success clears the account's count
    assert si.failures("client:10.0.0.1") == 6  # …but not the guessing client's


def test_unknown_names_are_throttled_like_real_ones(store):
    conn, acc, _db = store
    clock = Clock()
    si = SignIn(conn, acc, ThrottlePolicy(), clock)
    real = [(r.status, r.wait) for r in (si.attempt("ann", "x" * 8) for _ in range(5))]
    ghost = [(r.status, r.wait) for r in (si.attempt("nobody", "x" * 8) for _ in range(5))]
    assert real == ghost == [("wrong", 0.0)] * 3 + [("wrong", 1.0), ("locked", 1.0)]

def test_one_client_guessing_many_accounts_is_slowed_down(store):
    conn, acc, _db = store
    clock = Clock()
    si = SignIn(conn, acc, ThrottlePolicy(free_failures_client=10), clock)
    got = [(r.status, r.wait) for r in (si.attempt(f"user{n}", "guess-123", "203.0.113.9")
                                        for n in range(12))]
    assert got == [("wrong", 0.0)] * 10 + [("wrong", 1.0), ("locked", 1.0)]
    clock.advance(1)
    r = si.attempt("user12", "guess-123", "203.0.113.9")
    assert (r.status, r.wait) == ("wrong", 2.0)
    r = si.attempt("ann", PW, "203.0.113.9")
    assert (r.status, r.wait) == ("locked", 2.0)
    assert si.attempt("ann", PW, "198.51.100.7").ok  # another client is not locked


def test_counts_survive_a_restart_and_are_forgotten_after_the_window(store):
    conn, acc, db = store
    clock = Clock()
    si = SignIn(conn, acc, ThrottlePolicy(), clock)
    for _ in range(5):
        clock.advance(10)  # past each lock
        si.attempt("ann", "wrong-pw")
    conn.close()
    # a new process: a new connection, a new SignIn
    conn2 = connect(db)
    si2 = SignIn(conn2, Accounts.for_store(db), ThrottlePolicy(), clock)
    assert si2.failures("account:ann") == 5
    assert si2.wait("ann") == 2.0
    r = si2.attempt("ann", PW)
    assert (r.status, r.wait) == ("locked", 2.0)
    clock.advance(3600 + 1)  # an hour after the last failure: forgotten
    r = si2.attempt("ann", "wrong-pw")
    assert (r.status, r.wait) == ("wrong", 0.0)
    assert si2.failures("account:ann") == 1
    conn2.close()


def test_disabled_account_cannot_sign_in(store):
    conn, acc, _db = store
    acc.set_disabled(acc.get("root"), "ann", conn=conn)
    si = SignIn(conn, acc, ThrottlePolicy(), Clock())
    assert si.attempt("ann", PW).status == "disabled"
    assert si.attempt("ann", "wrong-pw").status == "wrong"  # no hint without the password
    assert acc.authenticate("ann", PW) is None


def test_client_address_behind_a_trusted_proxy_only():
    h = {"X-Forwarded-For": "1.2.3.4, 192.0.2.10", "X-Real-IP": "192.0.2.99"}
    assert client_address(h, "127.0.0.1", trust_proxy=False) == "127.0.0.1"
    assert client_address(h, "127.0.0.1", trust_proxy=True) == "192.0.2.10"
    assert client_address({"X-Real-IP": "192.0.2.99"}, "127.0.0.1",
                          trust_proxy=True) == "192.0.2.99"
    assert client_address({}, None, trust_proxy=True) is None


def test_a_wrong_try_now_and_then_does_not_lock_an_account_for_everyone(store):
    """Issue 18: three failed sign-ins locked a name for everyone, so one wrong try
    every 15 minutes kept ``admin`` locked out. Now a name is throttled per client
    address; the name alone only after many failures, and for at most the ceiling."""
    conn, acc, _db = store
    clock = Clock()
    si = SignIn(conn, acc, ThrottlePolicy(), clock)
    for _ in range(8):  # two hours of one wrong try every 15 minutes
        r = si.attempt("ann", "wrong-pw", "203.0.113.66")
        assert r.status in ("wrong", "locked")
        assert si.attempt("ann", PW, "10.0.0.5").ok  # the owner signs in each time
        clock.advance(15 * 60)
    # many addresses guessing one name: locked for everyone, but never past 60 s
    waits = []
    for n in range(40):
        r = si.attempt("ann", "guess-pw", f"198.51.100.{n}")
        assert r.status == "wrong"  # each waits out the lock before trying again
        waits.append(r.wait)
        if n < 39:
            clock.advance(r.wait)
    assert waits[:20] == [0.0] * 20
    assert waits[20:28] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]
    assert max(waits) == 60.0
    locked = si.attempt("ann", PW, "10.0.0.5")
    assert locked.status == "locked" and 0 < locked.wait <= 60.0
    clock.advance(60)
    assert si.attempt("ann", PW, "10.0.0.5").ok
    assert si.failures("account:ann") == 0  # success clears the name's counts


def test_the_password_check_runs_without_the_shared_connection(store):
    """Issue 18: sign-in ran Argon2 while holding the app's shared database lock (every
    other page waited). With a connection factory it is held for the counts only."""
    import threading
    from contextlib import contextmanager

    conn, acc, _db = store
    lock = threading.Lock()

    @contextmanager
    def db():
        with lock:
            yield conn

    held_during_check = []
    real_verify = acc.verify

    def verify(name, password):
        held_during_check.append(lock.locked())
        return real_verify(name, password)

    acc.verify = verify
    si = SignIn(db, acc, ThrottlePolicy(), Clock())
    assert si.attempt("ann", "wrong-pw", "10.0.0.1").status == "wrong"
    assert si.attempt("ann", PW, "10.0.0.1").ok
    assert held_during_check == [False, False]
    assert si.failures("pair:ann|10.0.0.1") == 0
