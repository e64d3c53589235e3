"""Biểu 06a for supervisors: pick the month, save it as Excel (.xlsx) or PDF (A4 ngang).
The figures are computed and the file written on the worker; the window never waits."""
from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from tkinter import filedialog

from app import desk, reports
from app.domain import UserError
from app.i18n import _
from app.report_xlsx import write_06a
from printing.report06a import report_06a_pdf
from views.dialogs import FormDialog


def parse_month(text: str) -> tuple[int, int]:
    try:
        month, year = (int(x) for x in text.strip().split("/"))
        date(year, month, 1)
    except ValueError:
        raise UserError(_("Tháng phải theo dạng mm/yyyy, ví dụ 11/2026.")) from None
    return year, month


def write_report(actor, year: int, month: int, path: str, office) -> Path:
    """Worker side: figures → file (format from the extension, app.reports.file_format)."""
    out = Path(path)
    kind = reports.file_format(out)
    report = desk.monthly_report(actor, year, month)
    if kind == "pdf":
        out.write_bytes(report_06a_pdf(report, office, datetime.now(UTC)))
    else:
        write_06a(report, office, out)
    return out


def ask_month_report(app) -> None:
    """Command handler: dialog → save-as → worker → banner with an 'open' action."""
    today = date.today()
    last = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)

    def chosen(values: dict) -> None:
        year, month = values["period"]
        path = filedialog.asksaveasfilename(
            parent=app.root, title=_("Lưu báo cáo tháng"), defaultextension=".xlsx",
            initialfile=f"bao-cao-thang-{month:02d}-{year}.xlsx",
            filetypes=[("Excel", "*.xlsx"), ("PDF", "*.pdf")])
        if path:
            save(year, month, path)

    def save(year: int, month: int, path: str) -> None:
        app.worker.submit(write_report, app.user, year, month, path, app.office,
                          done=lambda out: app.notify(
                              _("Đã lưu báo cáo tháng {m:02d}/{y} vào {p}").format(m=month, y=year, p=out),
                              "success"))

    def check(values: dict) -> dict:
        return {"period": parse_month(values["period"])}

    dialog = FormDialog(app.root, chosen, _("Báo cáo tháng"),
                        [("period", _("Tháng (mm/yyyy)"), last.strftime("%m/%Y"), "")], check=check,
                        ok_text=_("Lưu báo cáo… (Enter)"))
    dialog.save = save          # tests drive the worker path without a file chooser
    return dialog
