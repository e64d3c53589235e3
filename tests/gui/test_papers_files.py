"""Papers without a printer never overwrite each other (issue 11 §4): whole dossier code +
paper + time in the name, created exclusively; "Mở thư mục" after saving; "Lưu PDF" beside
"In lại" when the printer fails."""
from __future__ import annotations

from app import registration
from app.auth import login
from tests.gui.conftest import pump
from views.printer import PrinterConfig, new_file


def _banner_buttons(app):
    return {w.cget("text"): w for w in [app.notifier.action_button] + app.notifier.extra if w.winfo_manager()}


def test_saved_papers_keep_the_whole_code_and_never_overwrite(office, make_app, tk_root, print_dir):
    d = registration.register(login("canbo", "matkhau123"), procedure_code="1.001193", name="Lê Văn Tám")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    app.printer.configure(PrinterConfig())                     # no printer: PDF (+ PNG preview)
    for _i in range(3):
        app.print_receipt(d)
    app.printer.form_03(d, app.office, "Thiếu tờ khai")
    app.printer.form_03(d, app.office, "Thiếu tờ khai")
    pump(tk_root, lambda: not app.printer.pending, timeout=30)
    pdfs = sorted(p.name for p in print_dir.glob("*.pdf"))
    pngs = sorted(p.name for p in print_dir.glob("*.png"))
    assert len(pdfs) == 5 and len(pngs) == 3, (pdfs, pngs)
    assert all(d.code in name for name in pdfs + pngs)         # never cut at the first dot
    assert sum(name.startswith("Mau03-") for name in pdfs) == 2
    assert "Mở thư mục" in _banner_buttons(app)


def test_new_file_never_reuses_a_name(tmp_path):
    a = new_file(tmp_path, "Mau03-000.17.22.H56-261201-0007-x", ".pdf")
    b = new_file(tmp_path, "Mau03-000.17.22.H56-261201-0007-x", ".pdf")
    assert a != b and a.name == "Mau03-000.17.22.H56-261201-0007-x.pdf"
    assert b.name == "Mau03-000.17.22.H56-261201-0007-x-2.pdf"


def test_failed_print_offers_reprint_and_save_pdf(office, make_app, tk_root, print_dir, tmp_path):
    d = registration.register(login("canbo", "matkhau123"), procedure_code="1.001193", name="Lê Văn Tám")
    app = make_app(office["url"], login=("canbo", "matkhau123"))

    def broken(data, conn):
        raise OSError("máy in không phản hồi")
    app.printer.sender = broken
    app.print_receipt(d)
    pump(tk_root, lambda: not app.printer.pending and app.last_notice and app.last_notice[0] == "danger",
         timeout=20)
    buttons = _banner_buttons(app)
    assert set(buttons) >= {"In lại", "Lưu PDF"}
    buttons["Lưu PDF"].invoke()
    pump(tk_root, lambda: any(print_dir.glob("*.pdf")) and not app.printer.pending, timeout=20)
    assert d.code in next(print_dir.glob("*.pdf")).name
