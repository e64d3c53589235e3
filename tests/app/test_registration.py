import json
from datetime import UTC, datetime

import pytest

from app import dossiers, registration, store
from app.domain import VN_TZ, DocumentReceived, Status, UserError
from db.models import Dossier as DossierRow
from db.models import OutboxEvent
from tests.app.helpers import CLERK, table_counts


def _reg(**kw):
    args = dict(procedure_code="1.001193", name="Nguyễn Văn An", id_number="024090001234",
                phone="+84912345678", received_at=datetime(2026, 11, 25, 10, 5, tzinfo=VN_TZ))
    args.update(kw)
    return registration.register(CLERK, **args)


def test_register_writes_dossier_history_outbox_together(any_office):
    store.open_database(any_office)
    d = _reg(documents=[DocumentReceived("Tờ khai đăng ký khai sinh", 1, 0)])
    assert d.code == "000.17.22.H56-261125-0001"
    assert d.status == Status.ACCEPTED
    assert d.due_at == datetime(2026, 11, 26, 17, 0, tzinfo=VN_TZ)     # 1 working day
    assert d.applicant.phone == "0912345678"
    assert d.tracking_url.startswith("https://example.org/tra-cuu?ma=000.17.22.H56-261125-0001&t=")
    for secret in ("024090001234", "0912345678", "Nguy"):
        assert secret not in d.tracking_url
    row = DossierRow.get(DossierRow.code == d.code)
    assert row.clerk == "canbo1" and row.register_no == 1
    ev = OutboxEvent.get(OutboxEvent.dossier_code == d.code)
    body = json.loads(ev.payload)
    assert body["type"] == "dossier.received" and body["dossier"]["status"] == 2
    assert body["occurred_at"] == "2026-11-25T10:05:00+07:00"
    assert body["dossier"]["due_at"] == "2026-11-26T17:00:00+07:00"
    again = dossiers.get(d.code)
    assert again.history[0].to_status == Status.ACCEPTED and again.documents[0].originals == 1
    d2 = _reg(name="Trần Thị Bình", id_number="")
    assert d2.code.endswith("-0002")


@pytest.mark.parametrize("kw,field", [
    ({"name": ""}, "name"),
    ({"id_number": "12345"}, "id_number"),
    ({"id_number": "999090001234"}, "id_number"),
    ({"phone": "0123456789"}, "phone"),
    ({"email": "not-an-email"}, "email"),
    ({"procedure_code": "9.999999"}, "procedure"),
    ({"channel": "fax"}, "channel"),
    ({"documents": [DocumentReceived("", 1, 0)]}, "documents"),
    ({"received_at": datetime(2100, 6, 1, tzinfo=UTC)}, "received_at"),   # future, any clock
    ({"processing_days": -1}, "processing_days"),
])
def test_bad_input_writes_nothing(any_office, kw, field):
    store.open_database(any_office)
    before = table_counts()
    with pytest.raises(UserError) as e:
        _reg(**kw)
    assert e.value.field == field
    assert e.value.message and e.value.message[0].isupper()
    assert table_counts() == before


def test_failure_inside_transaction_rolls_back(office_db, monkeypatch):
    store.open_database(office_db)
    before = table_counts()

    def boom(*a, **k):
        raise RuntimeError("disk full")
    monkeypatch.setattr("app.outbox.enqueue", boom)
    with pytest.raises(RuntimeError):
        _reg()
    assert table_counts() == before       # counter, applicant, dossier, history: all rolled back


def test_procedure_without_time_needs_days(office_db):
    store.open_database(office_db)
    from db.models import Procedure
    code = Procedure.select().where(Procedure.processing_days.is_null()).first().code
    with pytest.raises(UserError, match="chưa có thời hạn"):
        _reg(procedure_code=code)
    assert _reg(procedure_code=code, processing_days=3).due_at.date().isoformat() == "2026-11-30"


def test_search_by_code_name_phone_cccd(any_office):
    store.open_database(any_office)
    a = _reg()
    _reg(name="Đặng Thị Ngọc Ánh", id_number="079190001111", phone="0387654321")
    for text in ("nguyen van an", "Nguyễn Văn", "NGUYEN", a.code, a.code[:-2],
                 "0912345678", "+84 912 345 678", "024090001234", a.tracking_url):
        found = dossiers.search(text)
        assert a.code in [d.code for d in found], text
    assert [d.applicant.name for d in dossiers.search("dang thi ngoc")] == ["Đặng Thị Ngọc Ánh"]
    assert dossiers.search("le van") == []
    assert dossiers.by_tracking_url(a.tracking_url).code == a.code
    with pytest.raises(UserError):
        dossiers.by_tracking_url(a.tracking_url[:-3] + "xyz")


def test_clerk_full_name_on_the_dossier(office_db):
    store.open_database(office_db)           # office_db's canbo1 is "Lê Thị Hoa"
    d = _reg()
    assert dossiers.get(d.code).clerk_display == "Lê Thị Hoa"
