"""Refuse at the counter (2→3 from the detail window), status changes that ask first (a digit
key opens a confirmation with the note field), dialogs that keep what was typed on an error."""
from __future__ import annotations

from datetime import date, timedelta

from app import registration
from app.auth import login
from app.domain import Status
from tests.gui.conftest import press, pump


def _register(name):
    return registration.register(login("canbo", "matkhau123"), procedure_code="1.001193", name=name)


def _dialog(win):
    found = [w for w in win.winfo_children() if w.winfo_class() == "Toplevel" and w.winfo_exists()]
    return found[-1] if found else None


def test_digit_asks_first_and_refusal_at_the_counter(office, make_app, tk_root, print_dir):
    d = _register("Hoàng Văn Nam")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    win = app.open_dossier(d.code)
    pump(tk_root, lambda: win.view is not None)
    assert win.view.dossier.status == Status.ACCEPTED and Status.REFUSED in win.view.actions
    key = str(win.view.actions.index(Status.PROCESSING) + 1)
    press(win.h_code, key)                             # one keystroke: a question, no change
    dialog = _dialog(win)
    assert dialog is not None and "Đang xử lý" in dialog.prompt
    pump(tk_root)
    press(dialog.box, "Escape")
    pump(tk_root, lambda: not dialog.winfo_exists())
    pump(tk_root, lambda: not app.worker.busy)
    assert win.view.dossier.status == Status.ACCEPTED
    # refuse: the reason is required; an empty one keeps the dialog open
    press(win.h_code, str(win.view.actions.index(Status.REFUSED) + 1))
    dialog = _dialog(win)
    dialog.ok_button.invoke()
    assert dialog.winfo_exists() and "Cần ghi" in dialog.error.cget("text")
    dialog.box.insert("1.0", "Thiếu giấy chứng sinh bản chính")
    press(dialog.box, "Return", state=4)               # Ctrl+Enter submits from the text box
    pump(tk_root, lambda: win.view.dossier.status == Status.REFUSED, timeout=20)
    assert not dialog.winfo_exists()
    assert win.view.dossier.history[-1].note == "Thiếu giấy chứng sinh bản chính"
    pump(tk_root, lambda: any(print_dir.glob("Mau03-*.pdf")), timeout=20)


def test_tab_moves_on_and_apology_error_keeps_the_reason(office, make_app, tk_root):
    d = _register("Trịnh Văn Long")
    app = make_app(office["url"], login=("lanhdao", "matkhau123"))
    win = app.open_dossier(d.code)
    pump(tk_root, lambda: win.view is not None and win.view.can_apologize)
    win._on_apology()
    pump(tk_root, lambda: getattr(win, "apology", None) is not None)
    dialog = win.apology
    dialog.box.insert("1.0", "Chờ xác minh")
    press(dialog.box, "Tab")
    assert dialog.box.get("1.0", "end-1c") == "Chờ xác minh"      # no tab character typed
    assert tk_root.focus_get() is not dialog.box
    sunday = date.today() + timedelta(days=(6 - date.today().weekday()) or 7)
    dialog.date_var.set(sunday.strftime("%d/%m/%Y"))
    dialog.ok_button.invoke()
    pump(tk_root, lambda: "không phải ngày làm việc" in dialog.error.cget("text"), timeout=10)
    assert dialog.winfo_exists() and dialog.box.get("1.0", "end-1c") == "Chờ xác minh"
    assert str(dialog.ok_button.cget("state")) == "normal"         # try again
    dialog.date_var.set("31/02/2027")
    press(dialog.date_entry, "Return")                              # Enter submits a one-line field
    assert "ngày có thật" in dialog.error.cget("text") and dialog.winfo_exists()
