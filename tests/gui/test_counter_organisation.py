"""Counter screen, organisation and delegate: the person/organisation switch swaps CCCD ↔ MST
and birth date/gender ↔ representative/title, Tab walks only what is shown, a CCCD scanned for
an organisation fills the delegate, Enter registers; the row, the printed receipt's text.

MOTCUA_SHOTS=DIR saves the screen at 1366×768 (run under xvfb-run -s "-screen 0 1366x768x24")."""
from __future__ import annotations

import os

from tests.gui.conftest import press, pump
from tests.gui.test_counter import choose

CCCD = "024090001234|123456789|Trần Văn Bình|02021985|Nam|Thôn Đông, xã Phương Sơn, Bắc Giang|15082021"


def shot(root, name: str) -> None:
    folder = os.environ.get("MOTCUA_SHOTS")
    if not folder:
        return
    pump(root)
    root.update()
    from PIL import ImageGrab
    ImageGrab.grab(xdisplay="").save(os.path.join(folder, f"{name}.png"))


def test_counter_registers_an_organisation_with_a_delegate(office, make_app, tk_root):
    if os.environ.get("MOTCUA_SHOTS"):
        tk_root.geometry("1366x768+0+0")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    counter = app.screens["counter"]
    panel = counter.applicant
    choose(tk_root, counter, "1.001193", "1.001193")
    assert panel.f_id.winfo_ismapped() and not panel.f_tax.winfo_ismapped()
    shot(tk_root, "counter-person")
    # the switch: MST instead of CCCD, representative/title instead of birth date/gender
    panel.kind_buttons[1].invoke()
    pump(tk_root)
    assert panel.kind == "organisation"
    assert panel.f_tax.winfo_ismapped() and panel.f_rep.winfo_ismapped()
    assert not panel.f_id.winfo_ismapped() and not panel.f_birth.winfo_ismapped()
    assert panel.f_name.label.cget("text").startswith("Tên tổ chức")
    # Tab from the switch goes MST → name → representative → title → phone (hidden ones skipped)
    order = []
    w = panel.kind_buttons[1]
    for _i in range(5):
        w = w.tk_focusNext()
        order.append(w)
    assert order == [panel.f_tax.entry, panel.f_name.entry, panel.f_rep.entry,
                     panel.f_rep_title.entry, panel.f_phone.entry]
    # a bad MST is refused inline with the field's message, nothing registered
    panel.f_tax.entry.insert(0, "0100047517")
    panel.f_tax.entry.event_generate("<FocusOut>")
    assert "chữ số kiểm tra" in panel.f_tax.msg.cget("text")
    panel.f_tax.set("0100047516-001")
    panel.f_name.set("Công ty TNHH Xây dựng số 5 Minh Phát")     # digits are fine in a company name
    panel.f_rep.set("Nguyễn Văn An")
    panel.f_rep_title.set("Giám đốc")
    panel.f_phone.set("024 3765 4321")
    panel.f_address.set("Số 5 đường Lê Lợi, xã Phương Sơn")
    # the representative did not come: a CCCD scanned now is the delegate's
    counter.scan_box.insert(0, CCCD)
    press(counter.scan_box, "Return")
    assert panel.delegate_var.get() and panel.delegate_box.winfo_ismapped()
    assert panel.f_dname.get() == "Trần Văn Bình" and panel.f_did.get() == "024090001234"
    assert panel.f_name.get() == "Công ty TNHH Xây dựng số 5 Minh Phát"     # untouched
    panel.f_dphone.set("0987654321")
    pump(tk_root)
    shot(tk_root, "counter-organisation-delegate")
    press(panel.f_dphone.entry, "Return")
    pump(tk_root, lambda: app.last_dossier is not None)
    from app import dossiers
    stored = dossiers.get(app.last_dossier.code)
    a = stored.applicant
    assert (a.kind, a.name, a.tax_code, a.representative, a.representative_title, a.id_number) == (
        "organisation", "Công ty TNHH Xây dựng số 5 Minh Phát", "0100047516-001", "Nguyễn Văn An",
        "Giám đốc", "")
    assert stored.delegate is not None
    assert (stored.delegate.name, stored.delegate.id_number, stored.delegate.phone) == (
        "Trần Văn Bình", "024090001234", "0987654321")
    # the form is back to a person, delegate block closed
    assert panel.kind == "person" and not panel.delegate_var.get()
    # the thermal receipt names the organisation, its MST and the delegate (text raster)
    receipt = office["receipt"]
    pump(tk_root, lambda: receipt.exists() and receipt.stat().st_size > 1000 and not app.printer.pending,
         timeout=20)
    from printing import documents
    from printing.escpos_backend import EscposOptions
    from tests.printing.helpers import raster_has_block, receipt_block
    doc = documents.receipt(dossiers.receipt(stored.code))
    printed = receipt.read_bytes()
    options = EscposOptions(width=576, profile="TM-T88III")          # the office's printer
    for needle in ("Mã số thuế: 0100047516-001", "Đại diện: Nguyễn Văn An — Giám đốc",
                   "Người nộp thay: ", "CCCD người nộp thay: *********234"):
        assert raster_has_block(printed, receipt_block(doc, needle), options), needle


def test_delegate_errors_open_the_block_and_name_the_field(office, make_app, tk_root):
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    counter = app.screens["counter"]
    panel = counter.applicant
    choose(tk_root, counter, "1.001193", "1.001193")
    panel.f_name.set("Lê Thị Hoa")
    assert counter.on_key("5")                              # Ctrl+5: the person/organisation switch
    pump(tk_root)
    assert panel.focus_get() is panel.kind_buttons[0]
    panel.delegate_check.invoke()
    pump(tk_root)
    # a CCCD scanned into the delegate block is the delegate's, the applicant stays
    assert counter._on_scan(CCCD, panel.f_dname.entry)
    assert panel.f_dname.get() == "Trần Văn Bình" and panel.f_did.get() == "024090001234"
    assert panel.f_name.get() == "Lê Thị Hoa" and panel.f_id.get() == ""
    panel.f_dname.set("Phạm Văn Nam")
    panel.f_did.set("12345")
    counter.register_button.invoke()
    pump(tk_root)
    assert "12 chữ số" in panel.f_did.msg.cget("text")
    assert app.last_dossier is None and not counter.busy
    # closing the block drops the delegate: a person registers alone
    panel.delegate_check.invoke()
    pump(tk_root)
    counter.register_button.invoke()
    pump(tk_root, lambda: app.last_dossier is not None)
    from app import dossiers
    stored = dossiers.get(app.last_dossier.code)
    assert stored.delegate is None and stored.applicant.kind == "person"


def test_detail_window_shows_the_organisation_and_the_delegate(office, make_app, tk_root):
    from app import registration
    from tests.app.helpers import CLERK
    d = registration.register(CLERK, procedure_code="1.001193", kind="organisation",
                              name="Hợp tác xã Nông nghiệp Phương Sơn", tax_code="0100047516",
                              representative="Nguyễn Văn An", representative_title="Chủ nhiệm",
                              delegate_name="Trần Văn Bình", delegate_id_number="024090001234")
    if os.environ.get("MOTCUA_SHOTS"):
        tk_root.geometry("1366x768+0+0")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    win = app.open_dossier(d.code)
    pump(tk_root, lambda: win.view is not None)
    pump(tk_root)
    shown = [w.cget("text") for w in win.info.winfo_children()]
    assert "Tổ chức" in shown and "Hợp tác xã Nông nghiệp Phương Sơn" in shown
    assert "0100047516" in shown and "Nguyễn Văn An — Chủ nhiệm" in shown
    assert "Trần Văn Bình · 024090001234" in shown
    assert "Số CCCD" not in shown and "Ngày sinh" not in shown
    shot(tk_root, "detail-organisation")


def test_find_screen_finds_an_organisation_by_mst_and_shows_it(office, make_app, tk_root):
    from app import registration
    from tests.app.helpers import CLERK
    org = registration.register(CLERK, procedure_code="1.001193", kind="organisation",
                                name="Công ty Cổ phần Vận tải Lục Nam", tax_code="0100047516-002",
                                representative="Nguyễn Văn An")
    registration.register(CLERK, procedure_code="1.001193", name="Lê Thị Hoa", id_number="001190003759")
    if os.environ.get("MOTCUA_SHOTS"):
        tk_root.geometry("1366x768+0+0")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    find = app.show("find")
    pump(tk_root, lambda: find.page is not None)
    find.var.set("47516")
    press(find.entry, "Return")
    pump(tk_root, lambda: find.page.text == "47516")
    assert list(find.table.tree.get_children()) == [org.code]
    values = find.table.tree.item(org.code, "values")
    assert values[1] == "Công ty Cổ phần Vận tải Lục Nam" and values[2] == "0100047516-002"
    find.var.set("van tai luc nam")
    press(find.entry, "Return")
    pump(tk_root, lambda: find.page.text == "van tai luc nam")
    assert list(find.table.tree.get_children()) == [org.code]
    shot(tk_root, "find-organisation")
