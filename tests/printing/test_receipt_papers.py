"""Thermal receipt: documents handed over, quiet zones, reprint mark, clerk's name, survey QR."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.domain import DocumentReceived, Receipt
from printing import documents, samples
from printing.escpos_backend import EscposOptions, decode_raster, render_escpos
from printing.pdf_backend import render_pdf
from tests.printing.helpers import pdf_text, qr_texts, quiet_zones


def _flat(t: str) -> str:
    return " ".join(t.split())


def test_receipt_lists_the_documents_received(tmp_path):
    rc = samples.receipt(3)
    text = _flat(" ".join(documents.receipt(rc).iter_text()))
    assert "Giấy tờ đã nhận (4 bản):" in text
    assert "1. Tờ khai đăng ký khai sinh (1 bản chính)" in text
    assert "3. Căn cước công dân của cha, mẹ (2 bản sao)" in text
    pdf = _flat(pdf_text(render_pdf(documents.receipt(rc)), tmp_path))     # same layout, as PDF
    assert "3. Căn cước công dân của cha, mẹ (2 bản sao)" in pdf


def test_long_document_list_is_cut_and_the_receipt_stays_short():
    many = tuple(DocumentReceived(f"Giấy tờ kèm theo số {i} của hồ sơ đăng ký", originals=1)
                 for i in range(1, 31))
    rc = samples.receipt(4, documents=many)
    text = " ".join(documents.receipt(rc).iter_text())
    assert "5. Giấy tờ kèm theo số 5" in text and "6. Giấy tờ" not in text
    assert "… và 25 giấy tờ khác" in text
    img = decode_raster(render_escpos(documents.receipt(rc), EscposOptions(width=576)))
    assert img.height / 8 < 300                                   # 8 dots/mm: under 30 cm
    assert qr_texts(img)[0] == rc.tracking_url


def test_quiet_zone_is_four_modules_on_every_side():
    for width in (384, 576):
        rc = samples.receipt(6)
        img = decode_raster(render_escpos(documents.receipt(rc, fee_qr=True), EscposOptions(width=width)))
        zones = quiet_zones(img)
        assert set(zones) >= {rc.tracking_url, documents.survey_link(rc)}
        for text, sides in zones.items():
            assert min(sides) >= 4, (width, text, sides)


def test_quiet_zone_on_labels():
    from printing.layout import Document
    from printing.preview import thermal_image
    d = samples.dossier(8)
    img = thermal_image(Document(documents.label(d, samples.office()).blocks), 384)
    assert min(quiet_zones(img)[d.tracking_url]) >= 4


def test_reprint_says_so_with_the_time_and_the_first_print_does_not():
    rc = samples.receipt(2)
    first = " ".join(documents.receipt(rc, number_line="Số: 12/TNHS").iter_text())
    assert "BẢN IN LẠI" not in first and "Số: 12/TNHS" in first
    at = datetime(2026, 11, 26, 8, 15, tzinfo=UTC)
    again = " ".join(documents.receipt(rc, number_line="Số: 12/TNHS", reprint_at=at).iter_text())
    assert "BẢN IN LẠI — 15:15 26/11/2026" in again


def test_clerk_full_name_never_the_login():
    rc = samples.receipt(1)
    named = Receipt(rc.office, replace(rc.dossier, clerk="canbo1", clerk_name="Lê Thị Hoa"))
    text = " ".join(documents.receipt(named).iter_text())
    assert "Cán bộ tiếp nhận: Lê Thị Hoa" in text and "canbo1" not in text
    bare = Receipt(rc.office, replace(rc.dossier, clerk="canbo1", clerk_name=""))
    assert "canbo1" not in " ".join(documents.receipt(bare).iter_text())


def test_survey_qr_carries_the_code_and_only_when_set():
    rc = samples.receipt(5)
    link = documents.survey_link(rc)
    assert link == "https://motcua.example.vn/danh-gia?ma=000.17.22.H56-261125-0005"
    img = decode_raster(render_escpos(documents.receipt(rc), EscposOptions(width=576)))
    assert qr_texts(img) == [rc.tracking_url, link]
    assert "Đánh giá mức độ hài lòng" in " ".join(documents.receipt(rc).iter_text())
    plain = Receipt(samples.office(survey_url=""), rc.dossier)
    assert qr_texts(decode_raster(render_escpos(documents.receipt(plain), EscposOptions(width=576)))) \
        == [rc.tracking_url]
