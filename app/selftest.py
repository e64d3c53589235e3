"""`python main.py self-test`: the checks that need no printing code.

Each check returns a :class:`Check`; nothing here writes to the database, the keyring, the
printer or the central service. ``printing/selftest.py`` holds the font and receipt checks
(``app`` never imports ``printing``); ``cli/selftest_cmd.py`` runs both and reports.

Statuses: ``ok``; ``warn`` (works, but look at it — the program still starts); ``fail`` (this
PC cannot do its job until fixed: exit code 1); ``skip`` (not configured here)."""
from __future__ import annotations

import importlib
import os
import sys
from contextlib import closing
from dataclasses import dataclass
from urllib.parse import urlparse

OK, WARN, FAIL, SKIP = "ok", "warn", "fail", "skip"


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: str            # ok | warn | fail | skip
    detail: str


@dataclass(frozen=True, slots=True)
class DatabaseFacts:
    """What the read-only look at the database found (settings are None when unreadable)."""
    check: Check
    settings: dict[str, str] | None


def exit_code(checks: list[Check]) -> int:
    return 1 if any(c.status == FAIL for c in checks) else 0


# ---- database -------------------------------------------------------------------------------
def _read_sqlite(path: str) -> tuple[int, dict[str, str]]:
    """Schema version and settings of a SQLite file, opened read-only (mode=ro)."""
    from db.files import open_readonly
    from db.models import SchemaVersion, Setting
    with closing(open_readonly(path, timeout=5)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = 0
        if SchemaVersion._meta.table_name in tables:
            table = SchemaVersion._meta.table_name
            version = conn.execute(f'SELECT MAX(version) FROM "{table}"').fetchone()[0] or 0
        settings = {}
        if Setting._meta.table_name in tables:
            settings = dict(conn.execute(f'SELECT key, value FROM "{Setting._meta.table_name}"').fetchall())
        return int(version), settings


def _read_postgres(url: str) -> tuple[int, dict[str, str]]:
    from db import connection
    from db.models import SchemaVersion, Setting
    db = connection.make_database(url)
    db.connect()
    try:
        version, settings = 0, {}
        if db.table_exists(SchemaVersion._meta.table_name):
            version = db.execute_sql(
                f'SELECT MAX(version) FROM "{SchemaVersion._meta.table_name}"').fetchone()[0] or 0
        if db.table_exists(Setting._meta.table_name):
            settings = dict(db.execute_sql(f'SELECT key, value FROM "{Setting._meta.table_name}"').fetchall())
        return int(version), settings
    finally:
        db.close()


def check_database(url: str | None = None) -> DatabaseFacts:
    """Opens the database without the services and without writing: at head, would migrate,
    or newer than this program (fail). A SQLite file that does not exist yet is fine."""
    from db import connection, migrate
    name = "Cơ sở dữ liệu"
    resolved = connection.resolve_url(url)
    head = migrate.head()
    path = connection.sqlite_path(resolved)
    shown = str(path) if path else connection.url_of(connection.make_database(resolved)).split("@")[-1]
    try:
        if path is not None:
            if not path.exists():
                return DatabaseFacts(Check(name, OK, f"{path}: chưa có — sẽ được tạo (phiên bản {head}) "
                                                  "khi mở chương trình lần đầu"), {})
            version, settings = _read_sqlite(str(path))
        else:
            version, settings = _read_postgres(resolved)
    except Exception as exc:  # noqa: BLE001 - any driver error is the finding we report
        return DatabaseFacts(Check(name, FAIL, f"{shown}: không mở được ({type(exc).__name__}: {exc})"),
                             None)
    if version > head:
        return DatabaseFacts(Check(name, FAIL, f"{shown}: phiên bản {version} mới hơn chương trình "
                                               f"({head}) — hãy cập nhật chương trình"), settings)
    if version < head:
        pending = [n for v, n in migrate.available() if v > version]
        return DatabaseFacts(Check(name, OK, f"{shown}: phiên bản {version}, sẽ nâng lên {head} khi mở "
                                             f"({', '.join(pending)})"), settings)
    return DatabaseFacts(Check(name, OK, f"{shown}: phiên bản {version} (mới nhất)"), settings)


# ---- keyring ----------------------------------------------------------------------------------
def headless_linux() -> bool:
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or
                                                       os.environ.get("WAYLAND_DISPLAY") or
                                                       os.environ.get("DBUS_SESSION_BUS_ADDRESS"))


def check_keyring() -> Check:
    """A real OS keyring (Windows Credential Manager, Secret Service…), never a plaintext file."""
    from app.sync import credentials
    name = "Kho khóa (keyring)"
    try:
        import keyring
        backend = keyring.get_keyring()
        label = f"{type(backend).__module__}.{type(backend).__name__}"
    except Exception as exc:  # noqa: BLE001 - an unusable keyring is the finding
        label, backend = f"lỗi: {exc}", None
    if backend is not None and credentials.has_backend():
        return Check(name, OK, label)
    if sys.platform.startswith("linux"):
        why = "máy Linux không có phiên đồ họa" if headless_linux() else "không có Secret Service"
        return Check(name, WARN, f"{label} — {why}; mã truy cập chỉ đọc từ biến môi trường "
                                 "(MOTCUA_CENTRAL_TOKEN)")
    return Check(name, FAIL, f"{label} — không lưu được mã truy cập dịch vụ trung tâm")


# ---- printer modules --------------------------------------------------------------------------
PRINTER_MODULES = {"escpos.printer": "python-escpos", "usb.core": "pyusb (USB)",
                   "serial": "pyserial (cổng COM)"}


def check_printer_modules(connection_kind: str = "", platform: str = sys.platform) -> list[Check]:
    """The lazily imported printer libraries are there (a frozen build lacks them otherwise)."""
    wanted = dict(PRINTER_MODULES)
    if platform == "win32":
        wanted["win32print"] = "pywin32 (hàng đợi in Windows)"
    missing, found, absent = [], [], set()
    for module, label in wanted.items():
        try:
            importlib.import_module(module)
            found.append(label)
        except Exception as exc:  # noqa: BLE001 - ImportError or a broken native library
            missing.append(f"{label}: {type(exc).__name__}: {exc}")
            absent.add(module)
    out = [Check("Thư viện máy in", FAIL if missing else OK,
                 "; ".join(missing) if missing else ", ".join(found))]
    if "usb.core" not in absent:
        out.append(_libusb_check(connection_kind))
    return out


def _libusb_check(connection_kind: str) -> Check:
    """pyusb needs a libusb-1.0 library (Linux: the system's; Windows: libusb-1.0.dll + WinUSB)."""
    try:
        import usb.backend.libusb1
        found = usb.backend.libusb1.get_backend() is not None
    except Exception:  # noqa: BLE001 - a missing native library is the finding
        found = False
    if found:
        return Check("libusb", OK, "có thư viện libusb-1.0")
    status = FAIL if connection_kind == "usb" else SKIP
    return Check("libusb", status, "không có thư viện libusb-1.0: máy in USB chỉ dùng được qua hàng đợi "
                                   "in Windows (win32raw) hoặc cổng mạng")


# ---- central service --------------------------------------------------------------------------
def central_url(settings: dict[str, str] | None) -> str:
    return (os.environ.get("MOTCUA_CENTRAL_URL", "").strip()
            or (settings or {}).get("central.url", "").strip())


def check_central(url: str, timeout: float = 5.0) -> Check:
    """Any HTTP answer means reachable (even 401/404); no answer is a warning, not a failure:
    events wait in the outbox until the service answers again."""
    name = "Dịch vụ trung tâm"
    if not url:
        return Check(name, SKIP, "chưa cấu hình (central.url)")
    import requests
    p = urlparse(url)
    base = f"{p.scheme}://{p.netloc}/"
    try:
        r = requests.get(base, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        return Check(name, WARN, f"{p.netloc}: không kết nối được ({type(exc).__name__}); sự kiện chờ "
                                 "trong hàng đợi gửi")
    return Check(name, OK, f"{p.netloc}: trả lời HTTP {r.status_code}")


# ---- this PC's printer ------------------------------------------------------------------------
def printer_settings() -> dict[str, str]:
    """This PC's printer.* settings (local JSON file), e.g. connection and target."""
    from app import local_config
    return local_config.load()
