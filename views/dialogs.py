"""Dialogs on one base with a ``validate()`` hook (the shape of idlelib's ``query.Query``).

Dialogs never block the caller: ``on_ok(result)`` is called when the user confirms and
``validate()`` passed.  That keeps the Tk loop free and lets tests drive them with
``invoke()`` without a nested event loop.

Keys: Enter submits (Ctrl+Enter inside a multi-line box, where Enter is a new line), Tab
moves to the next field (never a tab character), Esc cancels.  With ``wait=True`` the dialog
stays open until the caller's service answered: ``on_ok(result, dialog)``, then
``dialog.finish()`` on success or ``dialog.fail(message)`` — the error shows in the dialog and
everything typed is kept."""
from __future__ import annotations

import tkinter as tk
from abc import ABCMeta, abstractmethod
from collections.abc import Callable
from datetime import date, datetime

import ttkbootstrap as ttk

from app.domain import UserError, nfc
from app.i18n import _
from views import labels
from views.commands import bind_key


class Dialog(tk.Toplevel, metaclass=ABCMeta):
    title_text = ""

    def __init__(self, parent: tk.Misc, on_ok: Callable[..., None], title: str = "",
                 ok_text: str = "", wait: bool = False):
        super().__init__(parent)
        self.withdraw()
        self.wait = wait
        self.title(title or self.title_text)
        self.transient(parent.winfo_toplevel())
        self.on_ok = on_ok
        self.result = None
        outer = ttk.Frame(self, padding=14)
        outer.pack(fill="both", expand=True)
        self.body = ttk.Frame(outer)
        self.body.pack(fill="both", expand=True)
        self.error = ttk.Label(outer, text="", foreground="#b02a37", wraplength=460)
        self.error.pack(fill="x", pady=(8, 0))
        buttons = ttk.Frame(outer)
        buttons.pack(fill="x", pady=(10, 0))
        self.cancel_button = ttk.Button(buttons, text=_("Hủy (Esc)"), command=self.cancel)
        self.cancel_button.pack(side="right")
        self.ok_button = ttk.Button(buttons, text=ok_text or _("Đồng ý (Enter)"),
                                    command=self.ok, bootstyle="primary")
        self.ok_button.pack(side="right", padx=(0, 8))
        self.build(self.body)
        bind_key(self, "dialog.cancel", lambda e: self.cancel())
        bind_key(self, "dialog.ok", self._return)
        bind_key(self, "dialog.ok_note", self._ctrl_return)
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        self.deiconify()
        self.update_idletasks()
        self._center(parent)
        self.after_idle(self.focus_first)

    def _center(self, parent) -> None:
        top = parent.winfo_toplevel()
        x = top.winfo_rootx() + max(0, (top.winfo_width() - self.winfo_reqwidth()) // 2)
        y = top.winfo_rooty() + max(0, (top.winfo_height() - self.winfo_reqheight()) // 3)
        self.geometry(f"+{x}+{y}")

    def _return(self, event):
        if isinstance(event.widget, tk.Text):
            return None          # Enter makes a new line in multi-line boxes
        if isinstance(event.widget, ttk.Button) and event.widget is not self.ok_button:
            event.widget.invoke()
            return "break"
        self.ok()
        return "break"

    def _ctrl_return(self, event):
        self.ok()
        return "break"

    # hooks ---------------------------------------------------------------------------
    @abstractmethod
    def build(self, body: ttk.Frame) -> None:
        """Put the dialog's fields into ``body``."""

    def focus_first(self) -> None:
        pass

    @abstractmethod
    def validate(self):
        """Return the result, or raise UserError with a message to show."""

    # actions -------------------------------------------------------------------------
    def ok(self) -> None:
        if str(self.ok_button.cget("state")) == "disabled":
            return                              # waiting for the service's answer
        try:
            self.result = self.validate()
        except UserError as exc:
            self.error.configure(text=exc.message)
            return
        if self.wait:
            self.error.configure(text="")
            self.ok_button.configure(state="disabled")
            self.on_ok(self.result, self)
            return
        self.destroy()
        self.on_ok(self.result)

    def finish(self) -> None:
        """(wait=True) The service accepted: close."""
        if self.winfo_exists():
            self.destroy()

    def fail(self, message: str) -> None:
        """(wait=True) The service refused: say why, keep everything typed, try again."""
        if self.winfo_exists():
            self.ok_button.configure(state="normal")
            self.error.configure(text=message)

    def cancel(self) -> None:
        self.result = None
        self.destroy()


def _focus_next(event):
    event.widget.tk_focusNext().focus_set()
    return "break"


def _focus_prev(event):
    event.widget.tk_focusPrev().focus_set()
    return "break"


def _text_box(parent, height=4, width=52) -> tk.Text:
    t = tk.Text(parent, height=height, width=width, wrap="word", font="TkDefaultFont",
                relief="solid", borderwidth=1)
    bind_key(t, "text.next", _focus_next)     # Tab moves on, never types a tab character
    bind_key(t, "text.prev", _focus_prev)
    return t


def text_of(box: tk.Text) -> str:
    return nfc(box.get("1.0", "end"))


class ReasonDialog(Dialog):
    """One required free-text reason (refuse, stop, withdraw note…)."""

    def __init__(self, parent, on_ok, title: str, prompt: str, required: bool = True,
                 wait: bool = False, ok_text: str = ""):
        self.prompt, self.required = prompt, required
        super().__init__(parent, on_ok, title, ok_text, wait=wait)

    def build(self, body):
        ttk.Label(body, text=self.prompt, wraplength=460).pack(anchor="w")
        self.box = _text_box(body)
        self.box.pack(fill="both", expand=True, pady=(6, 0))

    def focus_first(self):
        self.box.focus_set()

    def validate(self):
        text = text_of(self.box)
        if self.required and not text:
            raise UserError(_("Cần ghi nội dung."))
        return text


class SupplementDialog(Dialog):
    """Tick the missing documents of the procedure, add others one per line."""
    title_text = ""

    def __init__(self, parent, on_ok, documents: tuple[str, ...], wait: bool = False):
        self.documents = documents
        super().__init__(parent, on_ok, _("Yêu cầu bổ sung hồ sơ ({form})").format(
            form=labels.form_marker("supplement")), wait=wait)

    def build(self, body):
        ttk.Label(body, text=_("Giấy tờ còn thiếu hoặc cần bổ sung, hoàn thiện:")).pack(anchor="w")
        self.vars: list[tuple[str, tk.BooleanVar]] = []
        for doc in self.documents[:14]:
            v = tk.BooleanVar(value=False)
            ttk.Checkbutton(body, text=doc[:90], variable=v).pack(anchor="w", pady=1)
            self.vars.append((doc, v))
        ttk.Label(body, text=_("Nội dung khác (mỗi dòng một mục):")).pack(anchor="w", pady=(8, 0))
        self.box = _text_box(body, height=3)
        self.box.pack(fill="both", expand=True, pady=(4, 0))

    def focus_first(self):
        self.box.focus_set()

    def validate(self):
        items = [d for d, v in self.vars if v.get()]
        items += [nfc(line) for line in self.box.get("1.0", "end").splitlines() if nfc(line)]
        if not items:
            raise UserError(_("Chọn hoặc ghi ít nhất một giấy tờ cần bổ sung."))
        return items


class ApologyDialog(Dialog):
    """New due date (dd/mm/yyyy) and the reason for the delay (the apology letter of the set in
    force: 2025 Mẫu 04, 2018 Mẫu 05)."""

    def __init__(self, parent, on_ok, suggested: date, wait: bool = False):
        self.suggested = suggested
        super().__init__(parent, on_ok, _("Xin lỗi và hẹn lại ngày trả kết quả ({form})").format(
            form=labels.form_marker("apology")), wait=wait)

    def build(self, body):
        ttk.Label(body, text=_("Ngày hẹn trả mới (dd/mm/yyyy):")).pack(anchor="w")
        self.date_var = tk.StringVar(value=self.suggested.strftime("%d/%m/%Y"))
        self.date_entry = ttk.Entry(body, textvariable=self.date_var, width=14)
        self.date_entry.pack(anchor="w", pady=(2, 8))
        ttk.Label(body, text=_("Lý do chậm trễ:")).pack(anchor="w")
        self.box = _text_box(body, height=3)
        self.box.pack(fill="both", expand=True, pady=(4, 0))

    def focus_first(self):
        self.box.focus_set()

    def validate(self):
        try:
            day = datetime.strptime(self.date_var.get().strip(), "%d/%m/%Y").date()
        except ValueError:
            raise UserError(_("Ngày hẹn phải theo dạng dd/mm/yyyy và là ngày có thật.")) from None
        reason = text_of(self.box)
        if not reason:
            raise UserError(_("Cần ghi lý do chậm trễ."))
        return day, reason


class FormDialog(Dialog):
    """Labelled single-line fields: [(key, label, initial, show)] → dict.  ``show`` is a
    mask character for passwords, or a tuple of choices for a read-only drop-down."""

    def __init__(self, parent, on_ok, title: str, fields: list[tuple[str, str, str, str]],
                 check: Callable[[dict], dict] | None = None, ok_text: str = ""):
        self.fields, self.check = fields, check
        super().__init__(parent, on_ok, title, ok_text)

    def build(self, body):
        self.vars = {}
        for row, (key, label, initial, show) in enumerate(self.fields):
            ttk.Label(body, text=label).grid(row=row, column=0, sticky="w", pady=3, padx=(0, 8))
            var = tk.StringVar(value=initial)
            if isinstance(show, tuple):
                e = ttk.Combobox(body, textvariable=var, values=show, state="readonly", width=34)
            else:
                e = ttk.Entry(body, textvariable=var, width=36, show=show)
            e.grid(row=row, column=1, sticky="ew", pady=3)
            self.vars[key] = (var, e)
        body.columnconfigure(1, weight=1)

    def focus_first(self):
        if self.vars:
            next(iter(self.vars.values()))[1].focus_set()

    def validate(self):
        values = {k: (v.get() if k.startswith("password") else nfc(v.get()))
                  for k, (v, _e) in self.vars.items()}
        return self.check(values) if self.check else values


class PasswordDialog(Dialog):
    """A new password, typed twice: the user's own change (forced after an admin's reset)
    or an administrator's reset of another account.  ``on_ok(password)``."""

    def __init__(self, parent, on_ok, username: str, title: str = "", prompt: str = ""):
        self.username, self.prompt = username, prompt
        super().__init__(parent, on_ok, title or _("Đổi mật khẩu"))

    def build(self, body):
        if self.prompt:
            ttk.Label(body, text=self.prompt, wraplength=420).grid(row=0, column=0, columnspan=2,
                                                                  sticky="w", pady=(0, 8))
        self.password, self.password2 = tk.StringVar(), tk.StringVar()
        self.entries = []
        for row, (label, var) in enumerate(((_("Mật khẩu mới"), self.password),
                                            (_("Nhập lại mật khẩu"), self.password2)), start=1):
            ttk.Label(body, text=label).grid(row=row, column=0, sticky="w", pady=3, padx=(0, 8))
            e = ttk.Entry(body, textvariable=var, width=30, show="•")
            e.grid(row=row, column=1, sticky="ew", pady=3)
            self.entries.append(e)

    def focus_first(self):
        self.entries[0].focus_set()

    def validate(self):
        from app.auth import check_new_password
        if self.password.get() != self.password2.get():
            raise UserError(_("Hai lần nhập mật khẩu không khớp."))
        check_new_password(self.username, self.password.get())
        return self.password.get()
