"""Một Cửa Desk — entry point.

No arguments: the desktop app.  Subcommands: the CLI (same services), each acting as the
user signed in here: ``--user NAME`` or $MOTCUA_USER, the password from $MOTCUA_PASSWORD or a
no-echo prompt on a terminal (never from stdin: stdin carries *new* passwords)."""
from __future__ import annotations

import argparse
import importlib
import logging
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


def missing_tk() -> str | None:
    """The window needs Python 3.11+ with Tk: the one line to say when it is missing."""
    try:
        import tkinter  # noqa: F401
    except ImportError:
        pass
    else:
        if sys.version_info >= (3, 11):  # noqa: UP036 - said to an older interpreter too
            return None
    return ("Cửa sổ cần Python 3.11+ có Tk (Debian/Ubuntu: sudo apt-get install python3-tk); "
            "các lệnh dòng lệnh vẫn chạy được: python main.py --help")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("--db",) and len(argv) == 2:
        if (missing := missing_tk()) is not None:
            print(missing, file=sys.stderr)
            return 1
        from views.crash import guarded  # traceback to the log, a message, exit 1
        from views.main_window import run_app
        return guarded(run_app, argv[1] if argv else None)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    try:                                   # undecodable bytes in argv: a message, not a traceback
        from cli.common import check_argv
        check_argv(argv)
    except UserError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        from app.store import open_database
        if getattr(args, "needs_db", True):
            open_database(args.db)
        from cli.session import sign_in
        args.actor = sign_in(args) if getattr(args, "needs_login", True) else None
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:                 # `… --json | head`: the reader has gone, not an error
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # no second error at exit
        return 0


if __name__ == "__main__":
    sys.exit(main())
