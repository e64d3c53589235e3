"""One rule for a report's file format (app.reports.file_format), used by the window's
save-as and the CLI's --out."""
from __future__ import annotations

import pytest

from app import reports
from app.domain import UserError
from tests.app.helpers import SUPERVISOR, run_cli


@pytest.mark.parametrize("name, kind", [("bao-cao.xlsx", "xlsx"), ("BAO CAO.PDF", "pdf"),
                                        ("thư mục/tháng 11.Xlsx", "xlsx")])
def test_format_from_the_extension(name, kind):
    assert reports.file_format(name) == kind


@pytest.mark.parametrize("name", ["bao-cao.txt", "bao-cao", "bao-cao.xlsx.bak"])
def test_another_extension_is_a_message(name):
    with pytest.raises(UserError, match=r"\.xlsx, \.pdf"):
        reports.file_format(name)


def test_the_window_writes_nothing_for_a_wrong_name(office_db, tmp_path):
    from app import settings, store
    from views.month_report import write_report
    store.open_database(office_db)
    out = tmp_path / "bao-cao.txt"
    with pytest.raises(UserError, match="bao-cao.txt"):
        write_report(SUPERVISOR, 2026, 11, str(out), settings.office())
    assert not out.exists()
    written = write_report(SUPERVISOR, 2026, 11, str(tmp_path / "b.PDF"), settings.office())
    assert written.read_bytes()[:4] == b"%PDF"


def test_the_cli_says_the_same(office_db, tmp_path):
    r = run_cli(office_db, "report", "monthly", "--month", "2026-11", "--out", str(tmp_path / "x.docx"))
    assert r.returncode == 2
    assert "--out: tệp báo cáo phải có đuôi .pdf, .xlsx" in r.stderr and "Traceback" not in r.stderr
