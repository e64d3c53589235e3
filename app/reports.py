"""Supervisor views: today's queue and the monthly figures."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import peewee as pw

from app import dossiers
from app.calendar import office_calendar
from app.domain import VN_TZ, Dossier, MonthlyReport, MonthRow, Status, UserError, nfc
from app.i18n import _
from app.store import from_db, to_db, utcnow
from db.models import Dossier as DossierRow
from db.models import Field as FieldRow
from db.models import Procedure as ProcRow
from db.models import StatusHistory

RUNNING = (int(Status.NEW), int(Status.ACCEPTED), int(Status.PROCESSING), int(Status.FINANCIAL))
UNCOLLECTED_AFTER = 3          # working days after the result is ready
LIST_LIMIT = 300


@dataclass(frozen=True, slots=True)
class QueueSummary:
    at: datetime
    due_today: tuple[Dossier, ...]
    overdue: tuple[Dossier, ...]
    at_risk: tuple[Dossier, ...]
    supplement: tuple[Dossier, ...]
    uncollected: tuple[Dossier, ...]
    counts: dict

    def as_counts(self) -> dict:
        return dict(self.counts)


def _scope(clerk: str | None, field: str | None):
    cond = pw.SQL("1 = 1")
    if clerk:
        cond &= DossierRow.clerk == nfc(clerk)
    if field:
        fid = FieldRow.get_or_none(FieldRow.name == nfc(field))
        if fid is None:
            raise UserError(_("Không có lĩnh vực '{field}'.").format(field=field))
        cond &= DossierRow.procedure.in_(ProcRow.select(ProcRow.id).where(ProcRow.field == fid))
    return cond


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, VN_TZ)


def _count(cond) -> int:
    return DossierRow.select(pw.fn.COUNT(DossierRow.id)).where(cond).scalar()


def queue(clerk: str | None = None, field: str | None = None, now: datetime | None = None,
          limit: int = LIST_LIMIT) -> QueueSummary:
    now = now or utcnow()
    cal = office_calendar()
    today = now.astimezone(VN_TZ).date()
    tomorrow_start = _day_start(today + timedelta(days=1))
    next_wd = cal.next_working_day(today)
    risk_end = _day_start(next_wd + timedelta(days=1))
    back, counted = today, 0
    while counted < UNCOLLECTED_AFTER:
        back -= timedelta(days=1)
        if cal.is_working_day(back):
            counted += 1
    ready_before = _day_start(back + timedelta(days=1))
    scope = _scope(clerk, field)
    running = DossierRow.status.in_(RUNNING) & scope
    conds = {
        "overdue": running & (DossierRow.due_at < to_db(now)),
        "due_today": running & (DossierRow.due_at >= to_db(now)) & (DossierRow.due_at < to_db(tomorrow_start)),
        "at_risk": running & (DossierRow.due_at >= to_db(tomorrow_start)) & (DossierRow.due_at < to_db(risk_end)),
        "supplement": (DossierRow.status == int(Status.SUPPLEMENT)) & scope,
        "uncollected": (DossierRow.status == int(Status.DONE)) & scope
                       & (DossierRow.updated_at < to_db(ready_before)),
    }
    order = {"uncollected": [DossierRow.updated_at]}
    lists = {k: tuple(dossiers.list_where(c, order.get(k, [DossierRow.due_at]), limit))
             for k, c in conds.items()}
    counts = {k: (len(v) if len(v) < limit else _count(conds[k])) for k, v in lists.items()}
    return QueueSummary(at=now, counts=counts, **lists)


def clerks() -> list[str]:
    return [c for (c,) in DossierRow.select(DossierRow.clerk).distinct().order_by(DossierRow.clerk).tuples()]


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise UserError(_("Tháng báo cáo không hợp lệ (dạng YYYY-MM)."))
    start = datetime(year, month, 1, tzinfo=VN_TZ)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=VN_TZ)
    return start, end


def monthly(year: int, month: int) -> MonthlyReport:
    """Per field: received in the month; resolved (→ 9) in the month on time / late;
    refused, withdrawn; still open at the end of the month (and of those, past due)."""
    start, end = month_bounds(year, month)
    s, e = to_db(start), to_db(end)
    per: dict[str, dict[str, int]] = {}

    def bump(fname: str, key: str, n: int = 1):
        per.setdefault(fname, dict.fromkeys(MonthRow.__slots__[1:], 0))[key] += n

    base = (DossierRow.select(FieldRow.name, pw.fn.COUNT(DossierRow.id))
            .join(ProcRow).join(FieldRow).group_by(FieldRow.name))
    for fname, n in base.where((DossierRow.received_at >= s) & (DossierRow.received_at < e)).tuples():
        bump(fname, "received", n)
    events = (StatusHistory.select(FieldRow.name, StatusHistory.to_status, StatusHistory.at, DossierRow.due_at)
              .join(DossierRow).join(ProcRow).join(FieldRow)
              .where((StatusHistory.at >= s) & (StatusHistory.at < e)
                     & (StatusHistory.to_status.in_([9, 3, 7]))
                     & (StatusHistory.from_status != StatusHistory.to_status)))
    for fname, to_status, at, due in events.tuples():
        if to_status == 9:
            bump(fname, "resolved_on_time" if from_db(at) <= from_db(due) else "resolved_late")
        else:
            bump(fname, "refused" if to_status == 3 else "withdrawn")
    # still open at the end of the month: no refusal, withdrawal, stop or result before then
    closed = (StatusHistory.select(StatusHistory.dossier)
              .where((StatusHistory.to_status.in_([3, 7, 8, 9])) & (StatusHistory.at < e)))
    pending = base.where((DossierRow.received_at < e) & (DossierRow.id.not_in(closed)))
    for fname, n in pending.tuples():
        bump(fname, "pending", n)
    for fname, n in pending.where(DossierRow.due_at < min(e, to_db(utcnow()))).tuples():
        bump(fname, "pending_overdue", n)
    rows = tuple(MonthRow(field=f, **v) for f, v in sorted(per.items()))
    total = MonthRow("Tổng cộng", *[sum(getattr(r, k) for r in rows) for k in MonthRow.__slots__[1:]])
    return MonthlyReport(year=year, month=month, rows=rows, total=total)
