"""Biểu 06a — tình hình, kết quả giải quyết TTHC — aggregated in SQL over indexed columns of
the dossier row (finished_at, finish_status, timeliness, received_at, channel; app/reports/
index.py keeps them). The rules are the functions of app/reports/rules.py; the comments name
the one each query implements."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

import peewee as pw

from app.auth import require
from app.domain import Role, Status, User, UserError
from app.i18n import _
from app.reports import rules
from app.reports.index import ROWS
from app.reports.values import Cells, Report06a, ReportRow
from app.store import from_db, to_db
from db.models import Dossier as D
from db.models import Field as FieldRow
from db.models import Procedure as ProcRow
from db.models import StatusHistory as H
from db.models import User as UserRow

BY = ("field", "procedure", "clerk")
FINISH_KEY = {int(Status.REFUSED): "refused", int(Status.WITHDRAWN): "withdrawn",
              int(Status.STOPPED): "stopped"}
TIMELY_KEY = {int(rules.Timeliness.EARLY): "early", int(rules.Timeliness.ON_TIME): "on_time",
              int(rules.Timeliness.LATE): "late"}


def month_period(text: str) -> tuple[date, date]:
    """'YYYY-MM' → first and last day of that month."""
    try:
        year, month = (int(x) for x in text.strip().split("-"))
        first = date(year, month, 1)
    except (ValueError, AttributeError):
        raise UserError(_("Tháng phải theo dạng YYYY-MM, ví dụ 2026-11.")) from None
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


def _no_index(column):
    """SQLite: `+column` (same value) so the planner does not pick that column's index."""
    if isinstance(D._meta.database.obj, pw.SqliteDatabase):
        return pw.NodeList((pw.SQL("+"), column), glue="")
    return column


def _open_at(moment) -> tuple:
    """rules.in_progress / rules.carried_over: received before `moment`, not finished before it —
    as two disjoint conditions (still open now; finished at or after `moment`), each one range
    of the (finished_at, received_at, procedure) index. On SQLite `+received_at` keeps the
    planner on that index instead of scanning everything received before `moment`."""
    received = _no_index(D.received_at)
    return ((D.finished_at.is_null() & (received < moment)),
            ((D.finished_at >= moment) & (received < moment)))


def _in_progress_rows(key, e):
    """Per open dossier at the end: its group, the due date in force then (the last due date
    written in its history before the end, else the row's), its status then and — when it was
    waiting for a supplement — since when (rules.overdue_at_end).

    A row not changed since the end (updated_at < end: every status change, apology and
    registration moves updated_at to at least its own moment) shows those on itself; only the
    others look into their history."""
    for cond in _open_at(e):
        yield from (D.select(key, D.due_at, D.due_at, D.status, D.paused_at)
                    .where(cond & (D.updated_at < e)).tuples())
    h1, h2, h3 = H.alias("h1"), H.alias("h2"), H.alias("h3")
    due_then = (h1.select(h1.due_at).where((h1.dossier == D.id) & (h1.at < e) & h1.due_at.is_null(False))
                .order_by(h1.at.desc(), h1.id.desc()).limit(1))
    last = (h2.select(h2.to_status).where((h2.dossier == D.id) & (h2.at < e))
            .order_by(h2.at.desc(), h2.id.desc()).limit(1))
    last_at = (h3.select(h3.at).where((h3.dossier == D.id) & (h3.at < e))
               .order_by(h3.at.desc(), h3.id.desc()).limit(1))
    for cond in _open_at(e):
        yield from (D.select(key, due_then, D.due_at, last, last_at)
                    .where(cond & (D.updated_at >= e)).tuples())


def compute(d_from: date, d_to: date, by: str = "field") -> Report06a:
    if by not in BY:
        raise UserError(_("--by phải là field, procedure hoặc clerk."))
    if d_to < d_from:
        raise UserError(_("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."))
    start, end = rules.period_bounds(d_from, d_to)
    s, e = to_db(start), to_db(end)
    key = D.clerk if by == "clerk" else D.procedure
    acc: dict = defaultdict(lambda: defaultdict(int))

    # Tiếp nhận trong kỳ: received in [start, end), online (2) vs counter (1) + post (3)
    q = (D.select(key, D.channel, pw.fn.COUNT(ROWS)).where((D.received_at >= s) & (D.received_at < e))
         .group_by(key, D.channel).tuples())
    for k, channel, n in q:
        acc[k]["online" if channel == 2 else "counter_post"] += n
    # Từ kỳ trước chuyển qua: rules.carried_over
    for cond in _open_at(s):
        gk = _no_index(key)
        for k, n in D.select(gk, pw.fn.COUNT(ROWS)).where(cond).group_by(gk).tuples():
            acc[k]["carried_over"] += n
    # Finished in the period: resolved by timeliness (rules.timeliness, stored when it happened),
    # refused / withdrawn / stopped as the extra columns
    q = (D.select(key, D.finish_status, D.timeliness, pw.fn.COUNT(ROWS))
         .where((D.finish_status.in_(rules.FINISHING)) & (D.finished_at >= s) & (D.finished_at < e))
         .group_by(key, D.finish_status, D.timeliness).tuples())
    for k, status, timely, n in q:
        acc[k][TIMELY_KEY[timely] if status == rules.RESOLVED else FINISH_KEY[status]] += n
    # Đang giải quyết at the end: within / overdue by the due date in force then
    for k, due_then, due_row, last_status, paused in _in_progress_rows(key, e):
        due = from_db(due_then) or from_db(due_row)
        paused_since = from_db(paused) if last_status == int(Status.SUPPLEMENT) else None
        acc[k]["overdue" if rules.overdue_at_end(due, end, paused_since) else "within"] += 1
    return _assemble(d_from, d_to, by, acc)


def _assemble(d_from, d_to, by, acc) -> Report06a:
    procs = {pid: (code, name, fname, fpos) for pid, code, name, fname, fpos in
             ProcRow.select(ProcRow.id, ProcRow.code, ProcRow.name, FieldRow.name, FieldRow.position)
             .join(FieldRow).tuples()}
    cells = {k: Cells(**v) for k, v in acc.items()}
    field_acc: dict[str, Cells] = {}
    if by != "clerk":
        for pid, c in cells.items():
            fname = procs[pid][2]
            field_acc[fname] = field_acc.get(fname, Cells()) + c
    else:
        field_acc = _field_cells_for_clerk_view(d_from, d_to)
    order = {fname: (fpos, fname) for _c, _n, fname, fpos in procs.values()}
    by_field = tuple(ReportRow(f, f, c) for f, c in sorted(field_acc.items(), key=lambda kv: order[kv[0]]))
    if by == "field":
        rows = by_field
    elif by == "procedure":
        def by_field_then_code(kv):
            code, _name, field, _pos = procs[kv[0]]
            return order[field], code

        rows = tuple(ReportRow(procs[pid][0], procs[pid][1], c, procs[pid][2])
                     for pid, c in sorted(cells.items(), key=by_field_then_code))
    else:
        names = dict(UserRow.select(UserRow.username, UserRow.full_name).tuples())
        rows = tuple(ReportRow(k, names.get(k, k), c) for k, c in sorted(cells.items()))
    total = sum((r.cells for r in by_field), Cells())
    return Report06a(d_from, d_to, by, rows, by_field, total)


def _field_cells_for_clerk_view(d_from, d_to) -> dict:
    rep = compute(d_from, d_to, "field")
    return {r.key: r.cells for r in rep.by_field}


def report_06a(actor: User, d_from: date, d_to: date, by: str = "field") -> Report06a:
    """Biểu 06a for a supervisor (or admin)."""
    require(actor, Role.SUPERVISOR)
    return compute(d_from, d_to, by)
