"""Supervisor overview: Biểu 06a for a chosen month on screen (table + chart), dossiers
received per working day over the last 30 days, and the on-time rate by month. Charts are
drawn on a Tk Canvas; the figures come from the worker; every empty view says why."""
from __future__ import annotations

import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from app import reports
from app.i18n import _
from printing.common import fmt_int
from views.charts import Chart

COLS = (("label", "Lĩnh vực", 210), ("received", "Tiếp nhận", 76), ("online", "Trực tuyến", 78),
        ("counter_post", "TT + BC", 66), ("carried_over", "Kỳ trước", 70), ("resolved", "Đã GQ", 62),
        ("early", "Trước hạn", 78), ("on_time", "Đúng hạn", 76), ("late", "Quá hạn", 68),
        ("in_progress", "Đang GQ", 70), ("within", "Trong hạn", 78), ("overdue", "Quá hạn", 68),
        ("refused", "Từ chối", 62), ("withdrawn", "Rút", 42), ("stopped", "Dừng", 48),
        ("rate", "Đúng hạn", 72))


def months_back(n: int = 12, today: date | None = None) -> list[str]:
    d = (today or date.today()).replace(day=1)
    out = []
    for _i in range(n):
        out.append(d.strftime("%m/%Y"))
        d = date(d.year - (d.month == 1), (d.month - 2) % 12 + 1, 1)
    return out


def load(actor, year: int, month: int) -> dict:
    """Worker side: everything the screen shows for one month."""
    d_from, d_to = reports.month_period(f"{year:04d}-{month:02d}")
    return {"report": reports.report_06a(actor, d_from, d_to),
            "daily": reports.received_per_day(actor, 30),
            "trend": reports.on_time_by_month(actor, 12, d_from)}


def pct(x) -> str:
    return "—" if x is None else f"{x:.1f}".replace(".", ",") + " %"


class SupervisorScreen(ttk.Frame):
    def __init__(self, master, app):
        super().__init__(master, padding=10)
        self.app = app
        self.data = None
        self._build()

    def _build(self) -> None:
        top = ttk.Frame(self)
        top.pack(fill="x")
        ttk.Label(top, text=_("Tổng hợp giám sát — Biểu 06a"),
                  font=("TkDefaultFont", 13, "bold")).pack(side="left")
        ttk.Label(top, text=_("Tháng")).pack(side="left", padx=(20, 4))
        choices = months_back()
        self.month = tk.StringVar(value=choices[1])
        self.month_box = ttk.Combobox(top, textvariable=self.month, values=choices, width=9, state="readonly")
        self.month_box.pack(side="left")
        self.month_box.bind("<<ComboboxSelected>>", lambda e: self.refresh())
        ttk.Button(top, text=_("Làm mới (F5)"), command=self.refresh,
                   bootstyle="secondary-outline").pack(side="right")
        ttk.Button(top, text=_("Lưu PDF / Excel… (Ctrl+M)"), bootstyle="secondary-outline",
                   command=lambda: self.app.run_command("month_report")).pack(
            side="right", padx=6)
        self.status = ttk.Label(top, text="", bootstyle="secondary")
        self.status.pack(side="right", padx=10)
        box = ttk.Frame(self)
        box.pack(fill="x", pady=(8, 0))
        self.tree = ttk.Treeview(box, columns=[c[0] for c in COLS], show="headings", height=10)
        sb = ttk.Scrollbar(box, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=sb.set)
        sb.pack(side="right", fill="y")
        for cid, head, width in COLS:
            self.tree.heading(cid, text=_(head))
            self.tree.column(cid, width=width, minwidth=40, anchor="w" if cid == "label" else "e",
                             stretch=cid == "label")
        self.tree.tag_configure("total", font=("TkDefaultFont", 9, "bold"))
        self.tree.pack(side="left", fill="x", expand=True)
        self.empty = ttk.Label(self, text="", bootstyle="secondary")
        self.empty.pack(anchor="w", pady=(2, 6))
        charts = ttk.Frame(self)
        charts.pack(fill="both", expand=True)
        self.chart_06a = Chart(charts, _("Đã giải quyết: trước / đúng / quá hạn theo lĩnh vực"))
        self.chart_daily = Chart(charts, _("Tiếp nhận mỗi ngày làm việc (30 ngày qua)"))
        self.chart_trend = Chart(charts, _("Tỷ lệ giải quyết đúng hạn theo tháng"))
        for i, c in enumerate((self.chart_06a, self.chart_daily, self.chart_trend)):
            c.grid(row=0, column=i, sticky="nsew", padx=(0 if i == 0 else 6, 0))
            charts.columnconfigure(i, weight=1, uniform="chart")
        charts.rowconfigure(0, weight=1)

    # ---- data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        m, y = (int(x) for x in self.month.get().split("/"))
        self.status.configure(text=_("Đang tính…"))
        self.app.worker.submit(load, self.app.user, y, m, done=self._show)

    def _show(self, data: dict) -> None:
        self.data = data
        rep = data["report"]
        self.status.configure(text=rep.period_label)
        self.tree.delete(*self.tree.get_children())
        lines = [(r.label, r.cells, "") for r in rep.by_field]
        if lines:                               # the total first: always visible without scrolling
            lines.insert(0, (_("Tổng cộng"), rep.total, "total"))
        for label, c, tag in lines:
            self.tree.insert("", "end", values=(label, *(fmt_int(getattr(c, k)) for k, _h, _w in COLS[1:-1]),
                                                pct(c.on_time_rate)), tags=(tag,) if tag else ())
        self.empty.configure(text="" if rep.by_field else _(
            "Không có hồ sơ nào trong tháng {m}: không tiếp nhận, không giải quyết và không có hồ sơ "
            "chuyển từ kỳ trước.").format(m=self.month.get()))
        top = sorted(rep.by_field, key=lambda r: -r.cells.resolved)[:6]
        none_resolved = _("Chưa có hồ sơ nào được giải quyết trong tháng {m}.").format(m=self.month.get())
        self.chart_06a.bars([r.label for r in top],
                            [(_("Trước hạn"), [r.cells.early for r in top]),
                             (_("Đúng hạn"), [r.cells.on_time for r in top]),
                             (_("Quá hạn"), [r.cells.late for r in top])],
                            none_resolved)
        daily = data["daily"]
        self.chart_daily.bars([d.strftime("%d/%m") for d, _n in daily],
                              [(_("Hồ sơ"), [n for _d, n in daily])],
                              _("Không tiếp nhận hồ sơ nào trong 30 ngày qua."))
        trend = data["trend"]
        self.chart_trend.line([m[5:] + "/" + m[2:4] for m, _n, _r in trend], [r for _m, _n, r in trend],
                              _("Chưa có hồ sơ nào được giải quyết trong 12 tháng qua."), top_value=100,
                              suffix="%")

    def on_show(self) -> None:
        self.refresh()

    def on_key(self, name: str) -> bool:
        return False
