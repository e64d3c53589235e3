"""Hand-over to departments (app/handover.py) on SQLite and PostgreSQL: the departments list,
hand over / receive back with their history, outbox and audit rows, the chain, the result
column, and what is refused (nothing written then)."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from app import handover, registration, store, workflow
from app.domain import VN_TZ, ConflictError, PermissionDenied, Status, UserError
from app.reports.rules import Timeliness
from db.models import Audit, Department, Handover, OutboxEvent, StatusHistory
from tests.app.helpers import CLERK, SUPERVISOR, table_counts


def vn(*a):
    return datetime(*a, tzinfo=VN_TZ)


def counts() -> dict:
    return {**table_counts(), "Handover": Handover.select().count(),
            "Department": Department.select().count(), "Audit": Audit.select().count()}


@pytest.fixture
def office(any_office):
    store.open_database(any_office)
    handover.add_department(SUPERVISOR, "Phòng Tư pháp - Hộ tịch")
    handover.add_department(SUPERVISOR, "Địa chính - Xây dựng")
    return any_office


def _dossier(received=None):
    return registration.register(CLERK, procedure_code="1.001193", name="Phạm Thu Hà",
                                 phone="0987654321", received_at=received or vn(2026, 11, 23, 8, 0))


def _history(code):
    return [(h.from_status, h.to_status, h.due_at is not None, h.note)
            for h in StatusHistory.select().join_from(StatusHistory, StatusHistory.dossier.rel_model)
            .where(StatusHistory.dossier.rel_model.code == code).order_by(StatusHistory.id)]


def _events(code):
    return [json.loads(e.payload) for e in OutboxEvent.select().where(OutboxEvent.dossier_code == code)
            .order_by(OutboxEvent.seq)]


# ---- departments ------------------------------------------------------------------------------
def test_departments_add_rename_deactivate(office):
    names = [d.name for d in handover.departments(CLERK)]
    assert names == ["Địa chính - Xây dựng", "Phòng Tư pháp - Hộ tịch"]        # unaccented order
    before = counts()
    for bad, msg in (("  ", "Tên phòng ban là bắt buộc"), ("phong tu phap - ho tich", "Đã có phòng ban"),
                     ("x" * 201, "quá dài")):
        with pytest.raises(UserError, match=msg):
            handover.add_department(SUPERVISOR, bad)
    assert counts() == before
    d = handover.departments(CLERK)[1]
    renamed = handover.rename_department(SUPERVISOR, d.id, "Phòng  Tư pháp ", expected_version=d.version)
    assert renamed.name == "Phòng Tư pháp" and renamed.version == d.version + 1
    with pytest.raises(ConflictError, match="vừa được sửa ở máy khác"):       # the screen's old copy
        handover.rename_department(SUPERVISOR, d.id, "Tư pháp", expected_version=d.version)
    with pytest.raises(UserError, match="Đã có phòng ban 'Địa chính - Xây dựng'"):
        handover.rename_department(SUPERVISOR, d.id, "Dia chinh - xay dung")
    # unused: deleted; used: kept, inactive, not offered, still printed on old papers
    extra = handover.add_department(SUPERVISOR, "Văn phòng")
    assert handover.deactivate_department(SUPERVISOR, extra.id) == "deleted"
    assert not Department.select().where(Department.id == extra.id).exists()
    dossier = _dossier()
    handover.hand_over(CLERK, dossier.code, d.id)
    assert handover.deactivate_department(SUPERVISOR, d.id) == "deactivated"
    assert Department.get_by_id(d.id).active is False
    assert [x.name for x in handover.departments(CLERK)] == ["Địa chính - Xây dựng"]
    assert [(x.name, x.active, x.used) for x in handover.departments(CLERK, include_inactive=True)] == [
        ("Địa chính - Xây dựng", True, 0), ("Phòng Tư pháp", False, 1)]
    handover.receive_back(CLERK, dossier.code)
    with pytest.raises(UserError, match="Không có phòng ban 'Phòng Tư pháp' đang dùng"):
        handover.hand_over(CLERK, dossier.code, "Phòng Tư pháp")
    assert handover.records(CLERK, dossier.code)[0].department == "Phòng Tư pháp"
    handover.activate_department(SUPERVISOR, d.id)
    handover.hand_over(CLERK, dossier.code, "phong tu phap")                   # by name, unaccented
    actions = [a.action for a in Audit.select().order_by(Audit.seq) if a.action.startswith("department.")]
    assert actions == ["department.add", "department.add", "department.rename", "department.add",
                       "department.deleted", "department.deactivated", "department.activate"]


def test_only_supervisors_edit_the_list(office):
    before = counts()
    with pytest.raises(PermissionDenied):
        handover.add_department(CLERK, "Phòng Văn hóa")
    with pytest.raises(PermissionDenied):
        handover.deactivate_department(CLERK, handover.departments(CLERK)[0].id)
    assert counts() == before


# ---- hand over, receive back ------------------------------------------------------------------
def test_hand_over_starts_processing_then_a_chain(office):
    d = _dossier()
    dc, tp = handover.departments(CLERK)                        # unaccented order
    before = counts()
    h = handover.hand_over(CLERK, d.code, tp.id, officer="Trần Thị Bích", note="Hồ sơ gấp",
                           at=vn(2026, 11, 23, 9, 0), expected_version=d.version)
    after = counts()
    assert h.dossier.status == Status.PROCESSING and h.dossier.version == d.version + 1
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {
        "StatusHistory": 1, "OutboxEvent": 1, "Handover": 1, "Audit": 2}    # status change + hand-over
    assert _history(d.code)[-1] == (2, 4, False, "Chuyển Phòng Tư pháp - Hộ tịch (cán bộ nhận: Trần Thị "
                                                 "Bích): Hồ sơ gấp")
    assert _events(d.code)[-1]["dossier"]["status"] == 4
    assert "Phòng Tư pháp" in _events(d.code)[-1]["note"]
    r = h.record
    assert (r.department, r.officer, r.handed_by, r.handed_by_name, r.from_unit, r.open) == (
        "Phòng Tư pháp - Hộ tịch", "Trần Thị Bích", "canbo1", "Lê Thị Hoa",
        "Bộ phận tiếp nhận và trả kết quả", True)
    # while it is at the department: no second hand-over (nothing written)
    before = counts()
    with pytest.raises(UserError, match="đang ở Phòng Tư pháp - Hộ tịch .*nhận kết quả về trước"):
        handover.hand_over(CLERK, d.code, dc.id)
    assert counts() == before
    back = handover.receive_back(CLERK, d.code, "Đã trích lục", note="đủ chữ ký",
                                 at=vn(2026, 11, 24, 10, 0), expected_version=h.dossier.version)
    assert back.dossier.status == Status.PROCESSING and back.dossier.version == h.dossier.version + 1
    assert back.record.result == Timeliness.EARLY and back.record.result_text == "Trước hạn"
    assert (back.record.result_note, back.record.back_note) == ("Đã trích lục", "đủ chữ ký")
    assert _history(d.code)[-1] == (4, 4, False, "Nhận kết quả từ Phòng Tư pháp - Hộ tịch: Trước hạn. "
                                                 "Đã trích lục (đủ chữ ký)")
    # handed on to a second department (4 → 4), then the usual "Có kết quả"
    h2 = handover.hand_over(CLERK, d.code, dc.id, partners="Chi nhánh Văn phòng đăng ký đất đai",
                            at=vn(2026, 11, 24, 11, 0))
    assert _history(d.code)[-1][:3] == (4, 4, False)
    assert [x.department for x in handover.records(CLERK, d.code)] == [
        "Phòng Tư pháp - Hộ tịch", "Địa chính - Xây dựng"]
    assert handover.overview(CLERK, d.code).can_receive_back
    assert not handover.overview(CLERK, d.code).can_hand_over
    handover.receive_back(CLERK, d.code, at=vn(2026, 11, 25, 16, 0), expected_version=h2.dossier.version)
    workflow.change_status(CLERK, d.code, Status.DONE, at=vn(2026, 11, 25, 16, 30))
    assert len(_events(d.code)) == len(_history(d.code))         # one event per history row
    ov = handover.overview(CLERK, d.code)
    assert not ov.can_hand_over and not ov.can_receive_back and len(ov.records) == 2


def test_result_is_late_after_the_due_date(office):
    d = _dossier(received=vn(2026, 11, 2, 8, 0))
    handover.hand_over(CLERK, d.code, handover.departments(CLERK)[0].id, at=vn(2026, 11, 2, 9, 0))
    on_due_day = d.due_at.astimezone(VN_TZ).replace(hour=8, minute=0)
    back = handover.receive_back(CLERK, d.code, at=on_due_day)
    assert back.record.result == Timeliness.ON_TIME
    handover.hand_over(CLERK, d.code, handover.departments(CLERK)[0].id, at=on_due_day + timedelta(hours=1))
    back = handover.receive_back(CLERK, d.code, at=on_due_day + timedelta(days=1))
    assert back.record.result == Timeliness.LATE and back.record.result_text == "Quá hạn"


@pytest.mark.parametrize("steps, message", [((), None), ((4, 9), "Đã xử lý xong"), ((5,), "Yêu cầu bổ sung")])
def test_hand_over_only_when_accepted_or_processing(office, steps, message):
    d = _dossier()
    for s in steps:
        workflow.change_status(CLERK, d.code, s, note="thiếu giấy" if s == 5 else "")
    if message is None:
        return
    before = counts()
    with pytest.raises(UserError, match=f"đang '{message}': chỉ chuyển phòng ban khi"):
        handover.hand_over(CLERK, d.code, handover.departments(CLERK)[0].id)
    with pytest.raises(UserError, match="không ở phòng ban nào"):
        handover.receive_back(CLERK, d.code)
    assert counts() == before


def test_bad_input_and_stale_version_write_nothing(office):
    d = _dossier()
    dept = handover.departments(CLERK)[0].id
    before = counts()
    with pytest.raises(UserError, match="Không có phòng ban 'Phòng Không Có' đang dùng"):
        handover.hand_over(CLERK, d.code, "Phòng Không Có")
    with pytest.raises(UserError, match="Cán bộ nhận quá dài"):
        handover.hand_over(CLERK, d.code, dept, officer="A" * 151)
    with pytest.raises(UserError, match="Không tìm thấy hồ sơ"):
        handover.hand_over(CLERK, "000.17.22.H56-261123-9999", dept)
    with pytest.raises(ConflictError, match="vừa được cập nhật ở quầy khác"):
        handover.hand_over(CLERK, d.code, dept, expected_version=d.version - 1)
    with pytest.raises(UserError, match="tương lai"):
        handover.hand_over(CLERK, d.code, dept, at=datetime.now(VN_TZ) + timedelta(days=1))
    assert counts() == before


def test_hand_over_rows_do_not_use_up_the_apology(office):
    """An apology is a same-status row *with* a due date; hand-over rows have none."""
    d = _dossier()
    dept = handover.departments(CLERK)[0].id
    for _i in range(2):
        handover.hand_over(CLERK, d.code, dept)
        handover.receive_back(CLERK, d.code)
    done = workflow.apologize(SUPERVISOR, d.code, d.due_at + timedelta(days=5), "Chờ xác minh")
    assert done.apology_used


# ---- migration 0010 ---------------------------------------------------------------------------
def test_migration_0010_on_an_office_at_version_8(any_office):
    """An office made before 0010 gets both tables and the one-open index; the dossiers it
    has keep working and can be handed over."""
    import peewee as pw

    from db import migrate
    from db.connection import current
    store.open_database(any_office)
    d = _dossier()
    db = current()
    db.execute_sql('DROP TABLE "handover"')
    db.execute_sql('DROP TABLE "department"')
    db.execute_sql("DELETE FROM schema_version WHERE version >= 10")
    assert migrate.upgrade(db) == list(range(10, migrate.head() + 1))      # 0010 and any later
    assert db.table_exists("handover") and db.table_exists("department")
    assert "handover_one_open" in {i.name for i in db.get_indexes("handover")}
    dept = handover.add_department(SUPERVISOR, "Phòng Văn hóa")
    handover.hand_over(CLERK, d.code, dept.id)
    row = Handover.get()
    with pytest.raises(pw.IntegrityError), db.atomic():     # the database itself: one open hand-over
        Handover.create(dossier=row.dossier_id, from_unit="x", department=dept.id, handed_by="canbo1",
                        handed_at=row.handed_at)
    assert migrate.upgrade(db) == []                        # idempotent


def test_two_editors_adding_the_same_name_at_once(office, monkeypatch):
    """Both pass the name check before either commits: the unique unaccented name refuses the
    second in the database, with a message (the check is skipped here to force that path)."""
    monkeypatch.setattr(handover, "_taken", lambda name, exclude=None: None)
    before = counts()
    with pytest.raises(UserError, match="vừa được thêm ở máy khác"):
        handover.add_department(SUPERVISOR, "PHÒNG TƯ PHÁP - HỘ TỊCH")
    assert counts() == before
