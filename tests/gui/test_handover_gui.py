"""The detail window's hand-over: "Chuyển phòng ban" (department, officer, note; Enter
submits, a refusal keeps what was typed, Esc cancels), the list tab, "Nhận kết quả về",
"In phiếu kiểm soát" (a PDF with the rows); screenshots at 1366×768."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from app import handover, registration
from app.auth import login
from app.domain import Status
from tests.gui.conftest import press, pump

SHOTS = Path(os.environ.get("MOTCUA_SHOTS", "/tmp/motcua-shots"))


def shot(root, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pump(root)
    root.update()
    out = SHOTS / f"{name}.png"
    subprocess.run(["import", "-window", "root", str(out)], check=True)
    return out


def _dialog(win):
    found = [w for w in win.winfo_children() if w.winfo_class() == "Toplevel" and w.winfo_exists()]
    return found[-1] if found else None


def test_hand_over_and_back_from_the_detail_window(office, make_app, tk_root, print_dir):
    sup = login("lanhdao", "matkhau123")
    handover.add_department(sup, "Phòng Tư pháp - Hộ tịch")
    handover.add_department(sup, "Phòng Địa chính")
    d = registration.register(login("canbo", "matkhau123"), procedure_code="1.001193", name="Hoàng Văn Nam")
    tk_root.geometry("1366x768+0+0")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    win = app.open_dossier(d.code)
    win.geometry("1366x768+0+0")
    panel = win.handovers
    pump(tk_root, lambda: win.view is not None and panel.view is not None)
    assert str(panel.to_button.cget("state")) == "normal"
    assert str(panel.back_button.cget("state")) == "disabled"
    # Esc cancels: nothing written
    panel.to_button.invoke()
    dialog = panel.dialog
    pump(tk_root)
    assert "Đang xử lý" in " ".join(str(w.cget("text")) for w in dialog.body.winfo_children()
                                    if w.winfo_class() == "TLabel")
    press(dialog.officer_entry, "Escape")
    pump(tk_root, lambda: not dialog.winfo_exists())
    assert handover.records(sup, d.code) == []
    # a refusal keeps what was typed: an officer name too long
    panel.to_button.invoke()
    dialog = panel.dialog
    dialog.vars["department"].set("Phòng Tư pháp - Hộ tịch")
    dialog.vars["officer"].set("Trần Thị Bích" * 20)
    dialog.vars["note"].set("Hồ sơ gấp")
    press(dialog.officer_entry, "Return")
    pump(tk_root, lambda: "quá dài" in dialog.error.cget("text"), timeout=10)
    assert dialog.winfo_exists() and dialog.vars["note"].get() == "Hồ sơ gấp"
    shot(tk_root, "handover-dialog-error")
    dialog.vars["officer"].set("Trần Thị Bích")
    dialog.vars["partners"].set("Công an xã Phương Sơn")
    press(dialog.note_entry, "Return")                         # Enter submits
    pump(tk_root, lambda: not dialog.winfo_exists(), timeout=20)
    pump(tk_root, lambda: win.view.dossier.status == Status.PROCESSING and panel.view.can_receive_back,
         timeout=20)
    assert panel.tree.item(panel.tree.get_children()[0])["values"][:2] == ["Phòng Tư pháp - Hộ tịch",
                                                                          "Trần Thị Bích"]
    assert "Đang ở Phòng Tư pháp - Hộ tịch" in panel.where.cget("text")
    assert str(panel.to_button.cget("state")) == "disabled"
    win.handovers.tab.master.select(win.handovers.tab)
    shot(tk_root, "handover-detail-open")
    # receive back with the result
    panel.back_button.invoke()
    dialog = panel.dialog
    dialog.result_var.set("Đã trích lục")
    shot(tk_root, "handover-receive-dialog")
    press(dialog.result_entry, "Return")
    pump(tk_root, lambda: not dialog.winfo_exists(), timeout=20)
    pump(tk_root, lambda: panel.view is not None and not panel.view.can_receive_back
         and panel.view.can_hand_over, timeout=20)
    values = panel.tree.item(panel.tree.get_children()[0])["values"]
    assert values[5] == "Trước hạn" and "Đã trích lục" in values[6]
    recs = handover.records(sup, d.code)
    assert [(r.department, r.officer, r.partners, r.result_note) for r in recs] == [
        ("Phòng Tư pháp - Hộ tịch", "Trần Thị Bích", "Công an xã Phương Sơn", "Đã trích lục")]
    shot(tk_root, "handover-detail-back")
    # the control slip from the records
    panel.print_button.invoke()
    pump(tk_root, lambda: any(print_dir.glob("PhieuKiemSoat-*.pdf")), timeout=30)
    pdf = next(print_dir.glob("PhieuKiemSoat-*.pdf"))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "PHIẾU KIỂM SOÁT" in text and "Nhận: Phòng Tư pháp" in text and "Trần Thị Bích" in text
    assert "Cơ quan phối hợp giải quyết hồ sơ: Công an xã Phương Sơn" in text


def test_departments_editor_in_settings(office, make_app, tk_root):
    admin = office["admin"]
    tk_root.geometry("1366x768+0+0")
    app = make_app(office["url"], login=("admin", "matkhau123"))
    screen = app.show("settings")
    editor = screen.departments
    screen.tabs.select(editor)
    editor.buttons["add"].invoke()
    dialog = editor.dialog
    dialog.var.set("Phòng Tư pháp")
    press(dialog.entry, "Return")
    pump(tk_root, lambda: not dialog.winfo_exists(), timeout=20)
    pump(tk_root, lambda: len(editor.items) == 1, timeout=20)
    # a duplicate (without diacritics) is refused in the dialog, the name typed stays
    editor.buttons["add"].invoke()
    dialog = editor.dialog
    dialog.var.set("phong tu phap")
    press(dialog.entry, "Return")
    pump(tk_root, lambda: "Đã có phòng ban" in dialog.error.cget("text"), timeout=20)
    assert dialog.winfo_exists() and dialog.var.get() == "phong tu phap"
    shot(tk_root, "departments-add-error")
    dialog.var.set("Phòng Địa chính")
    press(dialog.entry, "Return")
    pump(tk_root, lambda: len(editor.items) == 2, timeout=20)
    # another admin renames it first: this screen's copy is stale → told to reload, list reloaded
    tp = next(d for d in editor.items.values() if d.name == "Phòng Tư pháp")
    handover.rename_department(admin, tp.id, "Phòng Tư pháp - Hộ tịch")
    editor.table.tree.selection_set(str(tp.id))
    editor.buttons["rename"].invoke()
    dialog = editor.dialog
    dialog.var.set("Tư pháp")
    press(dialog.entry, "Return")
    pump(tk_root, lambda: "vừa được sửa ở máy khác" in dialog.error.cget("text"), timeout=20)
    pump(tk_root, lambda: editor.items[str(tp.id)].name == "Phòng Tư pháp - Hộ tịch", timeout=20)
    press(dialog.entry, "Escape")
    # stop using: a department without hand-overs is deleted
    dc = next(d for d in editor.items.values() if d.name == "Phòng Địa chính")
    editor.table.tree.selection_set(str(dc.id))
    editor.buttons["deactivate"].invoke()
    pump(tk_root, lambda: str(dc.id) not in editor.items, timeout=20)
    assert [d.name for d in handover.departments(admin, include_inactive=True)] == ["Phòng Tư pháp - Hộ tịch"]
    shot(tk_root, "departments-settings")


def test_a_supervisor_keeps_the_departments_list_without_settings(office, make_app, tk_root):
    """Danh mục ▸ Phòng ban nhận hồ sơ: the supervisor edits the list (settings are admin-only);
    a clerk has no such command."""
    app = make_app(office["url"], login=("lanhdao", "matkhau123"))
    assert "settings" not in app.screens
    top = app.run_command("departments")
    editor = top.editor
    editor.buttons["add"].invoke()
    dialog = editor.dialog
    dialog.var.set("Phòng Văn hóa - Xã hội")
    press(dialog.entry, "Return")
    pump(tk_root, lambda: len(editor.items) == 1, timeout=20)
    assert [d.name for d in handover.departments(office["admin"])] == ["Phòng Văn hóa - Xã hội"]
    top.destroy()
    clerk = make_app(office["url"], login=("canbo", "matkhau123"))
    assert "departments" not in [c.id for c in clerk.commands.visible(clerk.user)]
