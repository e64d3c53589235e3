"""Một Cửa Desk — entry point.

No arguments: the desktop app.  Subcommands: the CLI (same services), each acting as the
user signed in here: ``--user NAME`` or $MOTCUA_USER, the password from $MOTCUA_PASSWORD or a
no-echo prompt on a terminal (never from stdin: stdin carries *new* passwords)."""
from __future__ import annotations

import argparse
import getpass
import importlib
import logging
import os
import pkgutil
import sys

from app import __version__
from app.domain import UserError

log = logging.getLogger("motcua")


def build_parser() -> argparse.ArgumentParser:
    import cli
    parser = argparse.ArgumentParser(prog="motcua", description="Một Cửa Desk")
    parser.add_argument("--version", action="version", version=f"Một Cửa Desk {__version__}")
    parser.add_argument("--db", help="SQLite file / sqlite:///path / postgresql://… (or $MOTCUA_DB)")
    parser.add_argument("--user", help="tên đăng nhập (hoặc $MOTCUA_USER); mật khẩu: "
                        "$MOTCUA_PASSWORD hoặc hỏi trên cửa sổ dòng lệnh")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(cli.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"cli.{info.name}")
        if hasattr(module, "add_commands"):
            module.add_commands(sub)
    return parser


def sign_in(args):
    """The acting user for this command (None only for the first admin's `user add`)."""
    from app import auth
    if not auth.has_users():
        if getattr(args, "first_admin", False):
            return None
        raise UserError("Cơ sở dữ liệu chưa có tài khoản nào: tạo quản trị viên đầu tiên bằng "
                        "`init --admin TÊN` hoặc `user add TÊN --full-name \"…\" --role admin`.")
    name = args.user or os.environ.get("MOTCUA_USER")
    password = os.environ.get("MOTCUA_PASSWORD")
    interactive = sys.stdin.isatty()
    if not name:
        if not interactive:
            raise UserError("Cần đăng nhập: dùng --user TÊN hoặc biến môi trường MOTCUA_USER.")
        name = input("Tên đăng nhập: ")
    if password is None:
        if not interactive:
            raise UserError("Cần mật khẩu đăng nhập: đặt biến môi trường MOTCUA_PASSWORD hoặc chạy "
                            "trong cửa sổ dòng lệnh (mật khẩu đăng nhập không đọc từ đầu vào chuẩn).")
        password = getpass.getpass(f"Mật khẩu của {name}: ")
    user = auth.login(name, password)
    if user.must_change_password and not getattr(args, "passwd", False):
        raise UserError(f"Mật khẩu của {user.username} vừa được quản trị viên đặt lại: đổi mật khẩu "
                        "bằng `user passwd` trước khi làm việc khác.")
    return user


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("--db",) and len(argv) == 2:
        from views.main_window import run_app
        return run_app(argv[1] if argv else None)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        from app.store import open_database
        if getattr(args, "needs_db", True):
            open_database(args.db)
        args.actor = sign_in(args) if getattr(args, "needs_login", True) else None
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
