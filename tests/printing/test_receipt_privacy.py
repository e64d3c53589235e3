"""The thermal receipt never prints the full phone number or the full CCCD (issue 14 §1).

Asserted on the layout model every backend renders (printing/documents.py → escpos / pdf /
png), on every text and QR payload of it, whatever the options (fee QR, reprint, survey).
Break tried: documents.receipt printing `a.phone` / `a.id_number` instead of mask_tail(…)."""
from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

import pytest

from printing import documents, samples
from printing.escpos_backend import EscposOptions, render_escpos


def strings(obj) -> list[str]:
    """Every string inside a layout value (Text runs, table cells, QR data and captions…)."""
    if isinstance(obj, str):
        return [obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [s for f in dataclasses.fields(obj) for s in strings(getattr(obj, f.name))]
    if isinstance(obj, (list, tuple)):
        return [s for x in obj for s in strings(x)]
    if isinstance(obj, dict):
        return [s for x in obj.values() for s in strings(x)]
    return []


def digits_only(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("kw", [{}, {"fee_qr": True},
                                {"reprint_at": datetime(2026, 11, 3, 2, 0, tzinfo=UTC)},
                                {"number_line": "Số: 12/TN"}], ids=["plain", "fee_qr", "reprint", "number"])
def test_receipt_layout_masks_phone_and_cccd(kw):
    rc = samples.receipt(4)
    a = rc.dossier.applicant
    assert len(a.phone) == 10 and len(a.id_number) == 12
    doc = documents.receipt(rc, **kw)
    texts = strings(doc.blocks)
    assert texts, "no text in the layout?"
    joined = "\n".join(texts)
    squeezed = digits_only(joined)
    for secret in (a.phone, a.id_number):
        assert secret not in joined
        assert secret not in squeezed               # nor split by spaces or dots
    # what is printed: the masked forms (so the lines are there at all)
    assert "*" * 9 + a.id_number[-3:] in joined
    assert "*" * 7 + a.phone[-3:] in joined
    # and no part of the ESC/POS stream carries them as text either
    data = render_escpos(doc, EscposOptions(width=576))
    for secret in (a.phone, a.id_number):
        assert secret.encode() not in data


def test_folder_label_shows_neither():
    rc = samples.receipt(5)
    a = rc.dossier.applicant
    joined = "\n".join(strings(documents.label(rc.dossier, rc.office).blocks))
    assert a.phone not in digits_only(joined) and a.id_number not in digits_only(joined)
