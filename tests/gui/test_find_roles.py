"""Find (name without diacritics, receipt-QR scan opens the dossier), dossier detail actions,
and role limits: the screens a clerk gets, and the services refusing the rest."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app import desk, registration, workflow
from app.auth import login
from app.domain import VN_TZ, PermissionDenied, Status
from tests.gui.conftest import press, pump


def _register(name: str, phone: str = ""):
    clerk = login("canbo", "matkhau123")
    return registration.register(clerk, procedure_code="1.001193", name=name, phone=phone)


def test_find_by_unaccented_name_and_receipt_qr(office, make_app, tk_root):
    a = _register("Đặng Thị Hương", "0987654321")
    b = _register("Đỗ Văn Hùng")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    app.commands.invoke("find", app.user)
    find = app.screens["find"]
    assert app.current_screen() is find
    find.var.set("dang thi")
    press(find.entry, "Return")                    # (Find opened on today's dossiers: wait for this one)
    pump(tk_root, lambda: find.page and find.page.text == "dang thi")
    assert list(find.table.tree.get_children()) == [a.code]
    # by phone
    find.var.set("0987 654 321")
    press(find.entry, "Return")
    pump(tk_root, lambda: find.page and find.page.text == "0987 654 321")
    assert list(find.table.tree.get_children()) == [a.code]
    # a scanned receipt QR (tracking URL + Enter) opens that dossier directly
    find.var.set(b.tracking_url)
    press(find.entry, "Return")
    pump(tk_root, lambda: b.code in app.detail_windows)
    win = app.detail_windows[b.code]
    pump(tk_root, lambda: win.view is not None)
    assert win.view.dossier.applicant.name == "Đỗ Văn Hùng"
    assert win.view.dossier.tracking_url == b.tracking_url
    # sorting by a heading keeps all rows
    find.var.set("d")
    press(find.entry, "Return")
    pump(tk_root, lambda: len(find.table.tree.get_children()) == 2)
    find.table.sort_by("name")
    assert len(find.table.tree.get_children()) == 2


def test_wrong_token_in_qr_is_refused(office, make_app, tk_root):
    a = _register("Lý Thị Mai")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    find = app.show("find")
    find.lookup(a.tracking_url.rsplit("=", 1)[0] + "=sai")
    pump(tk_root, lambda: getattr(app, "last_notice", None) is not None)
    assert "không khớp" in app.last_notice[1]
    assert a.code not in app.detail_windows


def test_clerk_gets_no_supervisor_screens_or_actions(office, make_app, tk_root):
    d = _register("Vũ Thị Lan")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    assert set(app.screens) == {"counter", "find", "catalog"}
    assert app.commands.invoke("queue", app.user) is None
    assert app.show("queue") is None
    menu_labels = []
    menubar = tk_root.nametowidget(tk_root.cget("menu"))
    for i in range(menubar.index("end") + 1):
        sub = tk_root.nametowidget(menubar.entrycget(i, "menu"))
        for j in range((sub.index("end") or 0) + 1):
            if sub.type(j) == "command":
                menu_labels.append(sub.entrycget(j, "label"))
    assert "Hàng đợi hôm nay" not in menu_labels and "Cài đặt" not in menu_labels
    # detail: no apology, no "stop processing" for a clerk
    workflow.change_status(login("canbo", "matkhau123"), d.code, Status.PROCESSING)
    win = app.open_dossier(d.code)
    pump(tk_root, lambda: win.view is not None)
    assert not win.view.can_apologize
    assert Status.STOPPED not in win.view.actions
    texts = [w.cget("text") for w in win.actions.winfo_children()]
    assert not any("Mẫu 05" in t for t in texts)
    # …and the services refuse them too
    with pytest.raises(PermissionDenied):
        desk.queue_for(app.user)
    with pytest.raises(PermissionDenied):
        workflow.apologize(app.user, d.code, datetime.now(VN_TZ) + timedelta(days=9), "chậm")
    with pytest.raises(PermissionDenied):
        workflow.change_status(app.user, d.code, Status.STOPPED, "dừng")
    with pytest.raises(PermissionDenied):
        desk.save_settings(app.user, {"office.name": "Khác"})
    with pytest.raises(PermissionDenied):
        desk.save_procedure(app.user, registration.catalog.get("1.001193"))


def test_detail_supplement_prints_form_02(office, make_app, tk_root, print_dir):
    d = _register("Hoàng Văn Nam")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    win = app.open_dossier(d.code)
    pump(tk_root, lambda: win.view is not None)
    button = next(w for w in win.actions.winfo_children() if w.cget("text").startswith("Yêu cầu bổ sung"))
    button.invoke()
    dialog = next(w for w in win.winfo_children() if w.winfo_class() == "Toplevel")
    dialog.vars[1][1].set(True)
    dialog.ok_button.invoke()
    pump(tk_root, lambda: win.view.dossier.status == Status.SUPPLEMENT)
    pump(tk_root, lambda: any(print_dir.glob("Mau02-*.pdf")) and not app.printer.pending, timeout=20)
    assert "Giấy chứng sinh" in win.view.dossier.history[-1].note
    import subprocess
    pdf = next(print_dir.glob("Mau02-*.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Số: 1/BSHS" in text and "Mẫu số 02" in text      # numbered in the change's transaction


def test_supervisor_queue_opens_detail(office, make_app, tk_root):
    d = _register("Trịnh Văn Long")
    clerk = login("canbo", "matkhau123")
    workflow.change_status(clerk, d.code, Status.PROCESSING)
    app = make_app(office["url"], login=("lanhdao", "matkhau123"))
    queue = app.screens["queue"]
    assert app.current_screen() is queue
    pump(tk_root, lambda: queue.summary is not None)
    total = sum(queue.summary.counts.values())
    assert total >= 1
    key = next(k for k, n in queue.summary.counts.items() if n)
    queue.select(key)
    assert d.code in queue.table.tree.get_children()
    queue.table.tree.selection_set(d.code)
    press(queue.table.tree, "Return")
    pump(tk_root, lambda: d.code in app.detail_windows)
    win = app.detail_windows[d.code]
    pump(tk_root, lambda: win.view is not None)
    assert win.view.can_apologize
    assert Status.STOPPED in win.view.actions


def test_detail_reprints_receipt_and_label(office, make_app, tk_root, print_dir):
    d = _register("Ngô Thị Yến")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    win = app.open_dossier(d.code)
    pump(tk_root, lambda: win.view is not None)
    buttons = {w.cget("text"): w for w in win.actions.winfo_children()}
    receipt = office["receipt"]
    buttons["In lại biên nhận"].invoke()
    pump(tk_root, lambda: receipt.exists() and receipt.stat().st_size > 1000 and not app.printer.pending,
         timeout=20)
    buttons["In nhãn"].invoke()
    pump(tk_root, lambda: any(print_dir.glob("Nh*.pdf")) and not app.printer.pending, timeout=20)
    # the events of this dossier and their sync state are listed
    assert win.events.get_children()
    assert win.events.item(win.events.get_children()[0], "values")[1] == "Tiếp nhận hồ sơ"  # words
