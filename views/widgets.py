"""Small widgets shared by the screens: labelled entries with inline validation, a sortable
table coloured by urgency, tooltips and the keyboard-wedge scan catcher."""
from __future__ import annotations

import time
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk as tkttk

import ttkbootstrap as ttk

from app.domain import UserError, nfc
from app.i18n import _
from views.commands import bind_key

ENTER_KEYS = ("Return", "KP_Enter")

SCAN_TAG = "MotCuaScan"
SCAN_GAP = 0.06          # s between keystrokes of a scanner (people type slower)
SCAN_MIN = 10            # characters

URGENCY_COLOURS = {      # tag → (background, foreground)
    "overdue": ("#f8d7da", "#842029"),
    "today": ("#fff3cd", "#664d03"),
    "supplement": ("#cfe2ff", "#084298"),
    "risk": ("#ffe5d0", "#6a3d00"),
    "done": ("#d1e7dd", "#0f5132"),
    "closed": ("", "#6c757d"),
}


def tooltip(widget: tk.Misc, text: str):
    """Attach a tooltip (returned, so its text can be changed with ``configure(text=…)``)."""
    try:
        from ttkbootstrap import ToolTip
        return ToolTip(widget, text=text, delay=400)
    except Exception:   # noqa: BLE001 - tooltips are a nicety; never fail a screen for one
        return None


class FieldEntry(ttk.Frame):
    """Label, entry and a one-line message under it. ``check(text)`` returns the normalised
    value or raises ``UserError``; it runs when the entry loses focus and on ``value()``."""

    def __init__(self, master, label: str, check: Callable[[str], object] | None = None,
                 width: int = 28, hint: str = "", required: bool = False, show: str = ""):
        super().__init__(master)
        self.check = check
        self.required = required
        self.label = ttk.Label(self, text=label + (" *" if required else ""))
        self.label.grid(row=0, column=0, sticky="w")
        self.var = tk.StringVar()
        self.entry = ttk.Entry(self, textvariable=self.var, width=width, show=show)
        self.entry.grid(row=1, column=0, sticky="ew")
        self.msg = ttk.Label(self, text="", foreground="#b02a37", font=("TkDefaultFont", 8))
        self.columnconfigure(0, weight=1)
        self.entry.bind("<FocusOut>", lambda e: self.validate(quiet_empty=True), add="+")
        if hint:
            tooltip(self.entry, hint)

    def get(self) -> str:
        return nfc(self.var.get())

    def set(self, text) -> None:
        self.var.set("" if text is None else str(text))
        self.clear_error()

    def clear_error(self) -> None:
        self.msg.configure(text="")
        self.msg.grid_remove()              # the line takes room only when there is a message

    def show_error(self, text: str) -> None:
        self.msg.configure(text=text)
        self.msg.grid(row=2, column=0, sticky="w")

    def validate(self, quiet_empty: bool = False) -> bool:
        text = self.get()
        if not text:
            if self.required and not quiet_empty:
                self.show_error(_("Bắt buộc nhập."))
                return False
            self.clear_error()
            return True
        if self.check is None:
            self.clear_error()
            return True
        try:
            self.check(text)
        except UserError as exc:
            self.show_error(exc.message)
            return False
        self.clear_error()
        return True

    def focus(self) -> None:
        self.entry.focus_set()
        self.entry.select_range(0, "end")


class Table(ttk.Frame):
    """Treeview + scrollbar; clicking a heading sorts the shown rows (asc/desc)."""

    def __init__(self, master, columns: list[tuple[str, str, int]], height: int = 12,
                 on_open: Callable[[str], None] | None = None):
        super().__init__(master)
        self.columns = columns
        ids = [c[0] for c in columns]
        self.tree = ttk.Treeview(self, columns=ids, show="headings", height=height,
                                 selectmode="browse")
        for cid, heading, width in columns:
            self.tree.heading(cid, text=heading, command=lambda c=cid: self.sort_by(c))
            self.tree.column(cid, width=width, minwidth=40, stretch=cid in ("name", "procedure"))
        sb = ttk.Scrollbar(self, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=sb.set)
        self.tree.grid(row=0, column=0, sticky="nsew")
        sb.grid(row=0, column=1, sticky="ns")
        self.rowconfigure(0, weight=1)
        self.columnconfigure(0, weight=1)
        for tag, (bg, fg) in URGENCY_COLOURS.items():
            opts = {"foreground": fg}
            if bg:
                opts["background"] = bg
            self.tree.tag_configure(tag, **opts)
        self._sort: tuple[str, bool] | None = None
        self._sort_keys: dict[str, dict[str, object]] = {}
        self.on_open = on_open
        if on_open:
            self.tree.bind("<Double-1>", lambda e: self._open_selected())
            bind_key(self.tree, "list.open", lambda e: (self._open_selected(), "break")[1])

    def _open_selected(self) -> None:
        sel = self.tree.selection()
        if sel and self.on_open:
            self.on_open(sel[0])

    def set_rows(self, rows: list[tuple[str, tuple, str, dict]]) -> None:
        """rows: (iid, values, tag, sort_keys per column id). A row that was selected and is
        still there stays selected (a refresh — a dossier_changed event, a reload after an
        action — must never move the selection to another dossier or user under the clerk's
        next key press); otherwise the first row is."""
        kept = [iid for iid in self.tree.selection()]
        focused = self.tree.focus()
        self.tree.delete(*self.tree.get_children())
        self._sort_keys = {}
        for iid, values, tag, keys in rows:
            self.tree.insert("", "end", iid=iid, values=values, tags=(tag,) if tag else ())
            self._sort_keys[iid] = keys
        if self._sort:
            col, desc = self._sort
            self._apply_sort(col, desc)
        kids = self.tree.get_children()
        still = [iid for iid in kept if self.tree.exists(iid)]
        if still:
            self.tree.selection_set(still)
            self.tree.focus(focused if self.tree.exists(focused) else still[0])
        elif kids:
            self.tree.focus(kids[0])
            self.tree.selection_set(kids[0])

    def sort_by(self, col: str) -> None:
        desc = bool(self._sort and self._sort[0] == col and not self._sort[1])
        self._sort = (col, desc)
        self._apply_sort(col, desc)
        for cid, heading, _w in self.columns:
            arrow = (" ▼" if desc else " ▲") if cid == col else ""
            self.tree.heading(cid, text=heading + arrow)

    def _apply_sort(self, col: str, desc: bool) -> None:
        idx = [c[0] for c in self.columns].index(col)

        def key(iid):
            k = self._sort_keys.get(iid, {}).get(col)
            return (0, k) if k is not None else (1, str(self.tree.set(iid, self.columns[idx][0])))
        items = sorted(self.tree.get_children(), key=key, reverse=desc)
        for pos, iid in enumerate(items):
            self.tree.move(iid, "", pos)

    def focus_first(self) -> None:
        kids = self.tree.get_children()
        self.tree.focus_set()
        if kids:
            self.tree.focus(kids[0])
            self.tree.selection_set(kids[0])


class ScanCatcher:
    """Tell a keyboard-wedge scanner from a person: a burst of ≥ SCAN_MIN keystrokes less than
    SCAN_GAP apart, ending in Enter.  The burst's characters are taken back out of the entry
    they fell into and handed to ``on_scan(text, widget)`` instead; the Enter does not reach
    the entry's own bindings.  Text that is plainly a CCCD QR is caught even when typed slowly
    (pasted, or a slow Bluetooth scanner)."""

    def __init__(self, root: tk.Misc, on_scan: Callable[[str, tk.Misc], bool],
                 looks_like: Callable[[str], bool] = lambda t: False):
        self.on_scan = on_scan
        self.looks_like = looks_like
        self.tag = f"{SCAN_TAG}{id(self)}"
        self._reset()
        bind_key(root, "scanner", lambda e: self._enter(e) if e.keysym in ENTER_KEYS else self._key(e),
                 class_tag=self.tag)

    def attach(self, widget: tk.Misc) -> None:
        tags = widget.bindtags()
        if self.tag not in tags:
            widget.bindtags((self.tag,) + tuple(tags))

    def attach_all(self, parent: tk.Misc) -> None:
        for w in parent.winfo_children():
            if isinstance(w, (tkttk.Entry, tk.Entry)):
                self.attach(w)
            self.attach_all(w)

    def _reset(self) -> None:
        self.widget = None
        self.chars: list[str] = []
        self.snapshot = ""
        self.last = 0.0

    def _key(self, event) -> None:
        if event.keysym in ("Return", "KP_Enter") or not event.char or not event.char.isprintable():
            return
        now = time.monotonic()
        if self.widget is not event.widget or now - self.last > SCAN_GAP:
            self.widget = event.widget
            self.chars = []
            try:
                self.snapshot = event.widget.get()
            except (tk.TclError, AttributeError):       # not an entry, or already destroyed
                self.snapshot = ""
        self.chars.append(event.char)
        self.last = now

    def _enter(self, event):
        w = event.widget
        now = time.monotonic()
        burst = "".join(self.chars) if (self.widget is w and now - self.last <= SCAN_GAP * 3) else ""
        snapshot = self.snapshot
        self._reset()
        try:
            current = w.get()
        except (tk.TclError, AttributeError):           # not an entry, or already destroyed
            return None
        if len(burst) >= SCAN_MIN:
            text, restore = burst, snapshot
        elif self.looks_like(current):
            text, restore = current, ""
        else:
            return None
        w.delete(0, "end")                 # take the scanned characters back out first
        w.insert(0, restore)
        if self.on_scan(text, w):
            return "break"
        w.delete(0, "end")                 # not a scan after all: leave the entry as typed
        w.insert(0, current)
        return None


class Flow(ttk.Frame):
    """Widgets laid out left to right in rows that wrap at the frame's width, so a long row
    of buttons (long English labels, many actions) never runs off a 1366-pixel screen."""

    def __init__(self, master, gap: int = 6, **kw):
        super().__init__(master, **kw)
        self.gap = gap
        self.items: list[tk.Misc] = []
        self._width = 0
        self.bind("<Configure>", self._on_configure)

    def add(self, widget: tk.Misc) -> tk.Misc:
        self.items.append(widget)
        self.layout()
        return widget

    def clear(self) -> None:
        for w in self.items:
            w.destroy()
        self.items = []
        self.layout()

    def _on_configure(self, event) -> None:
        if event.width != self._width:
            self._width = event.width
            self.layout()

    def layout(self) -> None:
        pad = self.cget("padding")
        px, py = (int(str(pad[0])), int(str(pad[1]))) if pad and len(pad) >= 2 else (0, 0)
        width = max(self._width or self.winfo_width(), 1) - 2 * px
        x = y = row_h = 0
        for w in self.items:
            rw, rh = w.winfo_reqwidth(), w.winfo_reqheight()
            if x and x + rw > width:
                x, y, row_h = 0, y + row_h + self.gap, 0
            w.place(x=px + x, y=py + y)
            x += rw + self.gap
            row_h = max(row_h, rh)
        self.configure(height=y + row_h + 2 * py)


class ChoiceBox(ttk.Combobox):
    """A read-only combobox that shows words and keeps the internal value in `variable`
    ('Cổng USB' on screen, "usb" in the setting)."""

    def __init__(self, master, variable: tk.StringVar, choices: dict[str, str], **kw):
        self.variable, self.choices = variable, dict(choices)
        self.shown = tk.StringVar(master=master)
        super().__init__(master, textvariable=self.shown, values=list(self.choices.values()),
                         state="readonly", **kw)
        self._sync()
        variable.trace_add("write", lambda *_a: self._sync())
        self.bind("<<ComboboxSelected>>", lambda _e: self._picked(), add="+")

    def _sync(self) -> None:
        value = self.variable.get()
        self.shown.set(self.choices.get(value, value))

    def _picked(self) -> None:
        by_words = {w: v for v, w in self.choices.items()}
        value = by_words.get(self.shown.get())
        if value is not None and value != self.variable.get():
            self.variable.set(value)
