"""Status bar: central service online/offline, events waiting, printer state, user.
Refreshed every few seconds on the worker (outbox counts and sync status are queries)."""
from __future__ import annotations

import contextlib
import tkinter as tk

import ttkbootstrap as ttk

from app import desk
from app.i18n import _
from views import labels
from views.widgets import tooltip

REFRESH_MS = 5000


class StatusBar(ttk.Frame):
    def __init__(self, master, app):
        super().__init__(master, padding=(8, 3), bootstyle="light")
        self.app = app
        self._after = None
        self.online = ttk.Label(self, text="●", bootstyle="inverse-light")
        self.online.pack(side="left")
        self.online_text = ttk.Label(self, text=_("Dịch vụ trung tâm: …"), bootstyle="inverse-light")
        self.online_text.pack(side="left", padx=(2, 14))
        self.events = ttk.Label(self, text="", bootstyle="inverse-light")
        self.events.pack(side="left", padx=(0, 14))
        self.printer = ttk.Label(self, text="", bootstyle="inverse-light")
        self.printer.pack(side="left", padx=(0, 14))
        self.message = ttk.Label(self, text="", bootstyle="inverse-light")
        self.message.pack(side="left", fill="x", expand=True)
        self.user = ttk.Label(self, text="", bootstyle="inverse-light")
        self.user.pack(side="right")
        self.online_tip = tooltip(self.online_text, "")
        tooltip(self.events, _("Sự kiện hồ sơ đang chờ gửi lên dịch vụ thông báo trung tâm"))
        self._flash_after = None

    def start(self) -> None:
        self.refresh()

    def stop(self) -> None:
        # cancel every pending after(): a timer outliving this widget would call a deleted Tcl
        # command name that Python may give to a new callback (seen: a shortcut's lambda)
        for attr in ("_after", "_flash_after"):
            if getattr(self, attr):
                with contextlib.suppress(tk.TclError, ValueError):   # already run or cancelled
                    self.after_cancel(getattr(self, attr))
                setattr(self, attr, None)

    def refresh(self) -> None:
        """Between the sync worker's own reports, look every few seconds (on the worker)."""
        if self.app.sync is None or not self.app.sync.running:
            self.app.worker.submit(desk.status_snapshot, key="status", done=self.show,
                                   error=lambda exc: True)
        self._after = self.after(REFRESH_MS, self.refresh)

    def show(self, st) -> None:
        """Render an ``app.sync.SyncStatus``."""
        if not st.configured:
            colour, text = "#6c757d", _("Dịch vụ trung tâm: chưa cấu hình")
        elif st.token_invalid:              # sending stopped: say why, right in the bar
            colour, text = "#dc3545", _("Mã truy cập bị từ chối")
            if st.last_error:
                reason = st.last_error if len(st.last_error) <= 70 else st.last_error[:69] + "…"
                text = f"{text}: {reason}"
        elif st.online is None:
            colour, text = "#6c757d", _("Chưa kết nối")
        elif st.online:
            colour, text = "#198754", _("Trực tuyến")
        else:
            colour, text = "#dc3545", _("Mất kết nối")
        self.online.configure(foreground=colour)
        self.online_text.configure(text=text)
        if self.online_tip is not None:
            self.online_tip.configure(text=st.last_error or text)
        waiting = _("Chờ gửi: {n} sự kiện").format(n=st.pending)
        if st.failed:
            waiting += " · " + _("lỗi: {n}").format(n=st.failed)
        self.events.configure(text=waiting)

    def set_printer(self, text: str) -> None:
        self.printer.configure(text=text)

    def set_user(self, user) -> None:
        self.user.configure(text=f"{user.full_name} ({user.username} · {labels.role(user.role)})"
                            if user else _("Chưa đăng nhập"))

    def flash(self, text: str, ms: int = 10000) -> None:
        self.message.configure(text=text)
        if self._flash_after:
            self.after_cancel(self._flash_after)
        self._flash_after = self.after(ms, self._clear_flash)

    def _clear_flash(self) -> None:
        self._flash_after = None
        self.message.configure(text="")
