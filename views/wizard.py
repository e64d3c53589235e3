"""First-run wizard (new database): office, tracking URL, working week and hours, printer
(with a test print, or "no printer: PDF"), first administrator account."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from app import desk, settings
from app.domain import Office, UserError, nfc
from app.i18n import _
from app.settings import KEYS
from views import labels
from views.commands import bind_key, unbind_key
from views.printer import PrinterConfig, output_dir
from views.widgets import ChoiceBox


class FirstRunWizard(ttk.Frame):
    def __init__(self, master, app, on_done):
        super().__init__(master, padding=24)
        self.app = app
        self.on_done = on_done
        self.step = 0
        self.vars: dict[str, tk.Variable] = {}
        self.busy = False
        self._build()
        self._show_step(0)

    def _var(self, key: str, value="") -> tk.StringVar:
        var = self.vars.get(key) or tk.StringVar(value=value)
        self.vars[key] = var
        return var

    def _row(self, parent, row: int, label: str, key: str, value: str = "", show: str = "",
             width: int = 56) -> ttk.Entry:
        ttk.Label(parent, text=label).grid(row=row, column=0, sticky="w", pady=4, padx=(0, 12))
        e = ttk.Entry(parent, textvariable=self._var(key, value), width=width, show=show)
        e.grid(row=row, column=1, sticky="ew" if width >= 40 else "w", pady=4)
        return e

    def _build(self) -> None:
        ttk.Label(self, text=_("Thiết lập lần đầu"), font=("TkDefaultFont", 18, "bold")).pack(anchor="w")
        self.subtitle = ttk.Label(self, text="", bootstyle="secondary", font=("TkDefaultFont", 11))
        self.subtitle.pack(anchor="w", pady=(2, 12))
        self.pages = []
        holder = ttk.Frame(self)
        holder.pack(fill="both", expand=True)
        # 1. office
        p = ttk.Frame(holder)
        self._row(p, 0, _(KEYS["office.name"].label), "office.name", "UBND xã ")
        self._row(p, 1, _(KEYS["office.code"].label) + _(" (ví dụ 000.17.22.H56)"), "office.code")
        self._row(p, 2, _(KEYS["office.parent_name"].label), "office.parent_name")
        self._row(p, 3, _(KEYS["office.address"].label), "office.address")
        self._row(p, 4, _(KEYS["office.phone"].label), "office.phone")
        self.pages.append((p, _("1/5 · Cơ quan")))
        # 2. tracking URL
        p = ttk.Frame(holder)
        self._row(p, 0, _(KEYS["tracking.url_template"].label), "tracking.url_template",
                  KEYS["tracking.url_template"].default, width=70)
        ttk.Label(p, text=_("Mã QR trên giấy biên nhận chỉ chứa địa chỉ này: {code} là mã hồ sơ, "
                            "{token} là mã tra cứu ngẫu nhiên. Không chứa họ tên, số điện thoại hay "
                            "số CCCD."), wraplength=700, bootstyle="secondary").grid(
            row=1, column=0, columnspan=2, sticky="w", pady=6)
        self.demo = tk.BooleanVar(value=False)
        ttk.Checkbutton(p, text=_(KEYS["office.demo"].label), variable=self.demo).grid(
            row=2, column=0, columnspan=2, sticky="w", pady=4)
        ttk.Label(p, text=_("Địa chỉ mẫu (example.org) chỉ dùng cho cơ quan thử nghiệm: địa chỉ "
                            "tra cứu được in lên giấy hẹn trả của công dân."), wraplength=700,
                  bootstyle="secondary").grid(row=3, column=0, columnspan=2, sticky="w")
        self.pages.append((p, _("2/5 · Địa chỉ tra cứu hồ sơ")))
        # 3. calendar
        p = ttk.Frame(holder)
        days = ttk.Frame(p)
        days.grid(row=0, column=0, columnspan=2, sticky="w", pady=4)
        self.day_vars = []
        for i, name in enumerate(labels.WEEKDAYS, start=1):
            v = tk.BooleanVar(value=i <= 5)
            ttk.Checkbutton(days, text=_(name), variable=v).pack(side="left", padx=(0, 8))
            self.day_vars.append((i, v))
        self.saturday = tk.BooleanVar(value=False)
        ttk.Checkbutton(p, text=_(KEYS["calendar.saturday_morning"].label), variable=self.saturday).grid(
            row=1, column=0, columnspan=2, sticky="w", pady=4)
        self._row(p, 2, _(KEYS["calendar.open"].label), "calendar.open", "07:30", width=8)
        self._row(p, 3, _(KEYS["calendar.close"].label), "calendar.close", "17:00", width=8)
        ttk.Label(p, text=_("Ngày lễ, Tết và ngày làm bù theo quy định được tính tự động."),
                  bootstyle="secondary").grid(row=4, column=0, columnspan=2, sticky="w", pady=6)
        self.pages.append((p, _("3/5 · Lịch làm việc")))
        # 4. printer
        p = ttk.Frame(holder)
        ttk.Label(p, text=_(KEYS["printer.connection"].label)).grid(row=0, column=0, sticky="w", pady=4)
        ChoiceBox(p, self._var("printer.connection", "none"), labels.choices(labels.PRINTER_CONNECTIONS),
                  width=40).grid(row=0, column=1, sticky="w")
        self._row(p, 1, _(KEYS["printer.target"].label), "printer.target")
        ttk.Label(p, text=_(KEYS["printer.width"].label)).grid(row=2, column=0, sticky="w", pady=4)
        ChoiceBox(p, self._var("printer.width", "576"), labels.choices(labels.PAPER_WIDTHS),
                  width=28).grid(row=2, column=1, sticky="w")
        ttk.Button(p, text=_("In thử"), bootstyle="info-outline", command=self._on_test_print).grid(
            row=3, column=1, sticky="w", pady=8)
        ttk.Label(p, text=_("Không có máy in: chọn 'none' — biên nhận được lưu thành PDF trong {path} "
                            "để in bằng máy in thường.").format(path=output_dir()), wraplength=700,
                  bootstyle="secondary").grid(row=4, column=0, columnspan=2, sticky="w")
        self.pages.append((p, _("4/5 · Máy in biên nhận")))
        # 5. admin
        p = ttk.Frame(holder)
        self._row(p, 0, _("Tên đăng nhập quản trị"), "admin.username", "admin", width=30)
        self._row(p, 1, _("Họ tên"), "admin.full_name", width=30)
        self._row(p, 2, _("Mật khẩu (≥ 8 ký tự)"), "admin.password", show="•", width=30)
        self._row(p, 3, _("Nhập lại mật khẩu"), "admin.password2", show="•", width=30)
        self.pages.append((p, _("5/5 · Tài khoản quản trị đầu tiên")))
        for page, _t in self.pages:
            page.columnconfigure(1, weight=1)
        self.error = ttk.Label(self, text="", bootstyle="danger", wraplength=760)
        self.error.pack(anchor="w", pady=(8, 0))
        nav = ttk.Frame(self)
        nav.pack(fill="x", pady=(12, 0))
        self.back = ttk.Button(nav, text=_("◀ Quay lại"), command=self._on_back,
                               bootstyle="secondary-outline")
        self.back.pack(side="left")
        self.next = ttk.Button(nav, text=_("Tiếp theo (Enter) ▶"), command=self._on_next,
                               bootstyle="primary")
        self.next.pack(side="right")
        bind_key(self, "wizard.next", self._on_return, add=True, everywhere=True)

    def _on_return(self, event):
        if not (self.winfo_exists() and self.winfo_ismapped()):
            return
        if event.widget.winfo_toplevel() is self.winfo_toplevel():
            self._on_next()

    def _show_step(self, n: int) -> None:
        for page, _t in self.pages:
            page.pack_forget()
        page, title = self.pages[n]
        page.pack(fill="both", expand=True)
        self.subtitle.configure(text=title)
        self.step = n
        self.back.configure(state="normal" if n else "disabled")
        self.next.configure(text=_("Hoàn tất") if n == len(self.pages) - 1 else _("Tiếp theo (Enter) ▶"))
        self.error.configure(text="")
        entries = [w for w in page.winfo_children() if isinstance(w, ttk.Entry)]
        if entries:
            entries[0].focus_set()

    def _on_back(self) -> None:
        if self.step:
            self._show_step(self.step - 1)

    def _check_step(self) -> None:
        """Check this page's values with the settings' own rules before moving on."""
        keys = {0: ("office.name", "office.code"), 1: ("tracking.url_template",),
                2: ("calendar.open", "calendar.close"), 3: ("printer.connection",)}.get(self.step, ())
        page = {}
        for key in keys:
            page[key] = nfc(self.vars[key].get())
            if not page[key]:
                raise UserError(_("Cần nhập: {label}.").format(label=_(KEYS[key].label)))
        if self.step == 1:
            page["office.demo"] = "true" if self.demo.get() else "false"
        settings.validate(page)          # the rules live in app/: the view passes the tick
        if self.step == 2 and not any(v.get() for _i, v in self.day_vars):
            raise UserError(_("Chọn ít nhất một ngày làm việc."))
        if self.step == 3 and self.vars["printer.connection"].get() != "none" \
                and not nfc(self.vars["printer.target"].get()):
            raise UserError(_("Nhập địa chỉ/tên máy in, hoặc chọn 'none' nếu không có máy in."))

    def _on_next(self) -> None:
        try:
            self._check_step()
        except UserError as exc:
            self.error.configure(text=exc.message)
            return
        if self.step < len(self.pages) - 1:
            self._show_step(self.step + 1)
        else:
            self._on_finish()

    def values(self) -> dict[str, str]:
        keys = ("office.name", "office.code", "office.parent_name", "office.address", "office.phone",
                "tracking.url_template", "calendar.open", "calendar.close", "printer.connection",
                "printer.target", "printer.width")
        out = {k: nfc(self.vars[k].get()) for k in keys}
        out["calendar.weekdays"] = ",".join(str(i) for i, v in self.day_vars if v.get())
        out["calendar.saturday_morning"] = "true" if self.saturday.get() else "false"
        out["office.demo"] = "true" if self.demo.get() else "false"
        return out

    def _on_finish(self) -> None:
        if self.busy:
            return
        pw, pw2 = self.vars["admin.password"].get(), self.vars["admin.password2"].get()
        if pw != pw2:
            self.error.configure(text=_("Hai lần nhập mật khẩu không khớp."))
            return
        self.busy = True
        self.error.configure(text=_("Đang tạo cơ sở dữ liệu…"))
        self.app.worker.submit(desk.first_run, self.values(), nfc(self.vars["admin.username"].get()),
                               nfc(self.vars["admin.full_name"].get()), pw,
                               done=self._done, error=self._failed)

    def destroy(self) -> None:
        unbind_key(self, "wizard.next", everywhere=True)    # never left bound to a dead wizard
        super().destroy()

    def _done(self, user) -> None:
        self.busy = False
        unbind_key(self, "wizard.next", everywhere=True)
        self.on_done(user, nfc(self.vars["office.name"].get()))

    def _failed(self, exc) -> bool:
        self.busy = False
        if isinstance(exc, UserError):
            self.error.configure(text=exc.message)
            return True
        return False

    def _on_test_print(self) -> None:
        values = self.values()
        self.app.printer.configure(PrinterConfig.from_settings(values))
        office = Office(code=values["office.code"] or "000.00.00.H00",
                        name=values["office.name"] or "Một Cửa Desk")
        self.app.printer.test_page(office)
        self.error.configure(text=_("Đã gửi trang in thử; kết quả hiện ở thanh trạng thái."))
