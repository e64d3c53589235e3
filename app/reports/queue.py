"""The supervisor's daily queue: due today, overdue, at risk (≤ 1 working day left), waiting
for a supplement, waiting for a financial obligation, results not collected ≥ 3 working days
after "result ready" (the Quận 6 "3 days" rule). Counts are exact, lists capped; by clerk and
field. Every group is one indexed range on (status, due_at) / (status, updated_at)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import peewee as pw

from app.auth import require
from app.calendar import office_calendar
from app.domain import VN_TZ, Role, Status, User, UserError, nfc
from app.i18n import _
from app.reports.index import ROWS
from app.store import from_db, to_db, utcnow
from app.workdays import WorkCalendar
from db.models import Dossier as DossierRow
from db.models import Field as FieldRow
from db.models import Procedure as ProcRow

RUNNING = (int(Status.NEW), int(Status.ACCEPTED), int(Status.PROCESSING), int(Status.FINANCIAL))
UNCOLLECTED_AFTER = 3          # working days after the result is ready (Quận 6)
LIST_LIMIT = 300
GROUPS = ("overdue", "due_today", "at_risk", "supplement", "financial", "uncollected")


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One line of a queue list (a light read: no documents, no history)."""
    code: str
    applicant_name: str
    procedure_code: str
    procedure_name: str
    field: str
    clerk: str
    status: Status
    due_at: datetime               # aware, UTC
    updated_at: datetime

    @property
    def due_local(self) -> datetime:
        return self.due_at.astimezone(VN_TZ)


@dataclass(frozen=True, slots=True)
class QueueSummary:
    at: datetime
    due_today: tuple[QueueItem, ...]
    overdue: tuple[QueueItem, ...]
    at_risk: tuple[QueueItem, ...]
    supplement: tuple[QueueItem, ...]
    uncollected: tuple[QueueItem, ...]
    counts: dict
    financial: tuple[QueueItem, ...] = ()
    by_clerk: dict = field(default_factory=dict)      # clerk → {group: n}
    by_field: dict = field(default_factory=dict)      # field → {group: n}
    limit: int = LIST_LIMIT


def _scope(clerk: str | None, field_name: str | None):
    cond = pw.SQL("1 = 1")
    if clerk:
        cond &= DossierRow.clerk == nfc(clerk)
    if field_name:
        fid = FieldRow.get_or_none(FieldRow.name == nfc(field_name))
        if fid is None:
            raise UserError(_("Không có lĩnh vực '{field}'.").format(field=field_name))
        cond &= DossierRow.procedure.in_(ProcRow.select(ProcRow.id).where(ProcRow.field == fid))
    return cond


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, VN_TZ)


def ready_before(cal: WorkCalendar, today: date, days: int = UNCOLLECTED_AFTER) -> datetime:
    """Results ready before this moment have waited ≥ `days` working days by `today`."""
    back, counted = today, 0
    while counted < days:
        back -= timedelta(days=1)
        if cal.is_working_day(back):
            counted += 1
    return _day_start(back + timedelta(days=1))


def conditions(now: datetime, scope, cal: WorkCalendar | None = None) -> dict:
    cal = cal or office_calendar()
    today = now.astimezone(VN_TZ).date()
    tomorrow_start = _day_start(today + timedelta(days=1))
    risk_end = _day_start(cal.next_working_day(today) + timedelta(days=1))
    running = DossierRow.status.in_(RUNNING) & scope
    n, t, r = to_db(now), to_db(tomorrow_start), to_db(risk_end)
    return {
        "overdue": running & (DossierRow.due_at < n),
        "due_today": running & (DossierRow.due_at >= n) & (DossierRow.due_at < t),
        "at_risk": running & (DossierRow.due_at >= t) & (DossierRow.due_at < r),
        "supplement": (DossierRow.status == int(Status.SUPPLEMENT)) & scope,
        "financial": (DossierRow.status == int(Status.FINANCIAL)) & scope,
        "uncollected": (DossierRow.status == int(Status.DONE)) & scope
                       & (DossierRow.updated_at < to_db(ready_before(cal, today))),
    }


def _items(cond, order, limit: int, procs: dict):
    q = (DossierRow.select(DossierRow.code, DossierRow.applicant_name, DossierRow.procedure,
                           DossierRow.clerk, DossierRow.status, DossierRow.due_at, DossierRow.updated_at)
         .where(cond).order_by(*order, DossierRow.id).limit(limit).tuples())
    for code, name, pid, clerk, status, due, updated in q:
        pcode, pname, fname = procs.get(pid, ("", "", ""))
        yield QueueItem(code, name, pcode, pname, fname, clerk, Status(status), from_db(due),
                        from_db(updated))


def compute(clerk: str | None = None, field_name: str | None = None, now: datetime | None = None,
            limit: int = LIST_LIMIT) -> QueueSummary:
    now = now or utcnow()
    conds = conditions(now, _scope(clerk, field_name))
    order = {"uncollected": [DossierRow.updated_at]}
    procs = {pid: (code, name, fname) for pid, code, name, fname in
             ProcRow.select(ProcRow.id, ProcRow.code, ProcRow.name, FieldRow.name).join(FieldRow).tuples()}
    fields_of = {pid: p[2] for pid, p in procs.items()}
    lists = {k: tuple(_items(c, order.get(k, [DossierRow.due_at]), limit, procs)) for k, c in conds.items()}
    by_clerk: dict = defaultdict(lambda: dict.fromkeys(GROUPS, 0))
    by_field: dict = defaultdict(lambda: dict.fromkeys(GROUPS, 0))
    counts = {}
    for k, c in conds.items():
        q = (DossierRow.select(DossierRow.clerk, DossierRow.procedure, pw.fn.COUNT(ROWS))
             .where(c).group_by(DossierRow.clerk, DossierRow.procedure).tuples())
        total = 0
        for who, pid, n in q:
            by_clerk[who][k] += n
            by_field[fields_of.get(pid, "?")][k] += n
            total += n
        counts[k] = total
    return QueueSummary(at=now, counts=counts, by_clerk=dict(by_clerk), by_field=dict(by_field),
                        limit=limit, **lists)


def queue(actor: User, clerk: str | None = None, field: str | None = None,
          now: datetime | None = None, limit: int = LIST_LIMIT, day: date | None = None) -> QueueSummary:
    """The queue for a supervisor. `day` (other than today) shows it as that day began."""
    require(actor, Role.SUPERVISOR)
    if day is not None and now is None and day != utcnow().astimezone(VN_TZ).date():
        now = _day_start(day)
    return compute(clerk, field, now, limit)


def clerks() -> list[str]:
    return [c for (c,) in DossierRow.select(DossierRow.clerk).distinct().order_by(DossierRow.clerk).tuples()]
