"""Users, roles and passwords (hashlib.scrypt)."""
from __future__ import annotations

import getpass
import hashlib
import hmac
import re
import secrets

from app.domain import PermissionDenied, Role, User, UserError, nfc
from app.i18n import _
from app.store import to_db, utcnow, write
from db.models import User as UserRow

SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _scheme, n, r, p, salt, digest = stored.split("$")
        calc = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), dklen=32,
                              n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(calc.hex(), digest)


def _to_value(row: UserRow) -> User:
    return User(username=row.username, full_name=row.full_name, role=Role(row.role), active=row.active)


def system_user() -> User:
    """The actor for command-line use on the office server (admin rights)."""
    try:
        name = getpass.getuser()
    except Exception:  # pragma: no cover - no login name in some containers
        name = "cli"
    return User(username=f"cli:{name}"[:60], full_name="Dòng lệnh", role=Role.ADMIN)


def require(actor: User, *roles: Role) -> None:
    if not actor.can(*roles):
        raise PermissionDenied(
            _("Tài khoản '{username}' ({role}) không có quyền thực hiện thao tác này.")
            .format(username=actor.username, role=actor.role.label))


def create_user(actor: User | None, username: str, full_name: str, role: Role | str,
                password: str) -> User:
    """Create a user. `actor` None is allowed only for the very first (admin) account."""
    username = nfc(username).lower()
    if actor is None:
        if UserRow.select().exists():
            raise PermissionDenied(_("Cần đăng nhập bằng tài khoản quản trị để tạo người dùng."))
    else:
        require(actor, Role.ADMIN)
    if not re.fullmatch(r"[a-z0-9._-]{3,40}", username):
        raise UserError(_("Tên đăng nhập: 3–40 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang."),
                        "username")
    if not nfc(full_name):
        raise UserError(_("Họ tên người dùng là bắt buộc."), "full_name")
    try:
        role = Role(role)
    except ValueError:
        raise UserError(_("Vai trò phải là clerk, supervisor hoặc admin."), "role") from None
    if len(password) < MIN_PASSWORD:
        raise UserError(_("Mật khẩu phải có ít nhất {min} ký tự.").format(min=MIN_PASSWORD), "password")
    with write():
        if UserRow.get_or_none(UserRow.username == username):
            raise UserError(_("Tên đăng nhập '{username}' đã có.").format(username=username), "username")
        UserRow.create(username=username, full_name=nfc(full_name), role=role.value,
                       password_hash=hash_password(password), created_at=to_db(utcnow()))
    return User(username=username, full_name=nfc(full_name), role=role)


def login(username: str, password: str) -> User:
    row = UserRow.get_or_none(UserRow.username == nfc(username).lower())
    if row is None or not row.active or not verify_password(password, row.password_hash):
        raise UserError(_("Sai tên đăng nhập hoặc mật khẩu."), "password")
    return _to_value(row)


def list_users() -> list[User]:
    return [_to_value(r) for r in UserRow.select().order_by(UserRow.username)]


def has_users() -> bool:
    return UserRow.select().exists()


def set_password(actor: User, username: str, password: str) -> None:
    if actor.username != username:
        require(actor, Role.ADMIN)
    if len(password) < MIN_PASSWORD:
        raise UserError(_("Mật khẩu phải có ít nhất {min} ký tự.").format(min=MIN_PASSWORD), "password")
    with write():
        n = UserRow.update(password_hash=hash_password(password)).where(
            UserRow.username == username).execute()
    if not n:
        raise UserError(_("Không có người dùng '{username}'.").format(username=username))


def set_active(actor: User, username: str, active: bool) -> None:
    require(actor, Role.ADMIN)
    with write():
        UserRow.update(active=active).where(UserRow.username == username).execute()


