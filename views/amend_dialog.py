"""“Sửa thông tin” — correct a dossier after registration (app/corrections.py).

Pre-filled with the dossier's current values; one row per field of `corrections.FIELDS`
(new snapshot fields appear here by themselves), the procedure, the documents (one per line,
"Tên|bản chính|bản sao") and the required reason. Enter saves (Ctrl+Enter in the documents
box), Esc cancels. A new procedure is previewed first: the dialog asks "Hạn trả đổi từ … sang
… — đồng ý?" and the next Enter saves. A refusal keeps everything typed. After saving,
`procedures` (read on the worker) fill the procedure list; `on_saved(amendment)` lets the
detail window offer the reprint of the receipt."""
from __future__ import annotations

import tkinter as tk
from collections.abc import Callable

import ttkbootstrap as ttk

from app import corrections
from app.domain import VN_TZ, Dossier, Procedure, UserError, nfc
from app.i18n import _
from app.validation import parse_documents_text
from views.dialogs import Dialog, _text_box, text_of

GENDERS = ("", "Nam", "Nữ")


def _initial(d: Dossier, name: str) -> str:
    if name.startswith("delegate_"):
        value = getattr(d.delegate, name.removeprefix("delegate_"), "") if d.delegate else ""
    else:
        value = getattr(d.applicant, name, "")
    if name == "birth_date":
        return value.strftime("%d/%m/%Y") if value else ""
    return "" if value is None else str(value)


def _docs_lines(d: Dossier) -> str:
    return "\n".join(f"{x.name}|{x.originals}|{x.copies}" for x in d.documents)


def fmt(dt) -> str:
    return dt.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


class AmendDialog(Dialog):
    title_text = ""

    def __init__(self, parent, app, dossier: Dossier, procedures: list[Procedure],
                 on_saved: Callable[[corrections.Amendment], None]):
        self.app, self.dossier, self.on_saved = app, dossier, on_saved
        self.confirmed_due: str | None = None        # procedure whose new due date was accepted
        procs = list(procedures) or [dossier.procedure]
        self.proc_labels = {f"{p.code} — {p.name}": p.code for p in procs}
        current = f"{dossier.procedure.code} — {dossier.procedure.name}"
        self.proc_labels.setdefault(current, dossier.procedure.code)
        super().__init__(parent, self._save, _("Sửa thông tin hồ sơ {code}").format(code=dossier.code),
                         _("Lưu thay đổi (Enter)"), wait=True)

    def build(self, body):
        d = self.dossier
        ttk.Label(body, text=_("Sửa đúng chỗ sai; ô không đổi giữ nguyên. Lý do sửa là bắt buộc."),
                  bootstyle="secondary").grid(row=0, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self.vars: dict[str, tk.StringVar] = {}
        self.entries: dict[str, tk.Widget] = {}
        row = 1
        for f in corrections.fields_for(d.applicant.kind):
            ttk.Label(body, text=_(corrections.label_for(f, d.applicant.kind))).grid(
                row=row, column=0, sticky="w", pady=2, padx=(0, 10))
            var = tk.StringVar(value=_initial(d, f.name))
            if f.name == "gender":
                e: tk.Widget = ttk.Combobox(body, textvariable=var, values=GENDERS, state="readonly",
                                            width=12)
                e.grid(row=row, column=1, sticky="w", pady=2)
            else:
                e = ttk.Entry(body, textvariable=var, width=60)
                e.grid(row=row, column=1, sticky="ew", pady=2)
            self.vars[f.name], self.entries[f.name] = var, e
            row += 1
        ttk.Label(body, text=_("Thủ tục")).grid(row=row, column=0, sticky="w", pady=2, padx=(0, 10))
        self.proc_var = tk.StringVar(value=f"{d.procedure.code} — {d.procedure.name}")
        self.proc_box = ttk.Combobox(body, textvariable=self.proc_var, values=list(self.proc_labels),
                                     state="readonly", width=60)
        self.proc_box.grid(row=row, column=1, sticky="ew", pady=2)
        self.proc_box.bind("<<ComboboxSelected>>", lambda e: self._forget_confirmation())
        row += 1
        ttk.Label(body, text=_("Giấy tờ đã nhận\n(Tên|bản chính|bản sao)")).grid(
            row=row, column=0, sticky="nw", pady=2, padx=(0, 10))
        self.docs = _text_box(body, height=4, width=60)
        self.docs.insert("1.0", _docs_lines(d))
        self.docs.grid(row=row, column=1, sticky="ew", pady=2)
        row += 1
        ttk.Label(body, text=_("Lý do sửa (bắt buộc)")).grid(row=row, column=0, sticky="w", pady=(8, 2),
                                                             padx=(0, 10))
        self.reason_var = tk.StringVar()
        self.reason = ttk.Entry(body, textvariable=self.reason_var, width=60)
        self.reason.grid(row=row, column=1, sticky="ew", pady=(8, 2))
        row += 1
        self.question = ttk.Label(body, text="", bootstyle="danger", wraplength=560,
                                  font=("TkDefaultFont", 10, "bold"))
        self.question.grid(row=row, column=0, columnspan=2, sticky="w", pady=(6, 0))
        body.columnconfigure(1, weight=1)
        self.error.configure(wraplength=600)

    def focus_first(self):
        self.entries[corrections.FIELDS[0].name].focus_set()

    def _forget_confirmation(self) -> None:
        self.confirmed_due = None
        self.question.configure(text="")
        self.ok_button.configure(text=_("Lưu thay đổi (Enter)"))

    def validate(self):
        changes: dict = {name: nfc(var.get()) for name, var in self.vars.items()}
        proc = self.proc_labels.get(self.proc_var.get(), self.dossier.procedure.code)
        if proc != self.dossier.procedure.code:
            changes[corrections.PROCEDURE] = proc
        lines = [ln for ln in text_of(self.docs).splitlines() if ln.strip()]
        changes[corrections.DOCUMENTS] = parse_documents_text(lines)
        reason = nfc(self.reason_var.get())
        if not reason:
            self.reason.focus_set()
            raise UserError(_("Cần ghi lý do sửa."), "reason")
        return changes, reason

    # ---- the service ------------------------------------------------------------------------
    def _save(self, result, dialog) -> None:
        changes, reason = result
        proc = changes.get(corrections.PROCEDURE)
        if proc and self.confirmed_due != proc:
            self.app.worker.submit(corrections.preview, self.app.user, self.dossier.code, proc,
                                   done=lambda p: self._ask(p), error=self._failed)
            return
        self.app.worker.submit(corrections.amend, self.app.user, self.dossier.code, changes, reason,
                               expected_version=self.dossier.version, done=self._saved, error=self._failed)

    def _ask(self, p: corrections.DuePreview) -> None:
        """The new procedure moves the appointment: say so, the next Enter confirms."""
        if not self.winfo_exists():
            return
        self.confirmed_due = p.procedure_code
        if p.changes:
            self.question.configure(text=_("Hạn trả đổi từ {old} sang {new} — đồng ý?").format(
                old=fmt(p.old_due), new=fmt(p.new_due)))
            self.ok_button.configure(text=_("Đồng ý, lưu (Enter)"), state="normal")
            self.ok_button.focus_set()
        else:
            self.ok_button.configure(state="normal")
            self.ok()

    def _saved(self, amendment) -> None:
        self.finish()
        self.on_saved(amendment)

    def _failed(self, exc) -> bool:
        if hasattr(exc, "message"):
            self.fail(exc.message)
            return True
        return False


class ReprintOffer(Dialog):
    """After a correction: reprint the receipt now? Enter prints, Esc does not."""

    def __init__(self, parent, on_ok, amendment):
        self.amendment = amendment
        super().__init__(parent, on_ok, _("In lại biên nhận"), _("In lại biên nhận (Enter)"))

    def build(self, body):
        a = self.amendment
        text = _("Đã sửa hồ sơ {code}. In lại giấy tiếp nhận với thông tin mới (ghi “BẢN IN LẠI”)?") \
            .format(code=a.dossier.code)
        if a.due_changed:
            text += "\n" + _("Hạn trả mới: {due}.").format(due=fmt(a.dossier.due_at))
        ttk.Label(body, text=text, wraplength=460, justify="left").pack(anchor="w")

    def focus_first(self):
        self.ok_button.focus_set()

    def validate(self):
        return self.amendment.dossier
