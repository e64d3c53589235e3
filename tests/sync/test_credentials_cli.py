"""Token in the OS keyring only (explicit in-memory test backend), env fallback, CLI commands."""
from __future__ import annotations

import io
import json

import keyring
import pytest
from keyring.backends import fail

import main
from app.sync import credentials
from app.sync.config import load


def _main(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    rc = main.main(argv)
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_token_set_stores_in_keyring_only(office_db, monkeypatch, capsys, memkeyring, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(home)
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(home))
    rc, out, _ = _main(monkeypatch, capsys, ["--db", office_db, "token", "set"], "s3cret-token\n")
    assert rc == 0 and "kho khóa" in out
    assert memkeyring.store == {("MotCuaDesk", "central-token"): "s3cret-token"}
    assert credentials.get_secret() == "s3cret-token"
    assert list(home.rglob("*")) == []                    # no file anywhere in HOME/cwd
    rc, out, _ = _main(monkeypatch, capsys, ["--db", office_db, "token", "status", "--json"])
    assert json.loads(out)["source"] == "keyring"
    rc, out, _ = _main(monkeypatch, capsys, ["--db", office_db, "token", "clear"])
    assert rc == 0 and memkeyring.store == {} and credentials.get_secret() is None


def test_no_keyring_backend_is_a_clear_error(office_db, monkeypatch, capsys):
    keyring.set_keyring(fail.Keyring())
    rc, _, err = _main(monkeypatch, capsys, ["--db", office_db, "token", "set"], "abc\n")
    assert rc == 2
    assert "không có kho khóa" in err and "MOTCUA_CENTRAL_TOKEN" in err
    assert credentials.get_secret() is None


def test_environment_token_is_read_not_written(monkeypatch, memkeyring):
    monkeypatch.setenv("MOTCUA_CENTRAL_TOKEN", "from-env")
    assert credentials.get_secret() == "from-env" and credentials.source() == "env"
    assert memkeyring.store == {}


def test_empty_token_refused(office_db, monkeypatch, capsys):
    rc, _, err = _main(monkeypatch, capsys, ["--db", office_db, "token", "set"], "\n")
    assert rc == 2 and "Chưa nhập" in err


def test_central_url_env_overrides_setting(office_db, monkeypatch, capsys):
    rc, _, _ = _main(monkeypatch, capsys, ["--db", office_db, "config", "set", "central.url",
                                           "https://tinh.example.gov.vn/"])
    assert rc == 0
    assert load().url == "https://tinh.example.gov.vn"
    monkeypatch.setenv("MOTCUA_CENTRAL_URL", "http://127.0.0.1:9")
    assert load().url == "http://127.0.0.1:9"


def test_sync_status_json_and_retry(office_db, central, monkeypatch, capsys):
    from app.store import open_database
    from tests.sync.conftest import make_dossiers
    open_database(office_db)
    codes = make_dossiers(2, steps=())
    from tests.sync.conftest import expected_order
    central.reject[expected_order(codes[0])[0]] = 400
    rc, out, _ = _main(monkeypatch, capsys, ["--db", office_db, "sync", "status", "--json"])
    data = json.loads(out)
    assert {"pending", "delivered", "failed", "last_error", "last_success_at"} <= set(data)
    assert data["pending"] == 2 and data["last_success_at"] is None
    rc, out, _ = _main(monkeypatch, capsys, ["--db", office_db, "sync", "run", "--once", "--json"])
    assert rc == 0 and json.loads(out)["this_run"]["delivered"] == 1
    rc, out, _ = _main(monkeypatch, capsys, ["--db", office_db, "sync", "failed", "--json"])
    [failed] = json.loads(out)
    assert "400" in failed["last_error"]
    rc, _, err = _main(monkeypatch, capsys, ["--db", office_db, "sync", "retry"])
    assert rc == 2 and "--all" in err
    central.reject.clear()
    rc, out, _ = _main(monkeypatch, capsys, ["--db", office_db, "sync", "retry", str(failed["id"])])
    assert rc == 0 and "1 sự kiện" in out
    _main(monkeypatch, capsys, ["--db", office_db, "sync", "run", "--once"])
    rc, out, _ = _main(monkeypatch, capsys, ["--db", office_db, "sync", "status", "--json"])
    data = json.loads(out)
    assert (data["pending"], data["failed"], data["delivered"]) == (0, 0, 2)
    assert data["online"] is True and data["last_success_at"]


def test_status_without_configuration(office_db):
    from app import sync
    from app.store import open_database
    open_database(office_db)
    st = sync.status()
    assert not st.configured and st.online is None
    assert "central.url" in st.last_error
    assert "Chưa cấu hình" in st.label


def test_retry_needs_a_supervisor(office_db):
    from app import sync
    from app.domain import PermissionDenied
    from app.store import open_database
    from tests.app.helpers import CLERK, SUPERVISOR
    open_database(office_db)
    with pytest.raises(PermissionDenied):
        sync.retry(None, CLERK)
    assert sync.retry(None, SUPERVISOR) == 0


def test_token_commands_need_an_admin(office_db, monkeypatch, capsys, memkeyring):
    monkeypatch.setenv("MOTCUA_USER", "canbo1")
    rc, _, err = _main(monkeypatch, capsys, ["--db", office_db, "token", "set"], "stolen\n")
    assert rc == 2 and "không có quyền" in err and memkeyring.store == {}
    monkeypatch.delenv("MOTCUA_USER")
    rc, _, err = _main(monkeypatch, capsys, ["--db", office_db, "token", "set"], "stolen\n")
    assert rc == 2 and "MOTCUA_USER" in err and memkeyring.store == {}
