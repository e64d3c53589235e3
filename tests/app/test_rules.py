from datetime import date

from app import rules


def test_rules_follow_effective_date():
    old = rules.one_stop(date(2024, 5, 1))
    new = rules.one_stop(date(2026, 11, 25))
    assert "61/2018" in old.basis and "118/2025" in new.basis
    assert new.form_titles["05"] == "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"            # TT 03/2025
    assert rules.one_stop(date(2025, 9, 14)).form_titles["05"] == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
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
    data["one_stop"].append(newer)
    papers = copy.deepcopy(data["paper_sets"][-1])
    papers.update(set="2026", effective_from="2026-01-01")
    papers["forms"]["02"]["title"] = "PHIẾU YÊU CẦU BỔ SUNG HỒ SƠ (MẪU MỚI)"
    data["paper_sets"].append(papers)
    monkeypatch.setattr(rules, "_load", lambda: data)
    office = settings.office()
    assert office.legal_basis == "Nghị định 999/2026/NĐ-CP (thử)"
    d = registration.register(CLERK, procedure_code="1.001193", name="Bùi Thị Xuân")
    pdf = tmp_path / "f02.pdf"
    pdf.write_bytes(render_pdf(form_02(dossiers.get(d.code), office, ["Giấy chứng sinh"], d.received_at)))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "PHIẾU YÊU CẦU BỔ SUNG HỒ SƠ (MẪU MỚI)" in text


def test_paper_set_follows_the_issue_day():
    before, after = rules.paper_set(date(2025, 9, 14)), rules.paper_set(date(2025, 9, 16))
    assert (before.key, before.circular) == ("2018", "Thông tư 01/2018/TT-VPCP")
    assert (after.key, after.circular) == ("2025", "Thông tư 03/2025/TT-VPCP")
    assert rules.paper_set(date(2025, 9, 15)).key == "2025"
    assert sorted(before.forms) == ["01", "02", "03", "04", "05", "06"]
    assert sorted(after.forms) == ["01", "02", "03", "04", "05", "06", "07"]
    assert before.for_event("apology").number == "05" and after.for_event("apology").number == "04"
    assert before.for_event("control").number == "04" and after.for_event("control").number == "06"
    assert after.for_event("stopped").title == "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
    assert before.for_event("stopped") is None
    assert after.forms["04"].title == "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
    assert after.forms["07"].title == before.forms["06"].title == "SỔ THEO DÕI HỒ SƠ"
    assert rules.paper_set_named("2018") == before
