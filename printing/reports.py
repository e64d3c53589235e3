"""Supervisor reports as paper documents (A4 landscape)."""
from __future__ import annotations

from datetime import datetime

from app.domain import MonthlyReport, Office
from printing.common import header, title
from printing.forms import A4L_MARGINS
from printing.layout import CENTER, RIGHT, Column, Columns, Document, SignatureBlock, Spacer, Table, Text

COLUMNS = (Column("Lĩnh vực", 3.2), Column("Tiếp nhận", 1, RIGHT),
           Column("Giải quyết đúng hạn", 1.2, RIGHT), Column("Giải quyết quá hạn", 1.2, RIGHT),
           Column("Từ chối", 0.9, RIGHT), Column("Rút hồ sơ", 0.9, RIGHT),
           Column("Đang giải quyết", 1.1, RIGHT), Column("Trong đó quá hạn", 1.1, RIGHT))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def monthly_report(report: MonthlyReport, office: Office, at: datetime) -> Document:
    """Báo cáo tình hình giải quyết hồ sơ trong tháng, by field, with the on-time rate."""
    rows = tuple((r.field, r.received, r.resolved_on_time, r.resolved_late, r.refused,
                  r.withdrawn, r.pending, r.pending_overdue) for r in report.rows)
    t = report.total
    rows += (("Tổng cộng", t.received, t.resolved_on_time, t.resolved_late, t.refused,
              t.withdrawn, t.pending, t.pending_overdue),)
    rows = tuple(tuple(str(c) for c in r) for r in rows)
    resolved = t.resolved_on_time + t.resolved_late
    blocks = [header(office, at, 10), Spacer(4),
              *title(f"BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THÁNG {report.month:02d}/{report.year}", 11),
              Spacer(3), Table(COLUMNS, rows, size=9), Spacer(3),
              Text(f"Tỷ lệ giải quyết đúng hạn: {_pct(t.resolved_on_time, resolved)} "
                   f"({t.resolved_on_time}/{resolved} hồ sơ đã giải quyết).", 10, space_after=2),
              Text(f"Hồ sơ đang giải quyết quá hạn cuối tháng: {t.pending_overdue}.", 10, space_after=6),
              Columns(((), (SignatureBlock("NGƯỜI LẬP BÁO CÁO", size=10),
                            )), weights=(55, 45))]
    if not report.rows:
        blocks.insert(4, Text("Không có hồ sơ nào trong tháng.", 10, align=CENTER))
    return Document(tuple(blocks), page="A4L", title=f"Báo cáo tháng {report.month:02d}/{report.year}",
                    margins=A4L_MARGINS, footer=f"Báo cáo tháng — {office.name}")
