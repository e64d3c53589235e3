"""Numbered migration ladder: db/migrations/NNNN_name.py, each with apply(db).

Applied in order, each inside a transaction, after a file backup for SQLite.
"""
from __future__ import annotations

import importlib
import pkgutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import peewee as pw

import db.migrations as migrations_pkg
from db.models import SchemaVersion


def available() -> list[tuple[int, str]]:
    found = []
    for info in pkgutil.iter_modules(migrations_pkg.__path__):
        head = info.name.split("_", 1)[0]
        if head.isdigit():
            found.append((int(head), info.name))
    return sorted(found)


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
    with sqlite3.connect(str(src)) as s, sqlite3.connect(str(dest)) as d:
        s.backup(d)
    return dest


def upgrade(db: pw.Database) -> list[int]:
    """Apply every pending migration; returns the versions applied."""
    done = current_version(db)
    pending = [(v, n) for v, n in available() if v > done]
    if pending and done > 0:
        backup_sqlite(db, pending[0][0])
    applied = []
    for version, name in pending:
        module = importlib.import_module(f"db.migrations.{name}")
        with db.atomic():
            module.apply(db)
            SchemaVersion.create(version=version, name=name,
                                 applied_at=datetime.now(timezone.utc).replace(tzinfo=None))
        applied.append(version)
    return applied
