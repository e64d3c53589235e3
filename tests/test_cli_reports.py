"""End to end: report monthly / queue / uncollected / ratings, ratings import, export dossiers."""
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from app import reports, store
from app.reports.values import Cells
from tests.app import report_fixture as fx
from tests.app.helpers import SUPERVISOR

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cli(office_db):
    store.open_database(office_db)
    fx.build()
    env = dict(os.environ, MOTCUA_DB=office_db, PYTHONIOENCODING="utf-8")

    def run(*args, ok=True):
        p = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                           text=True, env=env, timeout=120)
        if ok:
            assert p.returncode == 0, p.stderr
        return p
    return run


def test_report_monthly_json_and_files(cli, tmp_path):
    j = json.loads(cli("report", "monthly", "--month", "2026-10", "--json").stdout)
    assert j["from"] == "2026-10-01" and j["to"] == "2026-10-31"
    for row in j["by_field"]:
        assert row == {"field": row["field"], **Cells(**fx.EXPECTED[row["field"]]).as_json()}
    assert j["total"]["received"]["total"] == 15 and j["total"]["resolved"]["late"] == 1
    same = json.loads(cli("report", "month", "2026-10", "--json").stdout)        # the alias
    assert same == j
    rng = json.loads(cli("report", "monthly", "--from", "2026-10-01", "--to", "2026-10-31",
                         "--by", "procedure", "--json").stdout)
    assert rng["by_field"] == j["by_field"] and len(rng["by_procedure"]) == 2
    for name in ("b.xlsx", "b.pdf"):
        out = json.loads(cli("report", "monthly", "--month", "2026-10", "--out", str(tmp_path / name),
                             "--json").stdout)
        assert out["out"].endswith(name) and (tmp_path / name).stat().st_size > 1000
    text = cli("report", "monthly", "--month", "2026-10").stdout
    assert "Tổng cộng" in text and "83,3 %" in text
    bad = cli("report", "monthly", "--month", "2026-13", ok=False)
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr


def test_report_queue_and_uncollected(cli, tmp_path):
    q = json.loads(cli("report", "queue", "--date", "2026-10-16", "--json", "--limit", "1").stdout)
    assert set(q["counts"]) == {"overdue", "due_today", "at_risk", "supplement", "financial", "uncollected"}
    assert all(len(v) <= 1 for v in q["lists"].values())
    assert q["counts"]["due_today"] == 1 and q["lists"]["due_today"][0]["code"]   # "overdue" is due 16/10
    u = json.loads(cli("report", "uncollected", "--json", "--out", str(tmp_path / "goi.pdf")).stdout)
    assert u["count"] >= 1 and {"code", "phone", "ready_at", "working_days"} <= set(u["items"][0])
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "goi.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "CHƯA ĐẾN NHẬN" in text and u["items"][0]["code"] in text and "0912345678" in text


def test_export_and_ratings(cli, tmp_path):
    out = json.loads(cli("export", "dossiers", "--from", "2026-10-01", "--to", "2026-10-31",
                         "--out", str(tmp_path / "hs.csv"), "--json").stdout)
    assert out["rows"] == 12                               # received in October
    raw = (tmp_path / "hs.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "Mã hồ sơ" and len(rows) == 13
    assert "0912345678" not in raw.decode("utf-8-sig")                 # no phone in exports
    cli("export", "dossiers", "--from", "2026-10-01", "--to", "2026-10-31", "--status", "9",
        "--out", str(tmp_path / "hs.xlsx"))
    ws = openpyxl.load_workbook(tmp_path / "hs.xlsx").active
    assert ws.max_row - 1 == 4 and ws["L1"].value == "Kết quả đúng hạn"
    code = reports.uncollected(SUPERVISOR, days=0)[0].code
    (tmp_path / "r.csv").write_text("Mã hồ sơ,Thời gian,Mức độ hài lòng,Kênh\n"
                                    f"{code},10/10/2026 09:00,Không hài lòng,kiosk\n"
                                    f"{code},bad,Hài lòng,kiosk\n", encoding="utf-8-sig")
    imp = json.loads(cli("ratings", "import", str(tmp_path / "r.csv"), "--json").stdout)
    assert imp["imported"] == 1 and imp["errors"][0]["line"] == 3
    fu = json.loads(cli("ratings", "followups", "--open", "--json").stdout)
    assert fu[0]["phone"] == "0912345678"
    done = json.loads(cli("ratings", "called", str(fu[0]["id"]), "--outcome", "explained",
                          "--note", "Đã hẹn", "--json").stdout)
    assert done["state"] == "done"
    assert json.loads(cli("ratings", "followups", "--open", "--json").stdout) == []
    rep = json.loads(cli("report", "ratings", "--month", "2026-10", "--json",
                         "--out", str(tmp_path / "hl.xlsx")).stdout)
    assert rep["count"] == 1 and rep["rate"] == 0.0
    cli("report", "ratings", "--month", "2026-10", "--out", str(tmp_path / "hl.pdf"))
