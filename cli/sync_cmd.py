"""Sync commands: sync run/status/retry/failed/config, token set/clear/status.

Every one runs after main.py's sign-in (``args.actor``); the token and channel settings are
the administrator's."""
from __future__ import annotations

import getpass
import signal
import sys

from app import auth, desk
from app.domain import Role, UserError
from cli.common import add_json, emit


def _status_data(st) -> dict:
    return {"pending": st.pending, "delivered": st.delivered, "failed": st.failed,
            "last_error": st.last_error, "last_success_at": st.last_success_at,
            "online": st.online, "token_invalid": st.token_invalid,
            "configured": st.configured, "last_error_at": st.last_error_at}


def _status_text(st) -> str:
    lines = [st.label]
    if st.last_success_at:
        lines.append(f"Gửi thành công lần cuối: {st.last_success_at.astimezone():%H:%M:%S %d/%m/%Y}")
    if st.last_error:
        lines.append(f"Lỗi gần nhất: {st.last_error}")
    return "\n".join(lines)


def _run(args):
    from app.sync.worker import SyncWorker
    worker = SyncWorker(args.db, batch_size=args.batch)
    old = signal.signal(signal.SIGTERM, lambda *_: worker.stop())
    try:
        st = worker.run(once=args.once, max_seconds=args.max_seconds)
    except KeyboardInterrupt:
        st = worker.status()
    finally:
        signal.signal(signal.SIGTERM, old)
    data = _status_data(st) | {"this_run": dict(worker.stats)}
    emit(args, data, f"Đã gửi {worker.stats['delivered']} sự kiện trong lần chạy này.\n"
                     + _status_text(st))


def _status(args):
    from app import sync
    st = sync.status()
    emit(args, _status_data(st), _status_text(st))


def _retry(args):
    if not args.all and not args.id:
        raise UserError("Cần chỉ rõ sự kiện (ID hoặc event_id) hoặc dùng --all.")
    if args.all and args.id:
        raise UserError("Dùng hoặc ID, hoặc --all, không dùng cả hai.")
    n = desk.retry_events(args.actor, None if args.all else args.id)
    emit(args, {"requeued": n}, f"Đã đưa {n} sự kiện trở lại hàng đợi.")


def _failed(args):
    events = desk.failed_events(args.actor, args.limit)
    emit(args, [{"id": e.id, "event_id": e.event_id, "type": e.type, "dossier_code": e.dossier_code,
                 "seq": e.seq, "attempts": e.attempts, "last_error": e.last_error,
                 "created_at": e.created_at} for e in events],
         "\n".join(f"{e.id:6} {e.dossier_code} #{e.seq} {e.type.value}: {e.last_error}"
                   for e in events) or "Không có sự kiện lỗi.")


def _config(args):
    value = desk.adapter_setting(args.actor, args.key, args.value)
    emit(args, {args.key: value}, f"{args.key} = {value}")


def _token_set(args):
    auth.require(args.actor, Role.ADMIN)            # before asking for the secret
    if sys.stdin.isatty():
        value = getpass.getpass("Mã truy cập: ")
    else:
        value = sys.stdin.readline()
    desk.set_central_token(args.actor, value, args.kind)
    emit(args, {"stored": True, "kind": args.kind, "where": "keyring"},
         "Đã lưu mã truy cập vào kho khóa của hệ điều hành.")


def _token_clear(args):
    from app.sync import credentials
    ok = credentials.source(args.kind) == "keyring"
    desk.clear_central_token(args.actor, args.kind)
    emit(args, {"deleted": ok}, "Đã xóa mã truy cập." if ok else "Không có mã truy cập để xóa.")


def _token_status(args):
    from app.sync import credentials
    where = credentials.source(args.kind)
    emit(args, {"kind": args.kind, "source": where or None, "keyring": credentials.has_backend()},
         {"env": "Mã truy cập lấy từ biến môi trường.", "keyring": "Mã truy cập có trong kho khóa.",
          "": "Chưa có mã truy cập."}[where])


def add_commands(sub) -> None:
    sy = sub.add_parser("sync", help="đồng bộ với dịch vụ thông báo trung tâm").add_subparsers(
        dest="sub", required=True)
    p = sy.add_parser("run", help="gửi các sự kiện trong hàng đợi")
    p.add_argument("--once", action="store_true", help="gửi những gì gửi được ngay rồi dừng")
    p.add_argument("--max-seconds", type=float, help="dừng sau chừng ấy giây")
    p.add_argument("--batch", type=int, help="số sự kiện mỗi yêu cầu (1 = từng sự kiện)")
    add_json(p)
    p.set_defaults(func=_run)
    p = sy.add_parser("status", help="trực tuyến/ngoại tuyến, số sự kiện chờ gửi")
    add_json(p)
    p.set_defaults(func=_status)
    p = sy.add_parser("retry", help="gửi lại sự kiện lỗi")
    p.add_argument("id", nargs="?", help="ID hoặc event_id")
    p.add_argument("--all", action="store_true")
    add_json(p)
    p.set_defaults(func=_retry)
    p = sy.add_parser("failed", help="các sự kiện lỗi và lý do")
    p.add_argument("--limit", type=int, default=200)
    add_json(p)
    p.set_defaults(func=_failed)
    p = sy.add_parser("config", help="thiết lập kênh Zalo ZNS / SMS (khóa sync.zalo.*, sync.sms.*)")
    p.add_argument("key")
    p.add_argument("value", nargs="?")
    add_json(p)
    p.set_defaults(func=_config)

    tk = sub.add_parser("token", help="mã truy cập (lưu trong kho khóa của hệ điều hành)"
                        ).add_subparsers(dest="sub", required=True)
    for name, func, help_ in (("set", _token_set, "đọc mã từ đầu vào chuẩn"),
                              ("clear", _token_clear, "xóa mã"),
                              ("status", _token_status, "mã lấy từ đâu")):
        p = tk.add_parser(name, help=help_)
        p.add_argument("--for", dest="kind", default="central", choices=["central", "zalo", "sms", "dvcqg"])
        add_json(p)
        p.set_defaults(func=func)        # the database holds the users: sign-in first
