from datetime import date

from app import rules


def test_rules_follow_effective_date():
    old = rules.one_stop(date(2024, 5, 1))
    new = rules.one_stop(date(2026, 11, 25))
    assert "61/2018" in old.basis and "118/2025" in new.basis
    assert new.form_titles["05"] == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    assert rules.levels(date(2025, 6, 30)) == ["xã", "huyện", "tỉnh"]
    assert rules.levels(date(2025, 7, 1)) == ["xã", "tỉnh"]
    assert rules.current_level("huyện", date(2026, 1, 1)) == "xã"
    assert rules.current_level("huyện", date(2024, 1, 1)) == "huyện"


def test_new_decree_changes_printed_wording(office_db, monkeypatch, tmp_path):
    """A rules entry taking effect changes the form titles printed from then on: no code change."""
    import copy
    import subprocess

    from app import dossiers, registration, settings, store
    from printing.documents import form_02
    from printing.pdf_backend import render_pdf
    from tests.app.helpers import CLERK
    store.open_database(office_db)
    data = copy.deepcopy(rules._load())
    newer = copy.deepcopy(data["one_stop"][-1])
    newer.update(effective_from="2026-01-01", basis="Nghị định 999/2026/NĐ-CP (thử)")
    newer["forms"]["02"] = "PHIẾU YÊU CẦU BỔ SUNG HỒ SƠ (MẪU MỚI)"
    data["one_stop"].append(newer)
    monkeypatch.setattr(rules, "_load", lambda: data)
    office = settings.office()
    assert office.legal_basis == "Nghị định 999/2026/NĐ-CP (thử)"
    d = registration.register(CLERK, procedure_code="1.001193", name="Bùi Thị Xuân")
    pdf = tmp_path / "f02.pdf"
    pdf.write_bytes(render_pdf(form_02(dossiers.get(d.code), office, ["Giấy chứng sinh"], d.received_at)))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "PHIẾU YÊU CẦU BỔ SUNG HỒ SƠ (MẪU MỚI)" in text
