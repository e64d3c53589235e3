from app import setup, store
from db import connection


def test_sqlite_pragmas(office_db):
    store.open_database(office_db)
    db = connection.current()
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_same_schema_on_postgres(pg_url):
    setup.init_office(pg_url)
    db = connection.current()
    assert store.is_postgres()
    tables = set(db.get_tables())
    assert {"dossier", "applicant", "status_history", "outbox_event", "counter", "procedure",
            "field", "setting", "user", "calendar_override", "schema_version"} <= tables
    idx = {i.name for i in db.get_indexes("applicant")}
    assert any("name_key" in n for n in idx)


def test_url_resolution(tmp_path, monkeypatch):
    monkeypatch.delenv("MOTCUA_DB", raising=False)
    assert connection.resolve_url(str(tmp_path / "a.db")) == "sqlite:///" + str(tmp_path / "a.db")
    monkeypatch.setenv("MOTCUA_DB", "postgresql://u@127.0.0.1/x")
    assert connection.resolve_url(None) == "postgresql://u@127.0.0.1/x"
    monkeypatch.delenv("MOTCUA_DB")
    assert connection.resolve_url(None).endswith("motcua.sqlite3")


def test_first_run_writes_everything_or_nothing(sqlite_url):
    import pytest

    from app import auth, desk, settings
    from app.domain import UserError
    from db.models import Procedure
    store.open_database(sqlite_url)
    with pytest.raises(UserError):     # bad admin user name: nothing of the wizard is kept
        desk.first_run({"office.code": "000.17.22.H56", "office.name": "UBND xã Hòa An"},
                       "x", "Quản Trị", "matkhau123")
    assert not settings.is_configured() and Procedure.select().count() == 0
    assert not auth.has_users()
    desk.first_run({"office.code": "000.17.22.H56", "office.name": "UBND xã Hòa An"},
                   "admin", "Quản Trị", "matkhau123")
    assert settings.get("office.name") == "UBND xã Hòa An" and Procedure.select().count() == 144
