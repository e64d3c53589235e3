"""The banner over the screens: one message at a time, with up to a few action buttons.
Successes and infos close by themselves; a danger stays until closed."""
from __future__ import annotations

import tkinter as tk
from collections.abc import Callable

import ttkbootstrap as ttk

STYLES = {"info": "info", "success": "success", "warning": "warning", "danger": "danger"}


class Notifier:
    def __init__(self, parent: tk.Misc, place_before: Callable[[], tk.Misc]):
        """`place_before()` names the widget the banner is packed above (toolbar or body)."""
        self.place_before = place_before
        self.banner = ttk.Frame(parent, padding=(10, 6))
        self.label = ttk.Label(self.banner, text="", wraplength=1000, justify="left")
        self.label.pack(side="left", fill="x", expand=True)
        self.close_button = ttk.Button(self.banner, text="✕", width=3, command=self.clear,
                                       bootstyle="link")
        self.close_button.pack(side="right")
        self.action_button = ttk.Button(self.banner, text="", bootstyle="light")
        self.extra: list[ttk.Button] = []
        self._after: str | None = None
        self.last: tuple[str, str] | None = None        # (kind, text) of the last banner

    def notify(self, text: str, kind: str = "info",
               action: tuple[str, Callable] | list | None = None, seconds: float = 8) -> None:
        style = STYLES.get(kind, "info")
        self.banner.configure(bootstyle=style)
        self.label.configure(text=text, bootstyle=f"inverse-{style}")
        self.close_button.configure(bootstyle=f"{style}")
        actions = [action] if isinstance(action, tuple) else list(action or ())   # or [(label, fn)…]
        for w in self.extra:
            w.destroy()
        self.action_button.pack_forget()
        self.extra = [ttk.Button(self.banner, text=t, bootstyle="light") for t, _f in actions[1:]]
        for button, (label, fn) in zip([self.action_button] + self.extra, actions, strict=False):
            button.configure(text=label, command=lambda fn=fn: (self.clear(), fn()))
            button.pack(side="right", padx=6)
        self.banner.pack(fill="x", before=self.place_before())
        self._cancel()
        if kind != "danger" and (not actions or kind == "success") and seconds:
            self._after = self.banner.after(int(seconds * 1000), self.clear)
        self.last = (kind, text)

    def clear(self) -> None:
        self._cancel()
        self.banner.pack_forget()

    def _cancel(self) -> None:
        if self._after:
            try:
                self.banner.after_cancel(self._after)
            except (tk.TclError, ValueError):
                pass
            self._after = None
