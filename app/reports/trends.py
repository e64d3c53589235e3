"""Series for the supervisor screen's charts: received per working day, on-time rate by month."""
from __future__ import annotations

from datetime import date, timedelta

import peewee as pw

from app.auth import require
from app.calendar import office_calendar
from app.domain import VN_TZ, Role, User
from app.reports import rules
from app.reports.index import ROWS
from app.store import is_postgres, to_db, utcnow
from db.models import Dossier as D


def _local_day(column):
    if is_postgres():
        return pw.Cast(column + pw.SQL("INTERVAL '7 hours'"), "DATE").coerce(False)
    return pw.fn.date(column, "+7 hours").coerce(False)


def received_per_day(actor: User, days: int = 30, today: date | None = None) -> list[tuple[date, int]]:
    """(working day, dossiers received) for the working days of the last `days` days."""
    require(actor, Role.SUPERVISOR)
    today = today or utcnow().astimezone(VN_TZ).date()
    first = today - timedelta(days=days - 1)
    start, end = rules.period_bounds(first, today)
    day = _local_day(D.received_at)
    counts = {}
    q = (D.select(day, pw.fn.COUNT(ROWS))
         .where((D.received_at >= to_db(start)) & (D.received_at < to_db(end)))
         .group_by(day).tuples())
    for d, n in q:
        counts[date.fromisoformat(str(d)[:10])] = n
    cal = office_calendar()
    return [(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0))
            for i in range(days) if cal.is_working_day(first + timedelta(days=i))
            or counts.get(first + timedelta(days=i))]


def on_time_by_month(actor: User, months: int = 12,
                     month: date | None = None) -> list[tuple[str, int, float | None]]:
    """('YYYY-MM', resolved, on-time rate %) for the `months` months up to `month` (Biểu 06a
    rule: trước hạn + đúng hạn over đã giải quyết), oldest first."""
    require(actor, Role.SUPERVISOR)
    m = (month or utcnow().astimezone(VN_TZ).date()).replace(day=1)
    out = []
    for _i in range(months):
        nxt = (m.replace(day=28) + timedelta(days=4)).replace(day=1)
        start, end = rules.period_bounds(m, nxt - timedelta(days=1))
        q = (D.select(D.timeliness, pw.fn.COUNT(ROWS))
             .where((D.finish_status == rules.RESOLVED) & (D.finished_at >= to_db(start))
                    & (D.finished_at < to_db(end))).group_by(D.timeliness).tuples())
        by = dict(q)
        resolved = sum(by.values())
        out.append((m.strftime("%Y-%m"), resolved, rules.rate(by.get(1, 0) + by.get(2, 0), resolved)))
        m = (m - timedelta(days=1)).replace(day=1)
    return out[::-1]
