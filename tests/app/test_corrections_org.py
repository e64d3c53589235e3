"""Correcting an organisation's data and the delegate (issue 11 §2 × §3), both engines: the
fields of the applicant's kind, checked together as registration checks them."""
from __future__ import annotations

import pytest

from app import corrections, registration, search, store
from app.domain import DocumentReceived, UserError
from db.models import Dossier, StatusHistory
from tests.app.helpers import CLERK, table_counts

ORG = dict(kind="organisation", name="Công ty TNHH Xây dựng số 5 Minh Phát", tax_code="0100047516",
           representative="Trần Văn Bình", representative_title="Giám đốc")


@pytest.fixture
def office(any_office):
    store.open_database(any_office)
    return any_office


def _register(**kw):
    args = dict(procedure_code="1.001193", phone="0912345678",
                documents=[DocumentReceived("Tờ khai", 1, 0)], **kw)
    return registration.register(CLERK, **args)


def _last_note(code: str) -> str:
    row = Dossier.get(Dossier.code == code)
    return (StatusHistory.select().where(StatusHistory.dossier == row)
            .order_by(StatusHistory.id.desc()).first().note)


def test_an_organisation_shows_its_own_fields_and_a_person_hers():
    org = {f.name for f in corrections.fields_for("organisation")}
    person = {f.name for f in corrections.fields_for("person")}
    assert {"tax_code", "representative", "representative_title"} <= org
    assert not org & {"id_number", "birth_date", "gender"}
    assert {"id_number", "birth_date", "gender"} <= person
    assert not person & {"tax_code", "representative", "representative_title"}
    assert {"delegate_name", "delegate_id_number", "delegate_phone"} <= org & person


def test_correcting_the_mst_representative_and_a_name_with_digits(office):
    d = _register(**ORG)
    a = corrections.amend(CLERK, d.code, {"tax_code": "0100047516-002", "representative": "Trần Văn Bính",
                                          "name": "Công ty TNHH Xây dựng số 6 Minh Phát"},
                          "Sai mã chi nhánh", expected_version=d.version)
    assert set(a.fields) == {"tax_code", "representative", "name"}
    row = Dossier.get(Dossier.code == d.code)
    assert (row.applicant_tax_code, row.applicant_representative, row.applicant_name) == \
        ("0100047516-002", "Trần Văn Bính", "Công ty TNHH Xây dựng số 6 Minh Phát")
    assert "Mã số thuế: 0100047516 → 0100047516-002" in _last_note(d.code)
    assert [x.code for x in search.find(CLERK, "0100047516-002"[-7:]).rows] == [d.code]


@pytest.mark.parametrize("changes,field,words", [
    ({"tax_code": "0100047517"}, "tax_code", "chữ số kiểm tra"),
    ({"tax_code": ""}, "tax_code", "bắt buộc"),
    ({"representative": ""}, "representative", ""),
    ({"name": ""}, "name", ""),
])
def test_an_organisation_checked_as_a_whole_writes_nothing(office, changes, field, words):
    d = _register(**ORG)
    before = table_counts()
    with pytest.raises(UserError) as e:
        corrections.amend(CLERK, d.code, changes, "Thử sửa", expected_version=d.version)
    assert e.value.field == field and words in str(e.value)
    assert table_counts() == before
    assert Dossier.get(Dossier.code == d.code).version == d.version


def test_a_person_cannot_get_an_mst(office):
    d = _register(name="Lê Thị Hoa", id_number="024199001111")
    with pytest.raises(UserError) as e:
        corrections.amend(CLERK, d.code, {"tax_code": "0100047516"}, "Thử", expected_version=d.version)
    assert e.value.field == "tax_code"


def test_adding_and_removing_a_delegate(office):
    d = _register(name="Lê Thị Hoa", id_number="024199001111")
    with pytest.raises(UserError) as e:           # a delegate needs a CCCD with the name
        corrections.amend(CLERK, d.code, {"delegate_name": "Phạm Văn Dũng"}, "Người nộp thay",
                          expected_version=d.version)
    assert e.value.field == "delegate_id_number"
    corrections.amend(CLERK, d.code, {"delegate_name": "Phạm Văn Dũng", "delegate_id_number": "001090004321",
                                      "delegate_phone": "0903123456"}, "Người nộp thay",
                      expected_version=d.version)
    row = Dossier.get(Dossier.code == d.code)
    assert (row.delegate_name, row.delegate_name_key, row.delegate_id_number) == \
        ("Phạm Văn Dũng", "pham van dung", "001090004321")
    note = _last_note(d.code)
    assert "001090004321" not in note and "0903123456" not in note      # masked in history
    assert [x.code for x in search.find(CLERK, "van dung").rows] == [d.code]
    corrections.amend(CLERK, d.code, {"delegate_name": "", "delegate_id_number": "", "delegate_phone": ""},
                      "Người nộp là chủ hồ sơ", expected_version=row.version)
    row = Dossier.get(Dossier.code == d.code)
    assert (row.delegate_name, row.delegate_name_key, row.delegate_id_number) == ("", "", "")
    assert search.find(CLERK, "van dung").rows == ()
