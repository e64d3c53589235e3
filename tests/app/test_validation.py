import pytest

from app.domain import DocumentReceived, UserError, nfc, unaccent
from app.validation import check_applicant, check_documents, check_id_number, check_phone


@pytest.mark.parametrize("raw,want", [("0912345678", "0912345678"), ("+84 912 345 678", "0912345678"),
                                      ("84912345678", "0912345678"), ("0386.123.456", "0386123456")])
def test_phone_normalised(raw, want):
    assert check_phone(raw) == want


@pytest.mark.parametrize("raw", ["0123456789", "091234567", "09123456789", "abc", "+8412345678"])
def test_phone_rejected(raw):
    with pytest.raises(UserError) as e:
        check_phone(raw)
    assert e.value.field == "phone" and "10 chữ số" in e.value.message


def test_cccd():
    assert check_id_number("024 090 001 234") == "024090001234"
    for bad in ("12345678901", "1234567890123", "02409000123a"):
        with pytest.raises(UserError, match="12 chữ số"):
            check_id_number(bad)
    with pytest.raises(UserError, match="mã tỉnh"):
        check_id_number("003090001234")   # 003 is no province


def test_name_nfc_and_required():
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"
    a = check_applicant(decomposed)
    assert a.name == nfc("Nguyễn Văn An") and a.name == "Nguyễn Văn An"
    with pytest.raises(UserError, match="bắt buộc"):
        check_applicant("   ")


def test_documents():
    docs = check_documents([DocumentReceived("Tờ khai", 1, 0), DocumentReceived("CCCD", 0, 2)])
    assert docs[1].copies == 2
    with pytest.raises(UserError, match="ít nhất 1 bản"):
        check_documents([DocumentReceived("Tờ khai", 0, 0)])
    with pytest.raises(UserError, match="hai lần"):
        check_documents([DocumentReceived("A", 1, 0), DocumentReceived("A", 1, 0)])


def test_unaccent():
    assert unaccent("Đặng Thị Ngọc Ánh") == "dang thi ngoc anh"
    assert unaccent("  NGUYỄN   văn  AN ") == "nguyen van an"


# ---- date of birth as typed at the counter (app.validation.parse_birth_date) -------------------
@pytest.mark.parametrize("text", ["01/01/1990", "01-01-1990", "01011990", "01.01.1990", " 01/01/1990 "])
def test_birth_date_forms(text):
    from datetime import date

    from app.validation import parse_birth_date
    assert parse_birth_date(text) == date(1990, 1, 1)


@pytest.mark.parametrize("text, msg", [("31/02/1990", "dd/mm/yyyy"), ("1990-01-01", "dd/mm/yyyy"),
                                       ("01/01/2999", "tương lai"), ("01/01/1850", "trước năm 1900")])
def test_birth_date_refused_with_what_to_fix(text, msg):
    from app.validation import parse_birth_date
    with pytest.raises(UserError, match=msg) as err:
        parse_birth_date(text)
    assert err.value.field == "birth_date"


def test_empty_birth_date_is_none():
    from app.validation import parse_birth_date
    assert parse_birth_date("") is None and parse_birth_date("  ") is None
