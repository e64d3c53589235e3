"""Find (Ctrl+F / F3): one box for code, name (diacritics optional), phone or CCCD number.
Scanning a receipt's QR (tracking URL) opens that dossier directly.  Results are paged
(PgUp/PgDn), sortable by any column, coloured by urgency; Enter opens the dossier."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from app import desk, privacy
from app.domain import UserError, nfc
from app.i18n import _
from views import labels
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
        self._build()
        self.scanner = ScanCatcher(self, self._on_scan)
        self.scanner.attach(self.entry)

    def _build(self) -> None:
        top = ttk.Frame(self)
        top.pack(fill="x")
        ttk.Label(top, text=_("Tìm hồ sơ"), font=("TkDefaultFont", 13, "bold")).pack(side="left")
        self.var = tk.StringVar()
        self.entry = ttk.Entry(top, textvariable=self.var, font=("TkDefaultFont", 12))
        self.entry.pack(side="left", fill="x", expand=True, padx=10)
        tooltip(self.entry, _("Mã hồ sơ, họ tên (có dấu hay không), số điện thoại, số CCCD — "
                              "hoặc quét mã QR trên giấy biên nhận (Ctrl+F, F3)"))
        self.entry.bind("<Return>", lambda e: (self._on_search(), "break")[1])
        self.entry.bind("<Down>", lambda e: (self.table.focus_first(), "break")[1])
        self.var.trace_add("write", lambda *a: self._schedule())
        ttk.Button(top, text=_("Tìm (Enter)"), command=self._on_search,
                   bootstyle="primary").pack(side="left")
        legend = ttk.Frame(self)
        legend.pack(fill="x", pady=(6, 4))
        for tag in ("overdue", "today", "risk", "supplement", "done"):
            bg, fg = URGENCY_COLOURS[tag]
            tk.Label(legend, text=" " + labels.urgency(tag) + " ", background=bg, foreground=fg,
                     font=("TkDefaultFont", 9)).pack(side="left", padx=(0, 6))
        self.summary = ttk.Label(legend, text="", bootstyle="secondary")
        self.summary.pack(side="right")
        cols = [("code", _("Mã hồ sơ"), 215), ("name", _("Người nộp"), 170),
                ("id", _("Số CCCD"), 115), ("phone", _("Điện thoại"), 100),
                ("procedure", _("Thủ tục"), 260), ("received", _("Tiếp nhận"), 135),
                ("due", _("Hẹn trả"), 135), ("status", _("Trạng thái"), 160),
                ("state", _("Tình trạng"), 130)]
        self.table = Table(self, cols, height=18, on_open=self.app.open_dossier)
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
            w.bind("<Prior>", lambda e: (self._on_prev(), "break")[1])
            w.bind("<Next>", lambda e: (self._on_next(), "break")[1])

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
        if not text:
            return
        self.text, self.offset = text, 0
        self._run()

    def _run(self) -> None:
        self.summary.configure(text=_("Đang tìm…"))
        self.app.worker.submit(desk.search_page, self.app.user, self.text, PAGE, self.offset, key="find",
                               done=self._show, error=self._failed)

    def _failed(self, exc) -> bool:
        self.summary.configure(text="")
        if isinstance(exc, UserError):
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
            rows.append((d.code, (d.code, a.name, privacy.list_id(self.app.user, a.id_number),
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
        self.summary.configure(text=_("Không tìm thấy hồ sơ nào.") if not page.rows else
                               _("{n} hồ sơ trên trang này").format(n=len(page.rows)))
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
        self.entry.focus_set()
        self.entry.select_range(0, "end")

    def on_key(self, name: str) -> bool:
        if name == "escape":
            self.var.set("")
            self.entry.focus_set()
            return True
        return False
