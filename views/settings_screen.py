"""Settings (administrators): office, working calendar and overrides, printer (with a test
page), central service URL + API token (OS keyring only), language/theme, backups, users,
the departments list (views/departments_editor.py)."""
from __future__ import annotations

import tkinter as tk
from datetime import datetime
from tkinter import filedialog, messagebox

import ttkbootstrap as ttk

from app import auth, desk, local_config
from app.domain import HUMAN_ROLES, VN_TZ, Role, UserError, nfc
from app.i18n import LANGUAGE_NAMES, _
from app.settings import KEYS, NeedsConfirmation
from views import labels
from views.departments_editor import DepartmentsEditor
from views.dialogs import FormDialog, PasswordDialog
from views.printer import PrinterConfig, output_dir, profile_names
from views.widgets import ChoiceBox, Table

OFFICE_KEYS = ("office.name", "office.code", "office.parent_name", "office.address", "office.phone",
               "office.pickup_place", "tracking.url_template", "procedure.url_template",
               "office.survey_url", "office.bank_bin", "office.bank_account", "office.bank_account_name")


class SettingsScreen(ttk.Frame):
    def __init__(self, master, app):
        super().__init__(master, padding=10)
        self.app = app
        self.vars: dict[str, tk.Variable] = {}
        self._build()
        self.load()
        app.worker.submit(profile_names, done=lambda names: self.profile_box.configure(values=names))

    def _var(self, key: str, boolean: bool = False) -> tk.Variable:
        var = tk.BooleanVar() if boolean else tk.StringVar()
        self.vars[key] = var
        return var

    def _entry_rows(self, parent, keys, start=0, width=60) -> None:
        for i, key in enumerate(keys, start=start):
            ttk.Label(parent, text=_(KEYS[key].label)).grid(row=i, column=0, sticky="w", pady=2,
                                                            padx=(0, 10))
            ttk.Entry(parent, textvariable=self._var(key), width=width).grid(
                row=i, column=1, sticky="ew" if width >= 40 else "w", pady=2)
        parent.columnconfigure(1, weight=1)

    def _save_button(self, parent, keys, row, extra=None) -> None:
        bar = ttk.Frame(parent)
        bar.grid(row=row, column=0, columnspan=3, sticky="w", pady=(10, 0))
        ttk.Button(bar, text=_("Lưu"), bootstyle="primary",
                   command=lambda: self._on_save(keys)).pack(side="left")
        if extra:
            extra(bar)

    def _build(self) -> None:
        self.tabs = ttk.Notebook(self)
        self.tabs.pack(fill="both", expand=True)
        office = ttk.Frame(self.tabs, padding=12)
        self.tabs.add(office, text=_("Cơ quan"))
        self._entry_rows(office, OFFICE_KEYS)
        ttk.Checkbutton(office, text=_(KEYS["office.demo"].label),
                        variable=self._var("office.demo", True)).grid(
            row=len(OFFICE_KEYS), column=0, columnspan=2, sticky="w", pady=4)
        self._save_button(office, OFFICE_KEYS + ("office.demo",), len(OFFICE_KEYS) + 1)
        self._build_calendar()
        self._build_printer()
        self._build_central()
        self._build_ui()
        self._build_backup()
        self._build_users()
        self.departments = DepartmentsEditor(self.tabs, self.app)      # views/departments_editor.py
        self.tabs.add(self.departments, text=_("Phòng ban"))

    def _build_calendar(self) -> None:
        tab = ttk.Frame(self.tabs, padding=12)
        self.tabs.add(tab, text=_("Lịch làm việc"))
        days = ttk.Frame(tab)
        days.grid(row=0, column=0, columnspan=2, sticky="w")
        ttk.Label(days, text=_("Ngày làm việc trong tuần:")).pack(side="left", padx=(0, 8))
        self.day_vars = []
        for i, name in enumerate(labels.WEEKDAYS, start=1):
            v = tk.BooleanVar()
            ttk.Checkbutton(days, text=_(name), variable=v).pack(side="left", padx=3)
            self.day_vars.append((i, v))
        ttk.Checkbutton(tab, text=_(KEYS["calendar.saturday_morning"].label),
                        variable=self._var("calendar.saturday_morning", True)).grid(
            row=1, column=0, columnspan=2, sticky="w", pady=4)
        self._entry_rows(tab, ("calendar.open", "calendar.close", "calendar.saturday_close"), 2, 8)
        self._save_button(tab, ("calendar.weekdays", "calendar.saturday_morning", "calendar.open",
                                "calendar.close", "calendar.saturday_close"), 5)
        ttk.Separator(tab).grid(row=6, column=0, columnspan=3, sticky="ew", pady=12)
        ttk.Label(tab, text=_("Ngày nghỉ thêm / làm bù của cơ quan"),
                  font=("TkDefaultFont", 10, "bold")).grid(row=7, column=0, columnspan=2, sticky="w")
        self.overrides = Table(tab, [("day", _("Ngày"), 110), ("kind", _("Loại"), 110),
                                     ("note", _("Ghi chú"), 400)], height=6)
        self.overrides.grid(row=8, column=0, columnspan=3, sticky="nsew", pady=4)
        add = ttk.Frame(tab)
        add.grid(row=9, column=0, columnspan=3, sticky="w")
        self.ov_day, self.ov_note = tk.StringVar(), tk.StringVar()
        self.ov_kind = tk.StringVar(value=_("Nghỉ"))
        ttk.Label(add, text=_("Ngày (dd/mm/yyyy)")).pack(side="left")
        ttk.Entry(add, textvariable=self.ov_day, width=12).pack(side="left", padx=4)
        ttk.Combobox(add, textvariable=self.ov_kind, values=(_("Nghỉ"), _("Làm bù")), width=9,
                     state="readonly").pack(side="left", padx=4)
        ttk.Entry(add, textvariable=self.ov_note, width=30).pack(side="left", padx=4)
        ttk.Button(add, text=_("Thêm"), command=self._on_add_override,
                   bootstyle="primary-outline").pack(side="left", padx=4)
        ttk.Button(add, text=_("Xóa ngày đang chọn"), command=self._on_remove_override,
                   bootstyle="danger-outline").pack(side="left", padx=4)

    def _build_printer(self) -> None:
        tab = ttk.Frame(self.tabs, padding=12)
        self.tabs.add(tab, text=_("Máy in"))
        rows = [("printer.connection", labels.PRINTER_CONNECTIONS, "readonly"),
                ("printer.target", None, None), ("printer.width", labels.PAPER_WIDTHS, "readonly"),
                ("printer.profile", (), "normal"), ("printer.qr", labels.QR_MODES, "readonly")]
        for i, (key, values, state) in enumerate(rows):
            ttk.Label(tab, text=_(KEYS[key].label)).grid(row=i, column=0, sticky="w", pady=3, padx=(0, 10))
            if values is None:
                w = ttk.Entry(tab, textvariable=self._var(key), width=50)
            elif isinstance(values, dict):
                w = ChoiceBox(tab, self._var(key), labels.choices(values), width=40)
            else:
                w = ttk.Combobox(tab, textvariable=self._var(key), values=values, state=state, width=30)
            w.grid(row=i, column=1, sticky="w", pady=3)
            if key == "printer.profile":
                self.profile_box = w
        ttk.Checkbutton(tab, text=_(KEYS["printer.fee_qr"].label),
                        variable=self._var("printer.fee_qr", True)).grid(row=5, column=1, sticky="w")
        ttk.Label(tab, text=_("Không có máy in: biên nhận và biểu mẫu được lưu thành PDF/PNG trong "
                              "{path} rồi mở ra để in.").format(path=output_dir())
                  + "\n" + _("Máy in là thiết lập riêng của máy tính này (lưu trong {path}); "
                             "mỗi quầy giữ máy in của mình.").format(path=local_config.path()),
                  wraplength=700, bootstyle="secondary").grid(row=6, column=0, columnspan=2, sticky="w",
                                                               pady=(8, 0))
        keys = tuple(k for k, _v, _s in rows) + ("printer.fee_qr",)
        self._save_button(tab, keys, 7, extra=lambda bar: ttk.Button(
            bar, text=_("In trang thử"), command=self._on_test_page,
            bootstyle="info-outline").pack(side="left", padx=8))

    def _build_central(self) -> None:
        tab = ttk.Frame(self.tabs, padding=12)
        self.tabs.add(tab, text=_("Dịch vụ trung tâm"))
        self._entry_rows(tab, ("central.url",))
        self._entry_rows(tab, ("central.timeout",), start=1, width=8)
        ttk.Label(tab, text=_(KEYS["notify.adapter"].label)).grid(row=2, column=0, sticky="w", pady=2)
        ChoiceBox(tab, self._var("notify.adapter"), labels.choices(labels.ADAPTERS),
                  width=36).grid(row=2, column=1, sticky="w", pady=2)
        self._save_button(tab, ("central.url", "central.timeout", "notify.adapter"), 3)
        ttk.Separator(tab).grid(row=4, column=0, columnspan=3, sticky="ew", pady=12)
        ttk.Label(tab, text=_("Mã truy cập (API token)")).grid(row=5, column=0, sticky="w")
        self.token = tk.StringVar()
        ttk.Entry(tab, textvariable=self.token, width=50, show="•").grid(row=5, column=1, sticky="w")
        bar = ttk.Frame(tab)
        bar.grid(row=6, column=1, sticky="w", pady=6)
        ttk.Button(bar, text=_("Lưu vào kho khóa hệ điều hành"), bootstyle="primary",
                   command=self._on_token).pack(side="left")
        ttk.Button(bar, text=_("Xóa mã"), bootstyle="danger-outline",
                   command=self._on_clear_token).pack(side="left", padx=8)
        self.token_state = ttk.Label(tab, text="", bootstyle="secondary")
        self.token_state.grid(row=7, column=1, sticky="w")
        ttk.Label(tab, text=_("Mã truy cập chỉ được lưu trong kho khóa của hệ điều hành (Windows "
                              "Credential Manager / Secret Service), không lưu trong cơ sở dữ liệu."),
                  wraplength=700, bootstyle="secondary").grid(row=8, column=0, columnspan=2, sticky="w")

    def _build_ui(self) -> None:
        tab = ttk.Frame(self.tabs, padding=12)
        self.tabs.add(tab, text=_("Giao diện"))
        ttk.Label(tab, text=_("Ngôn ngữ")).grid(row=0, column=0, sticky="w", pady=3, padx=(0, 10))
        self.lang = tk.StringVar()
        ttk.Combobox(tab, textvariable=self.lang, values=list(LANGUAGE_NAMES.values()),
                     state="readonly", width=20).grid(row=0, column=1, sticky="w")
        ttk.Label(tab, text=_("Giao diện")).grid(row=1, column=0, sticky="w", pady=3)
        self.theme = tk.StringVar()
        ChoiceBox(tab, self.theme, labels.choices(labels.THEMES, ttk.Style().theme_names()),
                  width=24).grid(row=1, column=1, sticky="w")
        ttk.Button(tab, text=_("Áp dụng"), bootstyle="primary", command=self._on_ui).grid(
            row=2, column=1, sticky="w", pady=10)

    def _build_backup(self) -> None:
        tab = ttk.Frame(self.tabs, padding=12)
        self.tabs.add(tab, text=_("Sao lưu"))
        ttk.Label(tab, text=_("Thư mục sao lưu")).grid(row=0, column=0, sticky="w", padx=(0, 10))
        self.backup_dir = tk.StringVar(value=str(output_dir() / "saoluu"))
        ttk.Entry(tab, textvariable=self.backup_dir, width=60).grid(row=0, column=1, sticky="w")
        ttk.Button(tab, text=_("Chọn…"), bootstyle="secondary-outline", command=lambda: self.backup_dir.set(
            filedialog.askdirectory(parent=self) or self.backup_dir.get())).grid(row=0, column=2, padx=6)
        ttk.Button(tab, text=_("Sao lưu ngay"), bootstyle="primary", command=self._on_backup).grid(
            row=1, column=1, sticky="w", pady=10)
        self.backup_msg = ttk.Label(tab, text=_("Sao lưu là bản sao nhất quán của tệp SQLite "
                                                "(an toàn cả khi đang làm việc)."), bootstyle="secondary")
        self.backup_msg.grid(row=2, column=0, columnspan=3, sticky="w")

    def _build_users(self) -> None:
        tab = ttk.Frame(self.tabs, padding=12)
        self.tabs.add(tab, text=_("Người dùng"))
        self.users = Table(tab, [("username", _("Tên đăng nhập"), 140), ("name", _("Họ tên"), 240),
                                 ("role", _("Vai trò"), 180), ("active", _("Hoạt động"), 100)], height=10)
        self.users.pack(fill="both", expand=True)
        bar = ttk.Frame(tab)
        bar.pack(anchor="w", pady=8)
        self.user_buttons = {}
        for key, text, command in (
                ("add", _("Thêm người dùng…"), self._on_add_user),
                ("disable", _("Vô hiệu hóa"), lambda: self._on_set_active(False)),
                ("enable", _("Cho hoạt động lại"), lambda: self._on_set_active(True)),
                ("role", _("Đổi vai trò…"), self._on_change_role),
                ("reset", _("Đặt lại mật khẩu…"), self._on_reset_password)):
            b = ttk.Button(bar, text=text, command=command,
                           bootstyle="primary-outline" if key == "add" else "secondary-outline")
            b.pack(side="left", padx=(0, 6))
            self.user_buttons[key] = b

    # ---- data -------------------------------------------------------------------------------------
    def load(self) -> None:
        self.app.worker.submit(desk.settings_screen_data, self.app.user, done=self._show)
        self.load_users()
        self.departments.load()

    def load_users(self) -> None:
        self.app.worker.submit(auth.accounts, self.app.user, done=self._show_users)

    def _show_users(self, accounts) -> None:
        def state(a) -> str:
            if a.locked_until:
                return _("Khóa đến {time}").format(time=f"{a.locked_until.astimezone(VN_TZ):%H:%M}")
            if not a.user.active:
                return "—"
            return _("✓ (phải đổi mật khẩu)") if a.user.must_change_password else "✓"
        self.users.set_rows([(a.user.username, (a.user.username, a.user.full_name,
                                                labels.role(a.user.role), state(a)), "", {})
                             for a in accounts])

    def _show(self, data) -> None:
        values, overrides, users, token = data
        for key, var in self.vars.items():
            if key in values:
                var.set(values[key] == "true" if isinstance(var, tk.BooleanVar) else values[key])
        days = {int(x) for x in values["calendar.weekdays"].split(",") if x.strip().isdigit()}
        for i, v in self.day_vars:
            v.set(i in days)
        self.lang.set(LANGUAGE_NAMES.get(values["ui.language"], "Tiếng Việt"))
        self.theme.set(ttk.Style().theme_use())
        self._show_overrides(overrides)
        self._show_token(token)          # the users table: load_users() (with lockouts)

    def _show_overrides(self, overrides) -> None:
        self.overrides.set_rows([(d.isoformat(), (d.strftime("%d/%m/%Y"),
                                                  _("Nghỉ") if k == "off" else _("Làm bù"), note), "",
                                  {"day": d}) for d, k, note in overrides])

    def _show_token(self, source: str) -> None:
        text = {"keyring": _("Đã lưu trong kho khóa hệ điều hành."),
                "env": _("Đang dùng biến môi trường MOTCUA_CENTRAL_TOKEN."),
                "": _("Chưa có mã truy cập.")}.get(source, source)
        self.token_state.configure(text=text)

    def _value(self, key: str) -> str:
        if key == "calendar.weekdays":
            return ",".join(str(i) for i, v in self.day_vars if v.get())
        var = self.vars[key]
        if isinstance(var, tk.BooleanVar):
            return "true" if var.get() else "false"
        return nfc(var.get())

    # ---- handlers ------------------------------------------------------------------------------------
    # replaced in tests; a yes/no question on the Tk thread
    ask_yes_no = staticmethod(lambda parent, title, message: messagebox.askyesno(
        title, message, parent=parent))

    def _on_save(self, keys, confirm: bool = False) -> None:
        values = {k: self._value(k) for k in keys}

        def done(result):
            self.app.settings_saved(*result)
            self.app.notify(_("Đã lưu thiết lập."), "success")

        def error(exc):
            if isinstance(exc, NeedsConfirmation):     # office code change with dossiers
                if self.ask_yes_no(self, _("Đổi mã cơ quan"), exc.message):
                    self._on_save(keys, confirm=True)
                return True
            return None
        self.app.worker.submit(desk.save_settings, self.app.user, values, confirm,
                               done=done, error=error)

    def _on_test_page(self) -> None:
        values = dict(self.app.settings)
        values.update({k: self._value(k) for k in self.vars if k.startswith("printer.")})
        self.app.printer.configure(PrinterConfig.from_settings(values))
        self.app.printer.test_page(self.app.office)
        self.app.flash(_("Đang in trang thử…"))

    def _on_add_override(self) -> None:
        try:
            day = datetime.strptime(self.ov_day.get().strip(), "%d/%m/%Y").date()
        except ValueError:
            self.app.notify(_("Ngày phải theo dạng dd/mm/yyyy."), "warning")
            return
        kind = "off" if self.ov_kind.get() == _("Nghỉ") else "work"
        self.app.worker.submit(desk.set_override, self.app.user, day, kind, self.ov_note.get(),
                               done=self._show_overrides)

    def _on_remove_override(self) -> None:
        sel = self.overrides.tree.selection()
        if sel:
            day = datetime.fromisoformat(sel[0]).date()
            self.app.worker.submit(desk.remove_override, self.app.user, day, done=self._show_overrides)

    def _on_token(self) -> None:
        token = self.token.get().strip()
        self.token.set("")
        self.app.worker.submit(desk.set_central_token, self.app.user, token, done=self._show_token)

    def _on_clear_token(self) -> None:
        self.app.worker.submit(desk.clear_central_token, self.app.user, done=self._show_token)

    def _on_ui(self) -> None:
        lang = {v: k for k, v in LANGUAGE_NAMES.items()}.get(self.lang.get(), "vi")
        theme = self.theme.get()
        if theme and theme != ttk.Style().theme_use():
            self.app.set_ui("ui.theme", theme)
        if lang != self.app.settings.get("ui.language"):
            self.app.set_ui("ui.language", lang)

    def _on_backup(self) -> None:
        self.app.worker.submit(desk.backup, self.app.user, self.backup_dir.get(), done=lambda p: (
            self.backup_msg.configure(text=_("Đã sao lưu: {path}").format(path=p)),
            self.app.notify(_("Đã sao lưu: {path}").format(path=p), "success")))

    def _on_add_user(self) -> None:
        roles = {labels.role(r): r for r in HUMAN_ROLES}

        def check(values):
            if values["password"] != values["password2"]:
                raise UserError(_("Hai lần nhập mật khẩu không khớp."))
            if values["role"] not in roles:
                raise UserError(_("Vai trò: {names}").format(names=", ".join(roles)))
            return values

        def create(values):
            self.app.worker.submit(auth.create_user, self.app.user, values["username"],
                                   values["full_name"], roles[values["role"]], values["password"],
                                   done=lambda u: (self.app.notify(_("Đã tạo tài khoản {u}.").format(
                                       u=u.username), "success"), self.load_users()))
        self.user_dialog = FormDialog(self, create, _("Thêm người dùng"), [
            ("username", _("Tên đăng nhập"), "", ""), ("full_name", _("Họ tên"), "", ""),
            ("role", _("Vai trò"), labels.role(Role.CLERK), tuple(roles)),
            ("password", _("Mật khẩu (≥ 8 ký tự)"), "", "•"), ("password2", _("Nhập lại mật khẩu"), "", "•")],
            check=check)

    def _selected_user(self) -> str | None:
        sel = self.users.tree.selection()
        if not sel:
            self.app.notify(_("Chọn một người dùng trong danh sách."), "warning")
            return None
        return sel[0]

    def _user_done(self, message: str):
        return lambda u: (self.app.notify(message.format(u=u.username), "success"), self.load_users())

    def _on_set_active(self, active: bool) -> None:
        name = self._selected_user()
        if name:
            msg = _("Đã cho {u} hoạt động lại.") if active else _("Đã vô hiệu hóa {u}.")
            self.app.worker.submit(auth.set_active, self.app.user, name, active,
                                   done=self._user_done(msg))

    def _on_change_role(self) -> None:
        name = self._selected_user()
        if not name:
            return
        roles = {labels.role(r): r for r in (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)}

        def check(values):
            if values["role"] not in roles:
                raise UserError(_("Vai trò: {names}").format(names=", ".join(roles)))
            return values
        self.role_dialog = FormDialog(
            self, lambda v: self.app.worker.submit(auth.set_role, self.app.user, name, roles[v["role"]],
                                                   done=self._user_done(_("Đã đổi vai trò của {u}."))),
            _("Đổi vai trò của {u}").format(u=name),
            [("role", _("Vai trò"), labels.role(Role.CLERK), tuple(roles))], check=check)

    def _on_reset_password(self) -> None:
        name = self._selected_user()
        if not name:
            return
        self.password_dialog = PasswordDialog(
            self, lambda pw: self.app.worker.submit(
                auth.set_password, self.app.user, name, pw,
                done=self._user_done(_("Đã đặt lại mật khẩu của {u}: người dùng phải đổi mật khẩu "
                                       "khi đăng nhập."))),
            name, _("Đặt lại mật khẩu của {u}").format(u=name),
            _("Người dùng sẽ phải đổi mật khẩu này ở lần đăng nhập tới."))

    def on_show(self) -> None:
        pass
