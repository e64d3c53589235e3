"""The counter's "2. Người nộp hồ sơ" panel: a person (CCCD, birth date, gender) or an
organisation (MST, name, legal representative and title), contact, the optional delegate
block "Người nộp thay (được ủy quyền)" (name, CCCD, phone), note and channel.

The kind switch swaps the widgets in place (CCCD ↔ MST, birth date/gender ↔ representative/
title), so Tab goes through what is shown only. The screen (views/counter.py) owns the scan
box, registering and resetting; this panel owns the fields and their values."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from app import registration
from app.domain import ORGANISATION, PERSON, Applicant, Channel, UserError
from app.i18n import _
from app.validation import (
    check_email,
    check_id_number,
    check_name,
    check_org_name,
    check_person_name,
    check_phone,
    check_tax_code,
    parse_birth_date,
)
from views import labels
from views.commands import bind_key
from views.widgets import FieldEntry, tooltip

DELEGATE_FIELDS = ("delegate_name", "delegate_id_number", "delegate_phone")


def _check_rep(text: str) -> str:
    return check_person_name(text, "representative", _("Họ tên người đại diện"))


def _check_delegate_name(text: str) -> str:
    return check_person_name(text, "delegate_name", _("Họ tên người nộp thay"))


class ApplicantPanel(ttk.Labelframe):
    def __init__(self, master, app, on_enter):
        super().__init__(master, text=_("2. Người nộp hồ sơ"), padding=8)
        self.app = app
        self.on_enter = on_enter
        self.columnconfigure(0, weight=1)
        self.columnconfigure(1, weight=1)
        self._build()
        self.set_kind(PERSON)

    # ---- widgets ---------------------------------------------------------------------------
    def _build(self) -> None:
        scan = ttk.Frame(self)
        scan.grid(row=0, column=0, columnspan=2, sticky="ew", pady=(0, 4))
        ttk.Label(scan, text=_("Quét QR trên CCCD"), bootstyle="info").pack(side="left")
        self.scan_var = tk.StringVar()
        self.scan_box = ttk.Entry(scan, textvariable=self.scan_var, bootstyle="info")
        self.scan_box.pack(side="left", fill="x", expand=True, padx=(6, 0))
        tooltip(self.scan_box, _("Đặt con trỏ ở đây rồi quét mã QR trên thẻ căn cước (Ctrl+2). "
                                 "Quét vào ô khác cũng được."))
        kind = ttk.Frame(self)
        kind.grid(row=1, column=0, columnspan=2, sticky="w", pady=(0, 2))
        ttk.Label(kind, text=_("Người nộp là")).pack(side="left", padx=(0, 8))
        self.kind_var = tk.StringVar(value=PERSON)
        self.kind_buttons = []
        for value, text in ((PERSON, _("Cá nhân")), (ORGANISATION, _("Tổ chức"))):
            b = ttk.Radiobutton(kind, text=text, value=value, variable=self.kind_var,
                                command=lambda: self.set_kind(self.kind_var.get()))
            b.pack(side="left", padx=(0, 12))
            self.kind_buttons.append(b)
        # created in visual order: Tab follows creation order and skips what is hidden
        self.f_id = FieldEntry(self, _("Số CCCD"), check_id_number, hint=_("12 chữ số"))
        self.f_tax = FieldEntry(self, _("Mã số thuế"), check_tax_code, required=True,
                                hint=_("10 chữ số; chi nhánh: 10 chữ số, dấu '-' và 3 chữ số"))
        self.f_tax.entry.bind("<FocusOut>", lambda e: self._suggest_organisation(), add="+")
        self.f_name = FieldEntry(self, _("Họ và tên"), check_name, required=True)
        self.f_birth = FieldEntry(self, _("Ngày sinh (dd/mm/yyyy)"), parse_birth_date)
        self.gender_box = ttk.Frame(self)
        ttk.Label(self.gender_box, text=_("Giới tính")).grid(row=0, column=0, sticky="w")
        self.gender_var = tk.StringVar()
        self.gender = ttk.Combobox(self.gender_box, textvariable=self.gender_var,
                                   values=("", "Nam", "Nữ"), state="readonly", width=10)
        self.gender.grid(row=1, column=0, sticky="w")
        self.f_rep = FieldEntry(self, _("Người đại diện theo pháp luật"), _check_rep, required=True)
        self.f_rep_title = FieldEntry(self, _("Chức vụ"), hint=_("Ví dụ: Giám đốc"))
        self.f_phone = FieldEntry(self, _("Điện thoại"), check_phone,
                                  hint=_("10 chữ số, bắt đầu 03/05/07/08/09 (hoặc +84)"))
        self.f_email = FieldEntry(self, _("Thư điện tử"), check_email)
        self.f_address = FieldEntry(self, _("Địa chỉ"))
        for w, r, c in ((self.f_id, 2, 0), (self.f_tax, 2, 0), (self.f_name, 2, 1),
                        (self.f_birth, 3, 0), (self.gender_box, 3, 1), (self.f_rep, 3, 0),
                        (self.f_rep_title, 3, 1), (self.f_phone, 4, 0), (self.f_email, 4, 1)):
            w.grid(row=r, column=c, sticky="new", padx=(0 if c == 0 else 6, 0), pady=1)
        self.f_address.grid(row=5, column=0, columnspan=2, sticky="ew", pady=1)
        self._build_delegate()
        self.f_note = FieldEntry(self, _("Ghi chú"))
        self.f_note.grid(row=8, column=0, sticky="new", pady=1)
        chan = ttk.Frame(self)
        ttk.Label(chan, text=_("Kênh tiếp nhận")).grid(row=0, column=0, sticky="w")
        self.channel_var = tk.StringVar(value=labels.channel(Channel.COUNTER))
        self.channel = ttk.Combobox(chan, textvariable=self.channel_var, state="readonly", width=14,
                                    values=[labels.channel(c) for c in Channel])
        self.channel.grid(row=1, column=0, sticky="w")
        chan.grid(row=8, column=1, sticky="nw", padx=(6, 0), pady=1)
        self.fields = {"id_number": self.f_id, "tax_code": self.f_tax, "name": self.f_name,
                       "birth_date": self.f_birth, "representative": self.f_rep,
                       "representative_title": self.f_rep_title, "phone": self.f_phone,
                       "email": self.f_email, "address": self.f_address, "note": self.f_note,
                       "delegate_name": self.f_dname, "delegate_id_number": self.f_did,
                       "delegate_phone": self.f_dphone}
        for f in self.fields.values():
            bind_key(f.entry, "counter.register", lambda e: (self.on_enter(), "break")[1])
        for w in (self.gender, self.channel, *self.kind_buttons, self.delegate_check):
            bind_key(w, "counter.register", lambda e: (self.on_enter(), "break")[1])

    def _build_delegate(self) -> None:
        self.delegate_var = tk.BooleanVar(value=False)
        self.delegate_check = ttk.Checkbutton(
            self, text=_("Người nộp thay (được ủy quyền)"), variable=self.delegate_var,
            command=self._show_delegate, bootstyle="round-toggle")
        self.delegate_check.grid(row=6, column=0, columnspan=2, sticky="w", pady=(4, 0))
        tooltip(self.delegate_check, _("Người đến nộp không phải người đứng tên hồ sơ: ghi họ tên, "
                                       "số CCCD và điện thoại của người đó (in trên giấy biên nhận)."))
        box = self.delegate_box = ttk.Frame(self)
        for i in range(3):
            box.columnconfigure(i, weight=1, uniform="d")
        # short labels: the switch above already says whose they are
        self.f_dname = FieldEntry(box, _("Họ và tên"), _check_delegate_name, width=18, required=True)
        self.f_did = FieldEntry(box, _("Số CCCD"), check_id_number, width=14, required=True,
                                hint=_("12 chữ số"))
        self.f_dphone = FieldEntry(box, _("Điện thoại"), check_phone, width=14)
        for i, f in enumerate((self.f_dname, self.f_did, self.f_dphone)):
            f.grid(row=0, column=i, sticky="new", padx=(0 if i == 0 else 6, 0))

    # ---- kind and delegate ------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.kind_var.get()

    def set_kind(self, kind: str) -> None:
        """Person: CCCD, birth date, gender. Organisation: MST, representative, title."""
        self.kind_var.set(kind)
        org = kind == ORGANISATION
        for w in (self.f_tax, self.f_rep, self.f_rep_title):
            w.grid() if org else w.grid_remove()
        for w in (self.f_id, self.f_birth, self.gender_box):
            w.grid_remove() if org else w.grid()
        self.f_name.label.configure(text=(_("Tên tổ chức") if org else _("Họ và tên")) + " *")
        self.f_name.check = check_org_name if org else check_name
        self.f_address.label.configure(text=_("Địa chỉ trụ sở") if org else _("Địa chỉ"))
        for f in self.fields.values():
            f.clear_error()

    def _show_delegate(self) -> None:
        if self.delegate_var.get():
            self.delegate_box.grid(row=7, column=0, columnspan=2, sticky="ew", pady=(0, 2))
            self.f_dname.entry.focus_set()
        else:
            self.delegate_box.grid_remove()

    def open_delegate(self) -> None:
        if not self.delegate_var.get():
            self.delegate_var.set(True)
            self._show_delegate()

    def in_delegate(self, widget) -> bool:
        return widget is not None and str(widget).startswith(str(self.delegate_box))

    # ---- values -----------------------------------------------------------------------------
    def visible_fields(self) -> list[FieldEntry]:
        org = self.kind == ORGANISATION
        hidden = {"id_number", "birth_date"} if org else {"tax_code", "representative",
                                                          "representative_title"}
        if not self.delegate_var.get():
            hidden |= set(DELEGATE_FIELDS)
        return [f for k, f in self.fields.items() if k not in hidden]

    def values(self) -> dict:
        """The registration's applicant and delegate arguments (hidden fields are not sent)."""
        org = self.kind == ORGANISATION
        out = dict(kind=self.kind, name=self.f_name.get(), phone=self.f_phone.get(),
                   email=self.f_email.get(), address=self.f_address.get(), note=self.f_note.get(),
                   id_number="" if org else self.f_id.get(),
                   birth_date=None if org else parse_birth_date(self.f_birth.get()),
                   gender="" if org else self.gender_var.get(),
                   tax_code=self.f_tax.get() if org else "",
                   representative=self.f_rep.get() if org else "",
                   representative_title=self.f_rep_title.get() if org else "")
        delegate = self.delegate_var.get()
        for key, f in zip(DELEGATE_FIELDS, (self.f_dname, self.f_did, self.f_dphone), strict=True):
            out[key] = f.get() if delegate else ""
        return out

    def channel_value(self) -> Channel:
        return {labels.channel(c): c for c in Channel}.get(self.channel_var.get(), Channel.COUNTER)

    def show_error(self, exc: UserError) -> bool:
        """Put the message under its field (opening the delegate block for one of its own)."""
        target = self.fields.get(exc.field or "")
        if target is None:
            return False
        if exc.field in DELEGATE_FIELDS:
            self.open_delegate()
        target.show_error(exc.message)
        target.focus()
        return True

    def fill_person(self, data, widget=None) -> None:
        """A scanned CCCD (app.cccd.CccdData): the applicant, or — for an organisation, or
        when it was scanned into the delegate block — the delegate."""
        if self.kind == ORGANISATION or self.in_delegate(widget or self.focus_get()):
            self.open_delegate()
            self.f_dname.set(data.name)
            self.f_did.set(data.id_number)
            self.f_dphone.entry.focus_set()
            return
        self.f_id.set(data.id_number)
        self.f_name.set(data.name)
        self.f_birth.set(data.birth_date.strftime("%d/%m/%Y"))
        self.gender_var.set(data.gender)
        self.f_address.set(data.address)
        self.f_phone.entry.focus_set()

    def _suggest_organisation(self) -> None:
        """A known MST fills the organisation's empty fields from the people directory."""
        text = self.f_tax.get()
        if not text or self.kind != ORGANISATION:
            return
        self.app.worker.submit(registration.suggest_applicant, self.app.user, text,
                               key="counter.suggest", done=self._fill_suggestion)

    def _fill_suggestion(self, a: Applicant | None) -> None:
        if a is None or not a.is_organisation or self.kind != ORGANISATION:
            return
        for f, value in ((self.f_name, a.name), (self.f_rep, a.representative),
                         (self.f_rep_title, a.representative_title), (self.f_phone, a.phone),
                         (self.f_email, a.email), (self.f_address, a.address)):
            if not f.get() and value:
                f.set(value)

    def reset(self) -> None:
        for f in self.fields.values():
            f.set("")
        self.gender_var.set("")
        self.channel_var.set(labels.channel(Channel.COUNTER))
        self.scan_var.set("")
        self.delegate_var.set(False)
        self.delegate_box.grid_remove()
        self.set_kind(PERSON)
