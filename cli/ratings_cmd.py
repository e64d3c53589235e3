"""ratings import | followups | called, and export dossiers (supervisor / admin)."""
from __future__ import annotations

from app.domain import VN_TZ
from cli.common import command, emit, parse_day
from cli.report_cmd import actor_of


def _import(args):
    from app import ratings
    res = ratings.import_file(actor_of(args), args.file)
    lines = [f"Đã nhập {res.imported} đánh giá; trùng (đã có): {res.duplicates}; "
             f"dòng lỗi: {len(res.errors)} / {res.total_rows} dòng."]
    lines += [f"  dòng {ln}: {msg}" for ln, msg in res.errors]
    emit(args, {"imported": res.imported, "duplicates": res.duplicates, "total_rows": res.total_rows,
                "errors": [{"line": ln, "reason": msg} for ln, msg in res.errors]}, "\n".join(lines))


def _followups(args):
    from app import ratings
    items = ratings.followups(actor_of(args), open_only=args.open)
    data = [{"id": f.id, "dossier_code": f.dossier_code, "at": f.at, "level": f.level,
             "level_label": f.level_label, "comment": f.comment, "applicant": f.applicant_name,
             "phone": f.phone, "clerk": f.clerk, "state": f.state,
             "calls": [{"at": at, "user": u, "outcome": o, "note": n} for at, u, o, n in f.calls]}
            for f in items]
    text = "\n".join(f"{f.id:5} {f.state:5} {f.dossier_code}  {f.at.astimezone(VN_TZ):%d/%m/%Y}  "
                     f"{f.level_label:18} {f.applicant_name}  {f.phone}  ({f.clerk}) {f.comment[:40]}"
                     for f in items) or ("Không có đánh giá nào cần gọi lại." if args.open
                                         else "Chưa có đánh giá không hài lòng nào.")
    emit(args, data, text)


def _called(args):
    from app import ratings
    f = ratings.record_call(actor_of(args), args.id, args.outcome, args.note or "")
    emit(args, {"id": f.id, "state": f.state, "calls": len(f.calls)},
         f"Đã ghi cuộc gọi cho đánh giá {f.id} ({f.dossier_code}): {f.state}")


def _export(args):
    from app import reports
    n = reports.export_dossiers(actor_of(args), parse_day(args.from_, "--from"), parse_day(args.to, "--to"),
                                args.out, status=args.status, field=args.field)
    emit(args, {"rows": n, "out": args.out}, f"Đã xuất {n} hồ sơ ra {args.out}")


def add_commands(sub) -> None:
    from app.ratings import OUTCOMES
    rt = sub.add_parser("ratings", help="đánh giá mức độ hài lòng").add_subparsers(dest="sub", required=True)
    p = command(rt, "import", _import, help="nhập tệp khảo sát (CSV hoặc XLSX)")
    p.add_argument("file")
    p = command(rt, "followups", _followups, help="đánh giá không hài lòng cần gọi lại")
    p.add_argument("--open", action="store_true", help="chỉ những đánh giá chưa gọi xong")
    p = command(rt, "called", _called, help="ghi 'đã gọi lại'")
    p.add_argument("id", type=int)
    p.add_argument("--outcome", required=True, choices=list(OUTCOMES))
    p.add_argument("--note")
    ex = sub.add_parser("export", help="xuất dữ liệu").add_subparsers(dest="sub", required=True)
    p = command(ex, "dossiers", _export, help="danh sách hồ sơ ra .xlsx hoặc .csv")
    p.add_argument("--from", dest="from_", required=True)
    p.add_argument("--to", required=True)
    p.add_argument("--status", type=int)
    p.add_argument("--field")
    p.add_argument("--out", required=True)
