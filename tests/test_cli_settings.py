"""A bad stored setting is a Vietnamese user error (exit 2) on the counter's paths, never a
traceback; an office code change with dossiers needs --confirm."""
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD = "https://dichvucong.khanhhoa.gov.vn/tra-cuu?ma={code}&t={token}"


@pytest.fixture
def cli(tmp_path):
    db = tmp_path / "cli.sqlite3"
    env = dict(os.environ, MOTCUA_DB=str(db), PYTHONIOENCODING="utf-8", MOTCUA_USER="admin",
               MOTCUA_PASSWORD="matkhau123")

    def run(*args, ok=True, stdin=None):
        p = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                           text=True, env=env, input=stdin, timeout=60)
        if ok:
            assert p.returncode == 0, p.stderr
        return p
    run.db = db
    return run


def _poke(db: Path, key: str, value: str) -> None:
    """What someone with an SQL console might do."""
    with sqlite3.connect(db) as con:
        con.execute('INSERT INTO setting (key, value) VALUES (?, ?) '
                    'ON CONFLICT (key) DO UPDATE SET value = excluded.value', (key, value))


def _register(cli, ok=True):
    return cli("register", "--procedure", "1.001193", "--name", "Nguyễn Văn An", "--id",
               "024090001234", "--phone", "0912345678", "--json", ok=ok)


@pytest.mark.parametrize("key,garbage", [
    ("tracking.url_template", "https://tc.gov.vn/{__class__}?ma={code}&t={token}"),
    ("tracking.url_template", "https://tc.gov.vn/?ma={code!r}&t={token}"),
    ("tracking.url_template", "https://tc.gov.vn/?ma={0}&t={token}"),
    ("office.code", "abc"),
    ("calendar.close", "giờ chiều"),
])
def test_bad_stored_setting_on_register_show_and_print(cli, tmp_path, key, garbage):
    cli("init", "--office-code", "000.17.22.H56", "--admin", "admin")
    code = json.loads(_register(cli).stdout)["code"]
    _poke(cli.db, key, garbage)
    expected = f"Thiết lập '{key}' trong cơ sở dữ liệu không hợp lệ"
    fix = f"python main.py config set {key}"
    paths = [["register", "--procedure", "1.001193", "--name", "Trần Thị Bình"],
             ["print", "receipt", code, "--format", "pdf", "--out", str(tmp_path / "r.pdf")]]
    if key == "tracking.url_template":          # `show` builds the tracking URL, nothing else
        paths.append(["show", code, "--json"])
    for args in paths:
        p = cli(*args, ok=False)
        assert p.returncode == 2, (args, p.stderr)
        assert expected in p.stderr and fix in p.stderr, (args, p.stderr)
        assert "Traceback" not in p.stderr
    # listing still shows the bad value, and setting a good one repairs the office
    assert garbage in cli("config", "list").stdout
    good = {"tracking.url_template": GOOD, "office.code": "000.17.22.H56",
            "calendar.close": "17:00"}[key]
    cli("config", "set", key, good)
    if key == "tracking.url_template":
        cli("config", "set", "office.demo", "false")
    assert json.loads(cli("show", code, "--json").stdout)["code"] == code


def test_template_refused_when_set(cli):
    cli("init", "--office-code", "000.17.22.H56", "--admin", "admin")
    for bad in ("https://tc.gov.vn/{__class__}?ma={code}&t={token}", "https://tc.gov.vn/?ma={code:>5}&t={token}",
                "https://tc.gov.vn/?ma={code}&t={token}{", "http://tc.gov.vn/?ma={code}&t={token}"):
        p = cli("config", "set", "tracking.url_template", bad, ok=False)
        assert p.returncode == 2 and "Mẫu địa chỉ" in p.stderr and "Traceback" not in p.stderr
    p = cli("config", "set", "central.url", "http://user:pw@central.vn", ok=False)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    p = cli("sync", "config", "sync.sms.url", "http://sms.vn/api", ok=False)
    assert p.returncode == 2 and "https://" in p.stderr
    cli("sync", "config", "sync.sms.url", "https://sms.vn/api")
    assert cli("config", "set", "central.url", "http://127.0.0.1:8765/").stdout.strip() == \
        "central.url = http://127.0.0.1:8765"


def test_office_code_change_needs_confirm(cli):
    cli("init", "--office-code", "000.17.22.H56", "--admin", "admin")
    p = cli("config", "set", "office.code", "abc", ok=False)
    assert p.returncode == 2 and "Mã cơ quan không hợp lệ" in p.stderr
    _register(cli)
    p = cli("config", "set", "office.code", "000.00.17.H56", ok=False)
    assert p.returncode == 2 and "--confirm" in p.stderr and "0001" in p.stderr
    assert cli("config", "get", "office.code").stdout.strip() == "000.17.22.H56"
    cli("config", "set", "office.code", "000.00.17.H56", "--confirm")
    assert json.loads(_register(cli).stdout)["code"].startswith("000.00.17.H56-")
