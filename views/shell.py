"""The shell of a signed-in session: the command registry behind the menu bar, toolbar and
shortcuts; the screens (one frame each, stacked) and which one is in front; the keys that go
to the screen in front (Esc, Ctrl+1–5); the F1 list of every key."""
from __future__ import annotations

import gc
import tkinter as tk
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from app.domain import Role
from app.i18n import _
from views.commands import CommandRegistry, bind_key, unbind_key

if TYPE_CHECKING:
    from views.main_window import DeskApp

SCREEN_KEYS = ("screen.escape", "screen.section")


class Shell:
    def __init__(self, app: DeskApp, frame: tk.Misc):
        self.app = app
        self.root = app.root
        self.commands = CommandRegistry()
        self.toolbar = ttk.Frame(frame, padding=(6, 4))
        self.body = ttk.Frame(frame)
        self.body.pack(fill="both", expand=True)
        self.screens: dict[str, tk.Misc] = {}
        self.nav_buttons: dict[str, ttk.Button] = {}
        self.current: str | None = None
        self.stack: ttk.Frame | None = None
        bind_key(self.root, "screen.escape", lambda e: self._screen_key("escape"))
        bind_key(self.root, "screen.section", lambda e: self._screen_key(e.keysym))

    def _screen_key(self, name: str):
        screen = self.current_screen()
        if screen is not None and hasattr(screen, "on_key") and screen.on_key(name):
            return "break"
        return None

    # ---- commands ------------------------------------------------------------------------
    def register_commands(self) -> None:
        a, c, R = self.app, self.commands, Role
        c.clear()
        m_dossier, m_sup, m_cat = _("Hồ sơ"), _("Giám sát"), _("Danh mục")
        m_sys, m_view, m_help = _("Hệ thống"), _("Xem"), _("Trợ giúp")
        c.add_command("counter", m_dossier, _("Tiếp nhận hồ sơ"), lambda: self.show("counter"),
                      shortcut="F2", roles=(R.CLERK, R.SUPERVISOR), toolbar=True)
        c.add_command("find", m_dossier, _("Tìm hồ sơ"), lambda: self.show("find"),
                      shortcut="Ctrl+F", extra_shortcuts=("F3",), toolbar=True)
        c.add_command("reprint", m_dossier, _("In lại biên nhận vừa tiếp nhận"),
                      a.reprint_last, shortcut="Ctrl+P", roles=(R.CLERK, R.SUPERVISOR), group=1)
        c.add_command("queue", m_sup, _("Hàng đợi hôm nay"), lambda: self.show("queue"),
                      shortcut="F4", roles=(R.SUPERVISOR,), toolbar=True)
        c.add_command("supervisor", m_sup, _("Tổng hợp Biểu 06a"), lambda: self.show("supervisor"),
                      shortcut="F7", roles=(R.SUPERVISOR,), toolbar=True)
        c.add_command("month_report", m_sup, _("Báo cáo tháng…"), a.month_report,
                      shortcut="Ctrl+M", roles=(R.SUPERVISOR,), group=1)
        c.add_command("catalog", m_cat, _("Danh mục thủ tục"), lambda: self.show("catalog"),
                      shortcut="F6", toolbar=True)
        c.add_command("departments", m_cat, _("Phòng ban nhận hồ sơ…"), a.departments_window,
                      roles=(R.SUPERVISOR,), group=1)
        c.add_command("settings", m_sys, _("Cài đặt"), lambda: self.show("settings"),
                      shortcut="F8", roles=(R.ADMIN,), toolbar=True)
        c.add_command("printer", m_sys, _("Máy in của máy này…"), a.printer_settings,
                      shortcut="Ctrl+Shift+P", group=1)
        c.add_command("logout", m_sys, _("Đăng xuất"), a.logout, shortcut="Ctrl+L", group=2)
        c.add_command("quit", m_sys, _("Thoát"), a.quit, shortcut="Ctrl+Q", group=2)
        c.add_command("lang_vi", m_view, "Tiếng Việt", lambda: a.set_ui("ui.language", "vi"))
        c.add_command("lang_en", m_view, "English", lambda: a.set_ui("ui.language", "en"))
        c.add_command("theme_light", m_view, _("Giao diện sáng"),
                      lambda: a.set_ui("ui.theme", "bootstrap-light"), group=1)
        c.add_command("theme_dark", m_view, _("Giao diện tối"),
                      lambda: a.set_ui("ui.theme", "bootstrap-dark"), group=1)
        c.add_command("keys", m_help, _("Phím tắt"), self.show_keys, shortcut="F1")

    def build(self) -> None:
        """Menus, shortcuts, toolbar and the screens this user may use."""
        from views.catalog_screen import CatalogScreen
        from views.counter import CounterScreen
        from views.find import FindScreen
        from views.queue_screen import QueueScreen
        from views.settings_screen import SettingsScreen
        from views.supervisor_screen import SupervisorScreen
        user, office = self.app.user, self.app.office
        self.clear_body()
        self.register_commands()
        self.root.configure(menu=self.commands.build_menubar(self.root, user))
        self.commands.bind_shortcuts(self.root, user)
        self.root.title(f"Một Cửa Desk — {office.name}")
        self.stack = ttk.Frame(self.body)
        self.stack.pack(fill="both", expand=True, padx=6, pady=(0, 4))
        self.stack.rowconfigure(0, weight=1)
        self.stack.columnconfigure(0, weight=1)
        classes = {"counter": CounterScreen, "find": FindScreen, "queue": QueueScreen,
                   "catalog": CatalogScreen, "settings": SettingsScreen,
                   "supervisor": SupervisorScreen}
        for key, cls in classes.items():
            if self.commands.commands[key].allowed(user):
                self.screens[key] = cls(self.stack, self.app)
        self._build_toolbar()

    def _build_toolbar(self) -> None:
        """The screens' buttons come from the command registry (label, key, tooltip, roles)."""
        from views.widgets import tooltip
        for w in self.toolbar.winfo_children():
            w.destroy()
        self.nav_buttons = {}
        for cmd in self.commands.toolbar_commands(self.app.user):
            b = ttk.Button(self.toolbar, text=f"{cmd.label} ({cmd.shortcut})", command=cmd.handler,
                           bootstyle="secondary-outline", takefocus=False)
            b.pack(side="left", padx=(0, 6))
            tooltip(b, cmd.hint)
            self.nav_buttons[cmd.id] = b
        office = self.app.office
        ttk.Label(self.toolbar, text=f"{office.name} · {office.code}",
                  bootstyle="secondary").pack(side="right", padx=6)
        self.toolbar.pack(fill="x", before=self.body)

    def tear_down(self) -> None:
        """Signed out: no menus, shortcuts or toolbar."""
        self.commands.unbind_shortcuts()
        self.commands.clear()
        self.root.configure(menu="")
        self.toolbar.pack_forget()

    # ---- screens ---------------------------------------------------------------------------
    def current_screen(self):
        return self.screens.get(self.current) if self.current else None

    def show(self, key: str):
        """Bring a screen forward; the others are unmapped so Tab never wanders into them."""
        screen = self.screens.get(key)
        if screen is None:
            self.app.notify(_("Tài khoản của bạn không dùng được màn hình này."), "warning")
            return None
        for other in self.screens.values():
            if other is not screen:
                other.grid_remove()
        screen.grid(row=0, column=0, sticky="nsew")
        self.current = key
        for k, b in self.nav_buttons.items():
            b.configure(bootstyle="primary" if k == key else "secondary-outline")
        if hasattr(screen, "on_show"):
            screen.on_show()
        return screen

    def clear_body(self) -> None:
        for w in self.body.winfo_children():
            w.destroy()
        self.screens = {}
        self.current = None
        self.stack = None
        gc.collect()      # Tk objects must die on this thread, not in a worker's GC pass

    # ---- F1 ----------------------------------------------------------------------------------
    def show_keys(self):
        from views.keys_dialog import KeysDialog
        return KeysDialog(self.root, self.commands, self.app.user)

    def close(self) -> None:
        self.commands.unbind_shortcuts()
        for key_id in SCREEN_KEYS:
            unbind_key(self.root, key_id)
