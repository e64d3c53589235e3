"""PDF documents: read the text back with pdftotext and the QR codes with pdftoppm + zxing."""
from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

import pytest

from app.domain import UserError
from printing import documents, samples
from printing.pdf_backend import render_pdf
from tests.printing.helpers import pdf_page_count, pdf_qr_texts, pdf_text, pdf_words, words

OFFICE = samples.office()


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_form_01_text_and_qr(tmp_path):
    rc = samples.receipt(12)
    pdf = render_pdf(documents.form_01(rc))
    text = _flat(pdf_text(pdf, tmp_path))
    for s in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
              "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "UBND XÃ PHƯƠNG SƠN", "UBND TỈNH BẮC GIANG",
              "Nguyễn Thị Hương Giang", rc.dossier_code, "Đăng ký khai sinh",
              "10 giờ 05 phút, ngày 25/11/2026", "16 giờ 30 phút, ngày 30/11/2026",
              "Phương Sơn, ngày 25 tháng 11 năm 2026", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ",
              "Tờ khai đăng ký khai sinh", "Căn cước công dân của cha, mẹ", "Bản chính", "Bản sao",
              "Số lượng", "Số thứ tự: 12", "Bộ phận tiếp nhận và trả kết quả, UBND xã Phương Sơn"):
        assert s in text, s
    assert "024199001234" not in text and "*********234" in text      # CCCD masked
    assert "0912345678" not in text
    assert pdf_page_count(pdf, tmp_path) == 1                          # fits one A5 page
    assert pdf_qr_texts(pdf, tmp_path) == [rc.tracking_url]


def test_layout_follows_the_official_form(tmp_path):
    """Quốc hiệu top right, office top left, title centred, signatures at the bottom."""
    pdf = render_pdf(documents.form_01(samples.receipt(1)))
    width, height, ws = pdf_words(pdf, tmp_path)
    first = {}
    for w in ws:
        first.setdefault(w[0], w)
    cong, ubnd, giay, nguoi = first["CỘNG"], first["UBND"], first["GIẤY"], first["NGƯỜI"]
    assert cong[1] > width * 0.4 and cong[2] < height * 0.12           # top right
    assert ubnd[1] < width * 0.2 and ubnd[2] < height * 0.12           # top left
    title = [w for w in ws if abs(w[2] - giay[2]) < 1]
    centre = (title[0][1] + title[-1][3]) / 2
    assert abs(centre - width / 2) < width * 0.05                       # centred
    assert nguoi[2] > height * 0.6                                       # signatures low
    signers = [w for w in ws if w[0] == "NGƯỜI"]
    assert len(signers) == 2 and signers[0][1] < width / 2 < signers[1][1]


def test_forms_02_to_05(tmp_path):
    d = samples.dossier(3)
    at = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    missing = ["Bản sao giấy chứng nhận kết hôn của cha, mẹ", "Giấy ủy quyền có chứng thực",
               "Văn bản xác nhận nơi cư trú"]
    cases = {
        "02": (documents.form_02(d, OFFICE, missing, at),
               ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "NGƯỜI HƯỚNG DẪN",
                "Phương Sơn, ngày 26 tháng 11 năm 2026"] + [f"{i}. {m}" for i, m in enumerate(missing, 1)]),
        "03": (documents.form_03(d, OFFICE, "Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã", at),
               ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "NGƯỜI TIẾP NHẬN",
                "Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã"]),
        "04": (documents.form_04(d, OFFICE),
               ["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ",
                "…… giờ …… ngày …/…/……", "Người giao", "Người nhận"]),
        "05": (documents.form_05(d, OFFICE, date(2026, 12, 3), "Cần xác minh nơi cư trú của người mẹ", at),
               ["PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "ngày 03 tháng 12 năm 2026",
                "Cần xác minh nơi cư trú của người mẹ", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"]),
    }
    for n, (doc, expected) in cases.items():
        text = _flat(pdf_text(render_pdf(doc), tmp_path))
        for s in expected + ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", d.code, "Nguyễn Thị Hương Giang"]:
            assert s in text, (n, s)


def test_forms_refuse_empty_content():
    d = samples.dossier(1)
    with pytest.raises(UserError):
        documents.form_02(d, OFFICE, [" ", ""], date(2026, 11, 26))
    with pytest.raises(UserError):
        documents.form_03(d, OFFICE, "  ", date(2026, 11, 26))
    with pytest.raises(UserError):
        documents.form_05(d, OFFICE, date(2026, 12, 3), "", date(2026, 11, 26))


def test_register_book_rows_numbered_and_long_names_kept(tmp_path):
    long_proc = samples.procedure(name=samples.LONG_NAME)
    book = [samples.dossier(n, proc=long_proc if n == 5 else None) for n in (3, 1, 5, 2, 4)] + \
        [samples.dossier(n) for n in range(6, 41)]
    pdf = render_pdf(documents.form_06(book, OFFICE, date(2026, 11, 1), date(2026, 11, 30)))
    text = pdf_text(pdf, tmp_path)
    flat = _flat(text)
    assert "SỔ THEO DÕI HỒ SƠ" in flat and "Từ ngày 01/11/2026 đến ngày 30/11/2026" in flat
    assert pdf_page_count(pdf, tmp_path) >= 2
    assert flat.count("Tên thủ tục hành chính") == pdf_page_count(pdf, tmp_path)  # header repeated
    for w in words(samples.LONG_NAME):
        assert w in flat, w                                      # wrapped, never cut
    # rows appear in register order 1..40
    positions = [flat.index(f"000.17.22.H56-261125-{n:04d}".split("-")[-1]) for n in (1, 2, 3, 4, 5)]
    assert positions == sorted(positions)


def test_receipt_as_pdf_keeps_every_word(tmp_path):
    rc = samples.receipt(2, proc=samples.procedure(name=samples.LONG_NAME),
                         name="Tôn Nữ Hoàng Thị Phương Thảo")
    pdf = render_pdf(documents.receipt(rc))
    flat = _flat(pdf_text(pdf, tmp_path))
    for w in words(samples.LONG_NAME) + ["Tôn", "Nữ", "Hoàng", "Thảo", "Hẹn", "trả:"]:
        assert w in flat, w
    assert pdf_qr_texts(pdf, tmp_path) == [rc.tracking_url, documents.survey_link(rc)]


def test_label_pdf(tmp_path):
    d = samples.dossier(8)
    pdf = render_pdf(documents.label(d, OFFICE))
    flat = _flat(pdf_text(pdf, tmp_path))
    assert d.code in flat and "30/11/2026" in flat and "Nguyễn Thị Hương Giang" in flat
    assert pdf_qr_texts(pdf, tmp_path) == [d.tracking_url]


def test_poster_a4_by_field_with_survey(tmp_path):
    procs = samples.procedures(24)
    pdf = render_pdf(documents.poster(procs, OFFICE, "Hộ tịch", "A4"))
    flat = _flat(pdf_text(pdf, tmp_path))
    chosen = [p for p in procs if p.field == "Hộ tịch"]
    assert "MÃ QR TRA CỨU THỦ TỤC HÀNH CHÍNH" in flat and "LĨNH VỰC: HỘ TỊCH" in flat
    for p in chosen:
        assert f"Mã TTHC: {p.code}" in flat
    assert "Chứng thực" not in flat.split("LĨNH VỰC")[1][:40]
    qrs = pdf_qr_texts(pdf, tmp_path)
    expected = {OFFICE.procedure_url_template.format(code=p.code) for p in chosen}
    assert expected <= set(qrs) and documents.fill_code(OFFICE.survey_url, "") in qrs


def test_poster_a3_all_fields_page_size(tmp_path):
    pdf = render_pdf(documents.poster(samples.procedures(30), OFFICE, None, "A3"))
    src = tmp_path / "p.pdf"
    src.write_bytes(pdf)
    import subprocess
    info = subprocess.run(["pdfinfo", str(src)], capture_output=True, check=True).stdout.decode()
    assert "841.89 x 1190.55" in info or "842 x 1191" in info
    with pytest.raises(UserError):
        documents.poster([], OFFICE, None, "A2")


def test_all_document_text_is_nfc():
    d = samples.dossier(1, name=unicodedata.normalize("NFD", "Nguyễn Thị Hương Giang"))
    doc = documents.label(d, OFFICE)
    for s in doc.iter_text():
        assert unicodedata.is_normalized("NFC", s)


def test_form_01_states_the_working_days_this_dossier_was_given(office_db, tmp_path):
    """A procedure without a set time: the clerk typed 4 days, and Mẫu 01 says so."""
    import subprocess

    from app import catalog, desk, registration
    from printing import forms
    from printing.pdf_backend import render_pdf
    from tests.app.helpers import CLERK
    proc = next(p for p in catalog.list_procedures() if p.processing_days is None)
    d = registration.register(CLERK, procedure_code=proc.code, name="Nguyễn Văn An",
                              processing_days=4)
    pdf = tmp_path / "mau01.pdf"
    pdf.write_bytes(render_pdf(forms.form_01(desk.receipt(CLERK, d.code))))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "04 ngày làm việc" in " ".join(text.split())
