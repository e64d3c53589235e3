"""Results ready but not collected (the Quận 6 "3 days" rule): the list with the applicant's
contact for the call sheet, and an optional reminder through the notification adapters —
once per dossier: queued as a "result ready" outbox event (the sync worker delivers it by
Zalo ZNS / SMS), stamped on the row (`reminded_at`) and in the audit trail."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app import audit, dossiers, outbox, settings
from app.auth import require
from app.calendar import office_calendar
from app.domain import VN_TZ, Role, Status, User, UserError
from app.dossiers import to_value
from app.i18n import _
from app.reports.queue import UNCOLLECTED_AFTER, ready_before
from app.store import from_db, to_db, utcnow, write
from db.models import Dossier as D
from db.models import Procedure as ProcRow

MAX_LIST = 2000


@dataclass(frozen=True, slots=True)
class Uncollected:
    code: str
    applicant_name: str
    phone: str
    procedure_name: str
    clerk: str
    ready_at: datetime            # aware, Vietnam time
    working_days: int
    reminded_at: datetime | None = None


def uncollected(actor: User, days: int = UNCOLLECTED_AFTER, now: datetime | None = None,
                limit: int = MAX_LIST) -> list[Uncollected]:
    """Status 9 for ≥ `days` working days, the longest-waiting first."""
    require(actor, Role.SUPERVISOR)
    if not 0 <= days <= 365:
        raise UserError(_("--days phải từ 0 đến 365."), "days")
    now = now or utcnow()
    cal = office_calendar()
    today = now.astimezone(VN_TZ).date()
    before = ready_before(cal, today, days) if days else now
    q = (D.select(D.code, D.applicant_name, D.applicant_phone, ProcRow.name, D.clerk, D.updated_at,
                  D.finished_at, D.reminded_at).join(ProcRow)
         .where((D.status == int(Status.DONE)) & (D.updated_at < to_db(before)))
         .order_by(D.updated_at).limit(limit).tuples())
    out = []
    for code, name, phone, proc, clerk, updated, finished, reminded in q:
        ready = (from_db(finished) or from_db(updated)).astimezone(VN_TZ)
        out.append(Uncollected(code, name, phone, proc, clerk, ready,
                               cal.working_days_between(ready.date(), today), from_db(reminded)))
    return out


def remind(actor: User, codes: list[str] | None = None, days: int = UNCOLLECTED_AFTER,
           now: datetime | None = None) -> list[str]:
    """Queue one reminder per dossier not reminded yet (all uncollected, or those `codes`);
    returns the codes reminded now."""
    require(actor, Role.SUPERVISOR)
    now = now or utcnow()
    wanted = [u.code for u in uncollected(actor, days, now)
              if u.reminded_at is None and (codes is None or u.code in codes)]
    office = settings.office()
    done = []
    with write():
        for code in wanted:
            row = dossiers.lock(code)          # row lock (PostgreSQL) / writer lock (SQLite)
            if row.reminded_at is not None or row.status != int(Status.DONE):
                continue
            row.reminded_at = to_db(now)
            dossiers.save(row)                 # version-checked
            outbox.enqueue(to_value(row, office.tracking_url_template, full=True), office.code, now,
                           note="Nhắc nhận kết quả: hồ sơ đã có kết quả, mời ông/bà đến nhận.")
            audit.record(actor, "dossier.reminder", code, {"kind": "result_ready"})
            done.append(code)
    return done
