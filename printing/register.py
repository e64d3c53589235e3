"""Sổ theo dõi hồ sơ (2018 Mẫu 06 / 2025 Mẫu 07), A4 landscape: the official columns under
a "Ngày, tháng, năm" group header, the (1)…(n) column-number row, one row per dossier in
register order; the original appointment stays beside a new one after an apology."""
from __future__ import annotations

from datetime import date

from app.domain import Dossier, Office, Status
from printing.common import fmt_date, timing
from printing.layout import CENTER, Column, Columns, Document, Table, Text
from printing.paper import MARGINS, SERIF, Issue, original_due

COLUMNS = (Column("Số thứ tự", 0.55, CENTER), Column("Mã hồ sơ", 1.9),
           Column("Tên thủ tục hành chính", 2.6), Column("Số lượng hồ sơ (bộ)", 0.65, CENTER),
           Column("Tên cá nhân, tổ chức", 1.45), Column("Địa chỉ, số điện thoại", 1.6),
           Column("Cơ quan chủ trì giải quyết", 1.2),
           Column("Nhận hồ sơ", 0.85, CENTER), Column("Hẹn trả kết quả", 0.95, CENTER),
           Column("Chuyển hồ sơ đến cơ quan giải quyết", 0.95, CENTER),
           Column("Nhận kết quả từ cơ quan giải quyết", 0.95, CENTER),
           Column("Trả kết quả cho cá nhân, tổ chức", 0.95, CENTER),
           Column("Ký nhận", 0.75), Column("Ghi chú", 0.95))
GROUPS = (("", 7), ("Ngày, tháng, năm", 5), ("", 2))


def _first(d: Dossier, status: Status):
    return next((h.at for h in d.history if h.to_status == status and h.from_status != status), None)


def _last(d: Dossier, status: Status):
    return next((h.at for h in reversed(d.history) if h.to_status == status and h.from_status != status),
                None)


def register_row(d: Dossier, office: Office) -> tuple:
    a = d.applicant
    first = original_due(d)
    due = fmt_date(first)
    if fmt_date(d.due_at) != due:
        due += f"\nHẹn lại: {fmt_date(d.due_at)}"
    sent, done, returned = (_first(d, Status.PROCESSING), _last(d, Status.DONE),
                            _last(d, Status.RETURNED))
    note = d.note
    end = returned or done
    if end is not None:
        note = (timing(end, d.due_at) + (f". {note}" if note else ""))
    elif d.status.final:
        note = d.status.vi_label + (f". {note}" if note else "")
    return (str(d.register_no or ""), d.code, d.procedure.name, "1", a.name,
            ", ".join(s for s in (f"MST {a.tax_code}" if a.tax_code else "", a.address, a.phone) if s),
            office.name,
            fmt_date(d.received_at), due, fmt_date(sent) if sent else "",
            fmt_date(done) if done else "", fmt_date(returned) if returned else "", "", note)


def register_form(dossiers: list[Dossier], office: Office, issue: Issue, date_from: date,
                  date_to: date) -> Document:
    form = issue.form
    rows = tuple(register_row(d, office) for d in
                 sorted(dossiers, key=lambda x: (x.received_local.year, x.register_no or 10**9, x.code)))
    agency = [Text(office.parent_name.upper(), 9, False, CENTER, space_after=0, fit=True)] \
        if office.parent_name else []
    agency.append(Text(office.name.upper(), 9, True, CENTER, space_after=0, fit=True))
    top = Columns((tuple(agency), (), (Text(form.marker, 9, True, "right"),)),
                  weights=(35, 40, 25))
    blocks = [top, Text(form.title, 13, True, CENTER, space_after=1),
              Text(f"Từ ngày {fmt_date(date_from)} đến ngày {fmt_date(date_to)} — {len(rows)} hồ sơ",
                   9, align=CENTER, italic=True, space_after=5),
              Table(COLUMNS, rows, size=7, padding=1.6, groups=GROUPS, numbered=True)]
    if not rows:
        blocks.append(Text("Không có hồ sơ nào trong khoảng thời gian này.", 9, align=CENTER))
    return Document(tuple(blocks), page="A4L", title="Sổ theo dõi hồ sơ", margins=MARGINS["A4L"],
                    font=SERIF, footer=f"Sổ theo dõi hồ sơ — {office.name}")
