"""Supervisor paper documents on the shared layout model: the uncollected-results call sheet
(Biểu 06a has its own renderer, printing/report06a.py: merged header and a chart)."""
from __future__ import annotations

from datetime import datetime

from app.domain import Office
from printing.common import fmt_int, fmt_pct, header, title
from printing.forms import A4L_MARGINS
from printing.layout import CENTER, RIGHT, Column, Columns, Document, SignatureBlock, Spacer, Table, Text

CALL_COLUMNS = (Column("STT", 0.5, RIGHT), Column("Mã hồ sơ", 2.9), Column("Người nộp", 2.0),
                Column("Điện thoại", 1.3), Column("Thủ tục", 2.8), Column("Có kết quả từ", 1.3),
                Column("Số ngày chờ", 0.9, RIGHT), Column("Đã gọi", 0.8, CENTER), Column("Ghi chú", 2.0))


def call_sheet(items, office: Office, at: datetime, days: int) -> Document:
    """Phiếu gọi điện nhắc nhận kết quả: `items` are app.reports.Uncollected values."""
    def short(name: str) -> str:
        return name if len(name) <= 80 else name[:78] + "…"

    rows = tuple((str(i), u.code, u.applicant_name, u.phone, short(u.procedure_name),
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


RATING_COLUMNS = (Column("Lĩnh vực / cán bộ", 3.0), Column("Số đánh giá", 1, RIGHT),
                  Column("Rất hài lòng", 1, RIGHT), Column("Hài lòng", 1, RIGHT),
                  Column("Bình thường", 1, RIGHT), Column("Không hài lòng", 1, RIGHT),
                  Column("Rất không hài lòng", 1.1, RIGHT), Column("Tỷ lệ hài lòng", 1.1, RIGHT))
LEVEL_ORDER = ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng")


def _rating_rows(lines, key):
    return tuple((ln[key], fmt_int(ln["count"]),
                  *[str(ln["levels"][lv]) for lv in LEVEL_ORDER], fmt_pct(ln["rate"])) for ln in lines)


def ratings_report(rep: dict, office: Office, at: datetime) -> Document:
    """Mức độ hài lòng trong tháng (app.ratings.satisfaction), by field and by clerk."""
    m = f"{rep['month'][5:]}/{rep['month'][:4]}"
    blocks = [header(office, at, 10), Spacer(4),
              *title(f"MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC THÁNG {m}", 11), Spacer(3),
              Text(f"Tổng số đánh giá: {rep['count']}; hài lòng trở lên: {rep['satisfied']} "
                   f"({fmt_pct(rep['rate'])}); cần gọi lại: {rep['open_followups']}.", 10, space_after=4)]
    for key, lines, empty in (("field", rep["by_field"], "Chưa có đánh giá nào trong tháng."),
                              ("clerk", rep["by_clerk"], "")):
        if lines:
            blocks += [Table(RATING_COLUMNS, _rating_rows(lines, key), size=9), Spacer(3)]
        elif empty:
            blocks.append(Text(empty, 10, align=CENTER))
    blocks.append(Columns(((), (SignatureBlock("NGƯỜI LẬP BIỂU", size=10),)), weights=(55, 45)))
    return Document(tuple(blocks), page="A4L", title=f"Mức độ hài lòng tháng {m}",
                    margins=A4L_MARGINS, footer=f"Mức độ hài lòng — {office.name}")
