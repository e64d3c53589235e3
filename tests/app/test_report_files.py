"""The hand-built October fixture, read back from the XLSX (openpyxl) and the PDF (pdftotext)."""
import re
import shutil
import subprocess
from datetime import UTC, datetime

import openpyxl
import pytest

from app import reports, settings, store
from app.report_xlsx import CELL_OF, FIRST, formulas, write_06a
from app.reports.values import Cells
from printing.common import fmt_int, fmt_pct
from printing.report06a import report_06a_pdf, row_values
from tests.app import report_fixture as fx
from tests.app.helpers import SUPERVISOR


@pytest.fixture
def report(office_db):
    store.open_database(office_db)
    fx.build()
    return reports.report_06a(SUPERVISOR, *fx.PERIOD, by="procedure")


def evaluate(ws, ref: str):
    """The few formula shapes the workbook uses: a+b+c, SUM(X1:X9), IF(G>0,(H+I)/G,"")."""
    v = ws[ref].value
    if not (isinstance(v, str) and v.startswith("=")):
        return v
    body = v[1:]
    if m := re.fullmatch(r"SUM\(([A-Z])(\d+):\1(\d+)\)", body):
        return sum(evaluate(ws, f"{m[1]}{r}") for r in range(int(m[2]), int(m[3]) + 1))
    if m := re.fullmatch(r'IF\(G(\d+)>0,\(H\1\+I\1\)/G\1,""\)', body):
        g = evaluate(ws, f"G{m[1]}")
        return (evaluate(ws, f"H{m[1]}") + evaluate(ws, f"I{m[1]}")) / g if g else ""
    return sum(evaluate(ws, term) for term in body.split("+"))


def expected_rows():
    return [(name, Cells(**c)) for name, c in fx.EXPECTED.items()]


def test_xlsx_every_cell(report, tmp_path):
    path = write_06a(report, settings.office(), tmp_path / "06a.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["06a theo lĩnh vực", "06a theo thủ tục"]
    ws = wb["06a theo lĩnh vực"]
    assert ws["H1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in ws["A4"].value
    assert ws["A5"].value == "Kỳ báo cáo: từ ngày 01/10/2026 đến ngày 31/10/2026"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A9:A10", "B9:B10", "C9:F9", "G9:J9", "K9:M9", "N9:N10", "Q9:Q10"} <= merged
    assert [ws[f"{c}10"].value for c in "CDEF"] == [
        "Tổng số", "Trong kỳ: trực tuyến", "Trong kỳ: trực tiếp và bưu chính", "Từ kỳ trước chuyển qua"]
    assert ws.freeze_panes == f"C{FIRST}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert len(ws._charts) == 1
    total_row = FIRST + len(fx.EXPECTED)
    for i, (name, cells) in enumerate(expected_rows()):
        r = FIRST + i
        assert ws[f"B{r}"].value == name
        for col, attr in CELL_OF.items():
            assert ws[f"{col}{r}"].value == getattr(cells, attr), (name, col)
            assert isinstance(ws[f"{col}{r}"].value, int)
        for col, f in formulas(r).items():
            assert ws[f"{col}{r}"].value == f
        assert evaluate(ws, f"C{r}") == cells.received
        assert evaluate(ws, f"G{r}") == cells.resolved
        assert evaluate(ws, f"K{r}") == cells.in_progress
    assert ws[f"B{total_row}"].value == "Tổng cộng"
    total = report.total
    assert ws[f"C{total_row}"].value == f"=SUM(C{FIRST}:C{total_row - 1})"
    assert [evaluate(ws, f"{c}{total_row}") for c in "CDEFGHIJKLMNOP"] == [
        15, 2, 10, 3, 6, 2, 3, 1, 6, 3, 3, 1, 1, 1]
    assert evaluate(ws, f"Q{total_row}") == pytest.approx(5 / 6)
    assert total.received == 15 and ws[f"Q{total_row}"].number_format == "0.0%"
    ws2 = wb["06a theo thủ tục"]
    assert ws2[f"B{FIRST}"].value.startswith(fx.HT + " — ")


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_xlsx_formulas_recalculated_by_libreoffice(report, tmp_path):
    path = write_06a(report, settings.office(), tmp_path / "06a.xlsx")
    out = tmp_path / "calc"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    ws = openpyxl.load_workbook(out / "06a.xlsx", data_only=True)["06a theo lĩnh vực"]
    total_row = FIRST + len(fx.EXPECTED)
    assert [ws[f"{c}{total_row}"].value for c in "CGK"] == [15, 6, 6]
    assert [ws[f"C{FIRST + i}"].value for i in range(2)] == [13, 2]
    assert ws[f"Q{total_row}"].value == pytest.approx(5 / 6)


def test_pdf_every_cell(report, tmp_path):
    pdf = tmp_path / "06a.pdf"
    pdf.write_bytes(report_06a_pdf(report, settings.office(), datetime(2026, 11, 2, 2, tzinfo=UTC)))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "841.89 x 595.28" in info                                   # A4 landscape
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "UBND XÃ PHƯƠNG SƠN",
                   "Kỳ báo cáo: từ ngày 01/10/2026 đến ngày 31/10/2026", "Đơn vị báo cáo:",
                   "Đơn vị nhận báo cáo:", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ",
                   "(1) Từ kỳ trước chuyển qua", "Phương Sơn, ngày 02 tháng 11 năm 2026"):
        assert needle in flat, needle
    for n, (name, cells) in enumerate(expected_rows(), 1):
        line = next(ln for ln in text.splitlines() if re.match(rf"\s*{n}\s+{name}\s", ln))
        assert line.split()[-16:] == row_values(cells)[:-1] + fmt_pct(cells.on_time_rate).split(), name
    tot = next(ln for ln in text.splitlines() if "Tổng cộng" in ln).split()
    assert tot[2:] == ["15", "2", "10", "3", "6", "2", "3", "1", "6", "3", "3", "1", "1", "1", "83,3", "%"]


def test_vietnamese_number_format():
    assert fmt_int(1234567) == "1.234.567" and fmt_int(0) == "0"
    assert fmt_pct(98.5) == "98,5 %" and fmt_pct(None) == "—"
