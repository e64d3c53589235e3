"""The last line of defence for the desktop app: no silent exit, no console window.

``guarded(run_app, …)`` (main.py) installs hooks for exceptions nobody caught — on the main
thread (``sys.excepthook``) and on other threads (``threading.excepthook``) — writes their
traceback to the rotating, redacted log in the per-user log folder (app.privacy.setup_logging,
platformdirs' user_log_dir) and, when the app itself dies, shows a short Vietnamese message with
the log path. Exceptions inside Tk callbacks are handled by ``DeskApp._callback_error`` (the
window stays open); this module covers what escapes before, after or outside the main loop."""
from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("motcua.crash")

TITLE = "Một Cửa Desk — lỗi"


def message(log_path: Path | str, exc: BaseException) -> str:
    return ("Xin lỗi, Một Cửa Desk gặp lỗi không mong muốn và phải đóng "
            f"({type(exc).__name__}).\n\nChi tiết đã được ghi vào tệp nhật ký:\n{log_path}\n\n"
            "Hãy mở lại chương trình; nếu lỗi lặp lại, gửi tệp nhật ký này cho bộ phận hỗ trợ. "
            "Các hồ sơ đã lưu không bị mất.")


def show(text: str) -> None:
    """A modal message box on a fresh hidden root (the app's own root may be broken); stderr
    when there is no display (and no window at all when stderr is None: the frozen GUI)."""
    try:
        import tkinter as tk
        from tkinter import messagebox
        root = tk.Tk()
        root.withdraw()
        try:
            messagebox.showerror(TITLE, text, parent=root)
        finally:
            root.destroy()
    except Exception:  # noqa: BLE001 - no display / Tk broken: fall back to stderr below
        if sys.stderr is not None:
            print(text, file=sys.stderr)


def install(log_path: Path | str, on_fatal: Callable[[str], None] | None = None) -> None:
    """Log every uncaught exception; on the main thread also tell the user."""
    tell = on_fatal or show

    def excepthook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            return sys.__excepthook__(exc_type, exc, tb)
        log.critical("uncaught exception", exc_info=(exc_type, exc, tb))
        tell(message(log_path, exc))

    def thread_hook(args):
        if args.exc_type is SystemExit:
            return
        log.error("uncaught exception in thread %s", getattr(args.thread, "name", "?"),
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = excepthook
    threading.excepthook = thread_hook


def guarded(run: Callable[..., int], *args, log_folder: Path | str | None = None,
            on_fatal: Callable[[str], None] | None = None) -> int:
    """Run the desktop app; an exception that escapes it is logged and shown, exit code 1."""
    from app import privacy
    log_path = privacy.setup_logging(log_folder)
    install(log_path, on_fatal)
    try:
        return run(*args)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - the crash handler: logged with traceback
        log.critical("the desktop app stopped on an uncaught exception", exc_info=exc)
        (on_fatal or show)(message(log_path, exc))
        return 1
    finally:
        for handler in logging.getLogger("motcua").handlers:
            handler.flush()
