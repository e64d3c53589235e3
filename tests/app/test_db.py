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


# ---- database URLs (playhouse.db_url) ------------------------------------------------------
def test_postgres_url_parsed_with_options_and_round_trips():
    url = ("postgresql://us%40er:p%40ss%2Fw@DB.example:6543/motcua%20office"
           "?sslmode=require&application_name=quay-1&connect_timeout=4")
    db = connection.make_database(url)
    assert isinstance(db, connection.ReconnectingPostgres)
    assert db.database == "motcua office"
    assert db.connect_params == {"user": "us@er", "password": "p@ss/w", "host": "db.example",
                                 "port": 6543, "sslmode": "require", "application_name": "quay-1",
                                 "connect_timeout": 4}
    again = connection.make_database(connection.url_of(db))       # backups, copies: same target
    assert (again.database, again.connect_params) == (db.database, db.connect_params)
    bare = connection.make_database("postgresql:///")
    assert (bare.database, bare.connect_params) == ("postgres", connection.PG_DEFAULTS)
    assert connection.url_of(bare) == "postgresql://127.0.0.1:5432/postgres"
    v6 = connection.make_database("postgresql://u@[::1]:5433/x")
    assert connection.url_of(v6) == "postgresql://u@[::1]:5433/x"


def test_safe_url_masks_both_password_forms():
    assert connection.safe_url("postgresql://u:p%40ss@h/db?sslmode=require") == \
        "postgresql://u:***@h/db?sslmode=require"
    assert connection.safe_url("postgresql://u@h/db?sslmode=require&password=bi-mat&x=1") == \
        "postgresql://u@h/db?sslmode=require&password=***&x=1"
    assert connection.safe_url("sqlite:////tmp/a.sqlite3") == "sqlite:////tmp/a.sqlite3"


def test_sqlite_path_keeps_hash_and_question_mark(tmp_path):
    folder = tmp_path / "Hồ sơ #1?"
    db = connection.make_database("sqlite:///" + str(folder / "office.sqlite3"))
    assert db.database == str(folder / "office.sqlite3") and folder.is_dir()
    db.connect()
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_postgres_url_options_reach_the_server_and_a_bad_one_is_a_message(pg_url):
    import pytest

    from app.domain import UserError
    store.open_database(pg_url + "?application_name=quay-so-2")
    db = connection.current()
    assert db.execute_sql("SELECT current_setting('application_name')").fetchone()[0] == "quay-so-2"
    db.close()
    with pytest.raises(UserError, match="sslmod") as err:
        store.open_database(pg_url + "?sslmod=require")
    assert "Không kết nối được cơ sở dữ liệu" in err.value.message
