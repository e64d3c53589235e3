"""audit verify | audit list: the hash-chained trail of every write."""
from __future__ import annotations

import sys

from app import audit
from app.domain import VN_TZ
from cli.common import command, emit, parse_day


def cli_actor(args):
    """The acting user of a command (the logged-in user)."""
    return args.actor


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r  đã kiểm {done:,}/{total:,} dòng".replace(",", "."), end="", file=sys.stderr)


def _verify(args):
    check = audit.verify(cli_actor(args), progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    rate = round(check.rows / check.seconds) if check.seconds else None
    data = {"ok": check.ok, "rows": check.rows, "first_bad": check.first_bad,
            "reason": check.reason, "seconds": round(check.seconds, 3), "rows_per_second": rate}
    text = (f"Nhật ký toàn vẹn: {check.rows} dòng đã kiểm." if check.ok else
            f"Nhật ký BỊ SỬA: dòng {check.first_bad} — {check.reason}. "
            f"({check.rows} dòng đầu còn nguyên vẹn.)")
    emit(args, data, text)
    return 0 if check.ok else 1


def _list(args):
    since = None
    if args.since:
        from datetime import datetime, time
        since = datetime.combine(parse_day(args.since, "--since"), time.min, VN_TZ)
    rows = audit.entries(cli_actor(args), since=since, username=args.user, action=args.action,
                         obj=args.object, limit=args.limit)
    emit(args, rows, "\n".join(
        f"{e.seq:7} {e.at.astimezone(VN_TZ):%d/%m/%Y %H:%M:%S}  {e.username:14} {e.pc:14} "
        f"{e.action:20} {e.object}" for e in rows) or "Không có dòng nhật ký nào.")


def add_commands(sub) -> None:
    au = sub.add_parser("audit", help="nhật ký thao tác").add_subparsers(dest="sub", required=True)
    command(au, "verify", _verify, help="kiểm tra chuỗi băm của nhật ký")
    p = command(au, "list", _list, help="xem nhật ký (lãnh đạo)")
    p.add_argument("--since", help="YYYY-MM-DD")
    p.add_argument("--user")
    p.add_argument("--action")
    p.add_argument("--object", help="mã hồ sơ, khóa thiết lập…")
    p.add_argument("--limit", type=int, default=200)
