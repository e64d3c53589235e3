"""Dossier exports for supervisors: one row per dossier (dates, status, due, timeliness, clerk),
as XLSX or CSV (UTF-8 with BOM so Excel opens it right). No CCCD or phone in the file.
Every export is audited (who, what filter, how many rows)."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from app import audit
from app.auth import require
from app.domain import CHANNEL_LABELS, STATUS_LABELS, VN_TZ, Role, Status, User, UserError, nfc
from app.i18n import _
from app.reports.rules import period_bounds
from app.store import from_db, to_db, write
from db.models import Dossier as D
from db.models import Field as FieldRow
from db.models import Procedure as ProcRow

HEADERS = ("Mã hồ sơ", "Ngày tiếp nhận", "Kênh", "Mã thủ tục", "Thủ tục", "Lĩnh vực", "Người nộp",
           "Trạng thái", "Tên trạng thái", "Hạn trả", "Ngày kết thúc", "Kết quả đúng hạn", "Cán bộ")
TIMELY = {1: "Trước hạn", 2: "Đúng hạn", 3: "Quá hạn"}


def _local(dt):
    v = from_db(dt)
    return v.astimezone(VN_TZ).replace(tzinfo=None) if v else None


def rows(d_from: date, d_to: date, status: int | None = None, field: str | None = None):
    start, end = period_bounds(d_from, d_to)
    cond = (D.received_at >= to_db(start)) & (D.received_at < to_db(end))
    if status is not None:
        try:
            cond &= D.status == int(Status(int(status)))
        except ValueError:
            raise UserError(_("Trạng thái phải là số từ 1 đến 10."), "status") from None
    if field:
        fid = FieldRow.get_or_none(FieldRow.name == nfc(field))
        if fid is None:
            raise UserError(_("Không có lĩnh vực '{field}'.").format(field=field), "field")
        cond &= ProcRow.field == fid
    q = (D.select(D.code, D.received_at, D.channel, ProcRow.code, ProcRow.name, FieldRow.name,
                  D.applicant_name, D.status, D.due_at, D.finished_at, D.timeliness, D.clerk)
         .join(ProcRow).join(FieldRow).where(cond).order_by(D.received_at, D.id).tuples())
    for code, rec, ch, pcode, pname, fname, name, st, due, fin, timely, clerk in q.iterator():
        yield (code, _local(rec), CHANNEL_LABELS.get(ch, str(ch)), pcode, pname, fname, name, st,
               STATUS_LABELS[Status(st)], _local(due), _local(fin), TIMELY.get(timely, ""), clerk)


def export_dossiers(actor: User, d_from: date, d_to: date, out: str | Path, status: int | None = None,
                    field: str | None = None) -> int:
    """Write the file (format from the extension: .xlsx or .csv); returns the row count."""
    require(actor, Role.SUPERVISOR)
    out = Path(out)
    kind = out.name.lower().rsplit(".", 1)[-1]
    if kind not in ("xlsx", "csv"):
        raise UserError(_("Tệp xuất phải có đuôi .xlsx hoặc .csv."), "out")
    if d_to < d_from:
        raise UserError(_("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."))
    n = 0
    if kind == "csv":
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(HEADERS)
            for r in rows(d_from, d_to, status, field):
                w.writerow([v.strftime("%d/%m/%Y %H:%M") if hasattr(v, "strftime") else v for v in r])
                n += 1
    else:
        from openpyxl import Workbook
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Hồ sơ")
        ws.freeze_panes = "A2"
        ws.append(HEADERS)
        for r in rows(d_from, d_to, status, field):
            ws.append(list(r))
            n += 1
        wb.save(out)
    with write():
        audit.record(actor, "report.export", out.name,
                     {"from": d_from.isoformat(), "to": d_to.isoformat(), "status": status,
                      "field": field, "rows": n, "format": kind})
    return n
