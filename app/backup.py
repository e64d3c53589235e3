"""Backups and restore of the office database (administrators only).

SQLite: the online backup API (consistent under WAL, counters keep working); an automatic
copy at the first start of each day, keeping the last ``backup.keep``.  PostgreSQL:
``pg_dump -Fc`` when it is on PATH.  Restore checks the file first (integrity, schema
version) and keeps the current file as ``<name>.before-restore-<stamp>``."""
from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import platformdirs

from app import audit, maintenance
from app.auth import BACKUP_ACTOR, require
from app.domain import VN_TZ, Role, User, UserError
from app.i18n import _
from db import connection, files, migrate

log = logging.getLogger("motcua.backup")
AUTO_ACTOR = BACKUP_ACTOR           # its role may make the daily copy and nothing else
DEFAULT_KEEP = 14


def backup_dir() -> Path:
    """Per-user folder of automatic backups ($MOTCUA_BACKUP_DIR overrides it)."""
    env = os.environ.get("MOTCUA_BACKUP_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(connection.APP_NAME, appauthor=False)) / "backups"


def _stamp() -> str:
    return datetime.now(VN_TZ).strftime("%Y%m%d-%H%M%S")


def _base(path: Path) -> str:
    """File name without the .sqlite3 ending; never Path.with_suffix (names carry dots)."""
    name = path.name
    for end in (".sqlite3", ".sqlite", ".db"):
        if name.endswith(end) and len(name) > len(end):
            return name[:-len(end)]
    return name


def _current_url() -> str:
    db = connection.current()
    if db is None:
        raise UserError(_("Chưa mở cơ sở dữ liệu."))
    if connection.is_postgres_db(db):
        return connection.url_of(db)
    return "sqlite:///" + str(db.database)


def _copy_atomic(src: Path, dest: Path) -> Path:
    """files.copy_sqlite (whole copy or none), a failure told as a UserError."""
    try:
        return files.copy_sqlite(src, dest)
    except (OSError, sqlite3.Error) as exc:     # no space, no permission, "disk is full"
        reason = getattr(exc, "strerror", None) or exc
        raise UserError(_("Không ghi được bản sao lưu {path}: {reason}.")
                        .format(path=dest, reason=reason)) from None


def backup(actor: User, out: str | Path | None = None) -> Path:
    """A consistent copy of the open office database into `out` (default: the backups
    folder).  Returns the file written."""
    require(actor, Role.ADMIN)
    url = _current_url()
    src = connection.sqlite_path(url)
    if src is None:
        written = _pg_dump(url, Path(out) if out else None)
    else:
        dest = Path(out) if out else backup_dir() / f"motcua-{_stamp()}.sqlite3"
        if dest.exists() and dest.is_dir():
            dest = dest / f"motcua-{_stamp()}.sqlite3"
        dest.parent.mkdir(parents=True, exist_ok=True)
        written = _copy_atomic(src, dest)
    audit.record(actor, "db.backup", str(written))
    return written


def backup_to_folder(actor: User, folder: str | Path) -> Path:
    """The settings screen's "back up now": a new file in `folder`."""
    require(actor, Role.ADMIN)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return backup(actor, folder)


def _pg_dump(url: str, out: Path | None) -> Path:
    exe = shutil.which("pg_dump")
    if not exe:
        raise UserError(_("Không tìm thấy pg_dump: cài công cụ dòng lệnh PostgreSQL (cùng phiên "
                          "bản máy chủ) hoặc sao lưu bằng pg_dump trên máy chủ."))
    dbname, dsn, password = connection.split_password(url)
    dest = out or backup_dir() / f"{dbname}-{_stamp()}.dump"
    if dest.exists() and dest.is_dir():
        dest = dest / f"{dbname}-{_stamp()}.dump"
    dest.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if password:                               # not on the command line (ps shows it)
        env["PGPASSWORD"] = password
    p = subprocess.run([exe, "-Fc", "-f", str(dest), "--dbname", dsn],
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise UserError(_("pg_dump báo lỗi: {reason}")
                        .format(reason=(p.stderr.strip().splitlines() or ["?"])[-1]))
    return dest


# ---- the daily automatic copy ---------------------------------------------------------------
def keep_setting() -> int:
    from app import settings
    try:
        return max(1, int(settings.get("backup.keep")))
    except (KeyError, ValueError, TypeError):
        return DEFAULT_KEEP


def daily_backup(actor: User, folder: str | Path | None = None, keep: int | None = None,
                 today: date | None = None) -> Path | None:
    """At the first start of the day: copy the SQLite office file into `folder` and keep
    only the newest `keep` automatic copies.  Returns the new file, or None when today's copy
    exists already (or the office is on PostgreSQL: the server's own backups apply)."""
    require(actor, Role.ADMIN, Role.BACKUP)
    url = _current_url()
    src = connection.sqlite_path(url)
    if src is None or not src.exists():
        return None
    folder = Path(folder) if folder else backup_dir()
    keep = keep or keep_setting()
    today = today or datetime.now(VN_TZ).date()
    prefix = f"{_base(src)}-auto-"
    if any(folder.glob(f"{prefix}{today:%Y%m%d}-*.sqlite3")):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(VN_TZ)
    made = _copy_atomic(src, folder / f"{prefix}{today:%Y%m%d}-{now:%H%M%S}.sqlite3")
    for old in sorted(folder.glob(f"{prefix}*.sqlite3"))[:-keep]:
        old.unlink(missing_ok=True)
    return made


def list_daily(folder: str | Path | None = None) -> list[Path]:
    folder = Path(folder) if folder else backup_dir()
    return sorted(folder.glob("*-auto-*.sqlite3"))


# ---- restore ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RestoreResult:
    db_url: str
    restored_from: Path
    kept_as: Path | None          # the file that was in place, or None (there was none)
    schema_version: int           # of the backup (upgraded on open when older)


def check_backup_file(path: str | Path) -> int:
    """The backup's schema version after checking it can be restored; UserError if not."""
    path = Path(path)
    if not path.is_file():
        raise UserError(_("Không có tệp sao lưu {path}.").format(path=path))
    try:
        problems = files.quick_check(path)
        version = files.schema_version(path)
    except files.NotADatabase as exc:
        raise maintenance.damaged_error(path, str(exc)) from None
    if problems:
        raise maintenance.damaged_error(path, "; ".join(problems[:3]))
    if version is None:
        raise UserError(_("Tệp {path} không phải bản sao lưu của Một Cửa Desk.").format(path=path))
    if version > migrate.head():
        raise maintenance.too_new_error(version, migrate.head())
    return version


def restore(actor: User, file: str | Path, url: str | None = None) -> RestoreResult:
    """Replace the office SQLite file by the backup `file`, then re-bind the services."""
    require(actor, Role.ADMIN)
    from app.store import open_database
    resolved = connection.resolve_url(url)
    target = connection.sqlite_path(resolved)
    if target is None:
        raise UserError(_("Cơ sở dữ liệu PostgreSQL: khôi phục bằng pg_restore trên máy chủ."))
    src = Path(file)
    version = check_backup_file(src)
    if target.exists() and src.resolve() == target.resolve():
        raise UserError(_("Tệp sao lưu chính là tệp đang dùng: {path}.").format(path=src))
    db = connection.current()
    if db is not None:
        db.close()
    stamp = _stamp()
    tmp = target.with_name(f"{target.name}.restoring-{stamp}")
    kept = target.with_name(f"{target.name}.before-restore-{stamp}") if target.exists() else None
    _copy_atomic(src, tmp)
    moved: list[tuple[Path, Path]] = []
    try:
        if kept is not None:
            for end in ("", "-wal", "-shm"):
                old = target.with_name(target.name + end)
                if old.exists():
                    os.replace(old, kept.with_name(kept.name + end))
                    moved.append((old, kept.with_name(kept.name + end)))
        os.replace(tmp, target)
    except OSError as exc:
        for old, new in reversed(moved):
            os.replace(new, old)
        tmp.unlink(missing_ok=True)
        raise UserError(_("Không thay được tệp {path} ({reason}): đóng Một Cửa Desk ở các cửa "
                          "sổ khác rồi thử lại.").format(path=target, reason=exc.strerror or exc)) \
            from None
    log.info("restored %s from %s (kept %s)", target, src, kept)
    open_database(resolved)
    audit.record(actor, "db.restore", str(target),
                 {"from": str(src), "kept_as": str(kept) if kept else None, "schema": version})
    return RestoreResult(db_url=resolved, restored_from=src, kept_as=kept, schema_version=version)
