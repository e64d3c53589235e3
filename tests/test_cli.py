"""End-to-end: the CLI as a script would use it (subprocess, JSON on stdout, exit codes)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cli(tmp_path):
    env = dict(os.environ, MOTCUA_DB=str(tmp_path / "cli.sqlite3"), PYTHONIOENCODING="utf-8")

    def run(*args, ok=True, stdin=None):
        p = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                           text=True, env=env, input=stdin, timeout=60)
        if ok:
            assert p.returncode == 0, p.stderr
        return p
    return run


def test_cli_flow(cli):
    init = json.loads(cli("init", "--office-code", "000.17.22.H56", "--office-name",
                          "UBND xã Phương Sơn", "--json").stdout)
    assert init["procedures"] == 144
    reg = json.loads(cli("register", "--procedure", "1.001193", "--name", "Nguyễn Văn An",
                         "--id", "024090001234", "--phone", "0912345678",
                         "--received-at", "2026-11-25T10:05:00+07:00", "--json").stdout)
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
def test_cli_user_errors_exit_2(cli, args, needle):
    cli("init")
    p = cli(*args, ok=False)
    assert p.returncode == 2 and needle in p.stderr and "Traceback" not in p.stderr
    assert json.loads(cli("outbox", "list", "--json").stdout) == []
