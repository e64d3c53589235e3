"""A database newer than the program is refused before anything is written; upgrades on
PostgreSQL are serialised by an advisory lock; a damaged SQLite file is a clear message."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from app import desk, maintenance, store
from app.domain import UserError
from db import connection, migrate
from db.models import SchemaVersion

ROOT = Path(__file__).resolve().parents[2]


def make_newer(url: str) -> int:
    """Pretend a program two versions ahead upgraded this office; returns that version."""
    newer = migrate.head() + 2
    SchemaVersion.create(version=newer, name=f"{newer:04d}_from_the_future",
                         applied_at=datetime(2030, 1, 1))
    connection.current().close()
    return newer


def snapshot(url: str):
    path = connection.sqlite_path(url)
    if path is not None:
        return (sorted(p.name for p in path.parent.iterdir()),
                hashlib.sha256(path.read_bytes()).hexdigest())
    connection.bind(url)
    rows = [(r.version, r.name) for r in SchemaVersion.select().order_by(SchemaVersion.version)]
    tables = sorted(connection.current().get_tables())
    connection.current().close()
    return rows, tables


def run_cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", url, *args],
                          capture_output=True, text=True, env=env, timeout=60)


def test_newer_schema_is_refused_and_nothing_written(any_office):
    newer = make_newer(any_office)
    before = snapshot(any_office)
    expected = (f"Cơ sở dữ liệu ở phiên bản {newer}, chương trình này chỉ đọc đến "
                f"{migrate.head()} — hãy cập nhật chương trình.")
    for upgrade in (True, False):
        with pytest.raises(UserError) as exc:
            store.open_database(any_office, upgrade=upgrade)
        assert exc.value.message == expected
    p = run_cli(any_office, "config", "list")
    assert p.returncode == 2, p.stderr
    assert expected in p.stderr and "Traceback" not in p.stderr
    assert snapshot(any_office) == before


def test_newer_schema_refused_by_gui_startup(office_db):
    make_newer(office_db)
    with pytest.raises(UserError, match="hãy cập nhật chương trình"):
        desk.startup(office_db)


def test_concurrent_upgrades_are_serialised(any_url):
    """Several counters (PostgreSQL) or windows (SQLite) start the new program on an empty
    office database at once."""
    connection.bind(any_url)
    db = connection.current()
    db.close()
    n = 4
    barrier = threading.Barrier(n)
    applied, errors = [], []

    def counter():
        try:
            barrier.wait(timeout=30)
            applied.append(migrate.upgrade(db))      # own (thread-local) connection
        except Exception as exc:                      # pragma: no cover - the failure shown
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=counter) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    every = [v for v, _ in migrate.available()]
    assert sorted(v for done in applied for v in done) == every    # each applied exactly once
    assert [r.version for r in SchemaVersion.select().order_by(SchemaVersion.version)] == every


# ---- damaged files ----------------------------------------------------------------------
def corrupt_page(path: Path, table: str = "procedure") -> None:
    """Overwrite the root page of `table` (a valid file otherwise) with random bytes."""
    import sqlite3
    from contextlib import closing
    with closing(sqlite3.connect(path)) as c:
        size = c.execute("PRAGMA page_size").fetchone()[0]
        root = c.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()[0]
    data = bytearray(path.read_bytes())
    data[(root - 1) * size:root * size] = os.urandom(size)
    path.write_bytes(bytes(data))


def damaged_office(kind: str, tmp_path: Path, office_db: str) -> Path:
    path = connection.sqlite_path(office_db)
    connection.current().close()
    if kind == "random":
        path.write_bytes(os.urandom(64 * 1024))
    else:
        corrupt_page(path)
    return path


@pytest.mark.parametrize("kind", ["random", "page"])
def test_damaged_file_is_a_clear_message(kind, tmp_path, office_db):
    path = damaged_office(kind, tmp_path, office_db)
    result = maintenance.check(office_db)
    assert not result.ok and result.problems
    with pytest.raises(UserError) as exc:
        desk.startup(office_db)
    assert str(path) in exc.value.message and "python main.py restore FILE" in exc.value.message
    p = run_cli(office_db, "db", "check")
    assert p.returncode == 2 and str(path) in p.stderr and "Traceback" not in p.stderr


def test_random_bytes_refused_by_any_command(tmp_path):
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(os.urandom(8192))
    p = run_cli(str(path), "config", "list")
    assert p.returncode == 2 and str(path) in p.stderr and "Traceback" not in p.stderr


def test_db_check_ok(office_db):
    connection.current().close()
    p = run_cli(office_db, "db", "check")
    assert p.returncode == 0, p.stderr
    assert "ok" in p.stdout.lower()
