"""Users, roles, passwords (hashlib.scrypt), sign-in with a lockout shared by every counter.

Every caller acts as a user of the users table: `require(actor, *roles)` re-reads the row
(exists, active, same role, not locked), so a `User` value made up by a caller is refused.
Lockout: MAX_FAILURES wrong passwords in a row lock the account for LOCK_MINUTES; the counter
lives on the user row, so two counters (two processes, two PCs) share it."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain import HUMAN_ROLES, MACHINE_ROLES, VN_TZ, PermissionDenied, Role, User, UserError, nfc
from app.i18n import _
from app.store import from_db, is_postgres, to_db, utcnow, write
from db.models import Dossier as DossierRow
from db.models import User as UserRow

# N=2^17, r=8 needs 128*r*N = 128 MiB of memory; OpenSSL's default cap is 32 MiB.
SCRYPT = {"n": 2 ** 17, "r": 8, "p": 1}
MIN_PASSWORD = 8
MAX_FAILURES = 5
LOCK_MINUTES = 15
USERNAME_RE = r"[a-z0-9._-]{3,40}"


# ---- password hashing -------------------------------------------------------------------
def _maxmem(n: int, r: int, p: int) -> int:
    return 128 * r * (n + p + 2) + 2 ** 20          # OpenSSL's own formula plus headroom


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, dklen=32, n=n, r=r, p=p,
                          maxmem=_maxmem(n, r, p))


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    n, r, p = SCRYPT["n"], SCRYPT["r"], SCRYPT["p"]
    return f"scrypt${n}${r}${p}${salt.hex()}${_scrypt(password, salt, n, r, p).hex()}"


def hash_params(stored: str) -> dict[str, int]:
    """{'n': …, 'r': …, 'p': …} of a stored hash ({} when unreadable)."""
    try:
        scheme, n, r, p, _salt, _digest = stored.split("$")
        return {"n": int(n), "r": int(r), "p": int(p)} if scheme == "scrypt" else {}
    except (ValueError, AttributeError):
        return {}


def needs_rehash(stored: str) -> bool:
    return hash_params(stored) != SCRYPT


def verify_password(password: str, stored: str) -> bool:
    try:
        _scheme, n, r, p, salt, digest = stored.split("$")
        calc = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(calc.hex(), digest)


def check_new_password(username: str, password: str) -> None:
    """A new password's rules (raise UserError): minimum length, not the user name."""
    if len(password) < MIN_PASSWORD:
        raise UserError(_("Mật khẩu phải có ít nhất {min} ký tự.").format(min=MIN_PASSWORD), "password")
    if nfc(password).casefold() == nfc(username).casefold():
        raise UserError(_("Mật khẩu không được trùng tên đăng nhập."), "password")


# ---- values and rows --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Account:
    """A user as the administrator sees it: the value plus its lockout state."""
    user: User
    failed_logins: int
    locked_until: datetime | None       # aware UTC, only while the lock holds


def _to_value(row: UserRow) -> User:
    return User(username=row.username, full_name=row.full_name, role=Role(row.role),
                active=bool(row.active), must_change_password=bool(row.must_change_password))


def _lock_of(row: UserRow, now: datetime | None = None) -> datetime | None:
    until = from_db(row.locked_until)
    return until if until and until > (now or utcnow()) else None


def _row_for_update(username: str) -> UserRow | None:
    q = UserRow.select().where(UserRow.username == username)
    return (q.for_update() if is_postgres() else q).get_or_none()


def _locked_message(until: datetime) -> str:
    return (_("Tài khoản bị khóa đến {time} do nhập sai mật khẩu {n} lần.")
            .format(time=until.astimezone(VN_TZ).strftime("%H:%M"), n=MAX_FAILURES))


def _norm(username: str) -> str:
    return nfc(username).lower()


# ---- the acting user ----------------------------------------------------------------------
SYNC_ACTOR = User("system:sync", "Tiến trình đồng bộ", Role.SYNC)
BACKUP_ACTOR = User("system:backup", "Sao lưu tự động", Role.BACKUP)
MACHINE_ACTORS = {a.username: a for a in (SYNC_ACTOR, BACKUP_ACTOR)}


def _signed_in(actor: User | None) -> User:
    """The actor itself; no actor at all is refused (PermissionDenied)."""
    if actor is None:
        raise PermissionDenied(_("Cần đăng nhập để thực hiện thao tác này."))
    return actor


def check_actor(actor: User | None) -> UserRow | None:
    """The actor is a user of the table (exists, active, same role, not locked) — or one
    of the program's named machine actors, which cannot sign in and whose role grants only
    its own job (see User.can)."""
    actor = _signed_in(actor)
    if actor.role in MACHINE_ROLES:
        if MACHINE_ACTORS.get(actor.username) != actor:
            raise PermissionDenied(_("Tác nhân hệ thống không hợp lệ."))
        return None
    row = UserRow.get_or_none(UserRow.username == actor.username)
    role = actor.role.value if isinstance(actor.role, Role) else str(actor.role)
    if row is None or not row.active or row.role != role:
        raise PermissionDenied(_("Tài khoản '{username}' không còn hiệu lực hoặc đã đổi vai trò: "
                                 "hãy đăng nhập lại.").format(username=actor.username))
    until = _lock_of(row)
    if until:
        raise PermissionDenied(_locked_message(until))
    return row


def require(actor: User | None, *roles: Role) -> User:
    """Refuse (PermissionDenied) unless `actor` is a valid user with one of `roles` (admin
    always passes). Re-reads the users table: a forged `User(role=ADMIN)` is refused.
    Returns the actor, no longer optional: ``actor = require(actor, Role.CLERK)``."""
    actor = _signed_in(actor)
    check_actor(actor)
    if not actor.can(*roles):
        raise PermissionDenied(
            _("Tài khoản '{username}' ({role}) không có quyền thực hiện thao tác này.")
            .format(username=actor.username, role=actor.role.label))
    return actor


# ---- sign-in ------------------------------------------------------------------------------
def _record_failure(username: str) -> datetime | None:
    """Count one wrong password on the row (under the write lock); the lock's end, if set."""
    with write():
        row = _row_for_update(username)
        if row is None:
            return None
        now = utcnow()
        count = row.failed_logins or 0
        if from_db(row.locked_until) and not _lock_of(row, now):
            count = 0                          # an expired lock: counting starts again
        count += 1
        until = now + timedelta(minutes=LOCK_MINUTES) if count >= MAX_FAILURES else None
        UserRow.update(failed_logins=count, locked_until=to_db(until)).where(
            UserRow.id == row.id).execute()
    return until


def login(username: str, password: str) -> User:
    """Check the password (slow on purpose: run it off the Tk thread). Wrong passwords count
    towards the lockout; an old-cost hash is upgraded after a successful sign-in."""
    name = _norm(username)
    bad = UserError(_("Sai tên đăng nhập hoặc mật khẩu."), "password")
    row = UserRow.get_or_none(UserRow.username == name)
    if row is None:
        _scrypt(password, b"\0" * 16, **SCRYPT)     # the same time as a known user
        _audit(name, "login.fail", name, {"reason": "unknown"})
        raise bad
    until = _lock_of(row)
    if until:
        raise UserError(_locked_message(until), "password")
    if not verify_password(password, row.password_hash):
        until = _record_failure(name)
        _audit(name, "login.fail", name, {"reason": "password", "locked": bool(until)})
        raise UserError(_locked_message(until), "password") if until else bad
    if not row.active:
        raise UserError(_("Tài khoản '{username}' đã bị vô hiệu hóa.").format(username=name),
                        "username")
    new_hash = hash_password(password) if needs_rehash(row.password_hash) else None
    with write():
        row = _row_for_update(name)
        if row is None:               # the row went away while the password was being checked
            raise bad
        until = _lock_of(row)
        if until:                     # another counter locked it while we were hashing
            raise UserError(_locked_message(until), "password")
        changes: dict[object, object] = {UserRow.failed_logins: 0, UserRow.locked_until: None}
        if new_hash:
            changes[UserRow.password_hash] = new_hash
        UserRow.update(changes).where(UserRow.id == row.id).execute()
        _audit(name, "login.ok", name, {"rehashed": bool(new_hash)})
    return _to_value(row)


def _audit(username: str, action: str, obj: str, details: dict | None = None) -> None:
    from app import audit  # audit checks roles through this module: import late
    audit.append(username, action, obj, details)


# ---- administration -----------------------------------------------------------------------
def has_users() -> bool:
    return UserRow.select().exists()


def database_is_empty() -> bool:
    """No user and no dossier: only then may `init` set the office up."""
    return not UserRow.select().exists() and not DossierRow.select().exists()


def _role(role: Role | str) -> Role:
    try:
        found = Role(role)
    except ValueError:
        found = None
    if found not in HUMAN_ROLES:          # machine roles are the program's own, never a user's
        raise UserError(_("Vai trò phải là clerk, supervisor hoặc admin."), "role")
    return found


def create_user(actor: User | None, username: str, full_name: str, role: Role | str,
                password: str) -> User:
    """Create a user. `actor` None is allowed only for the very first account, an admin."""
    username, full_name = _norm(username), nfc(full_name)
    if actor is not None:
        require(actor, Role.ADMIN)
    if not re.fullmatch(USERNAME_RE, username):
        raise UserError(_("Tên đăng nhập: 3–40 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang."),
                        "username")
    if not full_name:
        raise UserError(_("Họ tên người dùng là bắt buộc."), "full_name")
    role = _role(role)
    check_new_password(username, password)
    password_hash = hash_password(password)          # slow: outside the write lock
    with write():
        if actor is None:
            if UserRow.select().exists():
                raise PermissionDenied(_("Cần đăng nhập bằng tài khoản quản trị để tạo người dùng."))
            if role != Role.ADMIN:
                raise PermissionDenied(_("Tài khoản đầu tiên phải là quản trị viên (--role admin)."))
        if UserRow.get_or_none(UserRow.username == username):
            raise UserError(_("Tên đăng nhập '{username}' đã có.").format(username=username), "username")
        UserRow.create(username=username, full_name=full_name, role=role.value,
                       password_hash=password_hash, created_at=to_db(utcnow()))
        _audit(actor.username if actor else username, "user.create", username, {"role": role.value})
    return User(username=username, full_name=full_name, role=role)


def list_users() -> list[User]:
    return [_to_value(r) for r in UserRow.select().order_by(UserRow.username)]


def accounts(actor: User) -> list[Account]:
    require(actor, Role.ADMIN)
    now = utcnow()
    return [Account(_to_value(r), r.failed_logins or 0, _lock_of(r, now))
            for r in UserRow.select().order_by(UserRow.username)]


def _target(username: str) -> UserRow:
    row = _row_for_update(username)
    if row is None:
        raise UserError(_("Không có người dùng '{username}'.").format(username=username), "username")
    return row


def set_password(actor: User, username: str, password: str) -> User:
    """Own password (any user), or an admin's reset of another's — which forces that user to
    choose a new one at the next sign-in and lifts a lockout."""
    username = _norm(username)
    own = actor is not None and actor.username == username
    if own:
        current = check_actor(actor)
        if current is None:           # a machine actor: it has no password to change
            raise PermissionDenied(_("Tác nhân hệ thống không hợp lệ."))
        if verify_password(password, current.password_hash):
            raise UserError(_("Mật khẩu mới phải khác mật khẩu hiện tại."), "password")
    else:
        require(actor, Role.ADMIN)
    check_new_password(username, password)
    password_hash = hash_password(password)
    with write():
        row = _target(username)
        UserRow.update(password_hash=password_hash, must_change_password=not own,
                       failed_logins=0, locked_until=None).where(UserRow.id == row.id).execute()
        row = UserRow.get_by_id(row.id)
        _audit(actor.username, "user.password" if own else "user.reset_password", username)
    return _to_value(row)


def _other_active_admins(username: str) -> int:
    q = UserRow.select(UserRow.id).where((UserRow.role == Role.ADMIN.value) & UserRow.active
                                         & (UserRow.username != username))
    # PostgreSQL: lock the active admins so two admins demoting each other serialise
    return len(list(q.for_update())) if is_postgres() else q.count()


def _keep_an_admin(row: UserRow) -> None:
    if row.role == Role.ADMIN.value and row.active and not _other_active_admins(row.username):
        raise UserError(_("Không thể vô hiệu hóa hoặc hạ quyền quản trị viên cuối cùng còn hoạt động."),
                        "username")


def set_active(actor: User, username: str, active: bool) -> User:
    """Disable or enable an account (enabling also lifts a lockout)."""
    require(actor, Role.ADMIN)
    username = _norm(username)
    if actor.username == username and not active:
        raise UserError(_("Không thể tự vô hiệu hóa tài khoản của chính mình."), "username")
    with write():
        row = _target(username)
        if not active:
            _keep_an_admin(row)
        changes = {UserRow.active: active}
        if active:
            changes.update({UserRow.failed_logins: 0, UserRow.locked_until: None})
        UserRow.update(changes).where(UserRow.id == row.id).execute()
        row = UserRow.get_by_id(row.id)
        _audit(actor.username, "user.enable" if active else "user.disable", username)
    return _to_value(row)


def set_role(actor: User, username: str, role: Role | str) -> User:
    require(actor, Role.ADMIN)
    username, role = _norm(username), _role(role)
    if actor.username == username:
        raise UserError(_("Không thể tự đổi vai trò của chính mình."), "role")
    with write():
        row = _target(username)
        if role != Role.ADMIN:
            _keep_an_admin(row)
        old = row.role
        UserRow.update(role=role.value).where(UserRow.id == row.id).execute()
        row = UserRow.get_by_id(row.id)
        _audit(actor.username, "user.role", username, {"from": old, "to": role.value})
    return _to_value(row)
