"""The DVCQG commands end to end through main.py (subprocesses, a real SQLite office)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _cli(db: str, *args: str, stdin: str | None = None, **env) -> subprocess.CompletedProcess:
    e = dict(os.environ, PYTHONPATH=str(ROOT), NO_PROXY="127.0.0.1", **env)
    return subprocess.run([sys.executable, "main.py", "--db", db, *args], check=False, cwd=ROOT, env=e,
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_settings_mapping_and_sending_from_the_command_line(office_db, tmp_path):
    from app import catalog
    from app.store import open_database
    from tests.sync.gateway import PASSWORD, USER, Gateway
    open_database(office_db)
    local = next(p.code for p in catalog.list_procedures() if p.code.startswith("L."))
    with Gateway() as gw:
        for key, value in (("notify.adapter", "dvcqg"), ("dvcqg.url", gw.url),
                           ("dvcqg.username", USER)):
            r = _cli(office_db, "config", "set", key, value)
            assert r.returncode == 0, r.stderr
        r = _cli(office_db, "config", "set", "dvcqg.url", "http://dvc.tinh.gov.vn")
        assert r.returncode == 2 and "https://" in r.stderr
        r = _cli(office_db, "dvcqg", "mapping", "list", "--unmapped", "--json")
        assert local in {row["code"] for row in json.loads(r.stdout)}
        csv = tmp_path / "map.csv"
        csv.write_text(f"local_code,ma_tthc\n{local},2.000123\n", encoding="utf-8")
        r = _cli(office_db, "dvcqg", "mapping", "import", str(csv), "--json")
        assert json.loads(r.stdout) == {"imported": 1}, r.stderr
        r = _cli(office_db, "register", "--procedure", local, "--name", "Phạm Văn D",
                 "--phone", "0912345678", "--json")
        assert r.returncode == 0, r.stderr
        r = _cli(office_db, "sync", "run", "--once", "--json")          # no password yet
        assert json.loads(r.stdout)["configured"] is False
        assert "token set --for dvcqg" in json.loads(r.stdout)["last_error"]
        r = _cli(office_db, "sync", "run", "--once", "--json", MOTCUA_DVCQG_PASSWORD=PASSWORD)
        out = json.loads(r.stdout)
        assert out["delivered"] == 1 and out["pending"] == 0, out
        [item] = gw.dossiers.values()
        assert item["MaTTHC"] == "2.000123"
        r = _cli(office_db, "dvcqg", "mapping", "set", "L.12", "1.000001")
        assert r.returncode == 2 and "L.dddddd" in r.stderr
