"""Supervisor paper documents on the shared layout model: the uncollected-results call sheet
(Biểu 06a has its own renderer, printing/report06a.py: merged header and a chart)."""
from __future__ import annotations

from datetime import datetime

from app.domain import Office
from printing.common import header, title
from printing.forms import A4L_MARGINS
from printing.layout import CENTER, RIGHT, Column, Columns, Document, SignatureBlock, Spacer, Table, Text

CALL_COLUMNS = (Column("STT", 0.5, RIGHT), Column("Mã hồ sơ", 2.4), Column("Người nộp", 2.0),
                Column("Điện thoại", 1.3), Column("Thủ tục", 3.2), Column("Có kết quả từ", 1.3),
                Column("Số ngày chờ", 0.9, RIGHT), Column("Đã gọi", 0.8, CENTER), Column("Ghi chú", 2.0))


def call_sheet(items, office: Office, at: datetime, days: int) -> Document:
    """Phiếu gọi điện nhắc nhận kết quả: `items` are app.reports.Uncollected values."""
    rows = tuple((str(i), u.code, u.applicant_name, u.phone, u.procedure_name,
                  u.ready_at.strftime("%d/%m/%Y"), str(u.working_days), "☐", "")
                 for i, u in enumerate(items, 1))
    blocks = [header(office, at, 10), Spacer(4),
              *title("DANH SÁCH HỒ SƠ CÓ KẾT QUẢ CHƯA ĐẾN NHẬN", 11,
                     f"Đã có kết quả từ {days} ngày làm việc trở lên — gọi điện nhắc người nộp"), Spacer(3)]
    if rows:
        blocks.append(Table(CALL_COLUMNS, rows, size=8.5))
    else:
        blocks.append(Text(f"Không có hồ sơ nào có kết quả chờ quá {days} ngày làm việc.", 10, align=CENTER))
    blocks += [Spacer(3), Text(f"Tổng số: {len(rows)} hồ sơ.", 10, space_after=6),
               Columns(((), (SignatureBlock("NGƯỜI GỌI", size=10),)), weights=(55, 45))]
    return Document(tuple(blocks), page="A4L", title="Hồ sơ chưa nhận kết quả",
                    margins=A4L_MARGINS, footer=f"Hồ sơ chưa nhận kết quả — {office.name}")
