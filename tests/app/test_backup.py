"""Backups and restore: a round trip gives every row back; a newer or damaged backup is
refused before the office file is touched; the daily copy keeps the last N."""
from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from app import audit, backup, desk, registration, settings, store
from app.domain import PermissionDenied, UserError
from db import connection, migrate, transfer
from db.models import ALL_MODELS, Audit, Counter
from tests.app.helpers import ADMIN, CLERK, SUPERVISOR, create_users, run_cli
from tests.app.test_schema_guard import corrupt_page

ROOT = Path(__file__).resolve().parents[2]


def register(n: int) -> list[str]:
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
    return [registration.register(CLERK, procedure_code="1.001193", name=names[i % 5],
                                  phone="0912345678").code for i in range(n)]


def digests(trail: bool = True) -> dict:
    """Per-table digests; `trail=False` leaves out the audit trail (and its counter row),
    which a backup and a restore each add to, and the users table, where the CLI's sign-in
    upgrades the test's cheap password hash."""
    db = connection.current()
    out = {m._meta.table_name: transfer.digest(db, m) for m in ALL_MODELS
           if trail or m._meta.table_name not in ("audit", "user")}
    if not trail:
        out["counter"] = sorted((c.scope, c.key, c.last) for c in Counter.select()
                                if c.scope != "audit")
    return out



def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_restore_round_trip(office_db, tmp_path):
    register(5)
    before = digests(trail=False)
    trail_before = Audit.select().count()
    out = tmp_path / "saoluu" / "000.17.22.H56-truoc.sqlite3"        # dots in the name
    p = run_cli(office_db, "backup", "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert out.is_file() and str(out) in p.stdout
    register(3)                                                       # work after the backup
    assert digests(trail=False) != before
    connection.current().close()
    p = run_cli(office_db, "restore", str(out))
    assert p.returncode == 0, p.stderr
    path = connection.sqlite_path(office_db)
    kept = list(tmp_path.glob("office.sqlite3.before-restore-*"))
    assert len(kept) == 1 and str(kept[0]) in p.stdout
    store.open_database(office_db)
    assert digests(trail=False) == before                             # every row back
    # the trail as it was in the backup, plus the restore itself (the backup row was
    # written after the copy was taken), and still an intact chain
    # (the `backup` command's own sign-in is in the copy; the backup row came after it)
    assert [a.action for a in Audit.select().where(Audit.seq > trail_before)] == \
        ["login.ok", "db.restore"]
    assert audit.verify(SUPERVISOR).ok
    with closing(sqlite3.connect(kept[0])) as c:                      # the replaced file kept
        assert c.execute("select count(*) from dossier").fetchone()[0] == 8
    assert path.exists()


def test_restore_service_rebinds(office_db, tmp_path):
    register(2)
    made = backup.backup(ADMIN, tmp_path / "b.sqlite3")
    want = digests(trail=False)
    register(2)
    r = backup.restore(ADMIN, made, office_db)
    assert r.kept_as is not None and r.kept_as.name.startswith("office.sqlite3.before-restore-")
    assert digests(trail=False) == want                      # the services see the restored office
    register(1)                                    # and keep working on it


def newer_backup(tmp_path) -> Path:
    made = backup.backup(ADMIN, tmp_path / "newer.sqlite3")
    with closing(sqlite3.connect(made)) as c:
        c.execute("insert into schema_version values (?, 'future', '2030-01-01')",
                  (migrate.head() + 2,))
        c.commit()
    return made


@pytest.mark.parametrize("kind", ["newer", "random", "page"])
def test_restore_refuses_bad_backup(kind, office_db, tmp_path):
    register(1)
    if kind == "newer":
        bad, expect = newer_backup(tmp_path), "hãy cập nhật chương trình"
    else:
        bad = backup.backup(ADMIN, tmp_path / "bad.sqlite3")
        if kind == "random":
            bad.write_bytes(os.urandom(32 * 1024))
        else:
            corrupt_page(bad)
        expect = "python main.py restore FILE"
    connection.current().close()
    path = connection.sqlite_path(office_db)
    files_before, hash_before = sorted(p.name for p in path.parent.iterdir()), sha(path)
    p = run_cli(office_db, "restore", str(bad))
    assert p.returncode == 2 and expect in p.stderr and "Traceback" not in p.stderr, p.stderr
    assert sorted(p.name for p in path.parent.iterdir()) == files_before
    assert sha(path) == hash_before


def test_restore_over_a_damaged_office(office_db, tmp_path):
    register(2)
    good = backup.backup(ADMIN, tmp_path / "good.sqlite3")
    want = digests(trail=False)
    connection.current().close()
    path = connection.sqlite_path(office_db)
    path.write_bytes(os.urandom(16 * 1024))
    assert run_cli(office_db, "config", "list").returncode == 2
    p = run_cli(office_db, "restore", str(good))
    assert p.returncode == 0, p.stderr
    store.open_database(office_db)
    assert digests(trail=False) == want


def test_daily_backup_keeps_the_last_n(office_db, backup_folder):
    day = date(2026, 12, 1)
    made = [backup.daily_backup(ADMIN, keep=3, today=day + timedelta(days=i)) for i in range(5)]
    assert all(made)
    assert backup.daily_backup(ADMIN, keep=3, today=day + timedelta(days=4)) is None  # once a day
    assert backup.list_daily() == made[-3:]
    settings.set_many({"backup.keep": "2"})
    backup.daily_backup(ADMIN, today=day + timedelta(days=5))
    left = backup.list_daily()
    assert len(left) == 2 and left[0] == made[-1]
    with closing(sqlite3.connect(left[-1])) as c:
        assert c.execute("select count(*) from procedure").fetchone()[0] == 144


def test_gui_startup_makes_the_days_backup(office_db, backup_folder):
    desk.startup(office_db)
    desk.startup(office_db)
    assert len(backup.list_daily()) == 1


def test_backup_is_for_administrators(office_db, tmp_path):
    with pytest.raises(PermissionDenied):
        backup.backup(CLERK, tmp_path / "x.sqlite3")
    with pytest.raises(PermissionDenied):
        backup.restore(CLERK, tmp_path / "x.sqlite3", office_db)
    with pytest.raises(PermissionDenied):
        desk.backup(CLERK, tmp_path)
    assert desk.backup(ADMIN, tmp_path / "gui").parent == tmp_path / "gui"


def test_settings_keep_is_validated(office_db):
    with pytest.raises(UserError):
        settings.set_many({"backup.keep": "0"})


def test_postgres_backup_with_pg_dump(pg_url, tmp_path, monkeypatch):
    from app import setup
    from tests.pgcluster import _bin
    setup.init_office(pg_url, office_code="000.17.22.H56")
    create_users()
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(UserError, match="pg_dump"):
        backup.backup(ADMIN, tmp_path / "pg.dump")
    try:
        pg_dump = _bin("pg_dump")
    except FileNotFoundError:                      # pragma: no cover - no client tools
        pytest.skip("pg_dump not installed")
    monkeypatch.setenv("PATH", str(Path(pg_dump).parent))
    out = backup.backup(ADMIN, tmp_path / "pg.dump")
    assert out.read_bytes()[:5] == b"PGDMP"


def test_pg_dump_gets_the_password_by_environment_only(pg_url, tmp_path, monkeypatch):
    """The real pg_dump runs above; here a stand-in records what it was given: the password
    (with an @ in it) only in PGPASSWORD, the libpq options kept in the URL."""
    import json
    import sys

    from app import setup
    url = pg_url.replace("postgres@", "postgres:bi%40mat@", 1) + "?application_name=sao-luu"
    assert url != pg_url + "?application_name=sao-luu"
    setup.init_office(url, office_code="000.17.22.H56")
    create_users()
    seen = tmp_path / "seen.json"
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text(f"#!{sys.executable}\nimport json, os, sys\n"
                    f"json.dump({{'argv': sys.argv[1:], 'password': os.environ.get('PGPASSWORD')}},"
                    f" open({str(seen)!r}, 'w'))\n"
                    "open(sys.argv[sys.argv.index('-f') + 1], 'wb').write(b'PGDMP')\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    out = backup.backup(ADMIN, tmp_path / "pg.dump")
    got = json.loads(seen.read_text())
    assert got["password"] == "bi@mat"
    dsn = got["argv"][got["argv"].index("--dbname") + 1]
    assert "bi%40mat" not in dsn and "bi@mat" not in dsn and dsn.endswith("?application_name=sao-luu")
    assert dsn.startswith("postgresql://postgres@127.0.0.1:")
    assert out.read_bytes() == b"PGDMP"


def test_a_failed_copy_leaves_no_file_that_looks_like_a_backup(tmp_path):
    """files.copy_sqlite (backups and the pre-migration copy): whole copy or nothing."""
    from db import files
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_bytes(b"this is not an SQLite file" * 100)
    dest = tmp_path / "out" / "000.17.22.H56.before-v9.sqlite3"
    with pytest.raises(sqlite3.DatabaseError):
        files.copy_sqlite(bad, dest)
    assert list(dest.parent.iterdir()) == []
    with pytest.raises(UserError, match="Không ghi được bản sao lưu"):
        backup._copy_atomic(bad, dest)
    assert list(dest.parent.iterdir()) == []
