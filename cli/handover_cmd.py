"""Hand-over to departments: handover to | back | list, and departments list | add | rename |
deactivate | activate. Each acts as ``args.actor`` (handing over: clerk and up; editing the
departments list: supervisor and up — app/handover.py checks)."""
from __future__ import annotations

from app.domain import VN_TZ
from cli.common import command, emit


def _when(dt) -> str:
    return dt.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if dt else ""


def _record_data(r) -> dict:
    return {"id": r.id, "dossier_code": r.dossier_code, "from_unit": r.from_unit,
            "department": r.department, "officer": r.officer, "partners": r.partners, "note": r.note,
            "handed_by": r.handed_by, "handed_at": r.handed_at, "received_back_at": r.received_back_at,
            "received_back_by": r.received_back_by, "result": r.result_text, "result_note": r.result_note,
            "back_note": r.back_note}


def _record_line(r) -> str:
    line = f"{_when(r.handed_at)}  → {r.department}" + (f" ({r.officer})" if r.officer else "")
    line += f"  giao: {r.handed_by_name}"
    if r.received_back_at:
        line += (f"  | nhận về {_when(r.received_back_at)}: {r.result_text}"
                 + (f" — {r.result_note}" if r.result_note else ""))
    else:
        line += "  | đang ở phòng ban"
    return line


def _to(args):
    from app import handover
    h = handover.hand_over(args.actor, args.code, args.dept, officer=args.officer or "",
                           note=args.note or "", partners=args.partners or "")
    emit(args, {"dossier_code": h.dossier.code, "status": int(h.dossier.status),
                "version": h.dossier.version, "handover": _record_data(h.record)},
         f"Đã chuyển hồ sơ {h.dossier.code} cho {h.record.department}"
         + (f" (cán bộ nhận: {h.record.officer})" if h.record.officer else "")
         + f"; trạng thái: {h.dossier.status.vi_label}.")


def _back(args):
    from app import handover
    h = handover.receive_back(args.actor, args.code, args.result or "", note=args.note or "")
    emit(args, {"dossier_code": h.dossier.code, "status": int(h.dossier.status),
                "version": h.dossier.version, "handover": _record_data(h.record)},
         f"Đã nhận hồ sơ {h.dossier.code} từ {h.record.department}: {h.record.result_text}.")


def _list(args):
    from app import handover
    recs = handover.records(args.actor, args.code)
    emit(args, [_record_data(r) for r in recs],
         "\n".join(_record_line(r) for r in recs) or f"Hồ sơ {args.code} chưa chuyển phòng ban nào.")


def _dept_data(d) -> dict:
    return {"id": d.id, "name": d.name, "active": d.active, "version": d.version, "handovers": d.used}


def _depts(args):
    from app import handover
    items = handover.departments(args.actor, include_inactive=True)
    emit(args, [_dept_data(d) for d in items],
         "\n".join(f"{d.id:4}  {d.name}" + ("" if d.active else "  (ngừng dùng)")
                   + (f"  — {d.used} lượt chuyển" if d.used else "") for d in items)
         or "Chưa có phòng ban nào: thêm bằng `departments add TÊN`.")


def _dept_add(args):
    from app import handover
    d = handover.add_department(args.actor, args.name)
    emit(args, _dept_data(d), f"Đã thêm phòng ban {d.id}: {d.name}")


def _dept_rename(args):
    from app import handover
    d = handover.rename_department(args.actor, args.id, args.name)
    emit(args, _dept_data(d), f"Phòng ban {d.id} đổi tên thành: {d.name}")


def _dept_deactivate(args):
    from app import handover
    outcome = handover.deactivate_department(args.actor, args.id)
    emit(args, {"id": args.id, "outcome": outcome},
         f"Phòng ban {args.id}: " + ("đã ngừng dùng (giữ lại vì đã có lượt chuyển hồ sơ)."
                                     if outcome == "deactivated" else "đã xóa (chưa có lượt chuyển nào)."))


def _dept_activate(args):
    from app import handover
    d = handover.activate_department(args.actor, args.id)
    emit(args, _dept_data(d), f"Phòng ban {d.id} dùng lại: {d.name}")


def add_commands(sub) -> None:
    ho = sub.add_parser("handover", help="chuyển hồ sơ cho phòng ban, nhận kết quả về").add_subparsers(
        dest="sub", required=True)
    p = command(ho, "to", _to, help="chuyển hồ sơ cho một phòng ban (từ trạng thái 2 thì bắt đầu xử lý)")
    p.add_argument("code")
    p.add_argument("--dept", required=True, help="tên hoặc số của phòng ban")
    p.add_argument("--officer", help="cán bộ nhận ở phòng ban")
    p.add_argument("--note")
    p.add_argument("--partners", help="cơ quan phối hợp giải quyết (phân cách bằng ;)")
    p = command(ho, "back", _back, help="nhận hồ sơ về từ phòng ban với kết quả")
    p.add_argument("code")
    p.add_argument("--result", default="", help="ghi chú kết quả của phòng ban")
    p.add_argument("--note")
    p = command(ho, "list", _list, help="các lượt chuyển của một hồ sơ")
    p.add_argument("code")
    dp = sub.add_parser("departments", help="danh sách phòng ban").add_subparsers(dest="sub", required=True)
    command(dp, "list", _depts)
    p = command(dp, "add", _dept_add)
    p.add_argument("name")
    p = command(dp, "rename", _dept_rename)
    p.add_argument("id", type=int)
    p.add_argument("name")
    p = command(dp, "deactivate", _dept_deactivate,
                help="ngừng dùng (xóa hẳn nếu chưa có lượt chuyển nào)")
    p.add_argument("id", type=int)
    p = command(dp, "activate", _dept_activate)
    p.add_argument("id", type=int)
