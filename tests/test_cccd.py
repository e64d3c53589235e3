"""CCCD chip-card QR parsing (pure function, no database)."""
from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from app.cccd import CccdData, looks_like_cccd_qr, parse
from app.domain import UserError

GOOD = "001099012345|123456789|Nguyễn Văn An|01011990|Nam|Thôn Kèn, xã Phương Sơn, Bắc Giang|15082021"


def test_parses_all_fields():
    d = parse(GOOD)
    assert d == CccdData(id_number="001099012345", old_id="123456789", name="Nguyễn Văn An",
                         birth_date=date(1990, 1, 1), gender="Nam",
                         address="Thôn Kèn, xã Phương Sơn, Bắc Giang", issued_on=date(2021, 8, 15))


def test_frozen():
    with pytest.raises(AttributeError):
        parse(GOOD).name = "x"


def test_tolerates_scanner_noise_nfd_bom_and_trailing_fields():
    noisy = "\ufeff" + unicodedata.normalize("NFD", GOOD.replace("Nam", "Nữ")) + "|||extra\r\n"
    d = parse(noisy)
    assert d.gender == "Nữ"
    assert d.name == "Nguyễn Văn An" and unicodedata.is_normalized("NFC", d.name)
    assert d.address.startswith("Thôn Kèn")


def test_old_id_and_issue_date_optional():
    d = parse("079203001234||Trần Thị Bình|29022004|Nữ|12 Lê Lợi, Quận 1, TP HCM|")
    assert d.old_id == "" and d.issued_on is None and d.birth_date == date(2004, 2, 29)
    d = parse("079203001234||Trần Thị Bình|29022004|Nữ|12 Lê Lợi")
    assert d.issued_on is None


@pytest.mark.parametrize("text, fragment", [
    ("", "trống"),
    ("https://example.org/tra-cuu?ma=X-250101-0001&t=abc", "phiếu hẹn"),
    ("hello world", "'|'"),
    ("001099012345|123456789|Nguyễn Văn An|01011990", "thiếu thông tin"),
    ("00109901234|123456789|Nguyễn Văn An|01011990|Nam|Hà Nội|15082021", "12 chữ số"),
    ("999099012345|123456789|Nguyễn Văn An|01011990|Nam|Hà Nội|15082021", "mã tỉnh"),
    ("001099012345|12345|Nguyễn Văn An|01011990|Nam|Hà Nội|15082021", "CMND"),
    ("001099012345|123456789||01011990|Nam|Hà Nội|15082021", "họ tên"),
    ("001099012345|123456789|Nguyễn Văn 4n|01011990|Nam|Hà Nội|15082021", "họ tên"),
    ("001099012345|123456789|Nguyễn Văn An|1990-01-01|Nam|Hà Nội|15082021", "ddmmyyyy"),
    ("001099012345|123456789|Nguyễn Văn An|31021990|Nam|Hà Nội|15082021", "có thật"),
    ("001099012345|123456789|Nguyễn Văn An|01012990|Nam|Hà Nội|15082021", "không hợp lệ"),
    ("001099012345|123456789|Nguyễn Văn An|01011990|Khác|Hà Nội|15082021", "giới tính"),
    ("001099012345|123456789|Nguyễn Văn An|01011990|Nam|Hà Nội|01011980", "trước ngày sinh"),
])
def test_rejects_clearly(text, fragment):
    with pytest.raises(UserError) as exc:
        parse(text)
    assert fragment in exc.value.message
    assert exc.value.field == "cccd"


def test_looks_like():
    assert looks_like_cccd_qr(GOOD)
    assert looks_like_cccd_qr("001099012345 |")
    assert not looks_like_cccd_qr("0912345678")
    assert not looks_like_cccd_qr("https://x/y")
