"""Organisations and delegates (issue 11 §3) on SQLite and PostgreSQL: the dossier snapshot and
the people directory rows, validation messages that name the field (nothing written), the
directory's suggestion by MST, search by MST / organisation name / delegate, migration 0009 of
an older database, what the outbox, audit and DVCQG mapping carry.

Breaks tried: the MST check digit skipped (test_mst_check_digit_and_shapes red); the t: terms
not written (search red); 0009 not filling old rows (migration red)."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from app import dossiers, registration, search, store
from app.domain import VN_TZ, UserError
from app.validation import check_delegate, check_tax_code, mst_check_digit
from db import migrate
from db.connection import current
from db.models import Applicant as ApplicantRow
from db.models import Audit, OutboxEvent
from db.models import Dossier as DossierRow
from tests.app.helpers import CLERK, table_counts

ORG = dict(kind="organisation", name="Công ty TNHH Xây dựng số 5 Minh Phát", tax_code="0100047516",
           representative="Nguyễn Văn An", representative_title="Giám đốc", phone="024 3765 4321",
           address="Số 5 đường Lê Lợi, xã Phương Sơn")
DELEGATE = dict(delegate_name="Trần Văn Bình", delegate_id_number="024 090 001 234",
                delegate_phone="+84 987 654 321")


def _reg(day=25, **kw):
    args = dict(procedure_code="1.001193", received_at=datetime(2026, 11, day, 10, 5, tzinfo=VN_TZ))
    args.update(kw)
    return registration.register(CLERK, **args)


@pytest.fixture
def office(any_office):
    store.open_database(any_office)
    return any_office


# ---- validation (pure) ---------------------------------------------------------------------
def test_mst_check_digit_and_shapes():
    assert mst_check_digit("010004751") == 6                       # the circular's worked example
    assert check_tax_code("0100047516") == "0100047516"
    assert check_tax_code(" 0100047516 - 001 ".replace(" - ", "-")) == "0100047516-001"
    assert check_tax_code("0100047516001") == "0100047516-001"      # 13 digits: the dash form
    assert check_tax_code("") == ""
    for bad, needle in (("0100047517", "chữ số kiểm tra"), ("0100047516-000", "001 đến 999"),
                        ("010004751", "10 chữ số"), ("0100047516-01", "10 chữ số"),
                        ("01000475１6", "10 chữ số"), ("0000000019", "chữ số kiểm tra")):
        with pytest.raises(UserError) as e:
            check_tax_code(bad)
        assert needle in e.value.message and e.value.field == "tax_code", bad
    # every 9-digit head has at most one check digit; a remainder of 0 has none
    heads = [f"{n:09d}" for n in range(10000000, 10000400)]
    assert any(mst_check_digit(h) is None for h in heads)
    assert all(mst_check_digit(h) in (None, *range(10)) for h in heads)


def test_delegate_checked_like_the_applicant():
    assert check_delegate() is None
    d = check_delegate("Trần Văn Bình", "024090001234", "0987654321")
    assert (d.name, d.id_number, d.phone) == ("Trần Văn Bình", "024090001234", "0987654321")
    for args, field, needle in ((("Bình", "12345"), "delegate_id_number", "Người nộp thay: Số CCCD"),
                                (("Bình", "999090001234"), "delegate_id_number", "mã tỉnh"),
                                (("", "024090001234"), "delegate_name", "Họ tên người nộp thay"),
                                (("Bình 2", "024090001234"), "delegate_name", "chữ số"),
                                (("Bình",), "delegate_id_number", "nhập số CCCD"),
                                (("Bình", "024090001234", "123"), "delegate_phone",
                                 "Người nộp thay: Số điện thoại")):
        with pytest.raises(UserError) as e:
            check_delegate(*args)
        assert e.value.field == field and needle in e.value.message, args


# ---- registration ---------------------------------------------------------------------------
def test_organisation_with_delegate_rows(office):
    d = _reg(**ORG, **DELEGATE)
    row = DossierRow.get(DossierRow.code == d.code)
    assert (row.applicant_kind, row.applicant_name, row.applicant_tax_code, row.applicant_representative,
            row.applicant_representative_title, row.applicant_id_number, row.applicant_phone) == (
        "organisation", ORG["name"], "0100047516", "Nguyễn Văn An", "Giám đốc", "", "02437654321")
    assert (row.delegate_name, row.delegate_name_key, row.delegate_id_number, row.delegate_phone) == (
        "Trần Văn Bình", "tran van binh", "024090001234", "0987654321")
    person = ApplicantRow.get(ApplicantRow.id == row.applicant_id)
    assert (person.kind, person.tax_code, person.representative) == ("organisation", "0100047516",
                                                                      "Nguyễn Văn An")
    shown = dossiers.get(d.code)
    assert shown.applicant.is_organisation and shown.applicant.addressed == ORG["name"]
    assert shown.delegate.name == "Trần Văn Bình"
    # neither the outbox event nor the audit row carries the delegate's CCCD or phone
    blobs = [e.payload for e in OutboxEvent.select()] + [a.details for a in Audit.select()]
    assert not any("024090001234" in b or "0987654321" in b for b in blobs)
    assert json.loads(Audit.select().order_by(Audit.seq.desc()).first().details)["delegate"] is True
    # a person registers as before: kind person, no delegate
    p = _reg(name="Lê Thị Hoa", id_number="001190003759")
    assert DossierRow.get(DossierRow.code == p.code).applicant_kind == "person"
    assert dossiers.get(p.code).delegate is None


BAD = [
    (dict(ORG, tax_code=""), "tax_code", "Mã số thuế của tổ chức là bắt buộc"),
    (dict(ORG, tax_code="0100047517"), "tax_code", "chữ số kiểm tra"),
    (dict(ORG, representative=""), "representative", "Họ tên người đại diện là bắt buộc"),
    (dict(ORG, id_number="024090001234"), "id_number", "Tổ chức không có số CCCD"),
    (dict(ORG, gender="Nam"), "gender", "không áp dụng cho tổ chức"),
    (dict(ORG, name=""), "name", "Tên tổ chức là bắt buộc"),
    (dict(ORG, kind="company"), "kind", "Loại người nộp"),
    (dict(name="Lê Thị Hoa", tax_code="0100047516"), "tax_code", "chỉ nhập khi người nộp là tổ chức"),
    (dict(ORG, delegate_name="Trần Văn Bình"), "delegate_id_number", "Người nộp thay"),
    (dict(ORG, delegate_name="Trần Văn Bình", delegate_id_number="123"), "delegate_id_number", "12 chữ số"),
]


@pytest.mark.parametrize("kw,field,needle", BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_bad_input_names_the_field_and_writes_nothing(office, kw, field, needle):
    before = table_counts()
    with pytest.raises(UserError) as e:
        _reg(**kw)
    assert e.value.field == field and needle in e.value.message
    assert table_counts() == before


def test_directory_suggests_an_organisation_by_mst(office):
    _reg(**ORG)
    _reg(day=26, **dict(ORG, tax_code="0100047516-001", name="Chi nhánh Minh Phát tại Lục Nam",
                        representative="Phạm Thu Hà", representative_title="Giám đốc chi nhánh"))
    _reg(day=27, **dict(ORG, phone="0912345678", address="Thôn Kèn"))        # same MST, new contact
    s = registration.suggest_applicant(CLERK, "0100047516")
    assert (s.kind, s.name, s.phone, s.address, s.representative) == (
        "organisation", ORG["name"], "0912345678", "Thôn Kèn", "Nguyễn Văn An")
    assert ApplicantRow.select().where(ApplicantRow.tax_code == "0100047516").count() == 1
    branch = registration.suggest_applicant(CLERK, "0100047516001")
    assert branch.name == "Chi nhánh Minh Phát tại Lục Nam"
    assert registration.suggest_applicant(CLERK, "0100047517") is None       # bad check digit
    assert registration.suggest_applicant(CLERK, "0100047516-009") is None   # unknown branch
    # an earlier dossier keeps the contact it was registered with
    first = search.find(CLERK, "0100047516").rows[-1]
    assert first.applicant.phone == "02437654321"


def test_search_by_mst_name_and_delegate(office):
    a = _reg(**ORG, **DELEGATE)
    b = _reg(day=26, **dict(ORG, tax_code="0100047516-001", name="Chi nhánh Minh Phát tại Lục Nam"))
    c = _reg(day=27, name="Hoàng Văn Minh", id_number="001190003759", phone="0911047516")

    def codes(text):
        return [d.code for d in search.find(CLERK, text).rows]
    assert codes("0100047516") == [a.code, b.code]          # whole MST: exact first, then its branch
    assert codes("0100047516-001") == [b.code]              # the branch, dash or not
    assert codes("0100047516001") == [b.code]
    assert codes("47516") == [c.code, b.code, a.code]      # tails: c's phone ends 047516 too
    assert codes("minh phat") == [b.code, a.code]          # organisation name words, newest first
    assert codes("xay dung so 5") == [a.code]
    assert codes("tran van binh") == [a.code]              # the delegate
    assert codes("Bình") == [a.code]
    assert search.find(CLERK, "9999999999").reason.endswith("mã số thuế khớp với '9999999999'.")


def test_migration_0009_upgrades_an_older_database(office):
    """An office from before 0009 (columns dropped, version 8): upgraded, old rows are persons."""
    d = _reg(name="Nguyễn Văn An", id_number="024090001234")
    db = current()
    for table, cols in (("dossier", ("applicant_kind", "applicant_tax_code", "applicant_representative",
                                     "applicant_representative_title", "delegate_name", "delegate_name_key",
                                     "delegate_id_number", "delegate_phone")),
                        ("applicant", ("kind", "tax_code", "representative", "representative_title"))):
        for idx in db.get_indexes(table):
            if set(idx.columns) & set(cols):
                db.execute_sql(f'DROP INDEX "{idx.name}"')
        for c in cols:
            db.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN "{c}"')
    db.execute_sql("DELETE FROM schema_version WHERE version >= 9")
    assert "applicant_kind" not in {c.name for c in db.get_columns("dossier")}
    assert 9 in migrate.upgrade(db)
    assert migrate.upgrade(db) == []                                     # idempotent
    row = DossierRow.get(DossierRow.code == d.code)
    assert (row.applicant_kind, row.applicant_tax_code, row.delegate_name) == ("person", "", "")
    assert ApplicantRow.get(ApplicantRow.id == row.applicant_id).kind == "person"
    assert "dossier_applicant_tax_code" in {i.name for i in db.get_indexes("dossier")}
    shown = dossiers.get(d.code)
    assert shown.applicant.kind == "person" and shown.applicant.addressed == "Ông/Bà Nguyễn Văn An"
    assert shown.delegate is None
    assert [x.code for x in search.find(CLERK, "nguyen van an").rows] == [d.code]
    e = _reg(**ORG)                                                      # and organisations work now
    assert [x.code for x in search.find(CLERK, "0100047516").rows] == [e.code]


def test_dvcqg_sends_loai_doi_tuong_2_for_an_organisation(office):
    from app.sync.dvcqg_map import context_for, portal_dossier
    from app.sync.dvcqg_mapping import Mapping
    org = _reg(**ORG, **DELEGATE)
    person = _reg(name="Lê Thị Hoa")
    m = Mapping("1.001193", "1.001193")
    sent = {}
    for d in (org, person):
        ev = OutboxEvent.select().where(OutboxEvent.dossier_code == d.code).first()
        payload = json.loads(ev.payload)
        sent[d.code] = portal_dossier(payload, context_for(payload, m))
    assert sent[org.code]["LoaiDoiTuong"] == "2" and sent[org.code]["ChuHoSo"] == ORG["name"]
    assert sent[person.code]["LoaiDoiTuong"] == "1"
    assert all(s["MaDoiTuong"] == "" for s in sent.values())
    assert "024090001234" not in json.dumps(sent, ensure_ascii=False)      # the delegate's CCCD


def test_demo_seed_has_some_organisations_and_delegates(office):
    from app import demo
    from app.validation import check_tax_code as valid_mst
    demo.seed(400, days=30)
    D = DossierRow
    orgs = list(D.select().where(D.applicant_kind == "organisation"))
    assert 10 <= len(orgs) <= 60                                    # ~8 %
    assert all(valid_mst(o.applicant_tax_code) == o.applicant_tax_code and o.applicant_representative
               and not o.applicant_id_number for o in orgs)
    assert D.select().where(D.delegate_name != "").count() >= len(orgs) // 3
    one = orgs[0]
    assert one.code in [d.code for d in search.find(CLERK, one.applicant_tax_code, limit=100).rows]
    shown = dossiers.get(one.code)
    assert shown.applicant.is_organisation and shown.applicant.salutation == ""
