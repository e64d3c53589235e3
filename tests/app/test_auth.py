"""Users and sign-in: forged actors refused, lockout shared through the database, password
changes and resets, last-admin protection, old-hash upgrade, migration 0004."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app import auth, registration, store
from app.domain import PermissionDenied, Role, User, UserError
from db.models import User as UserRow
from tests.app.helpers import ADMIN, CLERK, PASSWORD, SUPERVISOR

ROOT = Path(__file__).resolve().parents[2]


def _row(name: str) -> UserRow:
    return UserRow.get(UserRow.username == name)


# ---- require(): the actor is re-read from the table ------------------------------------------
def test_require_refuses_forged_and_stale_actors(any_office):
    store.open_database(any_office)
    auth.require(ADMIN, Role.ADMIN)
    auth.require(CLERK, Role.CLERK)
    forged = [User("canbo1", "Lê Thị Hoa", Role.ADMIN),        # real user, forged role
              User("eve", "Eve", Role.ADMIN),                   # no such user
              User("cli:root", "Dòng lệnh", Role.ADMIN)]        # the old system_user()
    for actor in forged:
        with pytest.raises(PermissionDenied):
            auth.require(actor, Role.ADMIN)
        with pytest.raises(PermissionDenied):
            registration.register(actor, procedure_code="1.001193", name="Nguyễn Văn An")
    with pytest.raises(PermissionDenied):
        auth.require(None, Role.CLERK)
    auth.set_active(ADMIN, "canbo1", False)
    with pytest.raises(PermissionDenied, match="hiệu lực"):
        auth.require(CLERK, Role.CLERK)
    auth.set_active(ADMIN, "canbo1", True)
    auth.set_role(ADMIN, "canbo1", Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):            # the old session's role no longer matches
        auth.require(CLERK, Role.CLERK)
    assert not hasattr(auth, "system_user")


def test_require_refuses_a_locked_actor(office_db):
    store.open_database(office_db)
    UserRow.update(locked_until=store.to_db(store.utcnow() + timedelta(minutes=3))).where(
        UserRow.username == "canbo1").execute()
    with pytest.raises(PermissionDenied, match="bị khóa đến"):
        auth.require(CLERK, Role.CLERK)


# ---- sign-in and lockout ---------------------------------------------------------------------
def test_wrong_password_counts_and_success_resets(any_office):
    store.open_database(any_office)
    with pytest.raises(UserError, match="Sai tên đăng nhập"):
        auth.login("canbo1", "sai-mat-khau")
    with pytest.raises(UserError, match="Sai tên đăng nhập"):
        auth.login("khongco", PASSWORD)                 # unknown: the same message
    assert _row("canbo1").failed_logins == 1
    assert auth.login("CanBo1", PASSWORD) == CLERK
    assert _row("canbo1").failed_logins == 0


def _cli_sign_in(url: str, user: str, password: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MOTCUA_USER=user, MOTCUA_PASSWORD=password, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", url, "outbox", "list"],
                          capture_output=True, text=True, env=env, timeout=60)


def test_lockout_is_shared_by_two_counters(any_office):
    """Three wrong passwords here, two at another counter (a CLI process, its own
    connection): the account is locked for both, even with the right password."""
    store.open_database(any_office)
    for _ in range(3):
        with pytest.raises(UserError):
            auth.login("canbo1", "sai-mat-khau")
    for _ in range(2):
        p = _cli_sign_in(any_office, "canbo1", "sai-nua")
        assert p.returncode == 2
    assert "bị khóa đến" in p.stderr and "5 lần" in p.stderr
    row = _row("canbo1")
    assert row.failed_logins == auth.MAX_FAILURES
    until = store.from_db(row.locked_until)
    # written by the CLI subprocess: its clock is the machine's, not the tests' injected one
    machine_now = datetime.now(UTC)
    assert timedelta(minutes=14) < until - machine_now <= timedelta(minutes=15)
    with pytest.raises(UserError, match=r"Tài khoản bị khóa đến \d\d:\d\d do nhập sai mật khẩu 5 lần"):
        auth.login("canbo1", PASSWORD)
    with pytest.raises(UserError, match="bị khóa đến"):    # while locked: not checked, not counted
        auth.login("canbo1", "sai-lan-nua")
    assert _row("canbo1").failed_logins == auth.MAX_FAILURES
    assert store.from_db(_row("canbo1").locked_until) == until       # the lock is not extended
    p = _cli_sign_in(any_office, "canbo1", PASSWORD)
    assert p.returncode == 2 and "bị khóa đến" in p.stderr
    # the lock ends after 15 minutes: the right password works again, the count restarts
    UserRow.update(locked_until=store.to_db(store.utcnow() - timedelta(seconds=1))).where(
        UserRow.username == "canbo1").execute()
    assert auth.login("canbo1", PASSWORD).username == "canbo1"
    assert _row("canbo1").failed_logins == 0 and _row("canbo1").locked_until is None


def test_expired_lock_counts_afresh(office_db):
    store.open_database(office_db)
    UserRow.update(failed_logins=5, locked_until=store.to_db(store.utcnow() - timedelta(minutes=1))
                   ).where(UserRow.username == "canbo1").execute()
    with pytest.raises(UserError, match="Sai tên đăng nhập"):     # one failure, not a new lock
        auth.login("canbo1", "sai-mat-khau")
    assert _row("canbo1").failed_logins == 1


def test_disabled_user_cannot_sign_in(office_db):
    store.open_database(office_db)
    auth.set_active(ADMIN, "canbo1", False)
    with pytest.raises(UserError, match="vô hiệu hóa"):
        auth.login("canbo1", PASSWORD)
    auth.set_active(ADMIN, "canbo1", True)
    assert auth.login("canbo1", PASSWORD).active


def test_user_row_gone_during_the_password_check_is_a_failed_sign_in(office_db, monkeypatch):
    """The slow password check runs outside the transaction: if the row disappears meanwhile
    (an administrator's SQL, a restore on another counter) the sign-in fails cleanly."""
    store.open_database(office_db)
    real = auth.verify_password

    def check_then_lose_row(password, stored):
        ok = real(password, stored)
        UserRow.delete().where(UserRow.username == "canbo1").execute()
        return ok

    monkeypatch.setattr(auth, "verify_password", check_then_lose_row)
    with pytest.raises(UserError, match="Sai tên đăng nhập"):
        auth.login("canbo1", PASSWORD)


def test_machine_actor_has_no_password_to_change(office_db):
    store.open_database(office_db)
    for actor in (auth.SYNC_ACTOR, auth.BACKUP_ACTOR):
        with pytest.raises(PermissionDenied, match="Tác nhân hệ thống"):
            auth.set_password(actor, actor.username, "mat-khau-moi-1")


# ---- hashing cost ----------------------------------------------------------------------------
@pytest.mark.real_scrypt
def test_production_cost_and_old_hash_upgrade(office_db, monkeypatch):
    store.open_database(office_db)
    assert auth.SCRYPT == {"n": 2 ** 17, "r": 8, "p": 1}
    u = auth.create_user(ADMIN, "canbo2", "Phạm Thu", Role.CLERK, "mat-khau-moi")
    assert auth.hash_params(_row("canbo2").password_hash) == {"n": 131072, "r": 8, "p": 1}
    assert _row("canbo2").password_hash.startswith("scrypt$131072$8$1$")
    t = time.perf_counter()
    assert auth.login("canbo2", "mat-khau-moi") == u
    assert time.perf_counter() - t < 5
    # an account hashed with the old cost (N=2^14) signs in and is upgraded
    with monkeypatch.context() as m:
        m.setitem(auth.SCRYPT, "n", 2 ** 14)
        old = auth.hash_password("mat-khau-cu")
    assert old.startswith("scrypt$16384$")
    UserRow.update(password_hash=old).where(UserRow.username == "canbo1").execute()
    with pytest.raises(UserError):
        auth.login("canbo1", "sai-mat-khau")
    assert _row("canbo1").password_hash == old                   # no upgrade on a failure
    assert auth.login("canbo1", "mat-khau-cu").username == "canbo1"
    new = _row("canbo1").password_hash
    assert auth.hash_params(new)["n"] == 131072 and auth.verify_password("mat-khau-cu", new)


# ---- creating users, passwords ---------------------------------------------------------------
def test_first_user_only_an_admin_and_only_once(sqlite_url):
    from app import setup
    setup.init_office(sqlite_url)
    assert auth.database_is_empty()
    with pytest.raises(PermissionDenied, match="quản trị"):
        auth.create_user(None, "canbo1", "Lê Thị Hoa", Role.CLERK, PASSWORD)
    auth.create_user(None, "boss", "Quản Trị", Role.ADMIN, PASSWORD)
    assert not auth.database_is_empty()
    with pytest.raises(PermissionDenied):
        auth.create_user(None, "eve", "Eve", Role.ADMIN, PASSWORD)
    with pytest.raises(PermissionDenied):
        auth.create_user(CLERK, "eve", "Eve", Role.ADMIN, PASSWORD)      # not a user here
    assert [u.username for u in auth.list_users()] == ["boss"]


@pytest.mark.parametrize("password,needle", [("ngan", "ít nhất 8"), ("CanBo2xx", "trùng tên"),
                                             ("canbo2xx", "trùng tên")])
def test_password_rules(office_db, password, needle):
    store.open_database(office_db)
    with pytest.raises(UserError, match=needle):
        auth.create_user(ADMIN, "canbo2xx", "Phạm Thu", Role.CLERK, password)


def test_own_password_and_admin_reset(office_db):
    store.open_database(office_db)
    with pytest.raises(UserError, match="khác mật khẩu hiện tại"):
        auth.set_password(CLERK, "canbo1", PASSWORD)
    assert not auth.set_password(CLERK, "canbo1", "mat-khau-2").must_change_password
    with pytest.raises(UserError):
        auth.login("canbo1", PASSWORD)
    assert not auth.login("canbo1", "mat-khau-2").must_change_password
    with pytest.raises(PermissionDenied):                   # a clerk resets nobody else's
        auth.set_password(CLERK, "lanhdao", "tam-thoi-1")
    # the admin's reset forces a change and lifts a lockout
    UserRow.update(failed_logins=5, locked_until=store.to_db(store.utcnow() + timedelta(minutes=9))
                   ).where(UserRow.username == "canbo1").execute()
    auth.set_password(ADMIN, "canbo1", "tam-thoi-1")
    u = auth.login("canbo1", "tam-thoi-1")
    assert u.must_change_password
    assert not auth.set_password(u, "canbo1", "cua-rieng-toi").must_change_password
    assert not auth.login("canbo1", "cua-rieng-toi").must_change_password


# ---- administration --------------------------------------------------------------------------
def test_disable_enable_role_and_self_protection(any_office):
    store.open_database(any_office)
    with pytest.raises(PermissionDenied):
        auth.set_active(SUPERVISOR, "canbo1", False)
    with pytest.raises(PermissionDenied):
        auth.set_role(CLERK, "canbo1", Role.ADMIN)
    assert not auth.set_active(ADMIN, "canbo1", False).active
    UserRow.update(failed_logins=5, locked_until=store.to_db(store.utcnow() + timedelta(minutes=9))
                   ).where(UserRow.username == "canbo1").execute()
    assert auth.set_active(ADMIN, "canbo1", True).active             # enabling unlocks too
    assert auth.login("canbo1", PASSWORD).username == "canbo1"
    assert auth.set_role(ADMIN, "lanhdao", "admin").role == Role.ADMIN
    with pytest.raises(UserError, match="chính mình"):
        auth.set_active(ADMIN, "admin", False)
    with pytest.raises(UserError, match="chính mình"):
        auth.set_role(ADMIN, "admin", Role.CLERK)
    with pytest.raises(UserError, match="Không có người dùng"):
        auth.set_active(ADMIN, "khongco", False)
    states = {a.user.username: a for a in auth.accounts(ADMIN)}
    assert states["lanhdao"].user.role == Role.ADMIN and states["canbo1"].locked_until is None


def test_last_active_admin_is_kept(any_office, monkeypatch):
    """Two admins disabling each other at the same moment: both passed require() before
    either wrote; the check inside the transaction keeps one admin."""
    store.open_database(any_office)
    auth.set_role(ADMIN, "lanhdao", Role.ADMIN)
    second = User("lanhdao", "Trần Văn Minh", Role.ADMIN)
    auth.set_active(ADMIN, "lanhdao", False)                  # admin disabled lanhdao first…
    monkeypatch.setattr(auth, "require", lambda actor, *roles: None)   # …lanhdao had been checked
    with pytest.raises(UserError, match="cuối cùng"):
        auth.set_active(second, "admin", False)
    with pytest.raises(UserError, match="cuối cùng"):
        auth.set_role(second, "admin", Role.CLERK)
    assert _row("admin").active and _row("admin").role == "admin"
    auth.set_active(second, "canbo1", False)                  # other users are not affected


# ---- migration 0004 --------------------------------------------------------------------------
def test_migration_0004_adds_the_columns(any_office):
    from db import connection, migrate
    from db.models import SchemaVersion
    store.open_database(any_office)
    db = connection.current()
    cols = ("failed_logins", "locked_until", "must_change_password")
    for c in cols:                                            # back to a version-2 users table
        db.execute_sql(f'ALTER TABLE "user" DROP COLUMN "{c}"')
    SchemaVersion.delete().where(SchemaVersion.version >= 4).execute()   # 0005 (reports) is idempotent
    assert not {c.name for c in db.get_columns("user")} & set(cols)
    assert 4 in migrate.upgrade(db)
    assert set(cols) <= {c.name for c in db.get_columns("user")}
    assert _row("canbo1").failed_logins == 0 and not _row("canbo1").must_change_password
    assert auth.login("canbo1", PASSWORD).username == "canbo1"
