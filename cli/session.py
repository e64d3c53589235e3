"""The CLI signs in: --user / $MOTCUA_USER, the password from $MOTCUA_PASSWORD or a
no-echo prompt on a terminal (never from stdin, which carries new passwords)."""
from __future__ import annotations

import getpass
import os
import sys

from app.domain import UserError


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
