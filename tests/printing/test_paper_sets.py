"""Every form of both paper sets: text read back with pdftotext, fonts embedded, the set chosen
by the issue day, Mẫu 01 on one A5 page with the long fixture, agency names never wrapped."""
from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app import rules
from app.domain import HistoryEntry, Status
from printing import forms, samples
from printing.paper import HandOver, Issue
from printing.pdf_backend import render_pdf
from tests.printing.helpers import pdf_page_count, pdf_text, pdf_words

AT = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
NEW_DUE = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _dossier():
    rc = samples.receipt(12)
    d = rc.dossier
    t = d.received_at
    hist = ((HistoryEntry(t, None, Status.ACCEPTED, "Trần Văn Bình", "Tiếp nhận", d.due_at),) + d.history[1:]
            + (HistoryEntry(t + timedelta(days=3), Status.PROCESSING, Status.PROCESSING, "Lê Thị Mai",
                            "Xin lỗi, hẹn lại", NEW_DUE),
               HistoryEntry(t + timedelta(days=4), Status.PROCESSING, Status.STOPPED, "Lê Thị Mai",
                            "Người nộp không bổ sung hồ sơ trong thời hạn")))
    return replace(rc, dossier=replace(d, history=hist, due_at=NEW_DUE))


def build(ps, form, rc, number=12):
    issue = Issue(form, number if form.symbol else None, AT, ps.key)
    d, office = rc.dossier, rc.office
    return {"receipt": lambda: forms.receipt_form(rc, issue),
            "supplement": lambda: forms.supplement_form(d, office, issue,
                                                        ["Bản sao giấy chứng nhận kết hôn"]),
            "refusal": lambda: forms.refusal_form(d, office, issue, "Không thuộc thẩm quyền giải quyết"),
            "apology": lambda: forms.apology_form(d, office, issue, NEW_DUE.date(),
                                                  "Cần xác minh nơi cư trú"),
            "stop": lambda: forms.stop_form(d, office, issue),
            "control": lambda: forms.control_form(d, office, issue),
            "register": lambda: forms.register_form([d], office, issue, date(2026, 11, 1),
                                                    date(2026, 11, 30)),
            }[form.kind]()


CASES = [(ps.key, n) for ps in rules.paper_sets() for n in sorted(ps.forms)]


@pytest.mark.parametrize("key,number", CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_every_form_of_both_sets(key, number, tmp_path):
    ps = rules.paper_set_named(key)
    form = ps.forms[number]
    pdf = render_pdf(build(ps, form, _dossier()))
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert form.title in text and f"Mẫu số {number}" in text
    if form.kind != "register":
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "UBND XÃ PHƯƠNG SƠN" in text and "UBND TỈNH BẮC GIANG" in text
    if form.symbol:
        assert f"Số: 12/{form.symbol}" in text
        assert "Phương Sơn, ngày 26 tháng 11 năm 2026" in text
    else:
        assert "Số:" not in text
    if form.kind == "apology":                        # original and new appointment
        assert "16 giờ 30 phút, ngày 30/11/2026" in text and "03/12/2026" in text
    if form.kind == "stop":
        assert "Người nộp không bổ sung hồ sơ trong thời hạn" in text
    if form.kind == "control":
        assert "TÊN CƠ QUAN" in text and "Người giao" in text and "Người nhận" in text
        assert text.count("Giao:") == forms.BLANK_ROWS  # no hand-over recorded: rows to fill by hand
    if form.kind == "register":
        assert "Ngày, tháng, năm" in text and "(1)" in text and "(14)" in text
        assert "Hẹn lại: 03/12/2026" in text and "30/11/2026" in text
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert rows and all(r.split()[-5] == "yes" for r in rows), fonts   # emb yes on every row
    assert all("LiberationSerif" in r for r in rows), fonts


def test_set_is_chosen_by_the_issue_day():
    assert rules.paper_set(date(2025, 9, 14)).for_event("apology").title == \
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    assert rules.paper_set(date(2025, 9, 16)).for_event("apology").title == \
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"


def test_form_01_long_fixture_fits_one_a5_page(tmp_path):
    rc = samples.long_receipt()
    assert len(rc.dossier.applicant.name) == 60 and len(rc.dossier.procedure.name) == 400
    assert len(rc.dossier.documents) == 12
    ps = rules.paper_set_named("2025")
    pdf = render_pdf(build(ps, ps.forms["01"], rc))
    assert pdf_page_count(pdf, tmp_path) == 1
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "NGƯỜI NỘP HỒ SƠ" in text and rc.dossier.documents[-1].name in text


def test_agency_names_never_wrap(tmp_path):
    ps = rules.paper_set_named("2025")
    pdf = render_pdf(build(ps, ps.forms["02"], samples.long_receipt()))
    _, _, ws = pdf_words(pdf, tmp_path)
    line = [w for w in ws if w[0] in ("TỈNH", "NGHỆ", "AN")][:3]
    assert [w[0] for w in line] == ["TỈNH", "NGHỆ", "AN"]
    assert len({round(w[2]) for w in line}) == 1, line     # one baseline: "NGHỆ AN" not split


def test_applicant_wording():
    d = _dossier().dossier
    text = " ".join(forms.refusal_form(d, samples.office(), Issue(rules.paper_set_named("2025").forms["03"]),
                                       "Lý do").iter_text())
    assert "Ông/Bà" in text and "Ông/Bà Công ty" not in text
    assert "03 ngày làm việc" in " ".join(forms.receipt_form(_dossier(), Issue(
        rules.paper_set_named("2025").forms["01"])).iter_text())


def test_handover_rows_can_be_passed_in():
    d = _dossier().dossier
    rows = [HandOver("Bộ phận một cửa", "Phòng Kinh tế", AT, "Đúng hạn", "Chuyển xử lý", "Lê Thị Hoa",
                     "Ngô Văn Tư")]
    doc = forms.control_form(d, samples.office(), Issue(rules.paper_set_named("2025").forms["06"]), rows,
                             partners="Công an xã Phương Sơn")
    text = " ".join(doc.iter_text())
    assert "1. Giao: Bộ phận một cửa" in text and "Ngô Văn Tư" in text and "2. Giao" not in text
    assert "Cơ quan phối hợp giải quyết hồ sơ: Công an xã Phương Sơn" in text
