"""Bad input never reaches a user as a traceback: one example test per rule (the fuzz tests
in test_fuzz.py look for the cases nobody thought of)."""
import json
from datetime import date, datetime

import pytest

import main
from app import catalog, registration, store
from app.domain import VN_TZ, DocumentReceived, UserError, nfc
from app.sync.outcome import MAX_RETRY_AFTER, parse_retry_after
from app.validation import (
    check_applicant,
    check_day,
    check_id_number,
    check_moment,
    check_name,
    check_phone,
    parse_documents_text,
)
from cli.common import check_argv, parse_day, parse_moment
from db.models import Field, Procedure
from tests.app.helpers import CLERK, table_counts

WHEN = datetime(2026, 11, 25, 10, 5, tzinfo=VN_TZ)
KS = "1.001193"        # Đăng ký khai sinh, bundled catalog


def _reg(**kw):
    args = dict(procedure_code=KS, name="Nguyễn Văn An", id_number="024090001234",
                phone="0912345678", received_at=WHEN)
    args.update(kw)
    return registration.register(CLERK, **args)


def _cat_counts():
    return Procedure.select().count(), Field.select().count()


def _refused(func, *args, match=None, **kw):
    """func raises UserError (message matching) and writes nothing."""
    before = table_counts(), _cat_counts()
    with pytest.raises(UserError, match=match) as e:
        func(*args, **kw)
    assert (table_counts(), _cat_counts()) == before
    return e.value


# ---- catalog files: encodings -------------------------------------------------------------
VI_DOC = {"fields": ["Hộ tịch"], "procedures": [
    {"code": "1.999001", "name": "Thủ tục đăng ký kết hôn lưu động", "field": "Hộ tịch",
     "processing_days": 5}]}


@pytest.mark.parametrize("codec,bom", [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                       ("utf-16-be", b"\xfe\xff"), ("utf-8", b"")])
def test_catalog_json_in_excel_encodings(office_db, tmp_path, codec, bom):
    store.open_database(office_db)
    f = tmp_path / "c.json"
    f.write_bytes(bom + json.dumps(VI_DOC, ensure_ascii=False).encode(codec))
    assert catalog.import_file(f)["created"] == 1
    assert catalog.get("1.999001").name == "Thủ tục đăng ký kết hôn lưu động"


def test_catalog_csv_in_windows_1258_is_nfc(office_db, tmp_path):
    store.open_database(office_db)
    # Windows-1258 spells "ký" as k + y + combining acute (0xEC), "đ" is 0xF0
    text = "code,name,field,processing_days\n1.999002,Thủ tục đăng ký thử,Hộ tịch,3\n"
    data = _cp1258(text)
    assert data.decode("cp1258") != text                      # decomposed on disk
    f = tmp_path / "c.csv"
    f.write_bytes(data)
    assert catalog.import_file(f)["created"] == 1
    name = catalog.get("1.999002").name
    assert name == "Thủ tục đăng ký thử" and name == nfc(name)
    assert catalog.find("dang ky thu")[0].code == "1.999002"


def _cp1258(text: str) -> bytes:
    """What Excel writes: ă â ê ô ơ ư đ precomposed, the five tone marks as combining marks."""
    import unicodedata
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        head = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out += (head + "".join(c for c in d if c in tones)).encode("cp1258")
    return out


@pytest.mark.parametrize("data", [b"\xff\xfe\x00\xd8", b"\x81\x8d\x8f\x90\x9d" * 3,
                                  b"\x00\x01\x02binary\x00", b"\xfe\xff\xd8\x00"])
def test_catalog_unreadable_bytes_are_a_user_error(office_db, tmp_path, data):
    store.open_database(office_db)
    f = tmp_path / "c.json"
    f.write_bytes(data)
    _refused(catalog.import_file, f)


def test_catalog_missing_file_or_directory(office_db, tmp_path):
    store.open_database(office_db)
    _refused(catalog.import_file, tmp_path / "none.json", match="Không tìm thấy")
    _refused(catalog.import_file, tmp_path, match="Không đọc được")


# ---- catalog files: ill-typed values -------------------------------------------------------
def _p(**kw):
    return {"code": "1.999003", "name": "Thủ tục thử", "field": "Hộ tịch", **kw}


@pytest.mark.parametrize("procs,where", [
    ([_p(), _p(code="1.999004", name=["A"])], ("Dòng 2", "'name'")),
    ([_p(processing_days=1.5)], ("Dòng 1", "'processing_days'")),
    ([_p(processing_days=1e22)], ("Dòng 1", "'processing_days'")),
    ([_p(processing_days=True)], ("Dòng 1", "'processing_days'")),
    ([_p(processing_days="٣")], ("Dòng 1", "'processing_days'")),
    ([_p(processing_days=366)], ("Dòng 1", "quá lớn")),
    ([_p(fee_vnd=10 ** 30)], ("Dòng 1", "quá lớn")),
    ([_p(active="nope")], ("Dòng 1", "'active'")),
    ([_p(documents="Tờ khai")], ("Dòng 1", "'documents'")),
    ([_p(legal_basis=[1, 2])], ("Dòng 1", "'legal_basis'")),
    ([_p(code=1.999003)], ("Dòng 1", "'code'")),
    ([_p(), 1, 2, 3], ("Dòng 2", "đối tượng")),
    ([_p(name="\u200b\ufeff\x00 ")], ("Dòng 1", "thiếu tên")),
    ([_p(fee="x" * 1001)], ("Dòng 1", "'fee'")),
])
def test_catalog_ill_typed_values_name_row_and_field(office_db, tmp_path, procs, where):
    store.open_database(office_db)
    f = tmp_path / "c.json"
    f.write_text(json.dumps({"fields": ["Hộ tịch", "Mới"], "procedures": procs}), encoding="utf-8")
    e = _refused(catalog.import_file, f)
    assert all(w in e.message for w in where), e.message
    assert "Không có gì được ghi" in e.message
    assert "Mới" not in catalog.fields()             # the fields list was not written either


@pytest.mark.parametrize("doc", ["42", '"text"', "null", '{"procedures": {}}', "[[1]]",
                                 '{"fields": "Hộ tịch", "procedures": []}', "1" * 5000,
                                 "[" * 100000, '{"procedures": [NaN]}'])
def test_catalog_top_level_shape(office_db, tmp_path, doc):
    store.open_database(office_db)
    f = tmp_path / "c.json"
    f.write_text(doc, encoding="utf-8")
    _refused(catalog.import_file, f)


def test_catalog_top_level_list_is_the_procedures(office_db, tmp_path):
    store.open_database(office_db)
    f = tmp_path / "c.json"
    f.write_text(json.dumps([_p(processing_days=2)]), encoding="utf-8")
    assert catalog.import_file(f)["created"] == 1


def test_catalog_partial_row_updates_only_given_fields(any_office, tmp_path):
    store.open_database(any_office)
    before = catalog.get(KS)
    assert before.documents and before.legal_basis and before.processing_days == 1
    f = tmp_path / "c.json"
    f.write_text(json.dumps([{"code": KS, "processing_days": 4}]), encoding="utf-8")
    assert catalog.import_file(f) == {"fields": 0, "created": 0, "updated": 1}
    after = catalog.get(KS)
    assert after.processing_days == 4
    assert (after.name, after.field, after.documents, after.legal_basis, after.fee_text,
            after.level, after.active) == (before.name, before.field, before.documents,
                                           before.legal_basis, before.fee_text, before.level,
                                           before.active)
    g = tmp_path / "c.csv"                          # CSV: the columns present are the fields given
    g.write_text(f"code,fee\n{KS},Miễn phí\n", encoding="utf-8")
    catalog.import_file(g)
    again = catalog.get(KS)
    assert again.fee_text == "Miễn phí" and again.processing_days == 4
    assert again.documents == before.documents
    # a partial row for a code that does not exist is refused (a new one needs name and field)
    h = tmp_path / "d.json"
    h.write_text(json.dumps([{"code": "1.999999", "processing_days": 4}]), encoding="utf-8")
    _refused(catalog.import_file, h, match="Dòng 1: thiếu tên")


# ---- command line --------------------------------------------------------------------------
def test_undecodable_argv_is_a_user_error(office_db, capsys):
    bad = b"Nguy\xe1\xbb\x85n \xff".decode("utf-8", "surrogateescape")
    with pytest.raises(UserError, match="không phải UTF-8 hợp lệ"):
        check_argv(["register", "--name", bad])
    assert main.main(["--db", office_db, "register", "--procedure", KS, "--name", bad]) == 2
    assert "Tham số dòng lệnh không phải UTF-8 hợp lệ" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["due", "--from", "2026-01-05T08:00", "--days", "366"],
    ["due", "--from", "", "--days", "1"],
    ["apology", "X", "--new-due", " ", "--reason", "r"],
    ["due", "--from", "2026-01-05T08:00", "--days", "-1"],
    ["due", "--from", "1999-12-31T08:00", "--days", "1"],
    ["due", "--from", "2101-01-01", "--days", "1"],
    ["due", "--from", "0001-01-01T00:00+14:00", "--days", "1"],
    ["due", "--from", "9999-12-31T23:59-12:00", "--days", "1"],
    ["calendar", "1999-01-01", "off"],
    ["calendar", "2101-01-01", "off"],
    ["register", "--procedure", KS, "--name", "An", "--received-at", "1999-06-01T10:00"],
    ["register", "--procedure", KS, "--name", "An", "--days", "366"],
    ["register", "--procedure", KS, "--name", "An", "--id", "０２４０９０００１２３４"],
    ["register", "--procedure", KS, "--name", "An", "--phone", "٠٩١٢٣٤٥٦٧٨"],
    ["register", "--procedure", KS, "--name", "\u200b\u2060", "--phone", "0912345678"],
    ["register", "--procedure", KS, "--name", "An", "--address", "x" * 501],
    ["register", "--procedure", KS, "--name", "An", "--doc", "Tờ khai|٣|0"],
])
def test_cli_bad_values_exit_2_and_write_nothing(office_db, capsys, argv):
    store.open_database(office_db)
    before = table_counts()
    assert main.main(["--db", office_db, *argv]) == 2
    assert capsys.readouterr().err.startswith("Lỗi: ")
    store.open_database(office_db)
    assert table_counts() == before


def test_apology_and_status_dates_out_of_range(office_db, capsys):
    store.open_database(office_db)
    code = _reg().code
    for argv in (["apology", code, "--new-due", "2101-01-01T17:00", "--reason", "x"],
                 ["status", code, "4", "--at", "1999-01-01T10:00"]):
        assert main.main(["--db", office_db, *argv]) == 2
        assert "ngoài khoảng cho phép" in capsys.readouterr().err


# ---- names, digits, dates, lengths (services) ---------------------------------------------
@pytest.mark.parametrize("name", ["", "   ", "\u200b", "\u200c\u200d", "\u2060\ufeff", "\x00",
                                  "\x07\x1b", "\u202e\u202d", "\u00ad"])
def test_name_empty_after_invisible_characters_is_refused(name):
    with pytest.raises(UserError, match="bắt buộc"):
        check_name(name)


def test_nul_and_invisible_characters_never_stored(any_office):
    store.open_database(any_office)
    d = _reg(name="Nguyễn\x00 Văn\u200b An\ufeff", address="Thôn\x00 1", note="a\x00b",
             documents=[DocumentReceived("Tờ\x00 khai", 1, 0)])
    assert d.applicant.name == "Nguyễn Văn An" and d.applicant.address == "Thôn 1"
    assert d.documents[0].name == "Tờ khai"


@pytest.mark.parametrize("value", ["０２４０９０００１２３４", "٠٢٤٠٩٠٠٠١٢٣٤", "۰۲۴۰۹۰۰۰۱۲۳۴",
                                   "02409000123４", "²24090001234"])
def test_cccd_non_ascii_digits_refused(value):
    assert value.replace(" ", "").__len__() == 12
    with pytest.raises(UserError, match="12 chữ số"):
        check_id_number(value)


@pytest.mark.parametrize("value", ["０９１２３４５６７８", "٠٩١٢٣٤٥٦٧٨", "091234567８", "+84９12345678"])
def test_phone_non_ascii_digits_refused(value):
    with pytest.raises(UserError, match="10 chữ số"):
        check_phone(value)


def test_document_counts_non_ascii_digits_refused():
    with pytest.raises(UserError, match="dạng đúng"):
        parse_documents_text(["Tờ khai|１|0"])


@pytest.mark.parametrize("day,ok", [(date(1999, 12, 31), False), (date(2000, 1, 1), True),
                                    (date(2100, 12, 31), True), (date(2101, 1, 1), False)])
def test_one_date_range(day, ok):
    if ok:
        assert check_day(day, "x") == day and parse_day(day.isoformat(), "DAY") == day
        assert parse_moment(f"{day.isoformat()}T12:00", "--at").date() == day
    else:
        for call in (lambda: check_day(day, "x"), lambda: parse_day(day.isoformat(), "DAY"),
                     lambda: parse_moment(f"{day.isoformat()}T12:00", "--at")):
            with pytest.raises(UserError, match="ngoài khoảng"):
                call()


def test_check_moment_range_and_extremes():
    with pytest.raises(UserError, match="ngoài khoảng"):
        check_moment(datetime(1999, 12, 31, 23, 0, tzinfo=VN_TZ), "received_at")
    with pytest.raises(UserError, match="ngoài khoảng"):
        check_moment(datetime.min, "received_at")          # naive year 1: no OverflowError
    with pytest.raises(UserError):
        check_moment(datetime.max, "received_at")


def test_register_refuses_old_received_at_and_long_address(any_office):
    store.open_database(any_office)
    _refused(_reg, received_at=datetime(1999, 1, 1, tzinfo=VN_TZ), match="ngoài khoảng")
    _refused(_reg, address="Thôn " * 200, match="Địa chỉ quá dài")
    _refused(_reg, processing_days=366, match="365")
    _refused(_reg, name="ﬃ" * 150, match="quá dài")           # search key would be 450 chars
    assert check_applicant("An", address="x" * 500).address == "x" * 500


def test_birth_date_before_1900_refused():
    with pytest.raises(UserError, match="1900"):
        check_applicant("An", birth_date=date(1899, 12, 31))


# ---- Retry-After ---------------------------------------------------------------------------
@pytest.mark.parametrize("value,expected", [
    ("9" * 5000, MAX_RETRY_AFTER), ("86400", MAX_RETRY_AFTER), ("120", 120.0),
    ("Fri, 31 Dec 9999 23:59:59 GMT", MAX_RETRY_AFTER), ("Mon, 01 Jan 0001 00:00:00 GMT", 0.0),
    ("²", None), ("١٢٠", None), ("-5", None), ("1e9", None), ("Sun, 99 Xyz 2026", None),
    ("\x00", None), ("", None)])
def test_retry_after_is_capped_or_ignored(value, expected):
    assert parse_retry_after(value) == expected


def test_search_texts_with_nul_on_both_engines(any_office):
    """PostgreSQL refuses NUL in a query parameter: every search text is normalised first."""
    from app import dossiers
    store.open_database(any_office)
    assert [p.code for p in catalog.find("1.001193\x00")] == [KS]
    assert catalog.find("khai\x00 sinh\u200b")
    assert dossiers.search("\x00nguyen\u200b") == []
    assert catalog.get("1.001193\x00").code == KS


def test_calendar_override_day_out_of_range_in_the_service(any_office):
    from app.calendar import set_override
    store.open_database(any_office)
    for day in (date(1999, 12, 31), date(2101, 1, 1), date.max):
        with pytest.raises(UserError, match="ngoài khoảng"):
            set_override(day, "off")
    set_override(date(2100, 12, 31), "off", "Nghỉ\x00 bù")
