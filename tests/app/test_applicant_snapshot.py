"""A dossier keeps its applicant exactly as registered; the directory only suggests."""
from __future__ import annotations

import sqlite3

from app import dossiers, registration, store
from db.models import Applicant, Dossier
from tests.app.helpers import CLERK


def test_reregistering_a_cccd_never_rewrites_an_earlier_dossier(any_office):
    first = registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn An",
                                  id_number="024199001111", phone="0912345678",
                                  address="Thôn Đông, xã Phương Sơn")
    second = registration.register(CLERK, procedure_code="1.001193", name="Trần Văn Khác",
                                   id_number="024199001111", phone="0987654321")
    old = dossiers.get(first.code)
    assert (old.applicant.name, old.applicant.phone, old.applicant.address) == \
        ("Nguyễn Văn An", "0912345678", "Thôn Đông, xã Phương Sơn")
    assert dossiers.get(second.code).applicant.name == "Trần Văn Khác"
    # search finds each dossier under the name it was registered with
    assert [d.code for d in dossiers.search("nguyen van an")] == [first.code]
    assert [d.code for d in dossiers.search("tran van khac")] == [second.code]
    assert {d.code for d in dossiers.search("024199001111")} == {first.code, second.code}
    assert [d.code for d in dossiers.search("0912345678")] == [first.code]
    # the directory remembers the latest details to suggest them next time
    hint = registration.suggest_applicant(CLERK, "024199001111")
    assert hint is not None and hint.name == "Trần Văn Khác" and hint.phone == "0987654321"
    assert hint.address == "Thôn Đông, xã Phương Sơn"          # not blanked by an empty field
    assert registration.suggest_applicant(CLERK, "024199009999") is None
    assert Applicant.select().where(Applicant.id_number == "024199001111").count() == 1


def test_migration_0003_gives_old_dossiers_the_data_they_showed(office_db):
    """An office from before 0003: dossiers point to shared applicant rows."""
    a = registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn An",
                              id_number="024199001111", phone="0912345678")
    b = registration.register(CLERK, procedure_code="1.001193", name="Phạm Thị Duyên",
                              phone="0977000111")
    path = store.connection.current().database
    store.connection.current().close()
    with sqlite3.connect(path) as c:            # turn it back into a version-2 database
        c.execute('DROP INDEX "dossier_request_id"')
        for col in ("applicant_name_key", "applicant_id_number", "applicant_phone"):
            c.execute(f'DROP INDEX IF EXISTS "dossier_{col}"')
        for col in ("name", "name_key", "id_number", "phone", "email", "address", "birth_date",
                    "gender"):
            c.execute(f'ALTER TABLE dossier DROP COLUMN "applicant_{col}"')
        c.execute("ALTER TABLE dossier DROP COLUMN version")
        c.execute("ALTER TABLE dossier DROP COLUMN request_id")
        c.execute("DROP TABLE audit")
        c.execute("DELETE FROM schema_version WHERE version >= 3")
        c.execute("UPDATE applicant SET address = 'Xóm Bắc' WHERE id_number = '024199001111'")
    c.close()
    store.open_database("sqlite:///" + path)
    assert store.schema_version() >= 3
    got_a, got_b = dossiers.get(a.code), dossiers.get(b.code)
    assert (got_a.applicant.name, got_a.applicant.phone, got_a.applicant.address) == \
        ("Nguyễn Văn An", "0912345678", "Xóm Bắc")
    assert (got_b.applicant.name, got_b.applicant.phone) == ("Phạm Thị Duyên", "0977000111")
    assert got_a.version == 1
    assert Dossier.get(Dossier.code == a.code).applicant_name_key == "nguyen van an"
    assert [d.code for d in dossiers.search("pham thi")] == [b.code]


def test_retry_with_the_same_request_id_returns_the_first_dossier(any_office):
    kw = dict(procedure_code="1.001193", name="Võ Văn Em", phone="0912000111",
              request_id="quay1-0b6c1f1e-2f1d-4bd4")
    one = registration.register(CLERK, **kw)
    again = registration.register(CLERK, **kw)
    assert again.code == one.code
    assert Dossier.select().count() == 1
    other = registration.register(CLERK, **(kw | {"request_id": "quay1-another-id-0001"}))
    assert other.code != one.code
