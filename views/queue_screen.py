"""Supervisor queue (today): counts and lists of due today, overdue, at risk (≤ 1 working
day left), waiting for supplement, waiting for a financial obligation, results not collected
after 3 working days, and the unhappy ratings to call back (with this month's satisfaction
rate). Filter by clerk and field; refreshes itself every minute (F5 now); Enter/double-click
opens; on the call-back list Enter records "đã gọi lại"."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from app import desk, ratings
from app.domain import VN_TZ
from app.i18n import N_, _
from views import labels
from views.commands import bind_key
from views.dialogs import FormDialog
from views.widgets import URGENCY_COLOURS, Table, tooltip

REFRESH_MS = 60_000
ALL = "—"
SECTIONS = (("overdue", "overdue", N_("Quá hạn")), ("due_today", "today", N_("Đến hạn hôm nay")),
            ("at_risk", "risk", N_("Còn ≤ 1 ngày làm việc")),
            ("supplement", "supplement", N_("Chờ bổ sung")),
            ("financial", "risk", N_("Chờ nghĩa vụ tài chính")),
            ("uncollected", "done", N_("Chưa nhận kết quả ≥ 3 ngày làm việc")),
            ("followups", "overdue", N_("Đánh giá cần gọi lại")))
EMPTY = {"overdue": N_("Không có hồ sơ nào quá hạn."), "due_today": N_("Không có hồ sơ nào đến hạn hôm nay."),
         "at_risk": N_("Không có hồ sơ nào còn ≤ 1 ngày làm việc."),
         "supplement": N_("Không có hồ sơ nào đang chờ công dân bổ sung."),
         "financial": N_("Không có hồ sơ nào chờ thực hiện nghĩa vụ tài chính."),
         "uncollected": N_("Mọi kết quả đã có đều được nhận trong vòng 3 ngày làm việc."),
         "followups": N_("Không có đánh giá không hài lòng nào cần gọi lại.")}
HEADINGS = {"procedure": (N_("Thủ tục"), N_("Ý kiến")), "field": (N_("Lĩnh vực"), N_("Mức độ")),
            "due": (N_("Hẹn trả"), N_("Ngày đánh giá")), "status": (N_("Trạng thái"), N_("Điện thoại"))}
OUTCOME_CHOICES = tuple(f"{k} — {v}" for k, v in ratings.OUTCOMES.items())


def load_ratings(actor):
    """Worker side: this month's satisfaction and the open call-backs."""
    from datetime import date
    return (ratings.satisfaction(actor, date.today().strftime("%Y-%m"), trend_months=1),
            ratings.followups(actor, open_only=True, limit=300))


class QueueScreen(ttk.Frame):
    def __init__(self, master, app):
        super().__init__(master, padding=10)
        self.app = app
        self.summary = None
        self.section = "overdue"
        self._after = None
        self._inflight = self._again = False
        self._build()
        self.app.worker.submit(desk.queue_filters, self.app.user, done=self._filters)
        app.subscribe("dossier_changed", self._dossier_changed, self)

    def _dossier_changed(self, code: str) -> None:
        if self.winfo_exists() and self.winfo_ismapped():
            self.refresh()              # one query at a time: a burst of changes asks once more

    def _build(self) -> None:
        top = ttk.Frame(self)
        top.pack(fill="x")
        ttk.Label(top, text=_("Hàng đợi hôm nay"), font=("TkDefaultFont", 13, "bold")).pack(side="left")
        ttk.Label(top, text=_("Cán bộ")).pack(side="left", padx=(20, 4))
        self.clerk = tk.StringVar(value=ALL)
        self.clerk_box = ttk.Combobox(top, textvariable=self.clerk, state="readonly", width=16,
                                      values=(ALL,))
        self.clerk_box.pack(side="left")
        ttk.Label(top, text=_("Lĩnh vực")).pack(side="left", padx=(12, 4))
        self.field = tk.StringVar(value=ALL)
        self.field_box = ttk.Combobox(top, textvariable=self.field, state="readonly", width=30,
                                      values=(ALL,))
        self.field_box.pack(side="left")
        for box in (self.clerk_box, self.field_box):
            box.bind("<<ComboboxSelected>>", lambda e: self.refresh())
        ttk.Button(top, text=_("Làm mới (F5)"), command=self.refresh,
                   bootstyle="secondary-outline").pack(side="right")
        self.updated = ttk.Label(top, text="", bootstyle="secondary")
        self.updated.pack(side="right", padx=10)
        cards = ttk.Frame(self, padding=(0, 10))
        cards.pack(fill="x")
        self.cards: dict[str, tuple[tk.Frame, tk.Label]] = {}
        for i, (key, tag, title) in enumerate(SECTIONS):
            bg, fg = URGENCY_COLOURS[tag]
            card = tk.Frame(cards, background=bg, padx=12, pady=8, cursor="hand2",
                            highlightthickness=2, highlightbackground=bg)
            card.grid(row=0, column=i, sticky="nsew", padx=(0, 8))
            cards.columnconfigure(i, weight=1, uniform="card")
            num = tk.Label(card, text="–", font=("TkDefaultFont", 22, "bold"), background=bg,
                           foreground=fg)
            num.pack(anchor="w")
            cap = tk.Label(card, text=_(title), background=bg, foreground=fg, wraplength=150,
                           font=("TkDefaultFont", 10), anchor="w", justify="left")
            cap.pack(anchor="w", fill="x")
            tooltip(card, _(title) + f" (Ctrl+{i + 1})")
            for w in (card, num, cap):
                w.bind("<Button-1>", lambda e, k=key: self.select(k))
            self.cards[key] = (card, num)
        cols = [("code", _("Mã hồ sơ"), 215), ("name", _("Người nộp"), 160),
                ("procedure", _("Thủ tục"), 260), ("field", _("Lĩnh vực"), 150),
                ("clerk", _("Cán bộ"), 80), ("due", _("Hẹn trả"), 135),
                ("status", _("Trạng thái"), 140)]
        self.table = Table(self, cols, height=16, on_open=self._open)
        bottom = ttk.Frame(self)
        bottom.pack(side="bottom", fill="x", pady=(4, 0))
        self.more = ttk.Label(bottom, text="", bootstyle="secondary")
        self.more.pack(side="left")
        self.call_button = ttk.Button(bottom, text=_("Ghi đã gọi lại… (Enter)"), command=self.record_call,
                                      bootstyle="primary-outline")
        self.satisfaction = ttk.Label(bottom, text="", bootstyle="info")
        self.satisfaction.pack(side="right", padx=10)
        self.followups: list = []
        self.table.pack(fill="both", expand=True)
        bind_key(self.table.tree, "queue.refresh", lambda e: self.refresh())

    # ---- data ---------------------------------------------------------------------------------
    def _filters(self, result) -> None:
        clerks, fields = result
        self.clerk_box.configure(values=[ALL] + clerks)
        self.field_box.configure(values=[ALL] + fields)

    def refresh(self) -> None:
        """Ask for the queue; while an answer is on its way, ask once more after it
        (filters may have changed) instead of stacking identical queries."""
        if self._after:
            self.after_cancel(self._after)
        self._after = self.after(REFRESH_MS, self.refresh)
        if self._inflight:
            self._again = True
            return
        clerk = None if self.clerk.get() == ALL else self.clerk.get()
        field = None if self.field.get() == ALL else self.field.get()
        self.updated.configure(text=_("Đang cập nhật…"))
        self._inflight = True
        self.app.worker.submit(desk.queue_for, self.app.user, clerk, field,
                               done=self._show, error=self._failed)
        self.app.worker.submit(load_ratings, self.app.user, done=self._show_ratings)

    def _show_ratings(self, result) -> None:
        sat, self.followups = result
        self.cards["followups"][1].configure(text=str(len(self.followups)))
        rate = "—" if sat["rate"] is None else f"{sat['rate']:.1f}".replace(".", ",") + " %"
        self.satisfaction.configure(text=_("Hài lòng tháng này: {rate} ({n} đánh giá)").format(
            rate=rate, n=sat["count"]) if sat["count"] else _("Tháng này chưa có đánh giá hài lòng nào."))
        if self.section == "followups":
            self.select("followups", focus=False)

    def _failed(self, exc) -> bool:
        self._inflight = self._again = False
        return False

    def _show(self, summary) -> None:
        self._inflight = False
        if self._again:
            self._again = False
            self.refresh()
            return
        self.summary = summary
        for key, _tag, _title in SECTIONS:
            if key != "followups":
                self.cards[key][1].configure(text=str(summary.counts.get(key, 0)))
        self.updated.configure(text=_("Cập nhật lúc {t}").format(
            t=summary.at.astimezone(VN_TZ).strftime("%H:%M:%S")))
        self.select(self.section, focus=False)

    def select(self, key: str, focus: bool = True) -> None:
        self.section = key
        for k, (card, _num) in self.cards.items():
            card.configure(highlightbackground="#212529" if k == key else card.cget("background"))
        calls = key == "followups"
        for cid, (normal, other) in HEADINGS.items():
            self.table.tree.heading(cid, text=_(other if calls else normal))
        if calls:
            self.call_button.pack(side="right")
        else:
            self.call_button.pack_forget()
        if calls:
            self.table.set_rows([(str(f.id), (f.dossier_code, f.applicant_name, f.comment, f.level_label,
                                              f.clerk, f.at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M"),
                                              f.phone), "overdue", {}) for f in self.followups])
            self.more.configure(text=_(EMPTY[key]) if not self.followups else "")
            if focus:
                self.table.focus_first()
            return
        if self.summary is None:
            return
        tag = dict((k, t) for k, t, _x in SECTIONS)[key]
        rows = []
        for d in getattr(self.summary, key):
            rows.append((d.code, (d.code, d.applicant_name, d.procedure_name, d.field,
                                  d.clerk, d.due_local.strftime("%d/%m/%Y %H:%M"),
                                  labels.status(d.status)), tag, {"due": d.due_at}))
        self.table.set_rows(rows)
        if self.summary is not None and hasattr(self, "more"):
            self._note_limit()
        if focus:
            self.table.focus_first()

    def _note_limit(self) -> None:
        shown = len(getattr(self.summary, self.section))
        total = self.summary.counts.get(self.section, 0)
        if not total:
            self.more.configure(text=_(EMPTY[self.section]))
            return
        self.more.configure(text=_("Hiện {shown}/{total} hồ sơ gấp nhất; lọc theo cán bộ hoặc lĩnh vực "
                                   "để xem hết.").format(shown=shown, total=total)
                            if total > shown else "")

    def _open(self, iid: str) -> None:
        if self.section == "followups":
            self.record_call()
        else:
            self.app.open_dossier(iid)

    def record_call(self):
        """The selected call-back: outcome + note → ratings.record_call on the worker."""
        sel = self.table.tree.selection()
        if self.section != "followups" or not sel:
            return None
        rating_id = int(sel[0])

        def chosen(values: dict) -> None:
            outcome = values["outcome"].split(" — ")[0]
            def recorded(f) -> None:
                self.app.notify(_("Đã ghi cuộc gọi cho hồ sơ {code}.").format(code=f.dossier_code), "success")
                self.refresh()
            self.app.worker.submit(ratings.record_call, self.app.user, rating_id, outcome, values["note"],
                                   done=recorded)
        return FormDialog(self.winfo_toplevel(), chosen, _("Đã gọi lại"),
                          [("outcome", _("Kết quả"), OUTCOME_CHOICES[1], OUTCOME_CHOICES),
                           ("note", _("Ghi chú"), "", "")], ok_text=_("Ghi (Enter)"))

    def on_show(self) -> None:
        self.refresh()
        self.table.focus_first()

    def on_key(self, name: str) -> bool:
        keys = [k for k, _t, _x in SECTIONS]
        if name in ("1", "2", "3", "4", "5", "6", "7"):
            self.select(keys[int(name) - 1])
            return True
        return False

    def destroy(self) -> None:
        if self._after:
            self.after_cancel(self._after)
            self._after = None
        super().destroy()
