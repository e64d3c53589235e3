"""Dossier detail (own window): data, documents, history timeline, sync state of its events,
and the workflow actions the signed-in user may take (supplement → Mẫu 02, refuse →
Mẫu 03, apology with a new date → its letter (2025 Mẫu 04), …), reprint receipt/label, hand-over to a
department and back (views/handover_panel.py).  Esc closes."""
from __future__ import annotations

import tkinter as tk
from tkinter import ttk as tkttk

import ttkbootstrap as ttk

from app import catalog, desk, workflow
from app.domain import VN_TZ, ConflictError, Dossier, Role, Status
from app.i18n import N_, _
from views import labels
from views.amend_dialog import AmendDialog, ReprintOffer
from views.commands import bind_key
from views.dialogs import ApologyDialog, ReasonDialog, SupplementDialog
from views.handover_panel import HandoverPanel
from views.widgets import URGENCY_COLOURS, Flow

S = Status
EVENT_STATES = {"pending": N_("Chờ gửi"), "delivered": N_("Đã gửi"), "failed": N_("Lỗi")}


def fit_geometry(master, width: int, height: int) -> str:
    """`width`×`height` shrunk to the main window's screen (a 1366×768 counter PC keeps
    room for the taskbar and the title bar), placed on it."""
    sw, sh = master.winfo_screenwidth(), master.winfo_screenheight()
    w, h = min(width, sw - 20), min(height, sh - 90)
    x = min(max(0, master.winfo_rootx() + 60), max(0, sw - w - 10))
    y = min(max(0, master.winfo_rooty() + 20), max(0, sh - h - 70))
    return f"{w}x{h}+{x}+{y}"


def fmt(dt) -> str:
    return dt.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if dt else ""


class DossierWindow(tk.Toplevel):
    def __init__(self, master, app, code: str):
        super().__init__(master)
        self.app = app
        self.code = code
        self.view: desk.DossierView | None = None
        self._actions_shown: tuple | None = None
        self.title(_("Hồ sơ {code}").format(code=code))
        self.geometry(fit_geometry(master, 1060, 720))
        self.minsize(760, 520)
        bind_key(self, "detail.close", lambda e: self.destroy())
        bind_key(self, "detail.refresh", lambda e: self.refresh())
        bind_key(self, "detail.action", self._key_action)
        self._build()
        # a change committed anywhere in this program (this window, the queue, the sync
        # worker's delivery states) refreshes it; app.events delivers after the commit
        app.subscribe("dossier_changed", self._changed, self)       # both end with the window
        app.subscribe("outbox_changed", self.refresh, self)
        self.refresh()

    def _changed(self, code: str) -> None:
        if code == self.code:
            self.refresh()

    # ---- widgets ------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = ttk.Frame(self, padding=12)
        outer.pack(fill="both", expand=True)
        head = ttk.Frame(outer)
        head.pack(fill="x")
        self.h_code = ttk.Label(head, text=self.code, font=("TkDefaultFont", 16, "bold"))
        self.h_code.pack(side="left")
        self.h_status = tk.Label(head, text="", font=("TkDefaultFont", 11, "bold"), padx=8, pady=2)
        self.h_status.pack(side="left", padx=12)
        self.h_due = ttk.Label(head, text="", font=("TkDefaultFont", 11))
        self.h_due.pack(side="left")
        self.actions = Flow(outer, padding=(0, 8))      # wraps: no button off screen
        self.actions.pack(fill="x")
        self.message = ttk.Label(outer, text="", bootstyle="danger")
        self.message.pack(fill="x")
        panes = ttk.Frame(outer)
        panes.pack(fill="both", expand=True)
        panes.columnconfigure(0, weight=4, uniform="p")
        panes.columnconfigure(1, weight=5, uniform="p")
        panes.rowconfigure(0, weight=1)
        info = ttk.Labelframe(panes, text=_("Thông tin hồ sơ"), padding=8)
        info.grid(row=0, column=0, sticky="nsew", padx=(0, 6))
        self.info = info
        self._wrap = 330
        info.bind("<Configure>", self._rewrap)
        tabs = ttk.Notebook(panes)
        tabs.grid(row=0, column=1, sticky="nsew")
        self.history = self._tree(tabs, [("at", _("Thời điểm"), 142), ("change", _("Trạng thái"), 205),
                                         ("user", _("Người"), 70), ("note", _("Ghi chú"), 160)])
        tabs.add(self.history.master, text=_("Quá trình xử lý"))
        self.docs = self._tree(tabs, [("name", _("Giấy tờ"), 300), ("orig", _("Bản chính"), 75),
                                      ("copy", _("Bản sao"), 70)])
        tabs.add(self.docs.master, text=_("Giấy tờ đã nhận"))
        self.events = self._tree(tabs, [("seq", "#", 30), ("type", _("Sự kiện"), 160),
                                        ("state", _("Đồng bộ"), 75), ("tries", _("Lần gửi"), 75),
                                        ("error", _("Lỗi gần nhất"), 150)])
        tabs.add(self.events.master, text=_("Đồng bộ trung tâm"))
        self.handovers = HandoverPanel(self, outer, tabs)     # bar under the actions, and a tab
        self.retry_button = ttk.Button(self.events.master, text=_("Gửi lại sự kiện lỗi"),
                                       bootstyle="warning-outline", command=self._on_retry)

    def _rewrap(self, event) -> None:
        self._wrap = max(200, event.width - 170)
        for w in self.info.grid_slaves(column=1):
            w.configure(wraplength=self._wrap)

    def _tree(self, parent, cols) -> ttk.Treeview:
        frame = ttk.Frame(parent, padding=4)
        tree = ttk.Treeview(frame, columns=[c[0] for c in cols], show="headings", height=12)
        for cid, text, width in cols:
            tree.heading(cid, text=text)
            tree.column(cid, width=width, stretch=cid in ("note", "name", "error"), anchor="w")
        sb = ttk.Scrollbar(frame, orient="vertical", command=tree.yview)
        tree.configure(yscrollcommand=sb.set)
        tree.pack(side="left", fill="both", expand=True)
        sb.pack(side="right", fill="y")
        return tree

    # ---- data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.winfo_exists():
            return
        self.app.worker.submit(desk.dossier_view, self.app.user, self.code,
                               key=f"detail.{self.code}", done=self._show, error=self._failed)
        self.handovers.refresh()

    def _failed(self, exc) -> bool:
        if not self.winfo_exists():
            return True
        self.message.configure(text=getattr(exc, "message", str(exc)))
        return hasattr(exc, "message")

    def _show(self, view: desk.DossierView) -> None:
        if not self.winfo_exists():
            return
        self.view = view
        d = view.dossier
        bg, fg = URGENCY_COLOURS.get(view.urgency, ("#e9ecef", "#212529"))
        self.h_status.configure(text=f"{labels.status(d.status)} · {labels.urgency(view.urgency)}",
                                background=bg or "#e9ecef", foreground=fg)
        self.h_due.configure(text=_("Hẹn trả: {due}").format(due=fmt(d.due_at)))
        self._show_info(d)
        self.docs.delete(*self.docs.get_children())
        for doc in d.documents:
            self.docs.insert("", "end", values=(doc.name, doc.originals, doc.copies))
        self.history.delete(*self.history.get_children())
        for h in d.history:
            change = labels.status(h.to_status)
            if h.from_status:
                change = f"{labels.status(h.from_status)} → {change}"
            if h.is_amendment:
                change = _("Sửa thông tin") + f" ({labels.status(h.to_status)})"
            elif h.is_apology:
                change = _("Xin lỗi, hẹn lại")
            elif h.from_status == h.to_status:          # the only other same-status steps: hand-overs
                change = (_("Nhận kết quả về") if h.note.startswith("Nhận kết quả từ")
                          else _("Chuyển phòng ban"))
            self.history.insert("", "end", values=(fmt(h.at), change, h.user, h.note))
        self.events.delete(*self.events.get_children())
        for ev in view.events:
            self.events.insert("", "end", values=(ev.seq, labels.event_type(ev.type),
                                                  _(EVENT_STATES.get(ev.state.value, ev.state.value)),
                                                  ev.attempts, ev.last_error))
        failed = [ev for ev in view.events if ev.state.value == "failed"]
        if failed and self.app.user.can(Role.SUPERVISOR):
            self.retry_button.pack(side="bottom", anchor="w", pady=(4, 0), before=self.events)
        else:
            self.retry_button.pack_forget()
        self._show_actions(view)

    def _show_info(self, d: Dossier) -> None:
        for w in self.info.winfo_children():
            w.destroy()
        a = d.applicant
        rows = [(_("Thủ tục"), f"{d.procedure.code} — {d.procedure.name}"),
                (_("Lĩnh vực"), d.procedure.field),
                *self._applicant_rows(d), (_("Điện thoại"), a.phone), (_("Thư điện tử"), a.email),
                (_("Địa chỉ trụ sở") if a.is_organisation else _("Địa chỉ"), a.address),
                *([(_("Người nộp thay"), " · ".join(s for s in (d.delegate.name, d.delegate.id_number,
                                                               d.delegate.phone) if s))]
                  if d.delegate else []),
                (_("Kênh"), labels.channel(d.channel)),
                (_("Tiếp nhận"), fmt(d.received_at)), (_("Hẹn trả"), fmt(d.due_at)),
                (_("Cán bộ tiếp nhận"), d.clerk_display), (_("Số vào sổ"), str(d.register_no)),
                (_("Ghi chú"), d.note), (_("Tra cứu"), d.tracking_url)]
        self.info.columnconfigure(1, weight=1)
        for i, (k, v) in enumerate(rows):
            ttk.Label(self.info, text=k, bootstyle="secondary").grid(row=i, column=0, sticky="nw",
                                                                     padx=(0, 10), pady=1)
            ttk.Label(self.info, text=v or "—", wraplength=self._wrap, justify="left").grid(
                row=i, column=1, sticky="w", pady=1)

    @staticmethod
    def _applicant_rows(d: Dossier) -> list[tuple[str, str]]:
        a = d.applicant
        if a.is_organisation:
            return [(_("Tổ chức"), a.name), (_("Mã số thuế"), a.tax_code),
                    (_("Người đại diện"), a.representative_line)]
        return [(_("Người nộp"), a.name), (_("Số CCCD"), a.id_number),
                (_("Ngày sinh"), a.birth_date.strftime("%d/%m/%Y") if a.birth_date else ""),
                (_("Giới tính"), a.gender)]

    def _show_actions(self, view: desk.DossierView) -> None:
        shown = (view.actions, view.can_apologize, view.can_amend)
        if shown == self._actions_shown:
            return                  # a refresh (after a reprint, a delivery) keeps the buttons
        self._actions_shown = shown
        self.actions.clear()
        styles = {S.REFUSED: "danger", S.STOPPED: "danger", S.WITHDRAWN: "warning",
                  S.SUPPLEMENT: "info", S.DONE: "success", S.RETURNED: "success"}
        add = self.actions.add
        for i, status in enumerate(view.actions, start=1):
            text = labels.action(status) + (f" ({i})" if i <= 9 else "")
            add(ttk.Button(self.actions, text=text, bootstyle=styles.get(status, "primary"),
                           command=lambda s=status: self._on_action(s)))
        if view.can_apologize:
            add(ttk.Button(self.actions, text=_("Xin lỗi, hẹn lại ({form})").format(
                form=labels.form_marker("apology")), bootstyle="warning-outline", command=self._on_apology))
        self.amend_button = None
        if view.can_amend:
            self.amend_button = ttk.Button(self.actions, text=_("Sửa thông tin"), bootstyle="info-outline",
                                           command=self._on_amend)
            add(self.amend_button)
        add(ttk.Button(self.actions, text=_("In lại biên nhận"), bootstyle="secondary-outline",
                       command=lambda: self.app.print_receipt(self.view.dossier)))
        add(ttk.Button(self.actions, text=_("In nhãn"), bootstyle="secondary-outline",
                       command=lambda: self.app.printer.label(self.view.dossier, self.app.office)))
        add(ttk.Button(self.actions, text=_("Đóng (Esc)"), command=self.destroy,
                       bootstyle="secondary-link"))

    def _on_retry(self) -> None:
        def done(n):
            self.app.notify(_("Đã đưa {n} sự kiện vào hàng đợi gửi lại.").format(n=n), "success")
        self.app.worker.submit(desk.retry_dossier_events, self.app.user, self.code, done=done,
                               error=self._action_failed)

    def _key_action(self, event):
        """A digit only opens the confirmation (with its note field): never a change on one key."""
        if isinstance(event.widget, (tk.Entry, tk.Text, tkttk.Entry)):
            return None
        if event.widget.winfo_toplevel() is not self:
            return None
        n = int(event.keysym) if event.keysym.isdigit() else 0
        if self.view is None or not 1 <= n <= min(9, len(self.view.actions)):
            return None
        self._on_action(self.view.actions[n - 1])
        return "break"

    # ---- actions --------------------------------------------------------------------------------
    def _on_action(self, status: Status) -> None:
        """Every status change asks first: a confirmation naming both states, with the note
        field (required where the workflow needs one); it stays open on a refusal."""
        d = self.view.dossier
        if status == S.SUPPLEMENT:
            SupplementDialog(self, lambda items, dlg: self._change(status, "; ".join(items), items, dlg),
                             d.procedure.documents, wait=True)
            return
        prompt, required = workflow.note_prompt(status)
        question = _("Chuyển hồ sơ {code} từ “{old}” sang “{new}”?").format(
            code=d.code, old=labels.status(d.status), new=labels.status(status))
        self.confirm = ReasonDialog(self, lambda text, dlg: self._change(status, text, dialog=dlg),
                                    labels.action(status), question + "\n\n" + prompt,
                                    required=required, wait=True,
                                    ok_text=labels.action(status) + " (Ctrl+Enter)")

    def _change(self, status: Status, note: str, missing: list[str] | None = None,
                dialog=None) -> None:
        def failed(exc):
            if dialog is not None and hasattr(exc, "message"):
                dialog.fail(exc.message)
            return self._action_failed(exc)

        def done(changed):
            dossier, paper = changed.dossier, changed.paper
            if dialog is not None:
                dialog.finish()
            office = self.app.office
            if paper is not None:            # the service says which paper this step issued
                self.app.printer.paper_for(paper, dossier, office, note, missing)
            self.app.notify(_("Hồ sơ {code}: {label}.").format(code=dossier.code,
                                                                label=labels.status(dossier.status)),
                            "success")
        self.app.worker.submit(desk.change_status, self.app.user, self.code, int(status), note,
                               expected_version=self.view.dossier.version,
                               done=done, error=failed)

    def _action_failed(self, exc) -> bool:
        if hasattr(exc, "message") and self.winfo_exists():
            self.message.configure(text=exc.message)
            self.app.notify(exc.message, "danger")
            if isinstance(exc, ConflictError):
                self.refresh()              # show the state the other counter left
            return True
        return False

    def _on_amend(self) -> None:
        """The procedure list comes from the worker (never a query on the Tk thread)."""
        dossier = self.view.dossier
        self.app.worker.submit(catalog.list_procedures, include_inactive=False, error=self._action_failed,
                               done=lambda procs: setattr(self, "amend", AmendDialog(
                                   self, self.app, dossier, procs, self._amended)))

    def _amended(self, amendment) -> None:
        self.app.notify(_("Đã sửa thông tin hồ sơ {code}.").format(code=amendment.dossier.code), "success")
        self.refresh()
        self.reprint = ReprintOffer(self, self.app.print_receipt, amendment)

    def _on_apology(self) -> None:
        self.app.worker.submit(desk.suggested_new_due, self.app.user, self.code, done=lambda day: setattr(
            self, "apology", ApologyDialog(self, self._apologize, day, wait=True)))

    def _apologize(self, result, dialog=None) -> None:
        day, reason = result

        def failed(exc):
            if dialog is not None and hasattr(exc, "message"):
                dialog.fail(exc.message)       # the reason typed stays in the dialog
            return self._action_failed(exc)

        def done(changed):
            dossier = changed.dossier
            if dialog is not None:
                dialog.finish()
            self.app.printer.form_05(dossier, self.app.office, dossier.due_at, reason, changed.paper)
            self.app.notify(_("Đã hẹn lại hồ sơ {code} đến {due}.").format(
                code=dossier.code, due=fmt(dossier.due_at)), "success")
        self.app.worker.submit(desk.apologize_with_paper, self.app.user, self.code, day, reason,
                               expected_version=self.view.dossier.version,
                               done=done, error=failed)
