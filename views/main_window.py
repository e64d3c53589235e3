"""The desktop app: DPI awareness, root window, phases (loading → first-run wizard → login →
screens) and the session.  It composes the Shell (menus, toolbar, screens, keys), the
Notifier (banners) and the SyncMonitor, and is the ``ScreenContext`` screens receive."""
from __future__ import annotations

import contextlib
import logging
import sys
import tkinter as tk
from collections.abc import Callable
from pathlib import Path

import platformdirs
import ttkbootstrap as ttk

from app import desk, i18n, privacy
from app.domain import Office, Role, User, UserError
from app.i18n import _
from app.resources import icon_path
from views.connection_watch import ConnectionWatch
from views.notifier import Notifier
from views.shell import Shell
from views.sync_monitor import SyncMonitor
from views.worker import TkThreadGC, Worker

log = logging.getLogger("motcua.views")
LEGACY_THEMES = {"darkly": "bootstrap-dark", "superhero": "bootstrap-dark", "cyborg": "bootstrap-dark",
                 "solar": "solarized-dark", "vapor": "vapor-dark", "minty": "minty-light",
                 "pulse": "pulse-light", "united": "united-light", "sandstone": "sandstone-light"}
DEFAULT_THEME = "bootstrap-light"
# One thread for database work: SQLite serialises writers anyway, "latest wins" keys drop
# stale answers, and every extra thread holds its own page cache (~35 MB measured at 1M rows).
# Printing and sync have their own threads, so a slow printer or network never queues here.
DB_THREADS = 1


def set_dpi_awareness() -> None:
    """Windows: crisp text on HiDPI screens. Must run before the first Tk root exists."""
    if sys.platform != "win32":
        return
    import ctypes
    try:
        ctypes.windll.shcore.SetProcessDpiAwareness(2)      # per-monitor
    except (AttributeError, OSError):                   # before Windows 8.1: system-wide
        with contextlib.suppress(AttributeError, OSError):
            ctypes.windll.user32.SetProcessDPIAware()


def setup_logging() -> Path:
    """The per-user log file; personal numbers and secrets are masked (app.privacy)."""
    return privacy.setup_logging()


def theme_name(wanted: str) -> str:
    names = ttk.Style().theme_names()
    if wanted in names:
        return wanted
    mapped = LEGACY_THEMES.get(wanted, DEFAULT_THEME)
    return mapped if mapped in names else names[0]


def _maximize(root) -> None:
    """Counter PCs often have 1366×768 screens: use all of it (and fit even without a
    window manager that honours 'zoomed')."""
    w = min(1366, root.winfo_screenwidth())
    h = min(860, root.winfo_screenheight() - 60)
    root.geometry(f"{w}x{h}+0+0")
    try:
        if sys.platform == "win32":
            root.state("zoomed")
        else:
            root.attributes("-zoomed", True)
    except tk.TclError:
        pass


def run_app(db_url: str | None = None) -> int:
    set_dpi_awareness()
    log_path = setup_logging()
    root = ttk.Window(title="Một Cửa Desk", theme=DEFAULT_THEME, size=(1280, 800), minsize=(1000, 640))
    from views.instance_guard import single_instance
    if (instance := single_instance(db_url)) is None:     # a second copy on this PC: asked first
        return root.destroy() or 0
    _maximize(root)
    app = DeskApp(root, db_url, log_path=log_path)
    app.start()
    root.mainloop()
    app.close()
    instance.release()
    return 0


class DeskApp:
    """One window's session; screens get it as their ``views.context.ScreenContext``."""

    def __init__(self, root: tk.Tk, db_url: str | None, log_path: Path | None = None):
        from views.printer import PrintDesk
        from views.statusbar import StatusBar
        self.root = root
        self.db_url = db_url
        self.log_path = log_path or Path(platformdirs.user_log_dir("MotCuaDesk", appauthor=False))
        self.user: User | None = None
        self.office: Office | None = None
        self.settings: dict[str, str] = {}
        self.startup_state: desk.Startup | None = None
        self.worker = Worker(root, threads=DB_THREADS,
                             on_user_error=lambda e: self.notify(e.message, "danger"),
                             on_internal_error=self._internal_error)
        self.gc = TkThreadGC(root)
        root.report_callback_exception = self._callback_error
        self.detail_windows: dict[str, tk.Toplevel] = {}
        self.last_dossier = None
        self._subscriptions: list[Callable[[], None]] = []
        root.title("Một Cửa Desk")
        self._set_icon()
        self.frame = ttk.Frame(root)
        self.frame.pack(fill="both", expand=True)
        self.shell = Shell(self, self.frame)
        self.notifier = Notifier(self.frame, lambda: self.toolbar if self.toolbar.winfo_manager()
                                 else self.body)
        self.status = StatusBar(self.frame, self)
        self.status.pack(fill="x", side="bottom", before=self.body)
        self.sync_monitor = SyncMonitor(root, self.status.show)
        self.printer = PrintDesk(root, on_result=self._print_result, on_state=self.status.set_printer)
        self.db_watch = ConnectionWatch(root, self.notify)

    ICON_SIZES = (256, 48, 32, 16)      # largest first: the window manager picks among them

    def _set_icon(self) -> None:
        """The application icon on this window and every later toplevel (dialogs, detail
        windows). The PhotoImages stay referenced here: Tk frees an image whose Python object
        is garbage collected."""
        try:
            self._icons = [tk.PhotoImage(master=self.root, file=str(icon_path(s)))
                           for s in self.ICON_SIZES]
            self.root.iconphoto(True, *self._icons)
        except tk.TclError as exc:         # a missing or broken icon file: a plain window still works
            self._icons = []
            log.warning("window icon not set: %s", exc)

    # ---- the parts, by their old names (tests and the status bar read them) ---------------
    body = property(lambda self: self.shell.body)
    toolbar = property(lambda self: self.shell.toolbar)
    commands = property(lambda self: self.shell.commands)
    screens = property(lambda self: self.shell.screens)
    nav_buttons = property(lambda self: self.shell.nav_buttons)
    stack = property(lambda self: self.shell.stack)
    last_notice = property(lambda self: self.notifier.last)
    sync = property(lambda self: self.sync_monitor.sync)

    def current_screen(self):
        return self.shell.current_screen()

    # ---- phases ------------------------------------------------------------------------
    def start(self) -> None:
        self.shell.clear_body()
        ttk.Label(self.body, text="Một Cửa Desk …", font=("TkDefaultFont", 16)).pack(expand=True)
        self.worker.submit(desk.startup, self.db_url, done=self._started,
                           error=self._startup_failed)

    def _startup_failed(self, exc) -> bool:
        self.shell.clear_body()
        msg = exc.message if isinstance(exc, UserError) else str(exc)
        ttk.Label(self.body, text=_("Không mở được cơ sở dữ liệu:") + f"\n{msg}", wraplength=700,
                  bootstyle="danger", font=("TkDefaultFont", 12)).pack(expand=True)
        if isinstance(exc, UserError):           # a damaged or too new database: no traceback
            log.warning("startup refused: %s", msg)
        else:
            log.error("startup failed", exc_info=(type(exc), exc, exc.__traceback__))
        return True

    def _started(self, state: desk.Startup) -> None:
        self.startup_state = state
        self.db_url = state.db_url
        i18n.setup(state.language)
        self.apply_theme(state.theme)
        self.status.start()
        if state.needs_wizard:
            self.show_wizard()
        else:
            self.start_sync()
            self.show_login()

    def show_wizard(self) -> None:
        from views.wizard import FirstRunWizard
        self.shell.clear_body()
        self.root.title(_("Một Cửa Desk — Thiết lập lần đầu"))
        FirstRunWizard(self.body, self, on_done=self._wizard_done).pack(fill="both", expand=True)

    def start_sync(self) -> None:
        self.sync_monitor.start(self.db_url)

    def _wizard_done(self, user: User, office_name: str) -> None:
        from dataclasses import replace
        self.startup_state = replace(self.startup_state, configured=True, has_users=True,
                                     office_name=office_name)
        self.start_sync()
        self.notify(_("Đã tạo cơ quan và tài khoản quản trị '{u}'. Mời đăng nhập.").format(
            u=user.username), "success")
        self.show_login(user.username)

    def show_login(self, username: str = "") -> None:
        from views.login import LoginScreen
        self.shell.clear_body()
        self.root.title("Một Cửa Desk")
        screen = LoginScreen(self.body, self, on_login=self.start_session, username=username)
        screen.pack(fill="both", expand=True)
        self.screens["login"] = screen

    def start_session(self, session) -> None:
        """``session`` = (user, settings dict, office) from the login service call."""
        user, values, office = session
        self.user, self.settings, self.office = user, values, office
        from views.printer import PrinterConfig
        self.printer.configure(PrinterConfig.from_settings(values))
        self.status.set_user(user)
        self.shell.build()
        home = "queue" if user.role == Role.SUPERVISOR else "counter"
        self.show(home)

    def month_report(self):
        from views.month_report import ask_month_report  # printing loads on first use
        return ask_month_report(self)

    def printer_settings(self):
        from views.printer_dialog import PrinterDialog
        return PrinterDialog(self.root, self)

    def departments_window(self):
        """Danh mục ▸ Phòng ban: the list a supervisor keeps (the settings screen is admin-only)."""
        import ttkbootstrap as ttk

        from views.departments_editor import DepartmentsEditor
        top = ttk.Toplevel(self.root)
        top.title(_("Phòng ban nhận hồ sơ"))
        top.transient(self.root)
        editor = DepartmentsEditor(top, self)
        editor.pack(fill="both", expand=True)
        editor.load()
        top.editor = editor
        return top

    def logout(self) -> None:
        self.notifier.clear()
        for w in list(self.detail_windows.values()):
            w.destroy()
        self.detail_windows.clear()
        self.user = None
        self.shell.tear_down()
        self.status.set_user(None)
        self.show_login()

    # ---- ScreenContext ------------------------------------------------------------------------
    def show(self, key: str):
        return self.shell.show(key)

    def run_command(self, command_id: str):
        return self.commands.invoke(command_id, self.user)

    def flash(self, text: str) -> None:
        self.status.flash(text)

    def subscribe(self, event: str, fn: Callable[..., object], owner: tk.Misc) -> Callable[[], None]:
        """`fn` runs on the Tk thread after each commit that raised `event` (app.events),
        until `owner` (the screen or window) is destroyed, or the window closes."""
        from app import events
        off = events.subscribe(event, self.worker.on_tk(fn))
        self._subscriptions.append(off)

        def gone(e, off=off):
            if e.widget is owner:
                off()
                if off in self._subscriptions:
                    self._subscriptions.remove(off)
        owner.bind("<Destroy>", gone, add="+")
        return off

    def end_subscriptions(self) -> None:
        """The window closes: every subscription left ends."""
        for off in self._subscriptions:
            off()
        self._subscriptions.clear()

    def open_dossier(self, code: str):
        from views.detail import DossierWindow
        win = self.detail_windows.get(code)
        if win is not None and win.winfo_exists():
            win.lift()
            win.refresh()
            return win
        win = DossierWindow(self.root, self, code)
        self.detail_windows[code] = win

        def gone(event, win=win):
            if event.widget is win and self.detail_windows.get(code) is win:
                del self.detail_windows[code]
        win.bind("<Destroy>", gone, add="+")
        return win

    def reprint_last(self) -> None:
        if self.last_dossier is None:
            self.notify(_("Chưa có hồ sơ nào được tiếp nhận trong phiên này."), "warning")
            return
        self.print_receipt(self.last_dossier)

    def print_receipt(self, dossier) -> None:
        """Issue the paper (its number; a second print is a reprint, audited), then print."""
        from app import papers
        from app.domain import Receipt
        rc = Receipt(office=self.office, dossier=dossier, fee_vnd=dossier.procedure.fee_vnd)
        self.worker.submit(papers.issue, self.user, "receipt", dossier.code, done=lambda issued:
                           self.printer.receipt(rc, issued.number_line, issued.reprint_at))

    # ---- preferences --------------------------------------------------------------------------
    def apply_theme(self, wanted: str) -> None:
        name = theme_name(wanted)
        style = ttk.Style()
        if style.theme_use() != name:
            style.theme_use(name)

    def set_ui(self, key: str, value: str) -> None:
        def done(result):
            self.settings, self.office = result
            if key == "ui.language":
                i18n.setup(value)
                self.shell.build()
                self.show("counter" if "counter" in self.screens else "find")
                self.status.set_user(self.user)             # the status bar speaks it too
                self.status.set_printer(self.printer.state_text())
                self.status.message.configure(text="")
                self.worker.submit(desk.status_snapshot, key="status", done=self.status.show)
            else:
                self.apply_theme(value)
        self.worker.submit(desk.save_settings, self.user, {key: value}, done=done)

    def settings_saved(self, values: dict[str, str], office: Office) -> None:
        from views.printer import PrinterConfig
        self.settings, self.office = values, office
        self.printer.configure(PrinterConfig.from_settings(values))

    # ---- messages -----------------------------------------------------------------------------
    def notify(self, text: str, kind: str = "info", action: tuple[str, Callable] | list | None = None,
               seconds: float = 8) -> None:
        self.notifier.notify(text, kind, action, seconds)

    def clear_notice(self) -> None:
        self.notifier.clear()

    def _internal_error(self, exc: BaseException) -> None:
        self.notify(_("Xin lỗi, đã có lỗi nội bộ ({kind}). Thao tác chưa hoàn tất; chi tiết trong "
                      "tệp nhật ký: {path}").format(kind=type(exc).__name__, path=self.log_path),
                    "danger")

    def _callback_error(self, exc_type, exc, tb) -> None:
        """An exception in a Tk event handler: a UserError is shown as is, anything else is
        logged with its traceback and shown as a short apology."""
        if isinstance(exc, UserError):
            self.notify(exc.message, "danger")
        else:
            log.error("error in a Tk callback", exc_info=(exc_type, exc, tb))
            self._internal_error(exc)

    def _print_result(self, ok: bool, message: str, actions: list) -> None:
        self.status.flash(message) if ok and not actions else self.notify(
            message, "success" if ok else "danger", action=actions, seconds=12)

    def show_keys(self):
        return self.shell.show_keys()

    def quit(self) -> None:
        self.root.quit()

    def close(self) -> None:
        self.end_subscriptions()
        self.sync_monitor.stop()
        self.shell.close()
        self.db_watch.close()
        self.status.stop()
        self.printer.close()
        self.worker.close()
        try:
            self.frame.destroy()
        except tk.TclError:
            pass
        self.gc.close()
