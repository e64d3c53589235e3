"""`audit verify` / `audit list` / `db grant-app-role` from the command line."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from app import registration, setup
from tests.app.helpers import CLERK, PASSWORD, create_users

ROOT = Path(__file__).resolve().parents[1]


def run(url: str, *args: str, user: str | None = "lanhdao") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MOTCUA_USER", "MOTCUA_PASSWORD")}
    env.update(PYTHONIOENCODING="utf-8")
    if user:
        env.update(MOTCUA_USER=user, MOTCUA_PASSWORD=PASSWORD)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", url, *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_verify_exit_codes_and_list(office_db):
    registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn An")
    p = run(office_db, "audit", "verify", "--json")
    assert p.returncode == 0, p.stderr
    ok = json.loads(p.stdout)
    assert ok["ok"] and ok["rows"] >= 5 and ok["first_bad"] is None
    p = run(office_db, "audit", "list", "--by", "canbo1", "--json")
    assert p.returncode == 0 and [e["action"] for e in json.loads(p.stdout)] == ["dossier.register"]
    path = office_db[len("sqlite:///"):]
    with sqlite3.connect(path) as c:
        c.execute("UPDATE audit SET username = 'boss' WHERE action = 'dossier.register'")
    c.close()
    p = run(office_db, "audit", "verify")
    assert p.returncode == 1 and "BỊ SỬA" in p.stdout and "Traceback" not in p.stderr
    p = run(office_db, "audit", "verify", user="canbo1")            # a clerk may not
    assert p.returncode == 2 and "không có quyền" in p.stderr
    p = run(office_db, "audit", "verify", user=None)                # nobody signed in
    assert p.returncode == 2 and "Cần đăng nhập" in p.stderr


def test_grant_app_role_prints_the_statements(pg_url):
    setup.init_office(pg_url, office_code="000.17.22.H56")
    create_users()
    p = run(pg_url, "db", "grant-app-role", "motcua_app", user="admin")
    assert p.returncode == 0, p.stderr
    assert 'REVOKE UPDATE, DELETE, TRUNCATE ON "audit" FROM "motcua_app";' in p.stdout
    p = run(pg_url, "db", "grant-app-role", "motcua_app", user="lanhdao")
    assert p.returncode == 2


def test_an_unreachable_or_unknown_database_is_a_message():
    """--db that names no usable database: exit 2, a Vietnamese line, no traceback."""
    p = run("postgresql://motcua:bimat@127.0.0.1:1/none", "config", "list")
    assert p.returncode == 2 and "Không kết nối được cơ sở dữ liệu" in p.stderr, p.stderr
    assert "bimat" not in p.stderr and "Traceback" not in p.stderr
    p = run("mysql://root@127.0.0.1/office", "config", "list")
    assert p.returncode == 2 and "không dùng được" in p.stderr and "Traceback" not in p.stderr
