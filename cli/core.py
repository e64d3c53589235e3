"""Core commands: init, catalog, register, show, status, search, due, outbox, config, calendar,
demo (reports: cli/report_cmd.py).  Each acts as ``args.actor``, the user main.py signed in (user commands:
cli/users_cmd.py)."""
from __future__ import annotations

import getpass
import os
import sys

from app import auth, catalog, desk, registration, settings, workflow
from app.calendar import office_calendar
from app.domain import OutboxState, Role, UserError
from app.setup import init_office
from app.store import open_database
from app.validation import check_days, parse_documents_text
from cli.common import command, emit, parse_day, parse_moment


def _init_password(username: str) -> str:
    """The first admin's password: $MOTCUA_PASSWORD, or a prompt asked twice on a terminal."""
    password = os.environ.get("MOTCUA_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UserError("Cần mật khẩu cho quản trị viên: đặt biến môi trường MOTCUA_PASSWORD "
                            "hoặc chạy trong cửa sổ dòng lệnh.", "password")
        password = getpass.getpass(f"Mật khẩu cho {username}: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            raise UserError("Hai lần nhập mật khẩu không khớp.", "password")
    auth.check_new_password(username, password)
    return password


def _init(args):
    open_database(args.db)
    if not auth.database_is_empty():
        raise UserError("Cơ sở dữ liệu đã có người dùng hoặc hồ sơ: `init` chỉ dùng cho cơ sở dữ "
                        "liệu trống. Đổi thiết lập bằng `config set` (cần đăng nhập quản trị).")
    password = _init_password(args.admin) if args.admin else None   # before writing anything
    info = init_office(args.db, args.office_code, args.office_name)
    if args.admin:
        u = auth.create_user(None, args.admin, args.admin_name or "Quản trị viên", Role.ADMIN, password)
        info["admin"] = u.username
    emit(args, info)


def _catalog_import(args):
    emit(args, desk.import_catalog(args.actor, args.file))


def _catalog_export(args):
    n = desk.export_catalog(args.actor, args.file)
    emit(args, {"exported": n, "file": args.file}, f"Đã xuất {n} thủ tục ra {args.file}")


def _catalog_list(args):
    procs = catalog.list_procedures(args.field)
    text = "\n".join(f"{p.code:10} {p.processing_days if p.processing_days is not None else '-':>3} ngày  "
                     f"[{p.field}] {p.name}" for p in procs)
    emit(args, procs, text or "Danh mục trống.")


def _catalog_fields(args):
    f = catalog.fields()
    emit(args, f, "\n".join(f))


def _dossier_summary(d) -> dict:
    return {"code": d.code, "due_at": d.due_at, "status": int(d.status), "status_name": d.status.label,
            "tracking_url": d.tracking_url, "received_at": d.received_at,
            "procedure_code": d.procedure.code, "procedure_name": d.procedure.name,
            "applicant_name": d.applicant.name, "register_no": d.register_no}


def _register(args):
    d = registration.register(
        args.actor, procedure_code=args.procedure, name=args.name, id_number=args.id or "",
        phone=args.phone or "", email=args.email or "", address=args.address or "",
        channel=args.channel, received_at=parse_moment(args.received_at, "--received-at"),
        documents=parse_documents_text(args.doc), note=args.note or "",
        processing_days=args.days, kind=args.kind, tax_code=args.tax_code or "",
        representative=args.representative or "", representative_title=args.representative_title or "",
        delegate_name=args.delegate_name or "", delegate_id_number=args.delegate_id or "",
        delegate_phone=args.delegate_phone or "")
    emit(args, _dossier_summary(d),
         f"Đã tiếp nhận hồ sơ {d.code}\nHẹn trả: {d.due_local:%H:%M %d/%m/%Y}\nTra cứu: {d.tracking_url}")


def _show(args):
    d = desk.show(args.actor, args.code)
    data = _dossier_summary(d) | {
        "applicant": d.applicant, "channel": int(d.channel), "clerk": d.clerk,
        "documents": d.documents, "apology_used": d.apology_used, "delegate": d.delegate,
        "history": [{"at": h.at, "from_status": int(h.from_status) if h.from_status else None,
                     "to_status": int(h.to_status), "status_name": h.to_status.label,
                     "user": h.user, "note": h.note, "due_at": h.due_at} for h in d.history]}
    lines = [f"{d.code}  {d.status.label}", f"Thủ tục: {d.procedure.name}",
             f"Người nộp: {d.applicant.name}"
             + (f" (MST {d.applicant.tax_code}; đại diện: {d.applicant.representative_line})"
                if d.applicant.is_organisation else ""),
             *([f"Người nộp thay: {d.delegate.name}"] if d.delegate else []),
             f"Tiếp nhận: {d.received_local:%H:%M %d/%m/%Y}",
             f"Hẹn trả: {d.due_local:%H:%M %d/%m/%Y}", "Lịch sử:"]
    lines += [f"  {h.at.astimezone(d.received_local.tzinfo):%d/%m/%Y %H:%M}  {h.to_status.label}"
              f"  ({h.user}) {h.note}" for h in d.history]
    emit(args, data, "\n".join(lines))


def _status(args):
    d = workflow.change_status(args.actor, args.code, args.status, args.note or "",
                               parse_moment(args.at))
    emit(args, _dossier_summary(d), f"{d.code}: {d.status.label}")


def _apology(args):
    new_due = parse_moment(args.new_due, "--new-due", required=True)
    d = workflow.apologize(args.actor, args.code, new_due, args.reason)
    emit(args, _dossier_summary(d), f"{d.code}: hẹn lại {d.due_local:%d/%m/%Y}")


def _search(args):
    found = desk.find(args.actor, args.text, limit=args.limit)
    emit(args, [_dossier_summary(d) for d in found],
         "\n".join(f"{d.code}  {d.status.label:22} {d.applicant.name}  — {d.procedure.name[:60]}"
                   for d in found) or "Không tìm thấy hồ sơ nào.")


def _due(args):
    start = parse_moment(args.from_, "--from", required=True)
    check_days(args.days, "--days")
    due = office_calendar().due_at(start, args.days)
    emit(args, {"due_at": due}, due.isoformat(timespec="seconds"))


def _outbox_list(args):
    state = OutboxState(args.state) if args.state else None
    events = desk.events(args.actor, state, args.dossier, limit=args.limit)
    emit(args, [{"id": e.id, "event_id": e.event_id, "type": e.type, "dossier_code": e.dossier_code,
                 "seq": e.seq, "state": e.state, "attempts": e.attempts, "last_error": e.last_error,
                 "created_at": e.created_at, "delivered_at": e.delivered_at} for e in events],
         "\n".join(f"{e.id:6} {e.state.value:9} {e.type.value:24} {e.dossier_code} #{e.seq}"
                   for e in events) or "Hàng đợi trống.")


def _config_get(args):
    v = settings.get(args.key)
    emit(args, {args.key: v}, v)


def _config_set(args):
    try:
        values, _office = desk.save_settings(args.actor, {args.key: args.value}, confirm=args.confirm)
        v = values.get(args.key, args.value)
    except settings.NeedsConfirmation as exc:
        raise UserError(exc.message + " Chạy lại với --confirm: python main.py config set "
                        f"{args.key} {args.value} --confirm", exc.field) from None
    emit(args, {args.key: v}, f"{args.key} = {v}")


def _config_list(args):
    vals = settings.raw_values()      # unchecked: a bad stored value must stay visible to fix it
    emit(args, vals, "\n".join(f"{k} = {v}" for k, v in vals.items()))


def _calendar_set(args):
    day = parse_day(args.day, "DAY")
    if args.kind == "clear":
        desk.remove_override(args.actor, day)
    else:
        desk.set_override(args.actor, day, args.kind, args.note or "")
    emit(args, {"day": day, "kind": args.kind}, f"{day:%d/%m/%Y}: {args.kind}")


def add_commands(sub) -> None:
    p = command(sub, "init", _init, help="khởi tạo cơ sở dữ liệu trống của cơ quan", needs_db=False,
                needs_login=False)
    p.add_argument("--office-code")
    p.add_argument("--office-name")
    p.add_argument("--admin", metavar="NAME", help="tạo quản trị viên đầu tiên (mật khẩu: "
                   "$MOTCUA_PASSWORD hoặc hỏi)")
    p.add_argument("--admin-name", metavar="HỌ_TÊN")

    cat = sub.add_parser("catalog", help="danh mục thủ tục").add_subparsers(dest="sub", required=True)
    p = command(cat, "import", _catalog_import)
    p.add_argument("file")
    p = command(cat, "export", _catalog_export)
    p.add_argument("file")
    p = command(cat, "list", _catalog_list, needs_login=False)
    p.add_argument("--field")
    command(cat, "fields", _catalog_fields)

    p = command(sub, "register", _register, help="tiếp nhận hồ sơ")
    p.add_argument("--procedure", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--id")
    p.add_argument("--phone")
    p.add_argument("--address")
    p.add_argument("--email")
    p.add_argument("--channel", default="counter")
    p.add_argument("--received-at")
    p.add_argument("--doc", action="append", default=[], help="'Tên giấy tờ|bản chính|bản sao'")
    p.add_argument("--days", type=int, help="số ngày làm việc khi thủ tục chưa có thời hạn")
    p.add_argument("--note")
    p.add_argument("--kind", default="person", help="person (cá nhân) | organisation (tổ chức)")
    p.add_argument("--tax-code", help="mã số thuế của tổ chức: 10 chữ số, chi nhánh 10 + '-' + 3")
    p.add_argument("--representative", help="họ tên người đại diện của tổ chức")
    p.add_argument("--representative-title", help="chức vụ người đại diện, ví dụ Giám đốc")
    p.add_argument("--delegate-name", help="người nộp thay (được ủy quyền): họ tên")
    p.add_argument("--delegate-id", help="người nộp thay: số CCCD")
    p.add_argument("--delegate-phone", help="người nộp thay: số điện thoại")

    p = command(sub, "show", _show, help="xem hồ sơ")
    p.add_argument("code")

    p = command(sub, "status", _status, help="chuyển trạng thái hồ sơ")
    p.add_argument("code")
    p.add_argument("status", type=int)
    p.add_argument("--note")
    p.add_argument("--at")

    p = command(sub, "apology", _apology, help="xin lỗi và hẹn lại ngày trả (một lần)")
    p.add_argument("code")
    p.add_argument("--new-due", required=True)
    p.add_argument("--reason", required=True)

    p = command(sub, "search", _search, help="tìm hồ sơ")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=50)

    p = command(sub, "due", _due, help="tính ngày hẹn trả", needs_login=False)
    p.add_argument("--from", dest="from_", required=True)
    p.add_argument("--days", type=int, required=True)

    ob = sub.add_parser("outbox", help="hàng đợi sự kiện").add_subparsers(dest="sub", required=True)
    p = command(ob, "list", _outbox_list)
    p.add_argument("--state", choices=[s.value for s in OutboxState])
    p.add_argument("--dossier")
    p.add_argument("--limit", type=int, default=200)

    cfg = sub.add_parser("config", help="thiết lập").add_subparsers(dest="sub", required=True)
    p = command(cfg, "get", _config_get)
    p.add_argument("key")
    p = command(cfg, "set", _config_set)
    p.add_argument("key")
    p.add_argument("value")
    p.add_argument("--confirm", action="store_true",
                   help="xác nhận đổi mã cơ quan khi đã có hồ sơ (số hồ sơ bắt đầu lại theo mã mới)")
    p = command(cfg, "list", _config_list)

    p = command(sub, "calendar", _calendar_set, help="ngày nghỉ thêm / làm bù của cơ quan")
    p.add_argument("day")
    p.add_argument("kind", choices=["off", "work", "clear"])
    p.add_argument("--note")
    add_more_commands(sub)


def _demo_seed(args):
    emit(args, desk.seed_demo(args.actor, args.count, args.seed), None)


def add_more_commands(sub) -> None:
    p = sub.add_parser("demo", help="dữ liệu mẫu").add_subparsers(dest="sub", required=True)
    p = command(p, "seed", _demo_seed)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
