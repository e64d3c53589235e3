"""User commands: user add | passwd | disable | enable | role | list.

A *new* password comes from the first line of stdin, or from a prompt asked twice on a
terminal; the signed-in user's own password never does (main.py: $MOTCUA_PASSWORD or getpass)."""
from __future__ import annotations

import getpass
import sys

from app import auth
from app.domain import Role, UserError
from cli.common import command, emit

ROLES = [r.value for r in Role if r.value in ("clerk", "supervisor", "admin")]


def read_new_password(prompt: str = "Mật khẩu mới: ") -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("Nhập lại mật khẩu: ") != first:
            raise UserError("Hai lần nhập mật khẩu không khớp.", "password")
        return first
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise UserError("Cần mật khẩu mới ở dòng đầu của đầu vào chuẩn.", "password")
    return line


def _user_add(args):
    # no user yet: main.py let this through without a sign-in; create_user(None, …) then
    # accepts nothing but the first admin
    u = auth.create_user(args.actor, args.username, args.full_name, args.role, read_new_password())
    emit(args, u, f"Đã tạo tài khoản {u.username} ({u.role.label})")


def _user_passwd(args):
    actor = args.actor
    target = (args.username or actor.username).lower()
    if actor.must_change_password and target != actor.username:
        raise UserError("Hãy đổi mật khẩu của chính mình trước: `user passwd`.")
    u = auth.set_password(actor, target, read_new_password())
    text = (f"Đã đổi mật khẩu của {u.username}." if target == actor.username else
            f"Đã đặt lại mật khẩu của {u.username}: người dùng phải đổi mật khẩu khi đăng nhập.")
    emit(args, u, text)


def _user_active(args):
    u = auth.set_active(args.actor, args.username, args.enable)
    emit(args, u, f"{u.username}: {'đang hoạt động' if u.active else 'đã vô hiệu hóa'}")


def _user_role(args):
    u = auth.set_role(args.actor, args.username, args.role)
    emit(args, u, f"{u.username}: {u.role.label}")


def _user_list(args):
    accounts = auth.accounts(args.actor)
    data = [{"username": a.user.username, "full_name": a.user.full_name, "role": a.user.role.value,
             "active": a.user.active, "must_change_password": a.user.must_change_password,
             "failed_logins": a.failed_logins, "locked_until": a.locked_until} for a in accounts]

    def line(a) -> str:
        state = "" if a.user.active else "  (vô hiệu hóa)"
        if a.locked_until:
            state += f"  (khóa đến {a.locked_until.astimezone():%H:%M})"
        if a.user.must_change_password:
            state += "  (phải đổi mật khẩu)"
        return f"{a.user.username:20} {a.user.role.value:10} {a.user.full_name}{state}"
    emit(args, data, "\n".join(line(a) for a in accounts))


def add_commands(sub) -> None:
    us = sub.add_parser("user", help="tài khoản").add_subparsers(dest="sub", required=True)
    p = command(us, "add", _user_add, help="mật khẩu mới: dòng đầu của stdin (hoặc hỏi hai lần)",
                first_admin=True)
    p.add_argument("username")
    p.add_argument("--full-name", required=True)
    p.add_argument("--role", default="clerk", choices=ROLES)
    p = command(us, "passwd", _user_passwd, help="đổi mật khẩu của mình; quản trị đặt lại cho người khác",
                passwd=True)
    p.add_argument("username", nargs="?")
    for name, enable in (("disable", False), ("enable", True)):
        p = command(us, name, _user_active, help="vô hiệu hóa" if not enable else "cho hoạt động lại",
                    enable=enable)
        p.add_argument("username")
    p = command(us, "role", _user_role, help="đổi vai trò")
    p.add_argument("username")
    p.add_argument("role", choices=ROLES)
    command(us, "list", _user_list)
