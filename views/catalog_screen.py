"""Catalog: browse procedures by field, edit one (administrators), import/export a file,
print the QR poster board of a field (or all)."""
from __future__ import annotations

import tkinter as tk
from dataclasses import replace
from tkinter import filedialog

import ttkbootstrap as ttk

from app import catalog, desk
from app.catalog import LEVELS
from app.domain import Procedure, Role, UserError, nfc
from app.i18n import _
from printing.common import fmt_int
from views.dialogs import Dialog
from views.widgets import Table, tooltip

ALL = "—"


class ProcedureDialog(Dialog):
    """Create or edit one procedure; documents and legal basis one per line."""

    def __init__(self, parent, on_ok, proc: Procedure | None, fields: list[str]):
        self.proc, self.field_names = proc, fields
        super().__init__(parent, on_ok, _("Sửa thủ tục") if proc else _("Thêm thủ tục"))

    def build(self, body):
        p = self.proc
        self.vars = {}
        rows = [("code", _("Mã thủ tục (d.dddddd; để trống nếu chưa có)"), p.code if p else ""),
                ("name", _("Tên thủ tục"), p.name if p else ""),
                ("days", _("Thời hạn (ngày làm việc)"),
                 "" if not p or p.processing_days is None else str(p.processing_days)),
                ("fee_text", _("Phí, lệ phí (chữ)"), p.fee_text if p else "Không"),
                ("fee_vnd", _("Phí, lệ phí (đồng)"), "" if not p or p.fee_vnd is None else str(p.fee_vnd))]
        for i, (key, label, value) in enumerate(rows):
            ttk.Label(body, text=label).grid(row=i, column=0, sticky="w", pady=2, padx=(0, 8))
            var = tk.StringVar(value=value)
            ttk.Entry(body, textvariable=var, width=60).grid(row=i, column=1, sticky="ew", pady=2)
            self.vars[key] = var
        n = len(rows)
        ttk.Label(body, text=_("Lĩnh vực")).grid(row=n, column=0, sticky="w", pady=2)
        self.field = tk.StringVar(value=p.field if p else (self.field_names[0] if self.field_names else ""))
        ttk.Combobox(body, textvariable=self.field, values=self.field_names, state="readonly",
                     width=40).grid(row=n, column=1, sticky="w", pady=2)
        ttk.Label(body, text=_("Cấp")).grid(row=n + 1, column=0, sticky="w", pady=2)
        self.level = tk.StringVar(value=p.level if p else "xã")
        ttk.Combobox(body, textvariable=self.level, values=LEVELS, state="readonly",
                     width=10).grid(row=n + 1, column=1, sticky="w", pady=2)
        self.active = tk.BooleanVar(value=p.active if p else True)
        ttk.Checkbutton(body, text=_("Đang áp dụng"), variable=self.active).grid(
            row=n + 2, column=1, sticky="w", pady=2)
        ttk.Label(body, text=_("Thành phần hồ sơ (mỗi dòng một giấy tờ)")).grid(
            row=n + 3, column=0, columnspan=2, sticky="w", pady=(6, 0))
        self.docs = tk.Text(body, height=6, width=80, wrap="word", font="TkDefaultFont")
        self.docs.grid(row=n + 4, column=0, columnspan=2, sticky="ew")
        self.docs.insert("1.0", "\n".join(p.documents) if p else "")
        ttk.Label(body, text=_("Căn cứ pháp lý (mỗi dòng một văn bản)")).grid(
            row=n + 5, column=0, columnspan=2, sticky="w", pady=(6, 0))
        self.basis = tk.Text(body, height=3, width=80, wrap="word", font="TkDefaultFont")
        self.basis.grid(row=n + 6, column=0, columnspan=2, sticky="ew")
        self.basis.insert("1.0", "\n".join(p.legal_basis) if p else "")
        body.columnconfigure(1, weight=1)

    def validate(self):
        v = {k: nfc(var.get()) for k, var in self.vars.items()}
        for key in ("days", "fee_vnd"):
            if v[key] and not v[key].isdigit():
                raise UserError(_("Thời hạn và lệ phí phải là số nguyên không âm."))
        if not v["name"]:
            raise UserError(_("Tên thủ tục là bắt buộc."))
        lines = lambda box: tuple(nfc(x) for x in box.get("1.0", "end").splitlines() if nfc(x))  # noqa: E731
        base = self.proc or Procedure(code="", name="", field="", level="xã", processing_days=None)
        code = v["code"] or (catalog.local_code(v["name"]) if not self.proc else self.proc.code)
        return replace(base, code=code, name=v["name"], field=self.field.get(), level=self.level.get(),
                       processing_days=int(v["days"]) if v["days"] else None,
                       fee_text=v["fee_text"] or "Không",
                       fee_vnd=int(v["fee_vnd"]) if v["fee_vnd"] else None,
                       documents=lines(self.docs), legal_basis=lines(self.basis),
                       active=self.active.get())


class CatalogScreen(ttk.Frame):
    def __init__(self, master, app):
        super().__init__(master, padding=10)
        self.app = app
        self.procs: dict[str, Procedure] = {}
        self.field_names: list[str] = []
        self.is_admin = app.user.can(Role.ADMIN)
        self._build()
        self.load()

    def _build(self) -> None:
        top = ttk.Frame(self)
        top.pack(fill="x")
        ttk.Label(top, text=_("Danh mục thủ tục"), font=("TkDefaultFont", 13, "bold")).pack(side="left")
        ttk.Label(top, text=_("Lĩnh vực")).pack(side="left", padx=(20, 4))
        self.field = tk.StringVar(value=ALL)
        self.field_box = ttk.Combobox(top, textvariable=self.field, state="readonly", width=34)
        self.field_box.pack(side="left")
        self.field_box.bind("<<ComboboxSelected>>", lambda e: self.load())
        ttk.Label(top, text=_("Lọc")).pack(side="left", padx=(12, 4))
        self.filter = tk.StringVar()
        entry = ttk.Entry(top, textvariable=self.filter, width=24)
        entry.pack(side="left")
        self.filter.trace_add("write", lambda *a: self._schedule())
        self._after = None
        self.count = ttk.Label(top, text="", bootstyle="secondary")
        self.count.pack(side="right")
        bar = ttk.Frame(self, padding=(0, 8))
        bar.pack(fill="x")
        self.buttons = []
        for text, cmd, admin, tip in (
                (_("Sửa (Enter)"), self._on_edit, True, _("Sửa thủ tục đang chọn")),
                (_("Thêm thủ tục"), self._on_add, True, ""),
                (_("Nhập từ tệp…"), self._on_import, True, _("JSON theo lược đồ chung hoặc CSV")),
                (_("Xuất ra tệp…"), self._on_export, True, _("JSON hoặc CSV")),
                (_("In bảng QR lĩnh vực này"), self._on_poster, False,
                 _("Bảng mã QR niêm yết tại Bộ phận một cửa (PDF, khổ A4)"))):
            b = ttk.Button(bar, text=text, command=cmd,
                           bootstyle="primary-outline" if admin else "info-outline")
            b.pack(side="left", padx=(0, 6))
            if tip:
                tooltip(b, tip)
            if admin and not self.is_admin:
                b.configure(state="disabled")
                tooltip(b, _("Chỉ tài khoản quản trị được sửa danh mục."))
        cols = [("code", _("Mã"), 85), ("name", _("Tên thủ tục"), 480), ("field", _("Lĩnh vực"), 170),
                ("level", _("Cấp"), 60), ("days", _("Ngày"), 55), ("fee", _("Phí"), 170),
                ("active", _("Áp dụng"), 75)]
        self.table = Table(self, cols, height=18, on_open=lambda code: self._on_edit())
        self.table.pack(fill="both", expand=True)

    def _schedule(self) -> None:
        if self._after:
            self.after_cancel(self._after)
        self._after = self.after(200, self.load)

    def load(self) -> None:
        self._after = None
        field = None if self.field.get() in (ALL, "") else self.field.get()
        text = nfc(self.filter.get())

        def query():
            return catalog.fields(), catalog.browse(text, field)
        self.app.worker.submit(query, key="catalog", done=self._show)

    def _show(self, result) -> None:
        fields, procs = result
        self.field_names = fields
        self.field_box.configure(values=[ALL] + fields)
        self.procs = {p.code: p for p in procs}
        rows = []
        for p in procs:
            fee = fmt_int(p.fee_vnd) + " đ" if p.fee_vnd else p.fee_text
            rows.append((p.code, (p.code, p.name, p.field, p.level,
                                  "" if p.processing_days is None else p.processing_days, fee,
                                  "✓" if p.active else "—"),
                         "" if p.active else "closed", {"days": p.processing_days or 0}))
        self.table.set_rows(rows)
        self.count.configure(text=_("{n} thủ tục").format(n=len(procs)))

    # ---- handlers -------------------------------------------------------------------------------
    def _selected(self) -> Procedure | None:
        sel = self.table.tree.selection()
        return self.procs.get(sel[0]) if sel else None

    def _on_edit(self) -> None:
        proc = self._selected()
        if proc is None or not self.is_admin:
            return
        ProcedureDialog(self, self._save, proc, self.field_names)

    def _on_add(self) -> None:
        ProcedureDialog(self, self._save, None, self.field_names)

    def _save(self, proc: Procedure) -> None:
        self.app.worker.submit(desk.save_procedure, self.app.user, proc, done=lambda p: (
            self.app.notify(_("Đã lưu thủ tục {code}.").format(code=p.code), "success"), self.load()))

    def _on_import(self) -> None:
        path = filedialog.askopenfilename(parent=self, title=_("Nhập danh mục"),
                                          filetypes=[(_("Danh mục"), "*.json *.csv")])
        if path:
            self.app.worker.submit(desk.import_catalog, self.app.user, path, done=lambda r: (
                self.app.notify(_("Đã nhập: {c} thủ tục mới, {u} cập nhật.").format(
                    c=r["created"], u=r["updated"]), "success"), self.load()))

    def _on_export(self) -> None:
        path = filedialog.asksaveasfilename(parent=self, title=_("Xuất danh mục"),
                                            defaultextension=".json",
                                            filetypes=[("JSON", "*.json"), ("CSV", "*.csv")])
        if path:
            self.app.worker.submit(desk.export_catalog, self.app.user, path, done=lambda n: (
                self.app.notify(_("Đã xuất {n} thủ tục ra {path}.").format(n=n, path=path),
                                "success")))

    def _on_poster(self) -> None:
        field = None if self.field.get() in (ALL, "") else self.field.get()
        self.app.worker.submit(catalog.list_procedures, field, False, done=lambda procs: (
            self.app.printer.poster(procs, self.app.office, field),
            self.app.flash(_("Đang tạo bảng QR…"))))

    def on_show(self) -> None:
        self.table.focus_first()
