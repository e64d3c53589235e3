"""The desktop app: DPI awareness, root window, phases (loading → first-run wizard → login →
screens), the command registry behind menus/shortcuts/toolbar, notifications."""
from __future__ import annotations

import contextlib
import gc
import logging
import queue
import sys
import tkinter as tk
from collections.abc import Callable
from pathlib import Path

import platformdirs
import ttkbootstrap as ttk

from app import desk, i18n, privacy
from app.domain import Office, Role, User, UserError
from app.i18n import _
from views.commands import CommandRegistry
from views.connection_watch import ConnectionWatch
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
    """Everything one signed-in session needs; screens get it as ``app``."""

    def __init__(self, root: tk.Tk, db_url: str | None, log_path: Path | None = None):
        from views.printer import PrintDesk
        self.root = root
        self.db_url = db_url
        self.log_path = log_path or Path(platformdirs.user_log_dir("MotCuaDesk", appauthor=False))
        self.user: User | None = None
        self.office: Office | None = None
        self.settings: dict[str, str] = {}
        self.startup_state = None
        self.commands = CommandRegistry()
        self.worker = Worker(root, threads=DB_THREADS, on_user_error=lambda e: self.notify(e.message, "danger"),
                             on_internal_error=self._internal_error)
        self.gc = TkThreadGC(root)
        root.report_callback_exception = self._callback_error
        self.screens: dict[str, tk.Misc] = {}
        self.detail_windows: dict[str, tk.Toplevel] = {}
        self.last_dossier = None
        root.title("Một Cửa Desk")
        self.frame = ttk.Frame(root)
        self.frame.pack(fill="both", expand=True)
        self.banner = ttk.Frame(self.frame, padding=(10, 6))
        self.banner_label = ttk.Label(self.banner, text="", wraplength=1000, justify="left")
        self.banner_label.pack(side="left", fill="x", expand=True)
        self.banner_close = ttk.Button(self.banner, text="✕", width=3, command=self.clear_notice,
                                       bootstyle="link")
        self.banner_close.pack(side="right")
        self.banner_action = ttk.Button(self.banner, text="", bootstyle="light")
        self.banner_extra: list = []
        self._banner_after = None
        self.last_notice: tuple[str, str] | None = None      # (kind, text) of the last banner
        self.toolbar = ttk.Frame(self.frame, padding=(6, 4))
        self.body = ttk.Frame(self.frame)
        self.body.pack(fill="both", expand=True)
        from views.statusbar import StatusBar
        self.status = StatusBar(self.frame, self)
        self.status.pack(fill="x", side="bottom", before=self.body)
        self.printer = PrintDesk(root, on_result=self._print_result, on_state=self.status.set_printer)
        self.sync = None                     # app.sync.worker.SyncWorker once the office is open
        self._sync_reports: queue.Queue = queue.Queue()
        self.db_watch = ConnectionWatch(root, self.notify)
        self._sync_after = None
        self._current: str | None = None
        self.nav_buttons: dict = {}
        root.bind("<Escape>", lambda e: self._screen_key("escape"))
        for n in "12345":
            root.bind(f"<Control-Key-{n}>", lambda e, n=n: self._screen_key(n))

    def _screen_key(self, name: str):
        screen = self.current_screen()
        if screen is not None and hasattr(screen, "on_key") and screen.on_key(name):
            return "break"
        return None

    # ---- phases ------------------------------------------------------------------------
    def start(self) -> None:
        self._clear_body()
        ttk.Label(self.body, text="Một Cửa Desk …", font=("TkDefaultFont", 16)).pack(expand=True)
        self.worker.submit(desk.startup, self.db_url, done=self._started,
                           error=self._startup_failed)

    def _startup_failed(self, exc) -> bool:
        self._clear_body()
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
        if not state.needs_wizard:
            self.start_sync()
        if state.needs_wizard:
            self.show_wizard()
        else:
            self.show_login()

    def show_wizard(self) -> None:
        from views.wizard import FirstRunWizard
        self._clear_body()
        self.root.title(_("Một Cửa Desk — Thiết lập lần đầu"))
        FirstRunWizard(self.body, self, on_done=self._wizard_done).pack(fill="both", expand=True)

    def start_sync(self) -> None:
        """Deliver outbox events in the background; its reports feed the status bar."""
        if self.sync is not None:
            return
        try:
            from app.sync.worker import SyncWorker
            self.sync = SyncWorker(self.db_url)
            self.sync.listeners.append(self._sync_reports.put)      # called on the sync thread
            self.sync.start()
        except Exception:
            log.exception("sync worker did not start")
            self.sync = None
            return
        self._poll_sync()

    def _poll_sync(self) -> None:
        latest = None
        while True:
            try:
                latest = self._sync_reports.get_nowait()
            except queue.Empty:
                break
        if latest is not None:
            self.status.show(latest)
        self._sync_after = self.root.after(500, self._poll_sync)

    def sync_wake(self) -> None:
        if self.sync is not None:
            self.sync.wake()

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
        self._clear_body()
        self.root.title("Một Cửa Desk")
        self.screens = {}
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
        self._build_shell()
        home = "queue" if user.role == Role.SUPERVISOR else "counter"
        self.show(home)

    def month_report(self):
        from views.month_report import ask_month_report  # printing loads on first use
        return ask_month_report(self)

    def logout(self) -> None:
        self.clear_notice()
        for w in list(self.detail_windows.values()):
            w.destroy()
        self.detail_windows.clear()
        self.user = None
        self.commands.unbind_shortcuts()
        self.commands.clear()
        self.root.configure(menu="")
        self.toolbar.pack_forget()
        self.status.set_user(None)
        self.show_login()

    # ---- the shell ---------------------------------------------------------------------
    def _register_commands(self) -> None:
        c, R = self.commands, Role
        c.clear()
        m_dossier, m_sup, m_cat = _("Hồ sơ"), _("Giám sát"), _("Danh mục")
        m_sys, m_view, m_help = _("Hệ thống"), _("Xem"), _("Trợ giúp")
        c.add_command("counter", m_dossier, _("Tiếp nhận hồ sơ"), lambda: self.show("counter"),
                      shortcut="F2", roles=(R.CLERK, R.SUPERVISOR), toolbar=True)
        c.add_command("find", m_dossier, _("Tìm hồ sơ"), lambda: self.show("find"),
                      shortcut="Ctrl+F", extra_shortcuts=("F3",), toolbar=True)
        c.add_command("reprint", m_dossier, _("In lại biên nhận vừa tiếp nhận"),
                      self.reprint_last, shortcut="Ctrl+P", roles=(R.CLERK, R.SUPERVISOR), group=1)
        c.add_command("queue", m_sup, _("Hàng đợi hôm nay"), lambda: self.show("queue"),
                      shortcut="F4", roles=(R.SUPERVISOR,), toolbar=True)
        c.add_command("supervisor", m_sup, _("Tổng hợp Biểu 06a"), lambda: self.show("supervisor"),
                      shortcut="F7", roles=(R.SUPERVISOR,), toolbar=True)
        c.add_command("month_report", m_sup, _("Báo cáo tháng…"), self.month_report,
                      shortcut="Ctrl+M", roles=(R.SUPERVISOR,), group=1)
        c.add_command("catalog", m_cat, _("Danh mục thủ tục"), lambda: self.show("catalog"),
                      shortcut="F6", toolbar=True)
        c.add_command("settings", m_sys, _("Cài đặt"), lambda: self.show("settings"),
                      shortcut="F8", roles=(R.ADMIN,), toolbar=True)
        c.add_command("logout", m_sys, _("Đăng xuất"), self.logout, shortcut="Ctrl+L", group=1)
        c.add_command("quit", m_sys, _("Thoát"), self.quit, shortcut="Ctrl+Q", group=1)
        c.add_command("lang_vi", m_view, "Tiếng Việt", lambda: self.set_ui("ui.language", "vi"))
        c.add_command("lang_en", m_view, "English", lambda: self.set_ui("ui.language", "en"))
        c.add_command("theme_light", m_view, _("Giao diện sáng"),
                      lambda: self.set_ui("ui.theme", "bootstrap-light"), group=1)
        c.add_command("theme_dark", m_view, _("Giao diện tối"),
                      lambda: self.set_ui("ui.theme", "bootstrap-dark"), group=1)
        c.add_command("keys", m_help, _("Phím tắt"), self.show_keys, shortcut="F1")

    def _build_shell(self) -> None:
        from views.catalog_screen import CatalogScreen
        from views.counter import CounterScreen
        from views.find import FindScreen
        from views.queue_screen import QueueScreen
        from views.settings_screen import SettingsScreen
        from views.supervisor_screen import SupervisorScreen
        self._clear_body()
        self._register_commands()
        self.root.configure(menu=self.commands.build_menubar(self.root, self.user))
        self.commands.bind_shortcuts(self.root, self.user)
        self.root.title(f"Một Cửa Desk — {self.office.name}")
        self.stack = ttk.Frame(self.body)
        self.stack.pack(fill="both", expand=True, padx=6, pady=(0, 4))
        self.stack.rowconfigure(0, weight=1)
        self.stack.columnconfigure(0, weight=1)
        classes = {"counter": CounterScreen, "find": FindScreen, "queue": QueueScreen,
                   "catalog": CatalogScreen, "settings": SettingsScreen,
                   "supervisor": SupervisorScreen}
        self.screens = {}
        for key, cls in classes.items():
            if self.commands.commands[key].allowed(self.user):
                self.screens[key] = cls(self.stack, self)
        self._build_toolbar()

    def _build_toolbar(self) -> None:
        """The screens' buttons come from the command registry (label, key, tooltip, roles)."""
        from views.widgets import tooltip
        for w in self.toolbar.winfo_children():
            w.destroy()
        self.nav_buttons = {}
        for cmd in self.commands.toolbar_commands(self.user):
            b = ttk.Button(self.toolbar, text=f"{cmd.label} ({cmd.shortcut})", command=cmd.handler,
                           bootstyle="secondary-outline", takefocus=False)
            b.pack(side="left", padx=(0, 6))
            tooltip(b, cmd.hint)
            self.nav_buttons[cmd.id] = b
        ttk.Label(self.toolbar, text=f"{self.office.name} · {self.office.code}",
                  bootstyle="secondary").pack(side="right", padx=6)
        self.toolbar.pack(fill="x", before=self.body)

    def current_screen(self):
        return self.screens.get(self._current) if self._current else None

    def show(self, key: str):
        """Bring a screen forward; the others are unmapped so Tab never wanders into them."""
        screen = self.screens.get(key)
        if screen is None:
            self.notify(_("Tài khoản của bạn không dùng được màn hình này."), "warning")
            return None
        for k, other in self.screens.items():
            if other is not screen:
                other.grid_remove()
        screen.grid(row=0, column=0, sticky="nsew")
        self._current = key
        for k, b in getattr(self, "nav_buttons", {}).items():
            b.configure(bootstyle="primary" if k == key else "secondary-outline")
        if hasattr(screen, "on_show"):
            screen.on_show()
        return screen

    def _clear_body(self) -> None:
        for w in self.body.winfo_children():
            w.destroy()
        self.screens = {}
        self._current = None
        gc.collect()      # Tk objects must die on this thread, not in a worker's GC pass

    # ---- dossiers ---------------------------------------------------------------------------
    def open_dossier(self, code: str):
        from views.detail import DossierWindow
        win = self.detail_windows.get(code)
        if win is not None and win.winfo_exists():
            win.lift()
            win.refresh()
            return win
        win = DossierWindow(self.root, self, code)
        self.detail_windows[code] = win
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
                self._build_shell()
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
    def notify(self, text: str, kind: str = "info", action: tuple[str, Callable] | None = None,
               seconds: float = 8) -> None:
        colours = {"info": "info", "success": "success", "warning": "warning", "danger": "danger"}
        style = colours.get(kind, "info")
        self.banner.configure(bootstyle=style)
        self.banner_label.configure(text=text, bootstyle=f"inverse-{style}")
        self.banner_close.configure(bootstyle=f"{style}")
        actions = [action] if isinstance(action, tuple) else list(action or ())   # or [(label, fn)…]
        [w.destroy() for w in self.banner_extra]
        self.banner_action.pack_forget()
        self.banner_extra = [ttk.Button(self.banner, text=t, bootstyle="light") for t, _f in actions[1:]]
        for button, (text, fn) in zip([self.banner_action] + self.banner_extra, actions):
            button.configure(text=text, command=lambda fn=fn: (self.clear_notice(), fn()))
            button.pack(side="right", padx=6)
        self.banner.pack(fill="x", before=self.toolbar if self.toolbar.winfo_manager() else self.body)
        if self._banner_after:
            self.root.after_cancel(self._banner_after)
            self._banner_after = None
        if kind != "danger" and (not actions or kind == "success") and seconds:
            self._banner_after = self.root.after(int(seconds * 1000), self.clear_notice)
        self.last_notice = (kind, text)

    def clear_notice(self) -> None:
        self._banner_after = None
        self.banner.pack_forget()

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

    def show_keys(self) -> None:
        from views.dialogs import Dialog
        lines = [f"{c.shortcut:<10} {c.label}" for c in self.commands.visible(self.user) if c.shortcut]
        lines += ["Enter      " + _("Tiếp nhận hồ sơ (màn hình tiếp nhận)"),
                  "Esc        " + _("Xóa biểu mẫu / đóng cửa sổ")]

        class Keys(Dialog):
            def build(self, body):
                ttk.Label(body, text="\n".join(lines), font="TkFixedFont", justify="left").pack()

            def validate(self):
                return None
        Keys(self.root, lambda r: None, _("Phím tắt"))

    def quit(self) -> None:
        self.root.quit()

    def close(self) -> None:
        if self._sync_after:
            try:
                self.root.after_cancel(self._sync_after)
            except tk.TclError:
                pass
        if self.sync is not None:
            self.sync.stop(timeout=5)
            self.sync = None
        self.commands.unbind_shortcuts()
        self.db_watch.close()
        self.status.stop()
        self.printer.close()
        self.worker.close()
        try:
            self.frame.destroy()
        except tk.TclError:
            pass
        self.gc.close()
