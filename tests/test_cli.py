"""End-to-end: the CLI as a script would use it (subprocess, JSON on stdout, exit codes)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


PASSWORD = "matkhau123"


@pytest.fixture
def cli(tmp_path):
    """cli(*args, user=…, password=…): main.py in a subprocess (production scrypt cost), signed
    in through $MOTCUA_USER / $MOTCUA_PASSWORD (None: variable unset)."""
    base = {k: v for k, v in os.environ.items() if k not in ("MOTCUA_USER", "MOTCUA_PASSWORD")}
    base.update(MOTCUA_DB=str(tmp_path / "cli.sqlite3"), PYTHONIOENCODING="utf-8")

    def run(*args, ok=True, stdin=None, user="admin", password=PASSWORD):
        env = dict(base)
        if user is not None:
            env["MOTCUA_USER"] = user
        if password is not None:
            env["MOTCUA_PASSWORD"] = password
        p = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                           text=True, env=env, input=stdin if stdin is not None else "", timeout=60)
        if ok:
            assert p.returncode == 0, p.stderr
        return p
    return run


@pytest.fixture
def office(cli):
    """An initialised CLI office: admin `admin` and clerk `canbo1` (Lê Thị Hoa)."""
    cli("init", "--office-code", "000.17.22.H56", "--office-name", "UBND xã Phương Sơn",
        "--admin", "admin", "--admin-name", "Quản Trị Viên", user=None)
    cli("user", "add", "canbo1", "--full-name", "Lê Thị Hoa", "--role", "clerk",
        stdin=PASSWORD + "\n")
    return cli


def test_cli_flow(cli):
    init = json.loads(cli("init", "--office-code", "000.17.22.H56", "--office-name",
                          "UBND xã Phương Sơn", "--admin", "admin", "--json", user=None).stdout)
    assert init["procedures"] == 144 and init["admin"] == "admin"
    cli("user", "add", "canbo1", "--full-name", "Lê Thị Hoa", "--role", "clerk", stdin=PASSWORD + "\n")
    reg = json.loads(cli("--user", "canbo1", "register", "--procedure", "1.001193", "--name", "Nguyễn Văn An",
                         "--id", "024090001234", "--phone", "0912345678",
                         "--received-at", "2026-11-25T10:05:00+07:00", "--json", user=None).stdout)
    assert set(reg) >= {"code", "due_at", "status", "tracking_url", "received_at"}
    assert reg["code"] == "000.17.22.H56-261125-0001"
    assert reg["due_at"] == "2026-11-26T17:00:00+07:00" and reg["status"] == 2
    found = json.loads(cli("search", "nguyen van an", "--json").stdout)
    assert [d["code"] for d in found] == [reg["code"]]
    st = json.loads(cli("status", reg["code"], "4", "--note", "Chuyển phòng chuyên môn",
                        "--at", "2026-11-25T11:00:00+07:00", "--json").stdout)
    assert st["status"] == 4
    shown = json.loads(cli("show", reg["code"], "--json").stdout)
    assert [h["to_status"] for h in shown["history"]] == [2, 4]
    assert [h["user"] for h in shown["history"]] == ["canbo1", "admin"]     # the signed-in users
    assert shown["clerk"] == "canbo1"
    assert shown["history"][1]["note"] == "Chuyển phòng chuyên môn"
    out = json.loads(cli("outbox", "list", "--json").stdout)
    assert [e["type"] for e in out] == ["dossier.received", "dossier.status_changed"]
    due = json.loads(cli("due", "--from", "2026-02-13T16:00:00+07:00", "--days", "1", "--json").stdout)
    assert due == {"due_at": "2026-02-23T17:00:00+07:00"}
    cli("config", "set", "office.name", "UBND phường Hòa Bình")
    assert cli("config", "get", "office.name").stdout.strip() == "UBND phường Hòa Bình"
    assert json.loads(cli("catalog", "list", "--field", "Chứng thực", "--json").stdout)


@pytest.mark.parametrize("args,needle", [
    (["register", "--procedure", "1.001193", "--name", "An", "--phone", "123"], "Số điện thoại"),
    (["register", "--procedure", "1.001193", "--name", "An", "--id", "12"], "CCCD"),
    (["status", "000.17.22.H56-261125-9999", "4"], "Không tìm thấy hồ sơ"),
    (["config", "set", "tracking.url_template", "ftp://x"], "Mẫu địa chỉ tra cứu"),
    (["due", "--from", "hôm qua", "--days", "1"], "ISO 8601"),
])
def test_cli_user_errors_exit_2(office, args, needle):
    p = office(*args, ok=False, user="admin" if args[0] == "config" else "canbo1")
    assert p.returncode == 2 and needle in p.stderr and "Traceback" not in p.stderr
    assert json.loads(office("outbox", "list", "--json").stdout) == []
