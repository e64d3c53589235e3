import sqlite3

from app import setup, store
from db import migrate
from db.models import SchemaVersion


def test_schema_version_and_idempotent_init(sqlite_url):
    info = setup.init_office(sqlite_url, office_code="000.17.22.H56")
    assert info["procedures"] == 144
    assert store.schema_version() == max(v for v, _ in migrate.available())
    again = setup.init_office(sqlite_url)
    assert again["catalog"] is None and again["office_code"] == "000.17.22.H56"
    assert SchemaVersion.select().count() == len(migrate.available())


def add_migration(monkeypatch, module) -> int:
    """Pretend one more numbered migration exists, served by `module`; returns its number."""
    import importlib
    real_list = migrate.available()
    nxt = real_list[-1][0] + 1
    name = f"{nxt:04d}_added_by_test"
    monkeypatch.setattr(migrate, "available", lambda: real_list + [(nxt, name)])
    real = importlib.import_module
    monkeypatch.setattr(importlib, "import_module",
                        lambda mod: module if mod.endswith(name) else real(mod))
    return nxt


def test_pending_migration_backs_up_sqlite_first(sqlite_url, tmp_path, monkeypatch):
    setup.init_office(sqlite_url)
    applied = []

    class Fake:
        @staticmethod
        def apply(db):
            applied.append(True)
            db.execute_sql("CREATE TABLE extra_thing (id INTEGER PRIMARY KEY)")

    nxt = add_migration(monkeypatch, Fake)
    assert migrate.upgrade(store.connection.current()) == [nxt]
    backups = list(tmp_path.glob(f"office.before-v{nxt}-*.sqlite3"))
    assert len(backups) == 1 and applied
    with sqlite3.connect(backups[0]) as c:   # the backup is a full, readable copy without v2
        assert c.execute("select count(*) from procedure").fetchone()[0] == 144
        assert c.execute("select max(version) from schema_version").fetchone()[0] == nxt - 1


def test_failed_migration_rolls_back(sqlite_url, monkeypatch):
    import pytest
    setup.init_office(sqlite_url)

    class Broken:
        @staticmethod
        def apply(db):
            db.execute_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
            raise RuntimeError("boom")

    nxt = add_migration(monkeypatch, Broken)
    db = store.connection.current()
    with pytest.raises(RuntimeError):
        migrate.upgrade(db)
    assert migrate.current_version(db) == nxt - 1
    assert not db.table_exists("half_done")


def test_old_database_is_upgraded_in_order(sqlite_url, tmp_path):
    """A version-1 office (as shipped first) gets 0002 after a backup, data kept."""
    setup.init_office(sqlite_url, office_code="000.17.22.H56")
    db = store.connection.current()
    db.execute_sql('DROP INDEX "dossier_status_updated_at"')
    db.execute_sql("DELETE FROM schema_version WHERE version > 1")
    assert migrate.upgrade(db) == [v for v, _ in migrate.available() if v > 1]
    assert "dossier_status_updated_at" in {i.name for i in db.get_indexes("dossier")}
    assert list(tmp_path.glob("office.before-v2-*.sqlite3"))


def test_0005_adds_and_backfills_the_report_columns(office_db):
    """An office from before 0005: the report columns are added and filled from history."""
    from app.reports.monthly import compute
    from tests.app import report_fixture as fx
    store.open_database(office_db)
    fx.build()
    before = compute(*fx.PERIOD)
    db = store.connection.current()
    cols = ("finished_at", "finish_status", "timeliness", "reminded_at")
    for idx in db.get_indexes("dossier"):
        if set(idx.columns) & set(cols):
            db.execute_sql(f'DROP INDEX "{idx.name}"')
    for c in cols:
        db.execute_sql(f'ALTER TABLE "dossier" DROP COLUMN "{c}"')
    db.execute_sql('DROP TABLE "follow_up_call"')
    db.execute_sql('DROP TABLE "rating"')
    db.execute_sql("DELETE FROM schema_version WHERE version >= 5")
    assert 5 in migrate.upgrade(db)
    assert set(cols) <= {c.name for c in db.get_columns("dossier")}
    assert db.table_exists("rating") and db.table_exists("follow_up_call")
    assert compute(*fx.PERIOD) == before
