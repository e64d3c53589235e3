"""PNG previews, VietQR payloads and the layout engine's wrapping."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from printing import documents, samples, vietqr
from printing.flow import Flow
from printing.layout import Column, Document, Run, Table, Text
from printing.preview import render_images, render_png
from printing.raster import measurer
from tests.printing.helpers import png_qr_texts, qr_texts


def test_receipt_preview_png_scans():
    rc = samples.receipt(11)
    png = render_png(documents.receipt(rc), width_dots=576)
    img = Image.open(io.BytesIO(png))
    assert img.width == 576
    assert png_qr_texts(png) == [rc.tracking_url, documents.survey_link(rc)]


def test_page_preview_and_label_scan():
    rc = samples.receipt(4)
    pages = render_images(documents.form_01(rc), dpi=150)
    assert len(pages) == 1 and abs(pages[0].width - 148 / 25.4 * 150) < 2     # A5 at 150 dpi
    assert qr_texts(pages[0]) == [rc.tracking_url]
    label_png = render_png(documents.label(rc.dossier, rc.office))
    assert png_qr_texts(label_png) == [rc.tracking_url]
    thermal_label = Document(documents.label(rc.dossier, rc.office).blocks)
    assert png_qr_texts(render_png(thermal_label, width_dots=384)) == [rc.tracking_url]


def test_multi_page_preview_stacks_pages():
    book = [samples.dossier(n) for n in range(1, 40)]
    from datetime import date
    doc = documents.form_06(book, samples.office(), date(2026, 11, 1), date(2026, 11, 30))
    pages = render_images(doc, dpi=60)
    assert len(pages) >= 2 and pages[0].width > pages[0].height                 # landscape
    img = Image.open(io.BytesIO(render_png(doc, dpi=60)))
    assert img.height > sum(p.height for p in pages)


# ---- VietQR ----------------------------------------------------------------------------
def test_crc16_ccitt_check_value():
    assert vietqr.crc16_ccitt(b"123456789") == 0x29B1          # CRC-16/CCITT-FALSE


def test_payload_round_trip_and_tamper():
    code = "000.17.22.H56-261125-0001"
    s = vietqr.payload("970415", "113366668888", 50000, code)
    f = vietqr.parse(s)
    assert f["crc_ok"] and f["guid"] == "A000000727" and f["service"] == "QRIBFTTA"
    assert (f["bin"], f["account"], f["amount"], f["purpose"]) == ("970415", "113366668888", 50000, code)
    assert f["fields"]["00"] == "01" and f["fields"]["01"] == "12" and f["country"] == "VN"
    tampered = s.replace("50000", "90000")
    assert not vietqr.parse(tampered)["crc_ok"]
    with pytest.raises(ValueError):
        vietqr.parse_tlv("0002")
    with pytest.raises(ValueError):
        vietqr.payload("9704", "1", 1, "x")


def test_reference_is_ascii_and_short():
    assert vietqr.ascii_reference("Lệ phí hồ sơ Đức") == "Le phi ho so Duc"
    assert len(vietqr.ascii_reference("x" * 40)) == 25


# ---- layout ------------------------------------------------------------------------------
def _flow():
    return Flow(measurer(203 / 72))


def test_wrap_never_drops_characters():
    f = _flow()
    text = samples.LONG_NAME + " " + "A" * 120
    lines = f.wrap(Text(text).runs, 9, 130)
    joined = " ".join(" ".join(p[1] for p in pieces) for pieces, _ in lines)
    assert joined.replace(" ", "") == text.replace(" ", "")
    assert all(w <= 130 + 0.01 for _, w in lines)
    assert len(lines) > 10


def test_long_code_breaks_after_hyphen():
    lines = _flow().wrap((Run("000.17.22.H56-261125-0001"),), 9, 70)
    assert lines[0][0][0][1].endswith("-")


def test_fit_shrinks_to_one_line():
    f = _flow()
    sl = f.text_lines(Text("000.17.22.H56-261125-0001", 20, True, fit=True), 120)
    assert len(sl) == 1 and sl[0].ops[0][4] < 20


def test_table_row_mismatch_is_an_error():
    with pytest.raises(ValueError):
        Table((Column("a"), Column("b")), (("1",),))


def test_mixed_runs_keep_weights():
    t = Text((("Người nộp: ", False), ("Nguyễn Văn An", True)), 9)
    ops = _flow().text_lines(t, 300)[0].ops
    assert [(o[3], o[5]) for o in ops] == [("Người nộp:", False), ("Nguyễn Văn An", True)]
