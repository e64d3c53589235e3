"""Small charts drawn on a Tk Canvas (no matplotlib: it would add tens of MB to the bundle).
Every chart says why when it has nothing to draw."""
from __future__ import annotations

import tkinter as tk

from printing.common import fmt_int

COLOURS = ("#2e7d32", "#1565c0", "#c62828", "#6c757d")


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if v <= step * 5:
            return step * 5
    return v


class Chart(tk.Canvas):
    """A canvas that redraws its last data on resize."""

    def __init__(self, master, title: str, height: int = 190, **kw):
        super().__init__(master, height=height, background="white", highlightthickness=1,
                         highlightbackground="#dee2e6", **kw)
        self.title = title
        self._draw = None
        self.bind("<Configure>", lambda e: self._draw and self._draw())

    def _frame(self) -> tuple[int, int, int, int]:
        self.delete("all")
        w, h = max(self.winfo_width(), 200), max(self.winfo_height(), 120)
        self.create_text(10, 10, text=self.title, anchor="nw", font=("TkDefaultFont", 10, "bold"))
        return 48, 34, w - 14, h - 34            # plot box: left, top, right, bottom

    def empty(self, why: str) -> None:
        def draw():
            left, top, right, bottom = self._frame()
            self.create_text((left + right) / 2, (top + bottom) / 2, text=why, fill="#6c757d",
                             width=right - left - 20, tags=("empty",))
        self._draw = draw
        draw()

    def _axis(self, left, top, right, bottom, top_value) -> None:
        self.create_line(left, bottom, right, bottom, fill="#adb5bd")
        for i in range(6):
            y = bottom - (bottom - top) * i / 5
            self.create_line(left - 3, y, right, y, fill="#f1f3f5" if i else "#adb5bd")
            self.create_text(left - 6, y, text=fmt_int(int(top_value * i / 5)), anchor="e",
                             font=("TkDefaultFont", 7))

    def bars(self, labels: list[str], series: list[tuple[str, list[float]]], why_empty: str) -> None:
        """Grouped bars: one group per label, one bar per series, with a legend."""
        if not labels or not any(v for _n, vals in series for v in vals):
            self.empty(why_empty)
            return

        def draw():
            left, top, right, bottom = self._frame()
            top_value = _nice_max(max(v for _n, vals in series for v in vals))
            self._axis(left, top, right - 110, bottom, top_value)
            group = (right - 110 - left) / len(labels)
            bw = max(2, group * 0.8 / len(series))
            every = max(1, int(34 // group) + 1) if group < 34 else 1
            for gi, label in enumerate(labels):
                x0 = left + gi * group + group * 0.1
                for si, (_name, vals) in enumerate(series):
                    v = vals[gi]
                    y = bottom - (bottom - top) * v / top_value
                    self.create_rectangle(x0 + si * bw, y, x0 + (si + 1) * bw - 1, bottom,
                                          fill=COLOURS[si % len(COLOURS)], outline="", tags=("bar",))
                chars = max(3, int(group * every / 6))
                if gi % every:
                    continue
                self.create_text(x0 + group * 0.4, bottom + 4, anchor="n", font=("TkDefaultFont", 7),
                                 text=label if len(label) <= chars else label[:chars - 1] + "…")
            for si, (name, _vals) in enumerate(series):
                y = top + 4 + si * 16
                self.create_rectangle(right - 100, y, right - 90, y + 10, fill=COLOURS[si % len(COLOURS)],
                                      outline="")
                self.create_text(right - 86, y + 5, text=name, anchor="w", font=("TkDefaultFont", 8))
        self._draw = draw
        draw()

    def line(self, labels: list[str], values: list[float | None], why_empty: str, top_value=None,
             suffix: str = "") -> None:
        """A line with dots; None values leave a gap."""
        if not labels or all(v is None for v in values):
            self.empty(why_empty)
            return

        def draw():
            left, top, right, bottom = self._frame()
            tv = top_value or _nice_max(max(v for v in values if v is not None))
            self._axis(left, top, right, bottom, tv)
            step = (right - left) / max(1, len(labels))
            prev = None
            for i, (label, v) in enumerate(zip(labels, values, strict=True)):
                x = left + step * (i + 0.5)
                if i % max(1, (len(labels) + 11) // 12) == 0:
                    self.create_text(x, bottom + 4, text=label, anchor="n", font=("TkDefaultFont", 7))
                if v is None:
                    prev = None
                    continue
                y = bottom - (bottom - top) * v / tv
                if prev:
                    self.create_line(*prev, x, y, fill=COLOURS[1], width=2)
                self.create_oval(x - 3, y - 3, x + 3, y + 3, fill=COLOURS[1], outline="", tags=("point",))
                if suffix and len(labels) <= 12:
                    self.create_text(x, y - 6, text=f"{v:.1f}".replace(".", ",") + suffix, anchor="s",
                                     font=("TkDefaultFont", 7))
                prev = (x, y)
        self._draw = draw
        draw()
