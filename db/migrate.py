"""Numbered migration ladder: db/migrations/NNNN_name.py, each with apply(db).

Applied in order, each inside a transaction, after a file backup for SQLite.
"""
from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, datetime
from pathlib import Path

import peewee as pw

import db.migrations as migrations_pkg
from db.files import copy_sqlite
from db.models import SchemaVersion

# pg_advisory_lock key that serialises schema upgrades of one PostgreSQL database
UPGRADE_LOCK_KEY = 0x4D6F74437561  # "MotCua"


class SchemaTooNew(Exception):
    """The database was upgraded by a newer program than this one; nothing was written."""

    def __init__(self, found: int, known: int):
        super().__init__(f"schema version {found} is newer than {known}")
        self.found = found
        self.known = known


def available() -> list[tuple[int, str]]:
    found = []
    for info in pkgutil.iter_modules(migrations_pkg.__path__):
        head = info.name.split("_", 1)[0]
        if head.isdigit():
            found.append((int(head), info.name))
    return sorted(found)


def head() -> int:
    """The newest schema version this program knows."""
    found = available()
    return found[-1][0] if found else 0


def current_version(db: pw.Database) -> int:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    row = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar()
    return int(row or 0)


def backup_sqlite(db: pw.Database, version: int) -> Path | None:
    """Online copy of the SQLite file (safe with WAL) before changing its schema."""
    if not isinstance(db, pw.SqliteDatabase) or db.database == ":memory:":
        return None
    src = Path(db.database)
    if not src.exists() or src.stat().st_size == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = src.with_name(f"{src.stem}.before-v{version}-{stamp}{src.suffix}")
    return copy_sqlite(src, dest)


def check_version(db: pw.Database) -> int:
    """The database's schema version; raises SchemaTooNew when a newer program made it."""
    found, known = current_version(db), head()
    if found > known:
        raise SchemaTooNew(found, known)
    return found


def upgrade(db: pw.Database) -> list[int]:
    """Apply every pending migration; returns the versions applied.  Refuses (SchemaTooNew)
    a database newer than this program before writing anything.  On PostgreSQL the whole
    upgrade holds an advisory lock, so counters starting together upgrade one at a time
    (the version is read again once the lock is held)."""
    check_version(db)
    if not isinstance(db, pw.PostgresqlDatabase):
        return _upgrade(db)
    db.execute_sql("SELECT pg_advisory_lock(%s)", (UPGRADE_LOCK_KEY,))
    try:
        return _upgrade(db)
    finally:
        db.execute_sql("SELECT pg_advisory_unlock(%s)", (UPGRADE_LOCK_KEY,))


def applied_versions(db: pw.Database) -> set[int]:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return set()
    return {v for (v,) in SchemaVersion.select(SchemaVersion.version).tuples()}


def _upgrade(db: pw.Database) -> list[int]:
    """Every known migration not yet recorded — not only those above the highest: numbers are
    reserved per branch (0008 may land before 0005), so a gap is applied when it arrives."""
    done = check_version(db)
    have = applied_versions(db)
    pending = [(v, n) for v, n in available() if v not in have]
    if pending and done > 0:
        backup_sqlite(db, pending[0][0])
    applied = []
    for version, name in pending:
        module = importlib.import_module(f"db.migrations.{name}")
        # SQLite: the write lock first, then look again — another program on this PC may
        # have applied it while we waited (PostgreSQL: the advisory lock already serialises)
        with db.atomic("IMMEDIATE") if isinstance(db, pw.SqliteDatabase) else db.atomic():
            if version in applied_versions(db):
                continue
            module.apply(db)
            SchemaVersion.create(version=version, name=name,
                                 applied_at=datetime.now(UTC).replace(tzinfo=None))
        applied.append(version)
    return applied
