"""“Sửa thông tin” in the dossier window: pre-filled, reason required, a refusal keeps what was
typed, a new procedure asks about the new due date first, Enter saves, Esc cancels, then the
receipt is offered for reprint (a "paper.reprint", same number)."""
from __future__ import annotations

import os
import subprocess
from datetime import timedelta
from pathlib import Path

from app import papers, registration, store
from app.auth import login
from app.domain import DocumentReceived
from db.models import Audit, Dossier
from tests.gui.conftest import press, pump

SHOTS = os.environ.get("MOTCUA_SHOTS")          # a folder: save screenshots of the dialogs there


def _shot(root, name: str) -> None:
    if SHOTS:
        pump(root)
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(Path(SHOTS) / f"{name}.png")], check=True)


def _register(name, received_at=None):
    return registration.register(login("canbo", "matkhau123"), procedure_code="1.001193", name=name,
                                 phone="0912345678", received_at=received_at,
                                 documents=[DocumentReceived("Tờ khai đăng ký khai sinh", 1, 0)])


def _buttons(win) -> list[str]:
    return [w.cget("text") for w in (*win.actions.winfo_children(), *win.info.winfo_children())
            if w.winfo_class() == "TButton"]


def test_amend_from_the_detail_window(office, make_app, tk_root):
    d = _register("Hoàng Văn Namm")
    papers.issue(login("canbo", "matkhau123"), "receipt", d.code)        # the receipt handed over
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    tk_root.geometry("1366x768+0+0")
    win = app.open_dossier(d.code)
    pump(tk_root, lambda: win.view is not None)
    assert win.view.can_amend and "Sửa thông tin" in _buttons(win)
    win.geometry("1060x720+150+20")
    win.amend_button.invoke()
    pump(tk_root, lambda: getattr(win, "amend", None) is not None)
    dlg = win.amend
    assert dlg.vars["name"].get() == "Hoàng Văn Namm" and dlg.vars["phone"].get() == "0912345678"
    assert dlg.docs.get("1.0", "end-1c") == "Tờ khai đăng ký khai sinh|1|0"
    # no reason: refused in the dialog, nothing sent
    dlg.vars["name"].set("Hoàng Văn Nam")
    press(dlg.entries["name"], "Return")
    assert dlg.winfo_exists() and "Cần ghi lý do sửa" in dlg.error.cget("text")
    # a bad phone: the service's message, everything typed kept
    dlg.vars["phone"].set("12345")
    dlg.reason_var.set("Gõ thừa chữ m")
    press(dlg.reason, "Return")
    pump(tk_root, lambda: "Số điện thoại" in dlg.error.cget("text"), timeout=10)
    assert dlg.vars["name"].get() == "Hoàng Văn Nam" and dlg.reason_var.get() == "Gõ thừa chữ m"
    assert str(dlg.ok_button.cget("state")) == "normal"
    _shot(tk_root, "amend-dialog-error")
    # fix it and pick another procedure: first the question about the due date
    dlg.vars["phone"].set("0987654321")
    label = next(k for k, v in dlg.proc_labels.items() if v == "1.004884")
    dlg.proc_var.set(label)
    press(dlg.reason, "Return")
    pump(tk_root, lambda: "Hạn trả đổi từ" in dlg.question.cget("text"), timeout=10)
    assert Dossier.get(Dossier.code == d.code).applicant_name == "Hoàng Văn Namm"   # not saved yet
    _shot(tk_root, "amend-dialog-confirm-due")
    press(dlg.ok_button, "Return")
    pump(tk_root, lambda: getattr(win, "reprint", None) is not None, timeout=20)
    assert not dlg.winfo_exists()
    row = Dossier.get(Dossier.code == d.code)
    assert (row.applicant_name, row.applicant_phone, row.procedure.code) == \
        ("Hoàng Văn Nam", "0987654321", "1.004884")
    pump(tk_root, lambda: win.view.dossier.applicant.name == "Hoàng Văn Nam", timeout=10)
    assert "Thủ tục: 1.001193 → 1.004884" in win.view.dossier.history[-1].note
    last = win.history.item(win.history.get_children()[-1], "values")
    assert last[1] == "Sửa thông tin (Được tiếp nhận)" and last[3].startswith("Sửa thông tin sau tiếp nhận")
    _shot(tk_root, "amend-reprint-offer")
    before = office["receipt"].stat().st_size if office["receipt"].exists() else 0
    press(win.reprint.ok_button, "Return")
    pump(tk_root, lambda: Audit.select().where(Audit.action == "paper.reprint").exists(), timeout=20)
    pump(tk_root, lambda: office["receipt"].exists() and office["receipt"].stat().st_size > before,
         timeout=30)
    assert office["receipt"].read_bytes()[before:].startswith(b"\x1b@")      # ESC @: a receipt job
    # Esc cancels: nothing written
    pump(tk_root, lambda: "Sửa thông tin" in _buttons(win), timeout=10)
    version = Dossier.get(Dossier.code == d.code).version
    win.amend = None
    win._on_amend()
    pump(tk_root, lambda: win.amend is not None)
    dlg2 = win.amend
    dlg2.vars["name"].set("Tên Khác")
    press(dlg2.entries["name"], "Escape")
    pump(tk_root, lambda: not dlg2.winfo_exists())
    assert Dossier.get(Dossier.code == d.code).version == version


def test_a_clerk_has_no_edit_for_yesterdays_dossier(office, make_app, tk_root):
    d = _register("Đỗ Thị Lan", received_at=store.utcnow() - timedelta(days=1))
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    win = app.open_dossier(d.code)
    pump(tk_root, lambda: win.view is not None)
    assert not win.view.can_amend and "Sửa thông tin" not in _buttons(win)
    boss = make_app(office["url"], login=("lanhdao", "matkhau123"))
    win2 = boss.open_dossier(d.code)
    pump(tk_root, lambda: win2.view is not None)
    assert win2.view.can_amend and "Sửa thông tin" in _buttons(win2)
    _shot(tk_root, "amend-detail-supervisor")
