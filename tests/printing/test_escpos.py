"""ESC/POS receipts: decode the GS v 0 raster back to a bitmap and scan its QR codes."""
from __future__ import annotations

import re

import pytest

from printing import documents, samples, vietqr
from printing.escpos_backend import EscposOptions, decode_raster, effective_width, render_escpos
from tests.printing.helpers import qr_texts

GS_K = b"\x1d(k"


def test_receipt_raster_scans_to_tracking_url():
    rc = samples.receipt(7)
    data = render_escpos(documents.receipt(rc), EscposOptions(width=576))
    assert data.startswith(b"\x1b@")
    assert b"\x1dv0" in data and GS_K not in data
    img = decode_raster(data)
    assert img.width == 576
    assert qr_texts(img) == [rc.tracking_url, documents.survey_link(rc)]


def test_no_plain_text_reaches_the_printer():
    """Vietnamese is never sent as text (python-escpos would print '?')."""
    rc = samples.receipt(3)
    data = render_escpos(documents.receipt(rc), EscposOptions(width=576))
    for needle in (rc.dossier.applicant.name, "Hẹn trả", rc.dossier_code):
        assert needle.encode("utf-8") not in data
    for opts in (EscposOptions(width=576), EscposOptions(width=576, qr="native", profile="TM-T20II"),
                 EscposOptions(width=384, cash_drawer=True)):
        text = printable_outside_graphics(render_escpos(documents.receipt(rc), opts))
        assert text == b"", f"text sent to the printer ({opts}): {text[:80]!r}"


def printable_outside_graphics(data: bytes) -> bytes:
    """Walk the whole ESC/POS stream command by command (raster blocks and QR payloads are
    skipped by their declared lengths) and return every byte that would print as text."""
    out, i, n = bytearray(), 0, len(data)
    while i < n:
        b = data[i]
        if data.startswith(b"\x1dv0", i):                       # GS v 0 m xL xH yL yH d…
            wb = data[i + 4] | data[i + 5] << 8
            rows = data[i + 6] | data[i + 7] << 8
            i += 8 + wb * rows
        elif data.startswith(b"\x1d(k", i):                     # GS ( k pL pH …
            i += 5 + (data[i + 3] | data[i + 4] << 8)
        elif data.startswith((b"\x1bJ", b"\x1ba", b"\x1bd", b"\x1b!", b"\x1bE", b"\x1bt"), i):
            i += 3
        elif data.startswith(b"\x1b@", i):
            i += 2
        elif data.startswith(b"\x1bp", i):                       # cash drawer: ESC p m t1 t2
            i += 5
        elif data.startswith(b"\x1dV", i):                       # cut: GS V m [n]
            i += 4 if data[i + 2] in (65, 66, 97, 98) else 3
        elif b in (0x0A, 0x0D):
            i += 1
        elif b in (0x1B, 0x1D):
            raise AssertionError(f"unknown command {data[i:i + 4]!r} at {i}")
        else:
            out.append(b)
            i += 1
    return bytes(out)


def test_stream_walker_sees_text():
    """The walker above finds text put between graphics (so the test cannot pass vacuously)."""
    rc = samples.receipt(3)
    data = render_escpos(documents.receipt(rc), EscposOptions(width=576))
    cut = data.rfind(b"\x1dV")
    assert printable_outside_graphics(data[:cut] + b"???" + data[cut:]) == b"???"


@pytest.mark.parametrize("fmt_width", [384, 512, 576])
def test_width_never_exceeds_paper(fmt_width):
    long_proc = samples.procedure(name=samples.LONG_NAME)
    rc = samples.receipt(4, proc=long_proc, name="Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Ngọc Bảo Châu")
    data = render_escpos(documents.receipt(rc), EscposOptions(width=fmt_width))
    for m in re.finditer(rb"\x1dv0.(..)(..)", data, re.S):
        assert int.from_bytes(m.group(1), "little") * 8 <= fmt_width
    img = decode_raster(data)
    assert img.width == fmt_width
    assert qr_texts(img) == [rc.tracking_url, documents.survey_link(rc)]


def test_long_procedure_name_wraps_so_the_raster_grows():
    short = render_escpos(documents.receipt(samples.receipt(1)), EscposOptions(width=384))
    long_rc = samples.receipt(1, proc=samples.procedure(name=samples.LONG_NAME))
    long = render_escpos(documents.receipt(long_rc), EscposOptions(width=384))
    h_short, h_long = decode_raster(short).height, decode_raster(long).height
    # 400 characters at ~30 per line: at least ten more lines of ~24 dots
    assert h_long - h_short > 10 * 20


def test_profile_caps_width_at_512():
    opts = EscposOptions(width=576, profile="TM-T88III")
    assert effective_width(opts) == 512
    data = render_escpos(documents.receipt(samples.receipt(1)), opts)
    assert decode_raster(data).width == 512


def test_native_qr_is_gs_k_and_much_smaller():
    rc = samples.receipt(9)
    doc = documents.receipt(rc)
    raster = render_escpos(doc, EscposOptions(width=576, qr="raster"))
    native = render_escpos(doc, EscposOptions(width=576, qr="native", profile="TM-T20II"))
    assert GS_K in native and GS_K not in raster
    assert rc.tracking_url.encode() in native          # the QR payload goes as data
    qr_raster_bytes = len(raster) - len(native)
    assert qr_raster_bytes > 5000                       # the raster QR weighed kilobytes
    # the native QR commands themselves are tiny
    cmds = re.findall(rb"\x1d\(k(..)", native, re.S)
    assert sum(int.from_bytes(c, "little") + 5 for c in cmds) < 2 * 200      # tracking + survey
    # the rest of the receipt is still raster and still readable (no QR inside it now)
    assert qr_texts(decode_raster(native)) == []


def test_native_falls_back_to_raster_when_profile_has_no_qr():
    rc = samples.receipt(2)
    data = render_escpos(documents.receipt(rc), EscposOptions(width=384, qr="native", profile="ZJ-5870"))
    assert GS_K not in data
    assert qr_texts(decode_raster(data)) == [rc.tracking_url, documents.survey_link(rc)]


def test_cut_and_cash_drawer():
    doc = documents.receipt(samples.receipt(1))
    plain = render_escpos(doc, EscposOptions(cut=False))
    full = render_escpos(doc, EscposOptions(cut=True, cash_drawer=True))
    assert b"\x1dV" not in plain and b"\x1bp" not in plain
    assert b"\x1dV\x00" in full and full.endswith(b"\x1bp\x00\x32\x32")   # ESC p 0 t1 t2: pin 2


def test_fee_qr_is_valid_vietqr():
    rc = samples.receipt(5)
    data = render_escpos(documents.receipt(rc, fee_qr=True), EscposOptions(width=576))
    texts = qr_texts(decode_raster(data))
    assert rc.tracking_url in texts and documents.survey_link(rc) in texts and len(texts) == 3
    fee = vietqr.parse(next(t for t in texts if t not in (rc.tracking_url, documents.survey_link(rc))))
    assert fee["crc_ok"] and fee["bin"] == "970415" and fee["account"] == "113366668888"
    assert fee["amount"] == 8000 and fee["purpose"] == rc.dossier_code and fee["currency"] == "704"


def test_no_fee_qr_without_fee_or_bank():
    free = samples.receipt(1, proc=samples.procedure(fee_vnd=None))
    assert documents.fee_payload(free) is None
    from app.domain import Receipt
    nobank = Receipt(samples.office(bank_bin="", bank_account=""), samples.dossier(1))
    assert documents.fee_payload(nobank) is None
    data = render_escpos(documents.receipt(nobank, fee_qr=True), EscposOptions(width=576))
    assert qr_texts(decode_raster(data)) == [nobank.tracking_url, documents.survey_link(nobank)]


def test_unknown_profile_is_a_user_error():
    from app.domain import UserError
    with pytest.raises(UserError, match="hồ sơ máy in"):
        render_escpos(documents.receipt(samples.receipt(1)), EscposOptions(profile="NO-SUCH"))


def test_test_page_uses_its_width():
    from printing.escpos_backend import render_escpos as r
    data = r(documents.test_page(samples.office(), 384), EscposOptions(width=384))
    img = decode_raster(data)
    assert img.width == 384
    assert qr_texts(img) == ["MOTCUA-TEST 000.17.22.H56 384"]


def test_raster_round_trip_is_pixel_exact_and_feeds_white_bands():
    from PIL import Image, ImageChops

    from printing.preview import thermal_image
    rc = samples.receipt(6)
    doc = documents.receipt(rc)
    expected = thermal_image(doc, 576)
    data = render_escpos(doc, EscposOptions(width=576, cut=False))
    assert b"\x1bJ" in data                                   # white bands are paper feeds
    got = decode_raster(data)
    assert got.height == expected.height
    canvas = Image.new("1", expected.size, 1)
    canvas.paste(got, (0, 0))
    assert ImageChops.difference(canvas.convert("L"), expected.convert("L")).getbbox() is None
    assert len(data) < expected.width * expected.height / 8    # smaller than the full bitmap
