"""F1: every key of the program, read from the command registry (views/commands.py) — the
menu commands this user may run, then the keys of each screen, window and dialog."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from app.domain import User
from app.i18n import _
from views.commands import CommandRegistry, bind_key, help_rows


class KeysDialog(tk.Toplevel):
    def __init__(self, master: tk.Misc, registry: CommandRegistry, user: User | None):
        super().__init__(master)
        self.title(_("Phím tắt"))
        self.transient(master.winfo_toplevel())
        self.rows = help_rows(registry, user)
        outer = ttk.Frame(self, padding=12)
        outer.pack(fill="both", expand=True)
        frame = ttk.Frame(outer)
        frame.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(frame, columns=("where", "key", "what"), show="headings",
                                 height=min(24, len(self.rows)))
        for cid, text, width in (("where", _("Ở đâu"), 190), ("key", _("Phím"), 130),
                                 ("what", _("Làm gì"), 660)):
            self.tree.heading(cid, text=text, anchor="w")
            self.tree.column(cid, width=width, stretch=cid == "what", anchor="w")
        sb = ttk.Scrollbar(frame, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=sb.set)
        self.tree.pack(side="left", fill="both", expand=True)
        sb.pack(side="right", fill="y")
        for row in self.rows:
            self.tree.insert("", "end", values=row)
        self.close_button = ttk.Button(outer, text=_("Đóng (Esc)"), command=self.destroy,
                                       bootstyle="secondary")
        self.close_button.pack(anchor="e", pady=(10, 0))
        bind_key(self, "dialog.cancel", lambda e: self.destroy())
        self.update_idletasks()
        w = min(self.winfo_reqwidth(), self.winfo_screenwidth() - 40)
        h = min(self.winfo_reqheight(), self.winfo_screenheight() - 80)
        x = master.winfo_rootx() + max(0, (master.winfo_width() - w) // 2)
        y = master.winfo_rooty() + max(0, (master.winfo_height() - h) // 3)
        self.geometry(f"{w}x{h}+{x}+{y}")
        self.tree.focus_set()
