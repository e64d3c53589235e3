"""Report commands: report monthly (alias month) · queue · uncollected · ratings.

Every command acts as the signed-in CLI user (`args.actor`, main.py signs in first) and the
services check the supervisor role themselves."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app import settings
from app.domain import VN_TZ, UserError
from cli.common import command, emit, parse_day


def actor_of(args):
    return args.actor


def _period(args):
    from app import reports
    if args.month or args.month_pos:
        if args.from_ or args.to:
            raise UserError("Dùng --month hoặc --from/--to, không dùng cả hai.")
        return reports.month_period(args.month or args.month_pos)
    if not (args.from_ and args.to):
        raise UserError("Cần --month YYYY-MM hoặc cả --from YYYY-MM-DD và --to YYYY-MM-DD.")
    return parse_day(args.from_, "--from"), parse_day(args.to, "--to")


def _out_kind(out: str | None, allowed: tuple[str, ...]) -> str | None:
    from app import reports
    return reports.file_format(out, allowed, "--out") if out else None


def _table_text(rep) -> str:
    from printing.common import fmt_int, fmt_pct
    head = (f"{'':34} {'Nhận':>7} {'TrTuyến':>7} {'TT+BC':>7} {'KỳTrước':>7} {'Đã GQ':>7} "
            f"{'Trước':>7} {'Đúng':>7} {'Quá':>7} {'Đang':>7} {'TrHạn':>7} {'QuáHạn':>7} "
            f"{'TừChối':>7} {'Rút':>7} {'Dừng':>7} {'ĐúngHạn':>8}")
    lines = [rep.period_label, head]
    for r in list(rep.rows) + [None]:
        label, c = ("Tổng cộng", rep.total) if r is None else (r.key if r.key == r.label else
                                                              f"{r.key} {r.label}", r.cells)
        nums = (c.received, c.online, c.counter_post, c.carried_over, c.resolved, c.early, c.on_time,
                c.late, c.in_progress, c.within, c.overdue, c.refused, c.withdrawn, c.stopped)
        lines.append(f"{label[:34]:34} " + " ".join(f"{fmt_int(n):>7}" for n in nums)
                     + f" {fmt_pct(c.on_time_rate):>8}")
    if not rep.rows:
        lines.append("Không có hồ sơ nào trong kỳ báo cáo.")
    return "\n".join(lines)


def _monthly(args):
    from app import reports
    d_from, d_to = _period(args)
    kind = _out_kind(args.out, ("pdf", "xlsx"))
    rep = reports.report_06a(actor_of(args), d_from, d_to, by=args.by)
    data = rep.as_json()
    if kind == "pdf":
        from printing.report06a import report_06a_pdf
        rows = rep.rows if rep.by != "field" else None
        title = {"procedure": "Thủ tục hành chính", "clerk": "Cán bộ tiếp nhận"}.get(rep.by, "Lĩnh vực")
        Path(args.out).write_bytes(report_06a_pdf(rep, settings.office(), datetime.now(UTC),
                                                  rows, title))
    elif kind == "xlsx":
        from app.report_xlsx import write_06a
        write_06a(rep, settings.office(), args.out)
    if kind:
        data["out"] = args.out
    emit(args, data, _table_text(rep) + (f"\nĐã ghi {args.out}" if kind else ""))


def dossier_line(d) -> dict:
    return {"code": d.code, "applicant": d.applicant_name, "procedure": d.procedure_code,
            "field": d.field, "clerk": d.clerk, "status": int(d.status),
            "due_at": d.due_at, "updated_at": d.updated_at}


QUEUE_TITLES = {"overdue": "Quá hạn", "due_today": "Đến hạn hôm nay", "at_risk": "Còn ≤ 1 ngày làm việc",
                "supplement": "Chờ bổ sung", "financial": "Chờ nghĩa vụ tài chính",
                "uncollected": "Chưa nhận kết quả ≥ 3 ngày làm việc"}


def _queue(args):
    from app import reports
    day = parse_day(args.date, "--date") if args.date else None
    q = reports.queue(actor_of(args), args.clerk, args.field, day=day, limit=args.limit)
    data = {"at": q.at, "counts": q.counts, "limit": q.limit, "by_clerk": q.by_clerk,
            "by_field": q.by_field,
            "lists": {k: [dossier_line(d) for d in getattr(q, k)] for k in reports.queue_groups()}}
    lines = [f"Hàng đợi lúc {q.at.astimezone(VN_TZ):%H:%M %d/%m/%Y}"]
    for k in reports.queue_groups():
        lines.append(f"{QUEUE_TITLES[k]:38} {q.counts[k]:6}")
        lines += [f"    {d.code}  hẹn {d.due_local:%d/%m %H:%M}  {d.clerk}" for d in getattr(q, k)[:10]]
    emit(args, data, "\n".join(lines))


def _uncollected(args):
    from app import reports
    items = reports.uncollected(actor_of(args), args.days)
    reminded = reports.remind(actor_of(args), days=args.days) if args.remind else []
    if _out_kind(args.out, ("pdf",)):
        from printing.pdf_backend import render_pdf
        from printing.reports import call_sheet
        Path(args.out).write_bytes(render_pdf(call_sheet(items, settings.office(),
                                                         datetime.now(UTC), args.days)))
    data = {"days": args.days, "count": len(items), "reminded": reminded,
            "items": [{"code": u.code, "applicant": u.applicant_name, "phone": u.phone,
                       "procedure": u.procedure_name, "clerk": u.clerk, "ready_at": u.ready_at,
                       "working_days": u.working_days, "reminded_at": u.reminded_at} for u in items]}
    text = "\n".join(f"{u.code}  {u.ready_at:%d/%m/%Y}  {u.working_days:3} ngày  "
                     f"{u.applicant_name}  {u.phone}" for u in items) \
        or f"Không có hồ sơ nào có kết quả chờ quá {args.days} ngày làm việc."
    if reminded:
        text += f"\nĐã gửi nhắc {len(reminded)} hồ sơ."
    emit(args, data, text)


def _ratings_report(args):
    from app import ratings
    rep = ratings.satisfaction(actor_of(args), args.month)
    kind = _out_kind(args.out, ("pdf", "xlsx"))
    if kind == "xlsx":
        from app.report_xlsx import write_ratings
        write_ratings(rep, settings.office(), args.out)
    elif kind == "pdf":
        from printing.pdf_backend import render_pdf
        from printing.reports import ratings_report
        Path(args.out).write_bytes(render_pdf(ratings_report(rep, settings.office(),
                                                             datetime.now(UTC))))
    from printing.common import fmt_pct
    lines = [f"Tháng {rep['month']}: {rep['count']} đánh giá, hài lòng {fmt_pct(rep['rate'])}"]
    lines += [f"  {f['field'][:40]:40} {f['count']:6} {fmt_pct(f['rate']):>8}" for f in rep["by_field"]]
    lines.append(f"Cần gọi lại: {rep['open_followups']}")
    emit(args, rep, "\n".join(lines))


def add_commands(sub) -> None:
    rep = sub.add_parser("report", help="báo cáo").add_subparsers(dest="sub", required=True)
    for name in ("monthly", "month"):
        p = command(rep, name, _monthly, help="Biểu 06a: tình hình, kết quả giải quyết TTHC")
        p.add_argument("month_pos", nargs="?", metavar="YYYY-MM")
        p.add_argument("--month", help="YYYY-MM")
        p.add_argument("--from", dest="from_", help="YYYY-MM-DD")
        p.add_argument("--to", help="YYYY-MM-DD")
        p.add_argument("--by", choices=("field", "procedure", "clerk"), default="field")
        p.add_argument("--out", help="tệp .pdf hoặc .xlsx")
    p = command(rep, "queue", _queue, help="hàng đợi trong ngày")
    p.add_argument("--date", help="YYYY-MM-DD (mặc định hôm nay)")
    p.add_argument("--clerk")
    p.add_argument("--field")
    p.add_argument("--limit", type=int, default=50, help="số hồ sơ tối đa mỗi danh sách")
    p = command(rep, "uncollected", _uncollected, help="hồ sơ có kết quả chưa đến nhận")
    p.add_argument("--days", type=int, default=3, help="số ngày làm việc (mặc định 3)")
    p.add_argument("--out", help="phiếu gọi điện .pdf")
    p.add_argument("--remind", action="store_true", help="gửi nhắc (một lần mỗi hồ sơ)")
    p = command(rep, "ratings", _ratings_report, help="mức độ hài lòng theo tháng")
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--out", help="tệp .pdf hoặc .xlsx")
