"""One command registry feeding the menu bar, the toolbar, keyboard shortcuts and tooltips
(the shape of Thonny's ``Workbench.add_command``).  Role filtering happens here once: a
command the signed-in user may not run is neither shown nor bound."""
from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass, field

from app.domain import Role, User


@dataclass
class Command:
    id: str
    menu: str                         # menu title (already translated)
    label: str
    handler: Callable[[], object]
    shortcut: str = ""                # shown text, e.g. "Ctrl+F", "F3"
    extra_shortcuts: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()      # empty = everyone signed in
    toolbar: bool = False
    tooltip: str = ""
    group: int = 0
    sequences: list[str] = field(default_factory=list)

    def allowed(self, user: User | None) -> bool:
        if not self.roles:
            return True
        return user is not None and user.can(*self.roles)

    @property
    def hint(self) -> str:
        """Tooltip text: what it does and its key."""
        text = self.tooltip or self.label
        return f"{text} ({self.shortcut})" if self.shortcut else text


def sequences_for(shortcut: str) -> list[str]:
    """'Ctrl+F' → ['<Control-f>', '<Control-F>']; 'F3' → ['<F3>']; 'Ctrl+Shift+S' → …"""
    if not shortcut:
        return []
    parts = shortcut.split("+")
    key = parts[-1]
    mods = []
    for m in parts[:-1]:
        mods.append({"ctrl": "Control", "alt": "Alt", "shift": "Shift"}[m.lower()])
    if len(key) == 1 and key.isalpha():
        shifted = "Shift" in mods
        keys = [key.upper()] if shifted else [key.lower(), key.upper()]
    else:
        keys = [{"Enter": "Return", "Esc": "Escape", "Del": "Delete"}.get(key, key)]
    prefix = "-".join(mods)
    return [f"<{prefix + '-' if prefix else ''}{k}>" for k in keys]


class CommandRegistry:
    def __init__(self):
        self.commands: dict[str, Command] = {}
        self._menu_order: list[str] = []
        self._bound: list[tuple[tk.Misc, str]] = []

    def add_command(self, id: str, menu: str, label: str, handler: Callable[[], object], *,
                    shortcut: str = "", extra_shortcuts: tuple[str, ...] = (),
                    roles: tuple[Role, ...] = (), toolbar: bool = False, tooltip: str = "",
                    group: int = 0) -> Command:
        cmd = Command(id, menu, label, handler, shortcut, extra_shortcuts, roles, toolbar,
                      tooltip, group)
        for s in (shortcut, *extra_shortcuts):
            cmd.sequences += sequences_for(s)
        self.commands[id] = cmd
        if menu not in self._menu_order:
            self._menu_order.append(menu)
        return cmd

    def clear(self) -> None:
        self.commands.clear()
        self._menu_order.clear()

    def visible(self, user: User | None) -> list[Command]:
        return [c for c in self.commands.values() if c.allowed(user)]

    def invoke(self, id: str, user: User | None = None):
        cmd = self.commands[id]
        if not cmd.allowed(user):
            return None
        return cmd.handler()

    # -- consumers ----------------------------------------------------------------------
    def build_menubar(self, root: tk.Misc, user: User | None) -> tk.Menu:
        bar = tk.Menu(root, tearoff=False)
        for title in self._menu_order:
            items = [c for c in self.visible(user) if c.menu == title]
            if not items:
                continue
            sub = tk.Menu(bar, tearoff=False)
            last_group = None
            for c in items:
                if last_group is not None and c.group != last_group:
                    sub.add_separator()
                last_group = c.group
                sub.add_command(label=c.label, accelerator=c.shortcut, command=c.handler)
            bar.add_cascade(label=title, menu=sub)
        return bar

    def bind_shortcuts(self, root: tk.Misc, user: User | None) -> None:
        self.unbind_shortcuts()
        for c in self.visible(user):
            for seq in c.sequences:
                root.bind_all(seq, lambda e, h=c.handler: (h(), "break")[1])
                self._bound.append((root, seq))

    def unbind_shortcuts(self) -> None:
        for root, seq in self._bound:
            try:
                root.unbind_all(seq)
            except tk.TclError:
                pass
        self._bound.clear()

    def toolbar_commands(self, user: User | None) -> list[Command]:
        return [c for c in self.visible(user) if c.toolbar]
