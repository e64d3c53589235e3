"""Find (Ctrl+F / F3): one box for code or its last digits, any words of the name (diacritics
optional), phone or CCCD tails, procedure words; filters by status, received days, field and
clerk. Opens on today's dossiers and says why a list is empty. Scanning a receipt's QR
(tracking URL) opens that dossier directly.  Results are paged (PgUp/PgDn), sortable by any
column, coloured by urgency; Enter opens the dossier."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from app import desk, privacy
from app.domain import Status, UserError, nfc
from app.i18n import _
from views import labels
from views.commands import bind_key
from views.widgets import URGENCY_COLOURS, ScanCatcher, Table, tooltip

PAGE = 50


class FindScreen(ttk.Frame):
    def __init__(self, master, app):
        super().__init__(master, padding=10)
        self.app = app
        self.text = ""
        self.offset = 0
        self.has_more = False
        self.page: desk.SearchPage | None = None
        self._after = None
        self._shown_once = False
        self._build()
        self.scanner = ScanCatcher(self, self._on_scan)
        self.scanner.attach(self.entry)
        app.subscribe("dossier_changed", self._dossier_changed, self)

    def _dossier_changed(self, code: str) -> None:
        """A dossier on the page shown changed (here or at another window): show it anew."""
        page = self.page
        if (page is not None and page.opened is None and self.winfo_exists()
                and any(d.code == code for d, _tag in page.rows)):
            self._run()

    def _build(self) -> None:
        top = ttk.Frame(self)
        top.pack(fill="x")
        ttk.Label(top, text=_("Tìm hồ sơ"), font=("TkDefaultFont", 13, "bold")).pack(side="left")
        self.var = tk.StringVar()
        self.entry = ttk.Entry(top, textvariable=self.var, font=("TkDefaultFont", 12))
        self.entry.pack(side="left", fill="x", expand=True, padx=10)
        tooltip(self.entry, _("Mã hồ sơ hoặc 4 số cuối, họ tên hay vài chữ của tên (có dấu hay "
                              "không), số cuối điện thoại / CCCD / mã số thuế, tên thủ tục — hoặc "
                              "quét mã QR trên giấy biên nhận (Ctrl+F, F3)"))
        bind_key(self.entry, "find.search", lambda e: (self._on_search(), "break")[1])
        bind_key(self.entry, "find.to_list", lambda e: (self.table.focus_first(), "break")[1])
        self.var.trace_add("write", lambda *a: self._schedule())
        ttk.Button(top, text=_("Tìm (Enter)"), command=self._on_search,
                   bootstyle="primary").pack(side="left")
        self._build_filters()
        legend = ttk.Frame(self)
        legend.pack(fill="x", pady=(6, 4))
        for tag in ("overdue", "today", "risk", "supplement", "done"):
            bg, fg = URGENCY_COLOURS[tag]
            tk.Label(legend, text=" " + labels.urgency(tag) + " ", background=bg, foreground=fg,
                     font=("TkDefaultFont", 9)).pack(side="left", padx=(0, 6))
        self.summary = ttk.Label(legend, text="", bootstyle="secondary")
        self.summary.pack(side="right")
        cols = [("code", _("Mã hồ sơ"), 215), ("name", _("Người nộp"), 170),
                ("id", _("Số CCCD / MST"), 130), ("phone", _("Điện thoại"), 100),
                ("procedure", _("Thủ tục"), 245), ("received", _("Tiếp nhận"), 135),
                ("due", _("Hẹn trả"), 135), ("status", _("Trạng thái"), 160),
                ("state", _("Tình trạng"), 130)]
        self.table = Table(self, cols, height=18, on_open=self.app.open_dossier)
        self.empty = ttk.Label(self, text="", bootstyle="warning", font=("TkDefaultFont", 11))
        self.empty.pack(fill="x", pady=(2, 2))
        self.table.pack(fill="both", expand=True)
        pager = ttk.Frame(self)
        pager.pack(fill="x", pady=(6, 0))
        self.prev = ttk.Button(pager, text=_("◀ Trang trước (PgUp)"), command=self._on_prev,
                               bootstyle="secondary-outline", state="disabled")
        self.prev.pack(side="left")
        self.page_label = ttk.Label(pager, text="")
        self.page_label.pack(side="left", padx=10)
        self.next = ttk.Button(pager, text=_("Trang sau (PgDn) ▶"), command=self._on_next,
                               bootstyle="secondary-outline", state="disabled")
        self.next.pack(side="left")
        ttk.Label(pager, text=_("Enter hoặc nhấp đúp: mở hồ sơ"), bootstyle="secondary").pack(
            side="right")
        for w in (self.entry, self.table.tree):
            bind_key(w, "find.prev", lambda e: (self._on_prev(), "break")[1])
            bind_key(w, "find.next", lambda e: (self._on_next(), "break")[1])

    def _build_filters(self) -> None:
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(6, 0))
        self.statuses = [("", _("Mọi trạng thái"))] + [(str(int(s)), labels.status(s)) for s in Status]
        self.f_status = tk.StringVar(value=self.statuses[0][1])
        self.f_from, self.f_to = tk.StringVar(), tk.StringVar()
        self.f_field, self.f_clerk = tk.StringVar(), tk.StringVar()
        ttk.Label(bar, text=_("Lọc:")).pack(side="left")
        self.status_box = ttk.Combobox(bar, textvariable=self.f_status, state="readonly", width=22,
                                       values=[t for _v, t in self.statuses])
        self.status_box.pack(side="left", padx=(4, 8))
        ttk.Label(bar, text=_("Tiếp nhận từ")).pack(side="left")
        self.from_entry = ttk.Entry(bar, textvariable=self.f_from, width=11)
        self.from_entry.pack(side="left", padx=4)
        ttk.Label(bar, text=_("đến")).pack(side="left")
        self.to_entry = ttk.Entry(bar, textvariable=self.f_to, width=11)
        self.to_entry.pack(side="left", padx=(4, 8))
        tooltip(self.from_entry, _("dd/mm/yyyy — để trống: không lọc theo ngày"))
        ttk.Label(bar, text=_("Lĩnh vực")).pack(side="left")
        self.field_box = ttk.Combobox(bar, textvariable=self.f_field, width=26)
        self.field_box.pack(side="left", padx=(4, 8))
        ttk.Label(bar, text=_("Cán bộ")).pack(side="left")
        self.clerk_box = ttk.Combobox(bar, textvariable=self.f_clerk, width=12)
        self.clerk_box.pack(side="left", padx=(4, 8))
        ttk.Button(bar, text=_("Bỏ lọc"), command=self._on_clear_filters,
                   bootstyle="secondary-outline").pack(side="left")
        for box in (self.status_box, self.field_box, self.clerk_box):
            box.bind("<<ComboboxSelected>>", lambda e: self._on_search())
        for w in (self.from_entry, self.to_entry, self.field_box, self.clerk_box):
            bind_key(w, "find.search", lambda e: (self._on_search(), "break")[1])

    def filters(self) -> dict:
        status = dict((t, v) for v, t in self.statuses).get(self.f_status.get(), "")
        return {"status": status, "date_from": self.f_from.get(), "date_to": self.f_to.get(),
                "field": self.f_field.get(), "clerk": self.f_clerk.get()}

    def _on_clear_filters(self) -> None:
        self.f_status.set(self.statuses[0][1])
        for v in (self.f_from, self.f_to, self.f_field, self.f_clerk):
            v.set("")
        self._on_search()

    # ---- handlers -----------------------------------------------------------------------------
    def _schedule(self) -> None:
        if self._after:
            self.after_cancel(self._after)
            self._after = None
        text = nfc(self.var.get())
        if len(text) >= 3 and not text.startswith(("http://", "https://")):
            self._after = self.after(350, self._on_search)

    def _on_scan(self, text: str, widget) -> bool:
        if text.strip().startswith(("http://", "https://")):
            self.lookup(text)
            return True
        return False

    def lookup(self, text: str) -> None:
        """Search now (also used by other screens for a scanned receipt QR)."""
        self.var.set(nfc(text))
        self._on_search()

    def _on_search(self) -> None:
        if self._after:
            self.after_cancel(self._after)
            self._after = None
        text = nfc(self.var.get())
        self.text, self.offset = text, 0     # empty: today's dossiers
        self._run()

    def _run(self) -> None:
        self.summary.configure(text=_("Đang tìm…"))
        self.app.worker.submit(desk.search_page, self.app.user, self.text, PAGE, self.offset,
                               self.filters(), key="find", done=self._show, error=self._failed)

    def _failed(self, exc) -> bool:
        self.summary.configure(text="")
        if isinstance(exc, UserError):
            self.table.set_rows([])
            self.empty.configure(text=exc.message)
            self.app.notify(exc.message, "warning")
            return True
        return False

    def _show(self, page: desk.SearchPage) -> None:
        self.page = page
        if page.opened is not None:
            self.summary.configure(text=_("Mở hồ sơ {code} từ mã QR.").format(code=page.opened.code))
            self.var.set(page.opened.code)
            self.app.open_dossier(page.opened.code)
            return
        rows = []
        for d, tag in page.rows:
            # lists: clerks see masked numbers, supervisors/admins full (app.privacy)
            a = d.applicant
            ident = a.tax_code if a.is_organisation else privacy.list_id(self.app.user, a.id_number)
            rows.append((d.code, (d.code, a.name, ident,
                                  privacy.list_phone(self.app.user, a.phone), d.procedure.name,
                                  d.received_local.strftime("%d/%m/%Y %H:%M"),
                                  d.due_local.strftime("%d/%m/%Y %H:%M"), labels.status(d.status),
                                  labels.urgency(tag)),
                         tag, {"received": d.received_at, "due": d.due_at, "status": int(d.status)}))
        self.table.set_rows(rows)
        self.has_more = page.has_more
        first, last = page.offset + 1, page.offset + len(page.rows)
        n_page = page.offset // PAGE + 1
        self.page_label.configure(text=_("Trang {n} · {a}–{b}").format(n=n_page, a=first, b=last)
                                  if page.rows else "")
        title = _("Hồ sơ tiếp nhận hôm nay") if page.kind == "today" else ""
        self.summary.configure(text=_("Không tìm thấy hồ sơ nào.") if not page.rows else
                               " · ".join(filter(None, [title, _("{n} hồ sơ trên trang này")
                                                        .format(n=len(page.rows))])))
        self.empty.configure(text=page.reason)
        self.prev.configure(state="normal" if page.offset > 0 else "disabled")
        self.next.configure(state="normal" if page.has_more else "disabled")

    def _on_next(self) -> None:
        if self.has_more:
            self.offset += PAGE
            self._run()

    def _on_prev(self) -> None:
        if self.offset > 0:
            self.offset = max(0, self.offset - PAGE)
            self._run()

    def on_show(self) -> None:
        if not self._shown_once:          # opens on today's dossiers, not a blank page
            self._shown_once = True
            self._on_search()
            self.app.worker.submit(desk.search_filters, self.app.user, key="find-filters",
                                   done=self._set_filter_values)
        self.entry.focus_set()
        self.entry.select_range(0, "end")

    def _set_filter_values(self, values) -> None:
        clerks, fields = values
        self.clerk_box.configure(values=[""] + list(clerks))
        self.field_box.configure(values=[""] + list(fields))

    def on_key(self, name: str) -> bool:
        if name == "escape":
            self.var.set("")
            self.entry.focus_set()
            return True
        return False
