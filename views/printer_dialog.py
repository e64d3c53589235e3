"""System ▸ This PC's printer: any signed-in user sets the receipt printer of the PC they sit
at (the printer.* keys live in this PC's own file, app.local_config); the service allows a
clerk exactly those keys and audits the change."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from app import desk
from app.domain import nfc
from app.i18n import _
from app.settings import KEYS
from views import labels
from views.dialogs import Dialog
from views.printer import PrinterConfig, output_dir, profile_names
from views.widgets import ChoiceBox

FIELDS = (("printer.connection", labels.PRINTER_CONNECTIONS), ("printer.target", None),
          ("printer.width", labels.PAPER_WIDTHS), ("printer.profile", ()),
          ("printer.qr", labels.QR_MODES))


class PrinterDialog(Dialog):
    def __init__(self, parent, app):
        self.app = app
        super().__init__(parent, self._save, _("Máy in của máy này"), _("Lưu (Enter)"), wait=True)

    def build(self, body):
        self.vars: dict[str, tk.Variable] = {}
        settings = self.app.settings
        for row, (key, values) in enumerate(FIELDS):
            ttk.Label(body, text=_(KEYS[key].label)).grid(row=row, column=0, sticky="w", pady=3,
                                                          padx=(0, 10))
            var = tk.StringVar(value=settings.get(key, KEYS[key].default))
            if values is None:
                w = ttk.Entry(body, textvariable=var, width=42)
            elif isinstance(values, dict):
                w = ChoiceBox(body, var, labels.choices(values), width=40)
            else:
                w = ttk.Combobox(body, textvariable=var, width=30, values=values or profile_names(),
                                 state="normal" if key == "printer.profile" else "readonly")
            w.grid(row=row, column=1, sticky="w", pady=3)
            self.vars[key] = var
            if row == 0:
                self.first = w
        fee = tk.BooleanVar(value=settings.get("printer.fee_qr", "true") == "true")
        self.vars["printer.fee_qr"] = fee
        ttk.Checkbutton(body, text=_(KEYS["printer.fee_qr"].label), variable=fee).grid(
            row=len(FIELDS), column=1, sticky="w", pady=3)
        ttk.Label(body, text=_("Chỉ máy tính này dùng các thiết lập này; kết nối 'none' lưu biên "
                               "nhận thành PDF/PNG trong {path}.").format(path=output_dir()),
                  wraplength=720, bootstyle="secondary").grid(row=len(FIELDS) + 1, column=0,
                                                              columnspan=2, sticky="w", pady=(6, 0))
        ttk.Button(body, text=_("In trang thử"), command=self._test_page,
                   bootstyle="info-outline").grid(row=len(FIELDS) + 2, column=0, sticky="w", pady=(8, 0))

    def focus_first(self):
        self.first.focus_set()

    def values(self) -> dict[str, str]:
        out = {}
        for k, v in self.vars.items():
            out[k] = ("true" if v.get() else "false") if isinstance(v, tk.BooleanVar) else nfc(v.get())
        return out

    def validate(self):
        return self.values()

    def _test_page(self) -> None:
        self.app.printer.configure(PrinterConfig.from_settings(dict(self.app.settings) | self.values()))
        self.app.printer.test_page(self.app.office)
        self.app.flash(_("Đang in trang thử…"))

    def _save(self, values: dict[str, str], dialog) -> None:
        def done(result):
            self.app.settings_saved(*result)
            self.finish()
            self.app.notify(_("Đã lưu máy in của máy này."), "success")

        def failed(exc):
            if hasattr(exc, "message"):
                self.fail(exc.message)
                return True
            return None
        self.app.worker.submit(desk.save_printer_settings, self.app.user, values,
                               done=done, error=failed)
