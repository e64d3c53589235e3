"""Sign-in screen: username + password; Enter signs in.  The password check (scrypt, ~0.3 s)
runs on the worker, never on the Tk thread.  An account whose password an admin reset must
choose a new one (PasswordDialog) before the session starts."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from app import auth, desk
from app.domain import UserError, nfc
from app.i18n import _
from views.commands import bind_key
from views.dialogs import PasswordDialog


class LoginScreen(ttk.Frame):
    def __init__(self, master, app, on_login, username: str = ""):
        super().__init__(master, padding=30)
        self.app = app
        self.on_login = on_login
        self.busy = False
        self._build(username)

    def _build(self, username: str) -> None:
        box = ttk.Frame(self, padding=28, bootstyle="light")
        box.place(relx=0.5, rely=0.42, anchor="center")
        office = self.app.startup_state.office_name if self.app.startup_state else ""
        ttk.Label(box, text="Một Cửa Desk", font=("TkDefaultFont", 20, "bold"),
                  bootstyle="inverse-light").grid(row=0, column=0, columnspan=2, pady=(0, 2))
        ttk.Label(box, text=office, font=("TkDefaultFont", 11), bootstyle="inverse-light").grid(
            row=1, column=0, columnspan=2, pady=(0, 18))
        ttk.Label(box, text=_("Tên đăng nhập"), bootstyle="inverse-light").grid(
            row=2, column=0, sticky="w", pady=4, padx=(0, 10))
        self.username = tk.StringVar(value=username)
        self.user_entry = ttk.Entry(box, textvariable=self.username, width=28)
        self.user_entry.grid(row=2, column=1, pady=4)
        ttk.Label(box, text=_("Mật khẩu"), bootstyle="inverse-light").grid(
            row=3, column=0, sticky="w", pady=4, padx=(0, 10))
        self.password = tk.StringVar()
        self.pass_entry = ttk.Entry(box, textvariable=self.password, width=28, show="•")
        self.pass_entry.grid(row=3, column=1, pady=4)
        self.error = ttk.Label(box, text="", bootstyle="inverse-light", foreground="#b02a37",
                               wraplength=320)
        self.error.grid(row=4, column=0, columnspan=2, pady=(6, 0))
        self.button = ttk.Button(box, text=_("Đăng nhập (Enter)"), command=self._on_login,
                                 bootstyle="primary")
        self.button.grid(row=5, column=0, columnspan=2, sticky="ew", pady=(10, 0))
        for w in (self.user_entry, self.pass_entry):
            bind_key(w, "login.submit", lambda e: (self._on_login(), "break")[1])
        target = self.pass_entry if username else self.user_entry
        self.after_idle(target.focus_set)

    def _on_login(self) -> None:
        if self.busy:
            return
        username, password = nfc(self.username.get()), self.password.get()
        if not username or not password:
            self.error.configure(text=_("Nhập tên đăng nhập và mật khẩu."))
            return
        self.busy = True
        self.error.configure(text=_("Đang kiểm tra…"))
        self.app.worker.submit(desk.sign_in, username, password, done=self._done,
                               error=self._failed)

    def _done(self, session) -> None:
        self.busy = False
        self.password.set("")
        user = session[0]
        if user.must_change_password:
            self.error.configure(text=_("Mật khẩu của bạn vừa được quản trị viên đặt lại."))
            self.change_dialog = PasswordDialog(
                self, lambda pw: self._change_password(session, pw), user.username,
                prompt=_("Mật khẩu của bạn vừa được quản trị viên đặt lại: chọn mật khẩu mới "
                         "trước khi làm việc."))
            return
        self.on_login(session)

    def _change_password(self, session, password: str) -> None:
        self.busy = True
        self.error.configure(text=_("Đang đổi mật khẩu…"))
        user = session[0]

        def changed(new_user) -> None:
            self.busy = False
            self.error.configure(text="")
            self.on_login((new_user, *session[1:]))
        self.app.worker.submit(auth.set_password, user, user.username, password, done=changed,
                               error=self._failed)

    def _failed(self, exc) -> bool:
        self.busy = False
        if isinstance(exc, UserError):
            self.error.configure(text=exc.message)
            self.password.set("")
            self.pass_entry.focus_set()
            return True
        return False
