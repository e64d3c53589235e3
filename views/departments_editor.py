"""The departments list (phòng ban) as a settings tab: add, rename, stop using (a department
with hand-overs is kept inactive, one without is deleted), use again. Two editors at once: a
rename carries the version shown, so the second one is told to reload instead of overwriting."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from app import handover
from app.domain import ConflictError, UserError, nfc
from app.i18n import _
from views.dialogs import Dialog
from views.widgets import Table


class NameDialog(Dialog):
    """One department name; Enter submits, Esc cancels, a refusal keeps the name typed."""

    def __init__(self, parent, on_ok, title: str, initial: str = ""):
        self.initial = initial
        super().__init__(parent, on_ok, title, wait=True)

    def build(self, body):
        ttk.Label(body, text=_("Tên phòng ban:")).pack(anchor="w")
        self.var = tk.StringVar(value=self.initial)
        self.entry = ttk.Entry(body, textvariable=self.var, width=48)
        self.entry.pack(fill="x", pady=(4, 0))

    def focus_first(self):
        self.entry.focus_set()
        self.entry.select_range(0, "end")

    def validate(self):
        name = nfc(self.var.get())
        if not name:
            raise UserError(_("Tên phòng ban là bắt buộc."))
        return name


class DepartmentsEditor(ttk.Frame):
    def __init__(self, master, app):
        super().__init__(master, padding=12)
        self.app = app
        self.items: dict[str, handover.Department] = {}
        self.dialog: NameDialog | None = None
        ttk.Label(self, text=_("Các phòng ban nhận hồ sơ khi chuyển xử lý (in trên Phiếu kiểm soát)."),
                  bootstyle="secondary").pack(anchor="w", pady=(0, 6))
        self.table = Table(self, [("name", _("Tên phòng ban"), 360), ("state", _("Trạng thái"), 140),
                                  ("used", _("Số lượt chuyển"), 120)], height=10)
        self.table.pack(fill="both", expand=True)
        bar = ttk.Frame(self)
        bar.pack(anchor="w", pady=8)
        self.buttons = {}
        for key, text, command in (("add", _("Thêm phòng ban…"), self.on_add),
                                   ("rename", _("Đổi tên…"), self.on_rename),
                                   ("deactivate", _("Ngừng dùng"), self.on_deactivate),
                                   ("activate", _("Dùng lại"), self.on_activate)):
            b = ttk.Button(bar, text=text, command=command,
                           bootstyle="primary-outline" if key == "add" else "secondary-outline")
            b.pack(side="left", padx=(0, 6))
            self.buttons[key] = b
        self.message = ttk.Label(self, text="", bootstyle="danger")
        self.message.pack(anchor="w")

    def load(self) -> None:
        self.app.worker.submit(handover.departments, self.app.user, include_inactive=True, done=self._show,
                               error=self._failed)

    def _show(self, items) -> None:
        if not self.winfo_exists():
            return
        self.items = {str(d.id): d for d in items}
        self.table.set_rows([(str(d.id), (d.name, _("Đang dùng") if d.active else _("Ngừng dùng"), d.used),
                              "" if d.active else "closed", {}) for d in items])

    def _failed(self, exc) -> bool:
        if isinstance(exc, ConflictError):
            self.load()
        if hasattr(exc, "message") and self.winfo_exists():
            self.message.configure(text=exc.message)
            self.app.notify(exc.message, "danger")
            return True
        return False

    def _selected(self) -> handover.Department | None:
        sel = self.table.tree.selection()
        if not sel:
            self.app.notify(_("Chọn một phòng ban trong danh sách."), "warning")
            return None
        return self.items.get(sel[0])

    def _submit(self, fn, *args, message: str, dialog: Dialog | None = None, **kw) -> None:
        def failed(exc):
            if isinstance(exc, ConflictError):
                self.load()
            if dialog is not None and dialog.winfo_exists() and hasattr(exc, "message"):
                dialog.fail(exc.message)
                return True
            return self._failed(exc)

        def done(_result):
            if dialog is not None:
                dialog.finish()
            self.message.configure(text="")
            self.app.notify(message, "success")
            self.load()
        self.app.worker.submit(fn, self.app.user, *args, done=done, error=failed, **kw)

    def on_add(self) -> None:
        def add(name, dialog):
            self._submit(handover.add_department, name, dialog=dialog,
                         message=_("Đã thêm phòng ban {name}.").format(name=name))
        self.dialog = NameDialog(self, add, _("Thêm phòng ban"))

    def on_rename(self) -> None:
        d = self._selected()
        if d is None:
            return

        def rename(name, dialog):
            self._submit(handover.rename_department, d.id, name, expected_version=d.version, dialog=dialog,
                         message=_("Đã đổi tên phòng ban thành {name}.").format(name=name))
        self.dialog = NameDialog(self, rename, _("Đổi tên phòng ban"), d.name)

    def on_deactivate(self) -> None:
        d = self._selected()
        if d is not None:
            text = (_("Đã ngừng dùng phòng ban {name} (giữ lại vì đã có hồ sơ chuyển đến).") if d.used
                    else _("Đã xóa phòng ban {name} (chưa có hồ sơ nào chuyển đến)."))
            self._submit(handover.deactivate_department, d.id, expected_version=d.version,
                         message=text.format(name=d.name))

    def on_activate(self) -> None:
        d = self._selected()
        if d is not None:
            self._submit(handover.activate_department, d.id,
                         message=_("Phòng ban {name} được dùng lại.").format(name=d.name))
