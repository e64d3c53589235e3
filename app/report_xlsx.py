"""Monthly report as an Excel workbook (openpyxl), Vietnamese headers."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from app.reports import MonthlyReport

HEADERS = ["Lĩnh vực", "Tiếp nhận", "Giải quyết đúng hạn", "Giải quyết quá hạn",
           "Từ chối", "Rút hồ sơ", "Đang giải quyết", "Trong đó quá hạn"]


def write_monthly(report: MonthlyReport, office_name: str, path: str | Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{report.month:02d}-{report.year}"
    ws.append([office_name])
    ws.append([f"BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THÁNG {report.month:02d}/{report.year}"])
    ws.append([])
    ws.append(HEADERS)
    thin = Side(style="thin")
    for r in list(report.rows) + [report.total]:
        ws.append([r.field, r.received, r.resolved_on_time, r.resolved_late, r.refused,
                   r.withdrawn, r.pending, r.pending_overdue])
    ws["A1"].font = Font(bold=True)
    ws["A2"].font = Font(bold=True, size=13)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    ws.column_dimensions["A"].width = 40
    for col in "BCDEFGH":
        ws.column_dimensions[col].width = 14
    path = Path(path)
    wb.save(path)
    return path
