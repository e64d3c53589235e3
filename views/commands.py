"""One command registry feeding the menu bar, the toolbar, keyboard shortcuts, tooltips and
the F1 list (the shape of Thonny's ``Workbench.add_command``).  Role filtering happens here
once: a command the signed-in user may not run is neither shown nor bound.

Every other key binding of the program is declared here too, in ``KEYS`` (keys that belong
to one screen, window or field: Esc, Ctrl+1–5, the digits of the dossier window, Enter in a
field…), and bound only through ``bind_key``; ``tests/gui/test_keys.py`` fails on a
``bind("<Key…>")`` anywhere else in views/."""
from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass, field

from app.domain import Role, User
from app.i18n import N_, _


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


# ---- keys that belong to a screen, a window or a field ---------------------------------------
SCOPE_MAIN = N_("Cửa sổ chính")
SCOPE_COUNTER = N_("Tiếp nhận hồ sơ")
SCOPE_FIND = N_("Tìm hồ sơ, danh sách")
SCOPE_DETAIL = N_("Cửa sổ hồ sơ")
SCOPE_DIALOG = N_("Hộp thoại")
SCOPE_SETUP = N_("Đăng nhập, thiết lập")


@dataclass(frozen=True)
class Key:
    id: str
    scope: str                        # N_ text: where the key works
    shortcut: str                     # shown text
    label: str                        # N_ text: what it does
    sequences: tuple[str, ...]


KEYS: dict[str, Key] = {k.id: k for k in (
    Key("screen.escape", SCOPE_MAIN, "Esc", N_("Xóa biểu mẫu / bỏ lọc của màn hình đang mở"),
        ("<Escape>",)),
    Key("screen.section", SCOPE_MAIN, "Ctrl+1…5",
        N_("Chọn nhóm thứ 1…5 của màn hình (hàng đợi, bộ lọc tìm kiếm)"),
        tuple(f"<Control-Key-{n}>" for n in "12345")),
    Key("counter.search", SCOPE_COUNTER, "Enter", N_("Chọn thủ tục đầu tiên tìm được"), ("<Return>",)),
    Key("counter.to_list", SCOPE_COUNTER, "↓", N_("Xuống danh sách thủ tục"), ("<Down>",)),
    Key("counter.pick", SCOPE_COUNTER, "Enter", N_("Chọn thủ tục đang đánh dấu"), ("<Return>",)),
    Key("counter.scan_box", SCOPE_COUNTER, "Enter", N_("Điền thông tin từ mã QR CCCD vừa quét"),
        ("<Return>",)),
    Key("counter.register", SCOPE_COUNTER, "Enter", N_("Tiếp nhận hồ sơ (từ ô cuối của biểu mẫu)"),
        ("<Return>",)),
    Key("scanner", SCOPE_COUNTER, N_("Máy quét"),
        N_("Máy quét mã vạch/QR gõ như bàn phím, kết thúc bằng Enter: mở hồ sơ hoặc điền CCCD"),
        ("<KeyPress>", "<Return>", "<KP_Enter>")),
    Key("find.search", SCOPE_FIND, "Enter", N_("Tìm ngay"), ("<Return>",)),
    Key("find.to_list", SCOPE_FIND, "↓", N_("Xuống danh sách kết quả"), ("<Down>",)),
    Key("find.prev", SCOPE_FIND, "PgUp", N_("Trang kết quả trước"), ("<Prior>",)),
    Key("find.next", SCOPE_FIND, "PgDn", N_("Trang kết quả sau"), ("<Next>",)),
    Key("list.open", SCOPE_FIND, "Enter", N_("Mở hồ sơ đang chọn trong danh sách"), ("<Return>",)),
    Key("queue.refresh", SCOPE_FIND, "F5", N_("Tải lại hàng đợi"), ("<F5>",)),
    Key("detail.action", SCOPE_DETAIL, "1…9",
        N_("Mở xác nhận của bước xử lý số 1…9 (không bao giờ đổi ngay)"),
        tuple(f"<Key-{n}>" for n in "123456789")),
    Key("detail.refresh", SCOPE_DETAIL, "F5", N_("Tải lại hồ sơ"), ("<F5>",)),
    Key("detail.close", SCOPE_DETAIL, "Esc", N_("Đóng cửa sổ hồ sơ"), ("<Escape>",)),
    Key("dialog.ok", SCOPE_DIALOG, "Enter", N_("Đồng ý"), ("<Return>", "<KP_Enter>")),
    Key("dialog.ok_note", SCOPE_DIALOG, "Ctrl+Enter", N_("Đồng ý khi đang ở ô ghi chú"),
        ("<Control-Return>",)),
    Key("dialog.cancel", SCOPE_DIALOG, "Esc", N_("Hủy, đóng hộp thoại"), ("<Escape>",)),
    Key("text.next", SCOPE_DIALOG, "Tab", N_("Sang ô tiếp theo (ô ghi chú không nhận ký tự Tab)"),
        ("<Tab>",)),
    Key("text.prev", SCOPE_DIALOG, "Shift+Tab", N_("Về ô trước"), ("<ISO_Left_Tab>", "<Shift-Tab>")),
    Key("login.submit", SCOPE_SETUP, "Enter", N_("Đăng nhập"), ("<Return>",)),
    Key("wizard.next", SCOPE_SETUP, "Enter", N_("Sang bước tiếp theo của thiết lập lần đầu"),
        ("<Return>",)),
)}


def bind_key(widget: tk.Misc, key_id: str, handler: Callable[[tk.Event], object], *,
             add: bool = False, everywhere: bool = False, class_tag: str = "") -> None:
    """Bind the sequences of ``KEYS[key_id]`` on `widget` (``everywhere``: bind_all; with
    `class_tag`: on that bind tag).  The one place views/ binds keys."""
    for seq in KEYS[key_id].sequences:
        if class_tag:
            widget.bind_class(class_tag, seq, handler, add="+" if add else "")
        elif everywhere:
            widget.bind_all(seq, handler, add="+" if add else "")
        else:
            widget.bind(seq, handler, add="+" if add else "")


def unbind_key(widget: tk.Misc, key_id: str, *, everywhere: bool = False) -> None:
    for seq in KEYS[key_id].sequences:
        if everywhere:
            widget.unbind_all(seq)
        else:
            widget.unbind(seq)


def help_rows(registry: CommandRegistry, user: User | None) -> list[tuple[str, str, str]]:
    """(where, key, what) for F1: the commands this user may run, then every other key."""
    rows = []
    for c in registry.visible(user):
        for key in (c.shortcut, *c.extra_shortcuts):
            if key:
                rows.append((c.menu, key, c.label))
    rows += [(_(k.scope), _(k.shortcut), _(k.label)) for k in KEYS.values()]
    return rows
