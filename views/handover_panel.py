"""Hand-over in the dossier detail window: a bar with "Chuyển phòng ban", "Nhận kết quả về"
and "In phiếu kiểm soát", a tab listing the hand-overs, and the two dialogs (Enter submits,
Esc cancels, a refusal keeps what was typed). The services are app.handover's."""
from __future__ import annotations

import tkinter as tk
from collections.abc import Callable

import ttkbootstrap as ttk

from app import desk, handover, papers
from app.domain import VN_TZ, ConflictError, Status, UserError, nfc
from app.i18n import _
from views.dialogs import Dialog


def fmt(dt) -> str:
    return dt.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if dt else ""


def short(dt) -> str:
    return dt.astimezone(VN_TZ).strftime("%d/%m %H:%M") if dt else ""


class HandoverDialog(Dialog):
    """Department (a drop-down of the active ones), receiving officer, coordinating agencies,
    note. From 'Được tiếp nhận' the hand-over also starts processing: the dialog says so."""

    def __init__(self, parent, on_ok: Callable, departments, starts_processing: bool):
        self.departments = list(departments)
        self.starts_processing = starts_processing
        super().__init__(parent, on_ok, _("Chuyển hồ sơ cho phòng ban"),
                         _("Chuyển (Enter)"), wait=True)

    def build(self, body):
        self.vars: dict[str, tk.StringVar] = {}
        names = tuple(d.name for d in self.departments)
        rows = [("department", _("Phòng ban nhận:")), ("officer", _("Cán bộ nhận (không bắt buộc):")),
                ("partners", _("Cơ quan phối hợp (không bắt buộc):")), ("note", _("Ghi chú:"))]
        for row, (key, label) in enumerate(rows):
            ttk.Label(body, text=label).grid(row=row, column=0, sticky="w", pady=3, padx=(0, 8))
            var = self.vars[key] = tk.StringVar(value=names[0] if key == "department" and names else "")
            if key == "department":
                w = self.department_box = ttk.Combobox(body, textvariable=var, values=names,
                                                       state="readonly", width=40)
            else:
                w = ttk.Entry(body, textvariable=var, width=42)
                setattr(self, f"{key}_entry", w)
            w.grid(row=row, column=1, sticky="ew", pady=3)
        body.columnconfigure(1, weight=1)
        hint = (_("Hồ sơ đang “Được tiếp nhận”: chuyển phòng ban sẽ chuyển hồ sơ sang “Đang xử lý”.")
                if self.starts_processing else "")
        if not names:
            hint = _("Chưa có phòng ban nào: lãnh đạo bộ phận thêm trong Danh mục → Phòng ban nhận hồ sơ.")
        if hint:
            ttk.Label(body, text=hint, bootstyle="info", wraplength=460).grid(
                row=len(rows), column=0, columnspan=2, sticky="w", pady=(6, 0))

    def focus_first(self):
        self.officer_entry.focus_set()

    def validate(self):
        name = self.vars["department"].get()
        dept = next((d for d in self.departments if d.name == name), None)
        if dept is None:
            raise UserError(_("Chọn phòng ban nhận hồ sơ."))
        return {"department": dept.id,
                **{k: nfc(self.vars[k].get()) for k in ("officer", "partners", "note")}}


class ReceiveBackDialog(Dialog):
    """The department's result note and the counter's own note; the result column (trước
    hạn / đúng hạn / quá hạn) is computed by the service against the due date."""

    def __init__(self, parent, on_ok: Callable, department: str):
        self.department = department
        super().__init__(parent, on_ok, _("Nhận kết quả về từ {dept}").format(dept=department),
                         _("Nhận về (Enter)"), wait=True)

    def build(self, body):
        ttk.Label(body, text=_("Kết quả, ý kiến của phòng ban:")).grid(row=0, column=0, sticky="w", pady=3,
                                                                      padx=(0, 8))
        self.result_var, self.note_var = tk.StringVar(), tk.StringVar()
        self.result_entry = ttk.Entry(body, textvariable=self.result_var, width=42)
        self.result_entry.grid(row=0, column=1, sticky="ew", pady=3)
        ttk.Label(body, text=_("Ghi chú:")).grid(row=1, column=0, sticky="w", pady=3, padx=(0, 8))
        self.note_entry = ttk.Entry(body, textvariable=self.note_var, width=42)
        self.note_entry.grid(row=1, column=1, sticky="ew", pady=3)
        ttk.Label(body, text=_("Cột kết quả (trước hạn, đúng hạn, quá hạn) tính theo ngày hẹn trả."),
                  bootstyle="secondary", wraplength=460).grid(row=2, column=0, columnspan=2, sticky="w",
                                                              pady=(6, 0))
        body.columnconfigure(1, weight=1)

    def focus_first(self):
        self.result_entry.focus_set()

    def validate(self):
        return nfc(self.result_var.get()), nfc(self.note_var.get())


class HandoverPanel:
    """The detail window's hand-over parts: `bar` (under the workflow actions) and a tab."""

    def __init__(self, window, outer, tabs):
        self.window, self.app = window, window.app
        self.view: handover.Overview | None = None
        self.dialog: Dialog | None = None
        self.bar = ttk.Frame(outer)
        self.bar.pack(fill="x", pady=(0, 6), before=window.message)
        self.to_button = ttk.Button(self.bar, text=_("Chuyển phòng ban"), bootstyle="primary-outline",
                                    command=self.on_hand_over, state="disabled")
        self.to_button.pack(side="left", padx=(0, 6))
        self.back_button = ttk.Button(self.bar, text=_("Nhận kết quả về"), bootstyle="success-outline",
                                      command=self.on_receive_back, state="disabled")
        self.back_button.pack(side="left", padx=(0, 6))
        self.print_button = ttk.Button(self.bar, text=_("In phiếu kiểm soát"), bootstyle="secondary-outline",
                                       command=self.on_print)
        self.print_button.pack(side="left")
        self.where = ttk.Label(self.bar, text="", bootstyle="info")
        self.where.pack(side="left", padx=12)
        frame = ttk.Frame(tabs, padding=4)
        cols = [("to", _("Phòng ban"), 150), ("officer", _("Cán bộ nhận"), 105),
                ("at", _("Giao lúc"), 92), ("by", _("Người giao"), 100), ("back", _("Nhận về lúc"), 92),
                ("result", _("Kết quả"), 72), ("note", _("Ghi chú"), 100)]
        self.tree = ttk.Treeview(frame, columns=[c[0] for c in cols], show="headings", height=12)
        for cid, text, width in cols:
            self.tree.heading(cid, text=text)
            self.tree.column(cid, width=width, stretch=cid in ("to", "note"), anchor="w")
        self.tree.pack(fill="both", expand=True)
        tabs.add(frame, text=_("Chuyển phòng ban"))
        self.tab = frame

    # ---- data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.app.worker.submit(handover.overview, self.app.user, self.window.code,
                               key=f"handover.{self.window.code}", done=self._show,
                               error=self.window._failed)

    def _show(self, view: handover.Overview) -> None:
        if not self.bar.winfo_exists():
            return
        self.view = view
        self.to_button.configure(state="normal" if view.can_hand_over else "disabled")
        self.back_button.configure(state="normal" if view.can_receive_back else "disabled")
        last = view.records[-1] if view.records else None
        self.where.configure(text=_("Đang ở {dept} từ {at}").format(dept=last.department,
                                                                    at=fmt(last.handed_at))
                             if last is not None and last.open else "")
        self.tree.delete(*self.tree.get_children())
        for r in view.records:
            result = _(handover.RESULT_LABELS[r.result]) if r.result else ""
            note = "; ".join(x for x in (r.note, r.result_note, r.back_note) if x)
            self.tree.insert("", "end", values=(r.department, r.officer, short(r.handed_at), r.handed_by_name,
                                                short(r.received_back_at), result, note))

    # ---- actions ------------------------------------------------------------------------------
    def _version(self) -> int | None:
        view = self.window.view
        return view.dossier.version if view is not None else None

    def _run(self, fn, *args, **kw) -> None:
        dialog = self.dialog

        def failed(exc):
            if isinstance(exc, ConflictError):
                self.window.refresh()                      # show what the other counter did
            if dialog is not None and dialog.winfo_exists() and hasattr(exc, "message"):
                dialog.fail(exc.message)                   # everything typed stays
                return True
            return self.window._action_failed(exc)

        def done(handed):
            if dialog is not None:
                dialog.finish()
            self.window.message.configure(text="")
            r = handed.record
            text = (_("Hồ sơ {code}: đã nhận về từ {dept}.") if r.received_back_at else
                    _("Hồ sơ {code}: đã chuyển cho {dept}.")).format(code=handed.dossier.code,
                                                                        dept=r.department)
            self.app.notify(text, "success")
            self.window.refresh()
        self.app.worker.submit(fn, self.app.user, self.window.code, *args,
                               expected_version=self._version(), done=done, error=failed, **kw)

    def on_hand_over(self) -> None:
        if self.view is None or not self.view.can_hand_over:
            return
        d = self.window.view.dossier if self.window.view is not None else None
        starts = d is not None and d.status == Status.ACCEPTED
        self.dialog = HandoverDialog(self.window, self._hand_over, self.view.departments, starts)

    def _hand_over(self, values, dialog=None) -> None:
        self._run(handover.hand_over, values["department"], officer=values["officer"], note=values["note"],
                  partners=values["partners"])

    def on_receive_back(self) -> None:
        if self.view is None or not self.view.can_receive_back:
            return
        self.dialog = ReceiveBackDialog(self.window, self._receive_back, self.view.records[-1].department)

    def _receive_back(self, values, dialog=None) -> None:
        result, note = values
        self._run(handover.receive_back, result, note=note)

    def on_print(self) -> None:
        """Phiếu kiểm soát of the set in force (2018 Mẫu 04 / 2025 Mẫu 06) from the records."""
        user, code = self.app.user, self.window.code

        def gather():
            issued = papers.issue(user, "control", code)
            return issued, desk.show(user, code), handover.records(user, code)

        def done(result):
            from printing import forms
            from printing.paper import Issue
            issued, dossier, records = result
            doc = forms.control_form(dossier, self.app.office, Issue.from_issued(issued), records=records)
            self.app.printer.print_paper(f"PhieuKiemSoat-{dossier.code}", doc, retry=self.on_print)
        self.app.worker.submit(gather, done=done, error=self.window._action_failed)
