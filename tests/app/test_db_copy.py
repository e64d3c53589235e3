"""`db copy --to postgresql://…`: every row of a SQLite office lands in an empty PostgreSQL
database, verified by counts and checksums; a non-empty target is refused; the copied
office keeps working (sequences continue)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import pytest

from app import dbcopy, registration, store, workflow
from app.domain import PermissionDenied, Status, UserError
from db import connection, transfer
from db.models import ALL_MODELS, Dossier, SchemaVersion
from tests.app.helpers import ADMIN, CLERK, SUPERVISOR, run_cli

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Đặng Thị Đào"]


def fill(n: int = 6) -> list[str]:
    codes = [registration.register(CLERK, procedure_code="1.001193", name=NAMES[i % 4],
                                   phone="0912345678", id_number=f"02409000{i:04d}").code
             for i in range(n)]
    workflow.change_status(SUPERVISOR, codes[0], Status.PROCESSING, "chuyển xử lý")
    return codes



def digests(url: str) -> dict:
    store.open_database(url)
    db = connection.current()
    out = {m._meta.table_name: transfer.digest(db, m) for m in ALL_MODELS}
    db.close()
    return out


def test_copy_sqlite_to_postgres(office_db, pg_url):
    codes = fill()
    connection.current().close()
    p = run_cli(office_db, "db", "copy", "--to", pg_url, "--json")
    assert p.returncode == 0, p.stderr
    rep = json.loads(p.stdout)
    tables = {t["table"]: t for t in rep["tables"]}
    assert set(tables) == {m._meta.table_name for m in ALL_MODELS}
    assert all(t["ok"] and t["rows"] == t["target_rows"] for t in tables.values())
    assert tables["dossier"]["rows"] == len(codes) and tables["procedure"]["rows"] == 144
    assert rep["rows"] == sum(t["rows"] for t in tables.values())
    # an independent check: both databases digest the same, table by table
    assert digests(office_db) == digests(pg_url)
    # the copied office keeps working: serial ids continue after the copied rows
    store.open_database(pg_url)
    d = registration.register(CLERK, procedure_code="1.001193", name="Võ Thị Giang",
                              phone="0987654321")
    assert d.code not in codes
    assert Dossier.select().count() == len(codes) + 1
    workflow.change_status(SUPERVISOR, d.code, Status.PROCESSING, "ok")


def test_copy_refuses_a_non_empty_target(office_db, pg_url):
    fill(1)
    connection.current().close()
    assert run_cli(office_db, "db", "copy", "--to", pg_url).returncode == 0
    before = digests(pg_url)
    p = run_cli(office_db, "db", "copy", "--to", pg_url)
    assert p.returncode == 2 and "đã có dữ liệu" in p.stderr and "Traceback" not in p.stderr
    assert digests(pg_url) == before


def test_copy_rolls_back_on_mismatch(office_db, pg_url, monkeypatch):
    """A copy whose checksum does not match leaves the target empty (one transaction)."""
    fill(2)
    real = transfer.digest

    def lying(db, model):
        n, h = real(db, model)
        return (n, "0" * 64) if db is not connection.current() and model is Dossier else (n, h)
    monkeypatch.setattr(transfer, "digest", lying)
    with pytest.raises(UserError, match="dossier"):
        dbcopy.copy_to(ADMIN, pg_url)
    monkeypatch.setattr(transfer, "digest", real)      # (undo() would also drop the sign-in env)
    src = connection.current()
    target = connection.make_database(pg_url)
    assert transfer.is_empty(target, ALL_MODELS, ignore=(SchemaVersion,))  # schema only
    target.close()
    src.close()
    assert run_cli(office_db, "db", "copy", "--to", pg_url).returncode == 0   # and may retry


def test_copy_checks_role_and_target(office_db, pg_url):
    with pytest.raises(PermissionDenied):
        dbcopy.copy_to(CLERK, pg_url)
    with pytest.raises(UserError, match="postgresql://"):
        dbcopy.copy_to(ADMIN, "sqlite:///x.sqlite3")
    with pytest.raises(UserError, match="Không kết nối được"):
        dbcopy.copy_to(ADMIN, pg_url.rsplit(":", 1)[0] + ":1/none")


def test_digest_normalises_engines():
    from datetime import datetime
    from decimal import Decimal
    assert transfer.canon(True) == 1 and transfer.canon(False) == 0
    assert transfer.canon(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02 03:04:05"
    assert transfer.canon(datetime(2026, 1, 2, 10, 4, 5, tzinfo=UTC)) == \
        "2026-01-02 10:04:05"
    assert transfer.canon(Decimal("1.50")) == "1.5"


def test_progress_on_a_terminal(office_db, pg_url):
    """stderr a terminal: "rows copied / total" lines; piped: nothing (see the other tests)."""
    import pty
    fill(1)
    connection.current().close()
    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    p = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", office_db, "db", "copy",
                          "--to", pg_url, "--json"], stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    out, _ = p.communicate(timeout=300)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert p.returncode == 0
    total = json.loads(out)["rows"]
    assert f"{total:,}/{total:,}" in b"".join(chunks).decode("utf-8")
