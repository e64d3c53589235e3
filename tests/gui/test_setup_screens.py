"""First-run wizard on a new database, settings (office, calendar override, printer test
page, backup, language), and the catalog screen (edit by an administrator, QR poster)."""
from __future__ import annotations

from app import auth, catalog, settings
from tests.gui.conftest import pump


def test_wizard_creates_office_and_first_admin(tmp_path, make_app, tk_root, print_dir):
    url = "sqlite:///" + str(tmp_path / "new.sqlite3")
    app = make_app(url)
    assert app.startup_state.needs_wizard
    wiz = app.body.winfo_children()[0]
    wiz.vars["office.name"].set("UBND phường Thụy Khuê")
    wiz.vars["office.code"].set("bad code!")
    wiz.next.invoke()
    assert "Mã cơ quan không hợp lệ" in wiz.error.cget("text") and wiz.step == 0
    wiz.vars["office.code"].set("000.00.12.H26")
    wiz.next.invoke()
    wiz.vars["tracking.url_template"].set("https://dichvucong.hanoi.gov.vn/tc?ma={code}&t={token}")
    wiz.next.invoke()
    wiz.day_vars[5][1].set(True)                   # Saturday too
    wiz.next.invoke()
    assert wiz.step == 3
    wiz.vars["printer.connection"].set("none")     # no printer: PDF
    wiz._on_test_print()
    pump(tk_root, lambda: any(print_dir.glob("*.pdf")) and not app.printer.pending, timeout=20)
    assert any(print_dir.glob("*.png"))             # the thermal preview too
    wiz.next.invoke()
    wiz.vars["admin.full_name"].set("Lê Quản Trị")
    wiz.vars["admin.password"].set("matkhau123")
    wiz.vars["admin.password2"].set("matkhau123")
    wiz.next.invoke()
    pump(tk_root, lambda: "login" in app.screens, timeout=30)
    assert settings.get("office.name") == "UBND phường Thụy Khuê"
    assert settings.get("calendar.weekdays") == "1,2,3,4,5,6"
    assert len(catalog.list_procedures()) > 100      # bundled catalog imported
    user = auth.login("admin", "matkhau123")
    assert user.role.value == "admin"
    login = app.screens["login"]
    assert login.username.get() == "admin"
    login.password.set("sai-mat-khau")
    login.button.invoke()
    pump(tk_root, lambda: "Sai tên" in login.error.cget("text"))
    login.password.set("matkhau123")
    login.button.invoke()
    pump(tk_root, lambda: app.user is not None)
    assert "settings" in app.screens


def test_settings_screen_saves_and_backs_up(office, make_app, tk_root, tmp_path):
    app = make_app(office["url"], login=("admin", "matkhau123"))
    screen = app.show("settings")
    pump(tk_root, lambda: screen.vars["office.name"].get() == "UBND xã Phương Sơn")
    screen.vars["office.phone"].set("0204 3880 123")
    screen._on_save(("office.phone",))
    pump(tk_root, lambda: app.office.phone == "0204 3880 123")
    screen.ov_day.set("02/01/2026")
    screen.ov_note.set("Nghỉ bù Tết Dương lịch")
    screen._on_add_override()
    pump(tk_root, lambda: screen.overrides.tree.get_children())
    assert screen.overrides.tree.get_children() == ("2026-01-02",)
    screen.backup_dir.set(str(tmp_path / "saoluu"))
    screen._on_backup()
    pump(tk_root, lambda: any((tmp_path / "saoluu").glob("motcua-*.sqlite3")), timeout=20)
    screen.lang.set("English")
    screen._on_ui()
    pump(tk_root, lambda: app.settings.get("ui.language") == "en")
    labels = [b.cget("text") for b in app.nav_buttons.values()]
    assert any(t.startswith("Find dossier") for t in labels)
    app.set_ui("ui.language", "vi")
    pump(tk_root, lambda: app.settings.get("ui.language") == "vi")
    assert any(b.cget("text").startswith("Tìm hồ sơ") for b in app.nav_buttons.values())


def test_catalog_edit_and_poster(office, make_app, tk_root, print_dir):
    app = make_app(office["url"], login=("admin", "matkhau123"))
    screen = app.show("catalog")
    pump(tk_root, lambda: "1.001193" in screen.procs)
    screen.table.tree.selection_set("1.001193")
    screen._on_edit()
    dialog = next(w for w in screen.winfo_children() if w.winfo_class() == "Toplevel")
    dialog.vars["days"].set("2")
    dialog.ok_button.invoke()
    pump(tk_root, lambda: catalog.get("1.001193").processing_days == 2)
    screen.field.set("Hộ tịch")
    screen.load()
    pump(tk_root, lambda: screen.procs and all(p.field == "Hộ tịch" for p in screen.procs.values()))
    screen._on_poster()
    pump(tk_root, lambda: any(print_dir.glob("BangQR-*.pdf")) and not app.printer.pending, timeout=30)
    pdf = next(print_dir.glob("BangQR-*.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_clerk_sees_catalog_read_only(office, make_app, tk_root):
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    screen = app.show("catalog")
    pump(tk_root, lambda: screen.procs)
    states = {b.cget("text"): str(b.cget("state")) for b in screen.winfo_children()[1].winfo_children()}
    assert states["Sửa (Enter)"] == "disabled"
    assert states["In bảng QR lĩnh vực này"] == "normal"
