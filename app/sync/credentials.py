"""Secrets for the central service and the citizen adapters: the OS keyring only.

Service "MotCuaDesk"; users "central-token", "zalo-token", "sms-secret".
On servers/CI without a keyring the environment is read (MOTCUA_CENTRAL_TOKEN,
MOTCUA_ZALO_TOKEN, MOTCUA_SMS_SECRET) and never written anywhere.  There is no
plaintext-file fallback: without a usable keyring backend `set_secret` raises a
Vietnamese UserError.  Tests install an explicit in-memory backend
(`keyring.set_keyring(...)`).
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
import time

from app.domain import UserError
from app.i18n import N_, _

log = logging.getLogger("motcua.sync.credentials")

SERVICE = "MotCuaDesk"
KINDS = {
    "central": ("central-token", "MOTCUA_CENTRAL_TOKEN", N_("mã truy cập dịch vụ trung tâm")),
    "zalo": ("zalo-token", "MOTCUA_ZALO_TOKEN", N_("access token Zalo OA (ZNS)")),
    "sms": ("sms-secret", "MOTCUA_SMS_SECRET", N_("SecretKey của cổng SMS")),
    "dvcqg": ("dvcqg-password", "MOTCUA_DVCQG_PASSWORD", N_("mật khẩu cổng kết nối DVCQG")),
}
CACHE_SECONDS = 10.0
_cache: dict[str, tuple[float, str | None]] = {}
_lock = threading.Lock()

NO_BACKEND = N_("Máy này không có kho khóa bảo mật của hệ điều hành (keyring), nên không thể lưu "
                "{what} an toàn. Trên Windows dùng Windows Credential Manager; trên Linux cần "
                "Secret Service (GNOME Keyring/KWallet). Trên máy chủ không có keyring, đặt biến "
                "môi trường {env} thay vì lưu vào tệp.")


def _kind(kind: str) -> tuple[str, str, str]:
    if kind not in KINDS:
        raise UserError(_("Loại mã truy cập phải là: {kinds}.").format(kinds=", ".join(KINDS)))
    return KINDS[kind]


def _usable_backend():
    """The active keyring backend, or None when it cannot store secrets safely."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a pinned dependency
        return None
    kr = keyring.get_keyring()
    if isinstance(kr, fail.Keyring):
        return None
    name = f"{type(kr).__module__}.{type(kr).__name__}".lower()
    if "plaintext" in name or "keyrings.alt.file" in name:   # never a plaintext file
        return None
    if type(kr).__name__ == "ChainerBackend" and not getattr(kr, "backends", None):
        return None
    return kr


def has_backend() -> bool:
    return _usable_backend() is not None


def set_secret(value: str, kind: str = "central") -> None:
    user, env, what = _kind(kind)
    what = _(what)
    value = value.strip()
    if not value:
        raise UserError(_("Chưa nhập {what} (đọc từ đầu vào chuẩn).").format(what=what))
    if any(c.isspace() for c in value) or len(value) > 4096:
        raise UserError(_("{what} không hợp lệ: không được chứa khoảng trắng.")
                        .format(what=what[0].upper() + what[1:]))
    kr = _usable_backend()
    if kr is None:
        raise UserError(_(NO_BACKEND).format(what=what, env=env))
    try:
        kr.set_password(SERVICE, user, value)
    except Exception as exc:  # noqa: BLE001 - KeyringError, D-Bus, locked keyring: told to the user
        raise UserError(_("Không lưu được {what} vào kho khóa của hệ điều hành: {exc}")
                        .format(what=what, exc=exc)) from None
    forget()


def delete_secret(kind: str = "central") -> bool:
    user, _env, what = _kind(kind)
    kr = _usable_backend()
    forget()
    if kr is None:
        return False
    try:
        kr.delete_password(SERVICE, user)
        return True
    except Exception:                # PasswordDeleteError (nothing stored) or a backend error
        log.info("no %s secret deleted from the keyring", kind, exc_info=True)
        return False


def get_secret(kind: str = "central") -> str | None:
    """Environment first (servers, CI), then the keyring. Cached for a few seconds."""
    user, env, _what = _kind(kind)
    from_env = os.environ.get(env, "").strip()
    if from_env:
        return from_env
    now = time.monotonic()
    with _lock:
        hit = _cache.get(kind)
        if hit and now - hit[0] < CACHE_SECONDS:
            return hit[1]
    value = None
    kr = _usable_backend()
    if kr is not None:
        try:
            value = kr.get_password(SERVICE, user) or None
        except Exception:            # a locked or broken keyring: as if no secret were stored
            log.warning("keyring read failed for %s", kind, exc_info=True)
            value = None
    with _lock:
        _cache[kind] = (now, value)
    return value


def source(kind: str = "central") -> str:
    """Where the secret comes from: "env", "keyring" or "" (none)."""
    _user, env, _what = _kind(kind)
    if os.environ.get(env, "").strip():
        return "env"
    return "keyring" if get_secret(kind) else ""


def forget() -> None:
    with _lock:
        _cache.clear()


def fingerprint(*parts: str | None) -> str:
    """A short one-way digest (to remember 'this URL + token was refused' without storing it)."""
    h = hashlib.sha256("\0".join(p or "" for p in parts).encode("utf-8"))
    return h.hexdigest()[:24]
