"""The wizard refuses the example.org placeholder unless 'demo' is ticked; the settings screen
asks before changing the office code of an office with dossiers; lists mask CCCD/phone for
clerks."""
from __future__ import annotations

from app import registration, settings
from app.auth import login
from tests.gui.conftest import pump

PLACEHOLDER = settings.KEYS["tracking.url_template"].default


def test_wizard_placeholder_needs_demo_tick(tmp_path, make_app, tk_root):
    app = make_app("sqlite:///" + str(tmp_path / "new.sqlite3"))
    wiz = app.body.winfo_children()[0]
    wiz.vars["office.name"].set("UBND xã Thử")
    wiz.vars["office.code"].set("000.17.22.H56")
    wiz.next.invoke()
    assert wiz.step == 1 and wiz.vars["tracking.url_template"].get() == PLACEHOLDER
    wiz.next.invoke()
    assert wiz.step == 1 and "giấy hẹn trả" in wiz.error.cget("text")
    wiz.vars["tracking.url_template"].set("https://tc.gov.vn/{__class__}?ma={code}&t={token}")
    wiz.demo.set(True)
    wiz.next.invoke()
    assert wiz.step == 1 and "Mẫu địa chỉ" in wiz.error.cget("text")
    wiz.vars["tracking.url_template"].set(PLACEHOLDER)
    wiz.next.invoke()
    assert wiz.step == 2
    assert wiz.values()["office.demo"] == "true"


def test_office_code_change_asks_first(office, make_app, tk_root):
    clerk = login("canbo", "matkhau123")
    registration.register(clerk, procedure_code="1.001193", name="Nguyễn Văn An")
    app = make_app(office["url"], login=("admin", "matkhau123"))
    screen = app.show("settings")
    pump(tk_root, lambda: screen.vars["office.code"].get() == "000.17.22.H56")
    asked = []
    screen.ask_yes_no = lambda parent, title, message: asked.append(message) or False
    screen.vars["office.code"].set("000.00.17.H56")
    screen._on_save(("office.code",))
    pump(tk_root, lambda: asked)
    assert "0001" in asked[0]
    assert settings.get("office.code") == "000.17.22.H56"          # "No": nothing changed
    screen.ask_yes_no = lambda parent, title, message: asked.append(message) or True
    screen._on_save(("office.code",))
    pump(tk_root, lambda: app.office.code == "000.00.17.H56")
    assert settings.get("office.code") == "000.00.17.H56" and len(asked) == 2


def _find_row(app, tk_root, text):
    app.commands.invoke("find", app.user)
    find = app.screens["find"]
    find.var.set(text)
    find._on_search()
    pump(tk_root, lambda: find.table.tree.get_children())
    tree = find.table.tree
    return dict(zip(tree["columns"], tree.item(tree.get_children()[0], "values"), strict=True))


def test_lists_mask_cccd_and_phone_for_clerks(office, make_app, tk_root):
    clerk = login("canbo", "matkhau123")
    d = registration.register(clerk, procedure_code="1.001193", name="Phạm Thị Lan",
                              id_number="024190001234", phone="0912345678")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    row = _find_row(app, tk_root, "pham thi lan")
    assert (row["id"], row["phone"]) == ("0241******34", "091****678")
    app.open_dossier(d.code)                                        # the detail: full numbers
    win = app.detail_windows[d.code]
    pump(tk_root, lambda: win.view is not None)
    assert win.view.dossier.applicant.id_number == "024190001234"


def test_lists_show_full_numbers_to_supervisors(office, make_app, tk_root):
    clerk = login("canbo", "matkhau123")
    registration.register(clerk, procedure_code="1.001193", name="Phạm Thị Lan",
                          id_number="024190001234", phone="0912345678")
    app = make_app(office["url"], login=("lanhdao", "matkhau123"))
    row = _find_row(app, tk_root, "pham thi lan")
    assert (row["id"], row["phone"]) == ("024190001234", "0912345678")
