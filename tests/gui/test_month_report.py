"""Supervisor's monthly report from the window: dialog → worker → XLSX and PDF files."""
from __future__ import annotations

import subprocess
from datetime import datetime

import openpyxl
import pytest

from app import desk, registration
from app.auth import login
from app.domain import VN_TZ, PermissionDenied, UserError
from tests.gui.conftest import pump
from views.month_report import parse_month


def test_month_report_saved_as_xlsx_and_pdf(office, make_app, tk_root, tmp_path):
    clerk = login("canbo", "matkhau123")
    registration.register(clerk, procedure_code="1.001193", name="Hoàng Thị Mơ",
                          received_at=datetime(2026, 10, 5, 9, 0, tzinfo=VN_TZ))
    app = make_app(office["url"], login=("lanhdao", "matkhau123"))
    dialog = app.commands.invoke("month_report", app.user)
    assert dialog is not None and "Báo cáo tháng" in dialog.title()
    dialog.vars["period"][0].set("13/2026")
    dialog.ok()
    assert "mm/yyyy" in dialog.error.cget("text")          # stays open with the message
    for name in ("m.xlsx", "m.pdf"):
        out = tmp_path / name
        dialog.save(2026, 10, str(out))
        pump(tk_root, lambda out=out: out.exists() and app.last_notice and str(out) in app.last_notice[1])
    ws = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    assert ws["A5"].value == "Kỳ báo cáo: từ ngày 01/10/2026 đến ngày 31/10/2026"
    assert [ws["B12"].value, ws["E12"].value, ws["B13"].value] == ["Hộ tịch", 1, "Tổng cộng"]
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "m.pdf"), "-"],
                          capture_output=True, text=True).stdout
    assert "đến ngày 31/10/2026" in text and "Hộ tịch" in text
    dialog.destroy()


def test_month_report_is_supervisor_only(office, make_app):
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    assert app.commands.invoke("month_report", app.user) is None
    with pytest.raises(PermissionDenied):
        desk.monthly_report(app.user, 2026, 10)
    with pytest.raises(UserError):
        parse_month("2026-10")
