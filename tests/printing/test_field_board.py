"""QR boards: one QR per field (as Phương Sơn and Hương Thọ post them), headings never alone."""
from __future__ import annotations

from urllib.parse import unquote

from printing import documents, samples
from printing.flow import layout
from printing.pdf_backend import _measure, render_pdf
from tests.printing.helpers import pdf_page_count, pdf_qr_texts, pdf_text

TEMPLATE = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html?tu_khoa={field}"


def test_one_qr_per_field_with_its_procedures(tmp_path):
    procs = samples.procedures(120)
    fields = sorted({p.field for p in procs})
    pdf = render_pdf(documents.field_poster(procs, samples.office(), TEMPLATE, "A4"))
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "MÃ QR TRA CỨU THỦ TỤC HÀNH CHÍNH THEO LĨNH VỰC" in text and "6 lĩnh vực, 120 thủ tục" in text
    assert "HỘ TỊCH" in text and "20 thủ tục" in text and "… và 15 thủ tục khác" in text
    qrs = pdf_qr_texts(pdf, tmp_path)
    urls = [q for q in qrs if "tu_khoa=" in q]
    assert sorted(unquote(u.split("tu_khoa=")[1]) for u in urls) == fields
    assert documents.field_url(TEMPLATE, "Bảo trợ xã hội").endswith(
        "B%E1%BA%A3o%20tr%E1%BB%A3%20x%C3%A3%20h%E1%BB%99i")
    assert documents.fill_code(samples.office().survey_url, "") in qrs
    assert pdf_page_count(pdf, tmp_path) == 1


def test_a3_board(tmp_path):
    pdf = render_pdf(documents.field_poster(samples.procedures(120), samples.office(), TEMPLATE, "A3"))
    assert len([q for q in pdf_qr_texts(pdf, tmp_path) if "tu_khoa=" in q]) == 6


def _page_texts(doc):
    for page in layout(doc, _measure(doc.font)):
        yield [op[3] for op in page.ops if op[0] == "t" and not op[3].startswith(doc.footer)]


def test_group_heading_never_ends_a_page():
    doc = documents.poster(samples.procedures(144), samples.office(), None, "A4")
    pages = list(_page_texts(doc))
    assert len(pages) > 3
    for texts in pages:
        body = [t for t in texts if "Trang" not in t]
        assert not body[-1].startswith("LĨNH VỰC"), body[-3:]
