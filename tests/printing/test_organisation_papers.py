"""Organisations and delegates on paper (issue 11 §3, issue 15): every form of both sets addresses
an organisation by its name — never "Ông/Bà", never "Ông/Bà Công ty …" — Mẫu 01 prints its MST,
representative and the delegate ("Người nộp thay"), the thermal receipt too, read back from the
printed raster. A delegate's CCCD and phone are masked like the applicant's.

Breaks tried: paper.salutation returning "Ông/Bà" for an organisation (every form goes red);
receipt_form without _delegate_lines; documents.receipt printing the delegate's CCCD unmasked."""
from __future__ import annotations

from dataclasses import replace

import pytest

from app import rules
from app.domain import ORGANISATION, Applicant, Delegate
from printing import documents, samples
from printing.escpos_backend import EscposOptions, render_escpos
from printing.pdf_backend import render_pdf
from tests.printing.helpers import pdf_text, raster_has_block, receipt_block
from tests.printing.test_paper_sets import CASES, _dossier, build
from tests.printing.test_receipt_privacy import digits_only, strings

ORG = Applicant(name="Công ty TNHH Xây dựng số 5 Minh Phát", phone="02043888777",
                address="Số 5 đường Lê Lợi, xã Phương Sơn", kind=ORGANISATION,
                tax_code="0100047516-001", representative="Nguyễn Văn An",
                representative_title="Giám đốc")
DELEGATE = Delegate(name="Trần Văn Bình", id_number="024090001234", phone="0987654321")


def org_receipt(delegate: Delegate | None = DELEGATE):
    rc = _dossier()
    return replace(rc, dossier=replace(rc.dossier, applicant=ORG, delegate=delegate))


def flat(pdf: bytes, tmp_path) -> str:
    return " ".join(pdf_text(pdf, tmp_path).split())


@pytest.mark.parametrize("key,number", CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_every_form_addresses_the_organisation_by_its_name(key, number, tmp_path):
    ps = rules.paper_set_named(key)
    form = ps.forms[number]
    text = flat(render_pdf(build(ps, form, org_receipt())), tmp_path)
    assert ORG.name in text
    assert "Ông/Bà" not in text
    if form.kind in ("receipt", "supplement", "refusal", "apology", "stop", "control"):
        assert f"Hồ sơ của: {ORG.name}" in text or f"hồ sơ của: {ORG.name}" in text \
            or f"Kính gửi: {ORG.name}" in text
    if form.kind == "register":
        assert "MST 0100047516-001" in text


@pytest.mark.parametrize("key", [ps.key for ps in rules.paper_sets()])
def test_mau_01_prints_mst_representative_and_delegate(key, tmp_path):
    ps = rules.paper_set_named(key)
    form = ps.by_kind("receipt")
    text = flat(render_pdf(build(ps, form, org_receipt())), tmp_path)
    assert f"Tiếp nhận hồ sơ của: {ORG.name}" in text
    assert "Mã số thuế: 0100047516-001" in text
    assert "Người đại diện: Nguyễn Văn An — Giám đốc" in text
    assert "Người nộp thay (được ủy quyền): Trần Văn Bình — CCCD: *********234" in text
    assert "Địa chỉ trụ sở: Số 5 đường Lê Lợi" in text
    assert DELEGATE.id_number not in digits_only(text) and DELEGATE.phone not in digits_only(text)
    assert "Số định danh cá nhân" not in text                 # an organisation has no CCCD
    # the one at the counter signs: the delegate (without one: the representative)
    assert "Trần Văn Bình" in text.split("NGƯỜI NỘP HỒ SƠ")[-1]
    alone = flat(render_pdf(build(ps, form, org_receipt(None))), tmp_path)
    assert "Người nộp thay" not in alone
    assert "Nguyễn Văn An" in alone.split("NGƯỜI NỘP HỒ SƠ")[-1]


@pytest.mark.parametrize("key", [ps.key for ps in rules.paper_sets()])
def test_a_person_is_still_ong_ba(key, tmp_path):
    ps = rules.paper_set_named(key)
    rc = _dossier()
    for kind in ("receipt", "supplement", "refusal", "stop"):
        form = ps.by_kind(kind)
        if form is None:
            continue
        text = flat(render_pdf(build(ps, form, rc)), tmp_path)
        assert f"Ông/Bà {rc.dossier.applicant.name}" in text, kind


@pytest.mark.parametrize("width,profile", [(576, ""), (512, "TM-T88III"), (384, "")])
def test_thermal_receipt_prints_the_organisation_read_back_from_the_raster(width, profile):
    # a name on one line at every width: a wrapped paragraph's second line may land one dot
    # lower in the full receipt than alone (positions are rounded), which the reader would miss
    rc = org_receipt()
    short = replace(ORG, name="HTX Minh Phát")
    doc = documents.receipt(replace(rc, dossier=replace(rc.dossier, applicant=short)))
    options = EscposOptions(width=width, profile=profile)
    data = render_escpos(doc, options)
    for needle in ("Tổ chức: ", "Mã số thuế: 0100047516-001", "Đại diện: Nguyễn Văn An — Giám đốc",
                   "Người nộp thay: ", "CCCD người nộp thay: *********234"):
        block = receipt_block(doc, needle)
        assert raster_has_block(data, block, options), needle
    joined = "\n".join(strings(doc.blocks))
    assert "HTX Minh Phát" in joined and "Người nộp: " not in joined
    for secret in (DELEGATE.id_number, DELEGATE.phone):
        assert secret not in digits_only(joined) and secret.encode() not in data


def test_raster_reader_is_not_vacuous():
    """A line that is not on the receipt is not found in its raster."""
    from printing.layout import Text
    doc = documents.receipt(org_receipt(None))
    options = EscposOptions(width=576)
    data = render_escpos(doc, options)
    absent = Text((("Người nộp thay: ", False), ("Trần Văn Bình", True)), 8.5)
    assert not raster_has_block(data, absent, options)
    assert not raster_has_block(data, Text("Mã số thuế: 0100047516-002", 8.5), options)   # one digit
    assert raster_has_block(data, receipt_block(doc, "Mã số thuế"), options)


def test_person_receipt_unchanged_words():
    doc = documents.receipt(samples.receipt(3))
    joined = "\n".join(strings(doc.blocks))
    assert "Người nộp: " in joined and "Tổ chức" not in joined and "Người nộp thay" not in joined
