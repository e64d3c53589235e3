"""Issue 11 §2: correcting a dossier after registration, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from app import audit, corrections, dossiers, registration, search, store, workflow
from app.domain import VN_TZ, ConflictError, DocumentReceived, PermissionDenied, Status, UserError
from db.models import Audit, Dossier, DossierDocument, OutboxEvent, SearchToken, StatusHistory
from tests.app.helpers import ADMIN, CLERK, SUPERVISOR, make_users, table_counts

OTHER_CLERK_NAME = "canbo2"


def _register(received_at=None, clerk=CLERK, **kw):
    args = dict(procedure_code="1.001193", name="Nguyễn Văn Anh", id_number="024199001111",
                phone="0912345678", documents=[DocumentReceived("Tờ khai đăng ký khai sinh", 1, 0)])
    args.update(kw)
    return registration.register(clerk, received_at=received_at, **args)


@pytest.fixture
def office(any_office):
    store.open_database(any_office)
    return any_office


def _dump() -> dict:
    """Everything a correction may write, to compare before/after a refused one."""
    return {"counts": table_counts(), "audit": Audit.select().count(),
            "tokens": sorted(SearchToken.select(SearchToken.term).tuples()),
            "rows": sorted((d.code, d.applicant_name, d.applicant_phone, d.version, d.due_at)
                           for d in Dossier.select())}


def test_a_typo_in_the_name_and_phone_writes_every_row(office):
    d = _register()
    a = corrections.amend(CLERK, d.code, {"name": "Nguyễn Văn An", "phone": "0987654321"},
                          "Gõ nhầm tên và số điện thoại", expected_version=d.version)
    assert a.fields == ("name", "phone") and not a.due_changed
    row = Dossier.get(Dossier.code == d.code)
    assert (row.applicant_name, row.applicant_name_key, row.applicant_phone) == \
        ("Nguyễn Văn An", "nguyen van an", "0987654321")
    assert row.version == d.version + 1
    h = StatusHistory.select().where(StatusHistory.dossier == row).order_by(StatusHistory.id.desc()).first()
    assert h.from_status == h.to_status == int(Status.ACCEPTED) and h.user == "canbo1"
    assert "Họ tên: Nguyễn Văn Anh → Nguyễn Văn An" in h.note
    assert "Điện thoại: 091****678 → 098****321" in h.note        # masked in the history text
    assert "0912345678" not in h.note and "0987654321" not in h.note
    assert h.note.endswith("Lý do: Gõ nhầm tên và số điện thoại")
    ev = (OutboxEvent.select().where(OutboxEvent.dossier_code == d.code)
          .order_by(OutboxEvent.seq.desc()).first())
    payload = json.loads(ev.payload)
    assert ev.seq == 2 and ev.type == "dossier.status_changed"
    assert payload["applicant"] == {"name": "Nguyễn Văn An", "phone": "0987654321", "email": ""}
    assert payload["dossier"]["status"] == int(Status.ACCEPTED)
    last = Audit.select().order_by(Audit.seq.desc()).first()
    assert (last.action, last.object) == ("dossier.amend", d.code)
    details = json.loads(last.details)
    assert details == {"fields": ["name", "phone"], "version": d.version + 1}
    assert "0987654321" not in last.details
    assert audit.verify(ADMIN).ok


def test_search_finds_the_new_name_and_not_the_old(office):
    d = _register(name="Trần Thị Bíchh")
    assert [r.code for r in search.find(CLERK, "bichh").rows] == [d.code]
    corrections.amend(CLERK, d.code, {"name": "Trần Thị Bích"}, "Thừa chữ h")
    assert [r.code for r in search.find(CLERK, "bich").rows] == [d.code]
    assert list(search.find(CLERK, "bichh").rows) == []
    assert [r.code for r in search.find(CLERK, "Trần Thị Bích").rows] == [d.code]


def test_a_new_procedure_recomputes_the_due_date_after_a_preview(office):
    d = _register()                                  # 1.001193: 1 working day
    p = corrections.preview(CLERK, d.code, "1.004884")     # 5 working days
    assert p.processing_days == 5 and p.old_due == d.due_at and p.changes
    assert p.new_due == registration.preview_due("1.004884", d.received_at)
    a = corrections.amend(CLERK, d.code, {"procedure": "1.004884"}, "Chọn nhầm thủ tục",
                          expected_version=d.version)
    assert a.due_changed and a.old_due == d.due_at and a.dossier.due_at == p.new_due
    row = Dossier.get(Dossier.code == d.code)
    assert row.procedure.code == "1.004884" and row.processing_days == 5
    h = a.dossier.history[-1]
    assert h.due_at == p.new_due and "Thủ tục: 1.001193 → 1.004884 (hẹn trả" in h.note
    assert not h.is_apology and h.is_amendment
    ev = (OutboxEvent.select().where(OutboxEvent.dossier_code == d.code)
          .order_by(OutboxEvent.seq.desc()).first())
    assert json.loads(ev.payload)["dossier"]["procedure_code"] == "1.004884"
    assert json.loads(Audit.select().order_by(Audit.seq.desc()).first().details)["procedure"] == \
        ["1.001193", "1.004884"]
    from printing.paper import original_due
    assert original_due(a.dossier) == p.new_due          # the appointment of the reprinted receipt
    # the correction is no apology: the one apology allowed is still there
    later = workflow.apologize(SUPERVISOR, d.code, a.dossier.due_at + timedelta(days=10), "Chậm")
    assert original_due(later) == p.new_due


def test_documents_are_replaced(office):
    d = _register()
    docs = [DocumentReceived("Tờ khai đăng ký khai sinh", 1, 0), DocumentReceived("Giấy chứng sinh", 1, 0)]
    a = corrections.amend(CLERK, d.code, {"documents": docs}, "Quên ghi giấy chứng sinh")
    assert a.fields == ("documents",)
    rows = [(r.name, r.originals, r.copies, r.position) for r in
            DossierDocument.select().where(DossierDocument.dossier == Dossier.get(Dossier.code == d.code).id)
            .order_by(DossierDocument.position)]
    assert rows == [("Tờ khai đăng ký khai sinh", 1, 0, 0), ("Giấy chứng sinh", 1, 0, 1)]
    assert "Giấy chứng sinh (1 bản chính, 0 bản sao)" in a.dossier.history[-1].note


def test_nothing_changed_or_no_reason_writes_nothing(office):
    d = _register()
    before = _dump()
    with pytest.raises(UserError, match="Không có thông tin nào thay đổi"):
        corrections.amend(CLERK, d.code, {"name": "Nguyễn Văn Anh", "phone": "0912 345 678"}, "Kiểm tra")
    with pytest.raises(UserError, match="Lý do sửa là bắt buộc"):
        corrections.amend(CLERK, d.code, {"name": "Nguyễn Văn An"}, "  \u200b ")
    with pytest.raises(UserError, match="Số điện thoại phải gồm 10 chữ số"):   # the registration's check
        corrections.amend(CLERK, d.code, {"phone": "12345"}, "Sai số")
    with pytest.raises(UserError, match="Số CCCD phải gồm đúng 12 chữ số"):
        corrections.amend(CLERK, d.code, {"id_number": "0241"}, "Sai số")
    with pytest.raises(UserError, match="Ngày sinh"):
        corrections.amend(CLERK, d.code, {"birth_date": "31/02/1990"}, "Sai ngày")
    with pytest.raises(UserError, match="Không sửa được mục: clerk"):
        corrections.amend(CLERK, d.code, {"clerk": "admin"}, "Đổi người")
    assert _dump() == before


def test_a_clerk_only_on_the_day_of_receipt_and_only_their_own(office):
    make_users([OTHER_CLERK_NAME], role=CLERK.role)
    from app.domain import User
    other = User(OTHER_CLERK_NAME, OTHER_CLERK_NAME, CLERK.role)
    yesterday = store.utcnow() - timedelta(days=1)
    old = _register(received_at=yesterday)
    mine = _register(name="Lê Văn Bảo")
    before = _dump()
    with pytest.raises(PermissionDenied, match="chỉ sửa được hồ sơ trong ngày tiếp nhận"):
        corrections.amend(CLERK, old.code, {"name": "Nguyễn Văn An"}, "Sai tên")
    with pytest.raises(PermissionDenied, match="cán bộ khác tiếp nhận"):
        corrections.amend(other, mine.code, {"name": "Lê Văn Báo"}, "Sai tên")
    assert _dump() == before
    assert corrections.can_amend(CLERK, dossiers.get(mine.code))
    assert not corrections.can_amend(CLERK, dossiers.get(old.code))
    assert not corrections.can_amend(other, dossiers.get(mine.code))
    for boss in (SUPERVISOR, ADMIN):
        assert corrections.can_amend(boss, dossiers.get(old.code))
    a = corrections.amend(SUPERVISOR, old.code, {"name": "Nguyễn Văn An"}, "Sai tên")
    assert a.dossier.history[-1].user == "lanhdao"


def test_local_day_decides_not_the_utc_day(office):
    """Received 06:30 Vietnam time today is 23:30 UTC yesterday: still the day of receipt."""
    now = store.utcnow().astimezone(VN_TZ)
    early = now.replace(hour=0, minute=30, second=0, microsecond=0)
    d = _register(received_at=early)
    assert corrections.amend(CLERK, d.code, {"name": "Nguyễn Văn An"}, "Sai tên").fields == ("name",)


@pytest.mark.parametrize("final", [Status.REFUSED, Status.WITHDRAWN])
def test_not_after_a_final_status(office, final):
    d = _register()
    workflow.change_status(CLERK, d.code, final, note="Thiếu giấy tờ")
    before = _dump()
    for who in (CLERK, SUPERVISOR):
        with pytest.raises(UserError, match="không sửa được thông tin nữa") as exc:
            corrections.amend(who, d.code, {"name": "Nguyễn Văn An"}, "Sai tên")
        assert not isinstance(exc.value, PermissionDenied)        # the state, not the person
    assert _dump() == before


def test_result_ready_allows_only_applicant_data(office):
    d = _register()
    workflow.change_status(CLERK, d.code, 4)
    workflow.change_status(CLERK, d.code, 9)
    with pytest.raises(UserError, match="chỉ sửa được thông tin người nộp"):
        corrections.amend(SUPERVISOR, d.code, {"procedure": "1.004884"}, "Nhầm thủ tục")
    a = corrections.amend(CLERK, d.code, {"name": "Nguyễn Văn An"}, "Sai tên")
    ev = (OutboxEvent.select().where(OutboxEvent.dossier_code == d.code)
          .order_by(OutboxEvent.seq.desc()).first())
    assert ev.type == "dossier.status_changed"          # never a second "result ready"
    from app.sync.adapters import notifies_citizen
    assert not notifies_citizen(json.loads(ev.payload))
    assert a.dossier.status == Status.DONE


def test_a_concurrent_status_change_is_a_conflict(office):
    d = _register()
    workflow.change_status(CLERK, d.code, 4, expected_version=d.version)   # the other counter first
    before = _dump()
    with pytest.raises(ConflictError, match="vừa được cập nhật ở quầy khác"):
        corrections.amend(CLERK, d.code, {"name": "Nguyễn Văn An"}, "Sai tên", expected_version=d.version)
    assert _dump() == before


def test_a_failure_mid_transaction_writes_nothing(office, monkeypatch):
    d = _register()
    before = _dump()

    def boom(*a, **k):
        raise RuntimeError("connection gone")
    monkeypatch.setattr(corrections.audit, "record", boom)        # the last write of the transaction
    with pytest.raises(RuntimeError):
        corrections.amend(CLERK, d.code, {"name": "Nguyễn Văn An", "procedure": "1.004884",
                                          "documents": [DocumentReceived("Khác", 0, 1)]}, "Sai")
    assert _dump() == before
    assert [doc.name for doc in dossiers.get(d.code).documents] == ["Tờ khai đăng ký khai sinh"]


def test_a_correction_during_a_supplement_request_does_not_message_the_citizen_again(office):
    from app.sync.adapters import notifies_citizen
    d = _register()
    workflow.change_status(CLERK, d.code, 4)
    workflow.change_status(CLERK, d.code, 5, note="Thiếu giấy chứng sinh")
    corrections.amend(CLERK, d.code, {"phone": "0987654321"}, "Sai số điện thoại")
    events = [json.loads(e.payload) for e in OutboxEvent.select()
              .where(OutboxEvent.dossier_code == d.code).order_by(OutboxEvent.seq)]
    assert [notifies_citizen(p) for p in events] == [False, False, True, False]


@pytest.mark.slow
def test_the_connection_dropping_inside_a_correction_writes_nothing(pg_cluster, pg_url, monkeypatch):
    """PostgreSQL backend killed after the snapshot, tokens and history are written, before
    commit: a ConnectionLost, nothing of it kept; the clerk presses again and it is done once."""
    from app import outbox, setup
    from app.domain import ConnectionLost
    from tests.app.helpers import create_users
    setup.init_office(pg_url, office_code="000.17.22.H56")
    create_users()
    store.open_database(pg_url)
    d = _register()
    before = _dump()
    real, calls = outbox.enqueue, {"n": 0}

    def dying_enqueue(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 1:
            pg_cluster.terminate_backends(pg_url.rsplit("/", 1)[1])
        return real(*a, **kw)
    monkeypatch.setattr(outbox, "enqueue", dying_enqueue)
    with pytest.raises(ConnectionLost):
        corrections.amend(CLERK, d.code, {"name": "Nguyễn Văn An"}, "Sai tên", expected_version=d.version)
    assert _dump() == before
    a = corrections.amend(CLERK, d.code, {"name": "Nguyễn Văn An"}, "Sai tên", expected_version=d.version)
    assert a.dossier.version == d.version + 1 and _dump()["audit"] == before["audit"] + 1
    with pytest.raises(ConflictError):                   # a third press: the version moved on
        corrections.amend(CLERK, d.code, {"name": "Nguyễn Văn An"}, "Sai tên", expected_version=d.version)
