"""Counter screen (the clerk's home): procedure → documents checklist → applicant → Enter.

Keyboard: type in the procedure box (code or name, diacritics optional), ↓ to the list,
Enter picks; scan the citizen's CCCD QR (any entry, or the scan box); Enter registers,
the receipt prints on a worker and the form resets.  Esc clears.  Ctrl+1/2/3 jump to
procedure / scan box / applicant name, Ctrl+4 to the documents checklist, Ctrl+5 to the
person/organisation switch. The applicant panel (person or organisation, delegate) is
views/applicant_panel.py."""
from __future__ import annotations

import tkinter as tk
from datetime import datetime

import ttkbootstrap as ttk

from app import catalog, cccd, registration
from app.domain import VN_TZ, DocumentReceived, Procedure, UserError, nfc
from app.i18n import _
from printing.common import fmt_int
from views import labels
from views.applicant_panel import ApplicantPanel
from views.commands import bind_key
from views.widgets import ScanCatcher, tooltip


def due_text(due: datetime | None, days: int | None) -> str:
    if due is None:
        return _("Thủ tục chưa có thời hạn: nhập số ngày giải quyết.")
    local = due.astimezone(VN_TZ)
    return _("Hẹn trả: {time} {weekday} {date} ({n} ngày làm việc)").format(
        time=local.strftime("%H:%M"), weekday=labels.weekday(local.weekday()),
        date=local.strftime("%d/%m/%Y"), n=days)


class CounterScreen(ttk.Frame):
    def __init__(self, master, app):
        super().__init__(master, padding=10)
        self.app = app
        self.procedure: Procedure | None = None
        self.found: dict[str, Procedure] = {}
        self.doc_rows: list[tuple[str, tk.BooleanVar, tk.IntVar, tk.IntVar]] = []
        self.busy = False
        self.request_id = registration.new_request_id()   # one per filled-in form: safe retries
        self._search_after = None
        self._searching = False
        self._pick_on_result = False
        self._build()
        self.scanner = ScanCatcher(self, self._on_scan, cccd.looks_like_cccd_qr)
        self.scanner.attach_all(self)
        self._load_fields()
        self._on_search_changed()

    # ---- widgets --------------------------------------------------------------------------
    def _build(self) -> None:
        self.columnconfigure(0, weight=5, uniform="c")
        self.columnconfigure(1, weight=4, uniform="c")
        self.rowconfigure(0, weight=1)
        left = ttk.Labelframe(self, text=_("1. Thủ tục hành chính"), padding=8)
        left.grid(row=0, column=0, sticky="nsew", padx=(0, 8))
        self._build_procedure(left)
        self._build_applicant()
        self._build_footer()

    def _build_procedure(self, box) -> None:
        box.columnconfigure(1, weight=1)
        ttk.Label(box, text=_("Lĩnh vực")).grid(row=0, column=0, sticky="w")
        self.field_var = tk.StringVar(value=_("Tất cả lĩnh vực"))
        self.field_box = ttk.Combobox(box, textvariable=self.field_var, state="readonly", width=34)
        self.field_box.grid(row=0, column=1, sticky="ew", pady=2)
        self.field_box.bind("<<ComboboxSelected>>", lambda e: self._on_field())
        ttk.Label(box, text=_("Tìm thủ tục")).grid(row=1, column=0, sticky="w", padx=(0, 6))
        self.search_var = tk.StringVar()
        self.search = ttk.Entry(box, textvariable=self.search_var)
        self.search.grid(row=1, column=1, sticky="ew", pady=2)
        tooltip(self.search, _("Gõ mã hoặc tên thủ tục, có dấu hay không dấu; ↓ để chọn trong "
                               "danh sách, Enter để chọn (Ctrl+1)"))
        self.search_var.trace_add("write", lambda *a: self._schedule_search())
        bind_key(self.search, "counter.to_list", lambda e: self._focus_list())
        bind_key(self.search, "counter.search", lambda e: (self._on_search_enter(), "break")[1])
        lf = ttk.Frame(box)
        lf.grid(row=2, column=0, columnspan=2, sticky="nsew", pady=(4, 6))
        box.rowconfigure(2, weight=1)
        self.proc_list = ttk.Treeview(lf, columns=("code", "name", "days"), show="headings",
                                      height=6, selectmode="browse")
        for cid, text, width, stretch in (("code", _("Mã"), 80, False),
                                          ("name", _("Tên thủ tục"), 380, True),
                                          ("days", _("Ngày"), 50, False)):
            self.proc_list.heading(cid, text=text)
            self.proc_list.column(cid, width=width, stretch=stretch, anchor="w")
        sb = ttk.Scrollbar(lf, orient="vertical", command=self.proc_list.yview)
        self.proc_list.configure(yscrollcommand=sb.set)
        self.proc_list.pack(side="left", fill="both", expand=True)
        sb.pack(side="right", fill="y")
        bind_key(self.proc_list, "counter.pick", lambda e: (self._pick_selected(), "break")[1])
        self.proc_list.bind("<Double-1>", lambda e: self._pick_selected())
        self.chosen = ttk.Label(box, text=_("Chưa chọn thủ tục."), font=("TkDefaultFont", 10, "bold"),
                                wraplength=560, justify="left")
        self.chosen.grid(row=3, column=0, columnspan=2, sticky="w")
        self.due = ttk.Label(box, text="", bootstyle="primary", font=("TkDefaultFont", 11, "bold"))
        self.due.grid(row=4, column=0, columnspan=2, sticky="w", pady=(2, 0))
        self.days_frame = ttk.Frame(box)
        ttk.Label(self.days_frame, text=_("Số ngày giải quyết")).pack(side="left")
        self.days_var = tk.StringVar()
        self.days_entry = ttk.Entry(self.days_frame, textvariable=self.days_var, width=6)
        self.days_entry.pack(side="left", padx=6)
        self.days_var.trace_add("write", lambda *a: self._refresh_due())
        self.fee = ttk.Label(box, text="", bootstyle="secondary")
        self.fee.grid(row=6, column=0, columnspan=2, sticky="w")
        docs = ttk.Labelframe(box, text=_("3. Giấy tờ đã nhận (Ctrl+4; Space: đánh dấu)"), padding=6)
        docs.grid(row=7, column=0, columnspan=2, sticky="nsew", pady=(6, 0))
        box.rowconfigure(7, weight=1)
        self.docs = docs
        self.docs_msg = ttk.Label(docs, text=_("Chọn thủ tục để hiện danh sách giấy tờ."),
                                  bootstyle="secondary")
        self.docs_msg.grid(row=0, column=0, sticky="w")

    def _build_applicant(self) -> None:
        panel = self.applicant = ApplicantPanel(self, self.app, self._on_register)
        panel.grid(row=0, column=1, sticky="nsew")
        bind_key(panel.scan_box, "counter.scan_box", lambda e: (self._on_scan_box(), "break")[1])
        # the names the rest of the screen (and its tests) use
        self.scan_box, self.scan_var = panel.scan_box, panel.scan_var
        self.f_id, self.f_name, self.f_birth = panel.f_id, panel.f_name, panel.f_birth
        self.f_phone, self.f_email, self.f_address = panel.f_phone, panel.f_email, panel.f_address
        self.f_note, self.gender_var, self.fields = panel.f_note, panel.gender_var, panel.fields
        buttons = ttk.Frame(panel)
        buttons.grid(row=9, column=0, columnspan=2, sticky="ew", pady=(10, 0))
        self.register_button = ttk.Button(buttons, text=_("Tiếp nhận và in biên nhận (Enter)"),
                                          command=self._on_register, bootstyle="success")
        self.register_button.pack(side="left", fill="x", expand=True)
        clear = ttk.Button(buttons, text=_("Làm mới (Esc)"), command=self.reset,
                           bootstyle="secondary-outline")
        clear.pack(side="left", padx=(8, 0))
        tooltip(self.register_button, _("Ghi hồ sơ, in biên nhận có mã QR tra cứu (Enter)"))
        panel.rowconfigure(10, weight=1)

    def _build_footer(self) -> None:
        bar = ttk.Frame(self, padding=(0, 8, 0, 0))
        bar.grid(row=1, column=0, columnspan=2, sticky="ew")
        self.last_label = ttk.Label(bar, text="", font=("TkDefaultFont", 10))
        self.last_label.pack(side="left", fill="x", expand=True)
        self.last_buttons = ttk.Frame(bar)
        self.last_buttons.pack(side="right")
        b = ttk.Button(self.last_buttons, text=_("In lại biên nhận (Ctrl+P)"),
                       command=self.app.reprint_last, bootstyle="secondary-outline")
        b.pack(side="left", padx=3)
        ttk.Button(self.last_buttons, text=_("In nhãn hồ sơ"), command=self._on_label,
                   bootstyle="secondary-outline").pack(side="left", padx=3)
        ttk.Button(self.last_buttons, text=_("Mở hồ sơ"), command=self._on_open_last,
                   bootstyle="secondary-outline").pack(side="left", padx=3)
        self.last_buttons.pack_forget()

    # ---- procedure ------------------------------------------------------------------------
    def _load_fields(self) -> None:
        self.app.worker.submit(catalog.fields, done=lambda names: self.field_box.configure(
            values=[_("Tất cả lĩnh vực")] + names))

    def _schedule_search(self) -> None:
        if self._search_after:
            self.after_cancel(self._search_after)
        self._search_after = self.after(150, self._on_search_changed)

    def _on_search_changed(self) -> None:
        self._search_after = None
        text = nfc(self.search_var.get())
        field = self.field_var.get()
        if not text and field and field != _("Tất cả lĩnh vực"):
            return self._on_field()
        self._searching = True
        self.app.worker.submit(catalog.find, text, 60, key="counter.find", done=self._show_found)

    def _on_field(self) -> None:
        field = self.field_var.get()
        if field == _("Tất cả lĩnh vực"):
            field = None
        self.search_var.set("")
        if self._search_after:
            self.after_cancel(self._search_after)
            self._search_after = None
        self._searching = True
        self.app.worker.submit(catalog.list_procedures, field, False, key="counter.find",
                               done=self._show_found)

    def _show_found(self, procs: list[Procedure]) -> None:
        self._searching = False
        self.proc_list.delete(*self.proc_list.get_children())
        self.found = {}
        for p in procs:
            self.found[p.code] = p
            days = "" if p.processing_days is None else str(p.processing_days)
            self.proc_list.insert("", "end", iid=p.code, values=(p.code, p.name, days))
        kids = self.proc_list.get_children()
        if kids:
            self.proc_list.selection_set(kids[0])
            self.proc_list.focus(kids[0])
            self.proc_list.see(kids[0])
        if self._pick_on_result:
            self._pick_on_result = False
            if kids:
                self.choose(self.found[kids[0]])

    def _focus_list(self):
        kids = self.proc_list.get_children()
        if kids:
            self.proc_list.focus_set()
            sel = self.proc_list.selection() or kids[:1]
            self.proc_list.focus(sel[0])
            self.proc_list.selection_set(sel[0])
        return "break"

    def _on_search_enter(self) -> None:
        """Enter may come before the list caught up with the typing: pick when it has."""
        if self._search_after or self._searching:
            self._pick_on_result = True
            if self._search_after:
                self.after_cancel(self._search_after)
                self._on_search_changed()
        else:
            self._pick_first()

    def _pick_first(self) -> None:
        sel = self.proc_list.selection() or self.proc_list.get_children()[:1]
        if sel:
            self.choose(self.found[sel[0]])

    def _pick_selected(self) -> None:
        sel = self.proc_list.selection()
        if sel:
            self.choose(self.found[sel[0]])

    def choose(self, proc: Procedure) -> None:
        """Show the procedure, its checklist and the live due date; go to the applicant."""
        self.procedure = proc
        self.chosen.configure(text=f"{proc.code} — {proc.name}")
        fee = proc.fee_text if not proc.fee_vnd else fmt_int(proc.fee_vnd) + " đ"
        self.fee.configure(text=_("Phí, lệ phí: {fee} · Cấp: {level} · Lĩnh vực: {field}").format(
            fee=fee, level=proc.level, field=proc.field))
        if proc.processing_days is None:
            self.days_frame.grid(row=5, column=0, columnspan=2, sticky="w", pady=2)
        else:
            self.days_frame.grid_forget()
            self.days_var.set("")
        self._build_checklist(proc.documents)
        self._refresh_due()
        self.scan_box.focus_set()

    def _build_checklist(self, documents) -> None:
        for w in self.docs.winfo_children():
            w.destroy()
        self.doc_rows = []
        self.docs.columnconfigure(1, weight=1)
        if not documents:
            ttk.Label(self.docs, text=_("Thủ tục không liệt kê giấy tờ.") if self.procedure else
                      _("Chọn thủ tục để hiện danh sách giấy tờ."),
                      bootstyle="secondary").grid(row=0, column=0, columnspan=2, sticky="w")
        else:
            ttk.Label(self.docs, text=_("Bản chính"), bootstyle="secondary").grid(row=0, column=2)
            ttk.Label(self.docs, text=_("Bản sao"), bootstyle="secondary").grid(row=0, column=3)
        self._doc_labels = []
        for i, name in enumerate(documents, start=1):
            got, orig, copies = tk.BooleanVar(value=False), tk.IntVar(value=0), tk.IntVar(value=1)
            ttk.Checkbutton(self.docs, variable=got).grid(row=i, column=0, sticky="nw", pady=2)
            label = ttk.Label(self.docs, text=name, wraplength=360, justify="left")
            label.grid(row=i, column=1, sticky="w", pady=2)
            label.bind("<Button-1>", lambda e, v=got: v.set(not v.get()))
            self._doc_labels.append(label)
            for col, var in ((2, orig), (3, copies)):
                sp = ttk.Spinbox(self.docs, from_=0, to=99, width=3, textvariable=var)
                sp.grid(row=i, column=col, padx=3, sticky="n")
                self.scanner.attach(sp)
            self.doc_rows.append((name, got, orig, copies))
        self.docs.bind("<Configure>", self._wrap_docs)

    def _wrap_docs(self, event=None) -> None:
        width = max(200, self.docs.winfo_width() - 190)
        for label in self._doc_labels:
            label.configure(wraplength=width)

    def _processing_days(self) -> int | None:
        text = self.days_var.get().strip()
        return int(text) if text.isdigit() else None

    def _refresh_due(self) -> None:
        if not self.procedure:
            return
        days = self._processing_days() if self.procedure.processing_days is None \
            else self.procedure.processing_days
        if days is None:
            self.due.configure(text=due_text(None, None))
            return
        self.app.worker.submit(registration.preview_due, self.procedure.code, None, days,
                               key="counter.due", done=lambda due: self.due.configure(
                                   text=due_text(due, days)))

    # ---- scanning ---------------------------------------------------------------------------
    def _on_scan_box(self) -> None:
        text = self.scan_var.get()
        self.scan_var.set("")
        if nfc(text):
            self._on_scan(text, self.scan_box, explicit=True)

    def _on_scan(self, text: str, widget, explicit: bool = False) -> bool:
        """A CCCD QR fills the applicant; a receipt QR opens its dossier."""
        if text.strip().startswith(("http://", "https://")):
            self.app.show("find").lookup(text)
            return True
        try:
            data = cccd.parse(text)
        except UserError as exc:
            if explicit or cccd.looks_like_cccd_qr(text):
                self.app.notify(exc.message, "danger")
                return True
            return False               # not a scan after all: let the Enter through
        self.fill_from_cccd(data, widget)
        return True

    def fill_from_cccd(self, data: cccd.CccdData, widget=None) -> None:
        self.applicant.fill_person(data, widget)
        self.app.flash(_("Đã đọc CCCD: {name}").format(name=data.name))

    # ---- registering -------------------------------------------------------------------------
    def _collect(self) -> dict:
        if self.procedure is None:
            raise UserError(_("Chọn thủ tục trước (Ctrl+1)."), "procedure")
        ok = all([f.validate() for f in self.applicant.visible_fields()])
        if not ok:
            raise UserError(_("Kiểm tra lại các ô báo lỗi."), "")
        docs = [DocumentReceived(name, orig.get(), copies.get())
                for name, got, orig, copies in self.doc_rows if got.get()]
        return dict(procedure_code=self.procedure.code, **self.applicant.values(),
                    channel=self.applicant.channel_value(), documents=docs,
                    processing_days=self._processing_days()
                    if self.procedure.processing_days is None else None)

    def _on_register(self) -> None:
        if self.busy:
            return
        try:
            values = self._collect()
        except UserError as exc:
            return self._show_error(exc)
        except tk.TclError:
            return self._show_error(UserError(_("Số bản chính/bản sao phải là số."), "documents"))
        self.busy = True
        self.register_button.configure(state="disabled")
        self.app.worker.submit(registration.register, self.app.user, **values,
                               request_id=self.request_id, done=self._registered, error=self._register_failed)

    def _registered(self, dossier) -> None:
        self.busy = False
        self.register_button.configure(state="normal")
        self.app.last_dossier = dossier
        self.app.print_receipt(dossier)
        local = dossier.due_local
        self.app.notify(_("Đã tiếp nhận hồ sơ {code} — {name}. Hẹn trả {due}.").format(
            code=dossier.code, name=dossier.applicant.name, due=local.strftime("%H:%M %d/%m/%Y")),
            "success")
        self.last_label.configure(text=_("Vừa tiếp nhận: {code} · {name} · hẹn trả {due}").format(
            code=dossier.code, name=dossier.applicant.name, due=local.strftime("%d/%m/%Y")))
        self.last_buttons.pack(side="right")
        self.reset()

    def _register_failed(self, exc) -> bool:
        self.busy = False
        self.register_button.configure(state="normal")
        if isinstance(exc, UserError):
            self._show_error(exc)
            return True
        return False

    def _show_error(self, exc: UserError) -> None:
        if self.applicant.show_error(exc):
            pass
        elif exc.field == "procedure":
            self.search.focus_set()
        elif exc.field == "processing_days":
            self.days_entry.focus_set()
        self.app.notify(exc.message, "danger")

    def _on_label(self) -> None:
        if self.app.last_dossier is not None:
            self.app.printer.label(self.app.last_dossier, self.app.office)

    def _on_open_last(self) -> None:
        if self.app.last_dossier is not None:
            self.app.open_dossier(self.app.last_dossier.code)

    # ---- navigation ---------------------------------------------------------------------------
    def reset(self) -> None:
        self.request_id = registration.new_request_id()
        self.applicant.reset()
        self.procedure = None
        self.chosen.configure(text=_("Chưa chọn thủ tục."))
        self.due.configure(text="")
        self.fee.configure(text="")
        self.days_frame.grid_forget()
        self._build_checklist(())
        self.search_var.set("")
        self.search.focus_set()

    def on_key(self, name: str) -> bool:
        """Screen keys dispatched by the main window (Esc, Ctrl+1/2/3)."""
        first_doc = self.docs.grid_slaves(row=1, column=0)
        target = {"1": self.search, "2": self.scan_box, "3": self.f_name.entry,
                  "4": first_doc[0] if first_doc else None,
                  "5": self.applicant.kind_buttons[0 if self.applicant.kind == "person" else 1]
                  }.get(name)
        if target is not None:
            target.focus_set()
            return True
        if name == "escape":
            self.reset()
            return True
        return False

    def on_show(self) -> None:
        if self.procedure is None:
            self.search.focus_set()
