from datetime import datetime

import pytest

from app import dossiers, registration, store, workflow
from app.domain import VN_TZ, PermissionDenied, Status, UserError
from db.models import OutboxEvent
from tests.app.helpers import CLERK, SUPERVISOR, table_counts


def vn(*a):
    return datetime(*a, tzinfo=VN_TZ)


@pytest.fixture
def dossier(any_office):
    store.open_database(any_office)
    return registration.register(CLERK, procedure_code="1.001193", name="Phạm Thu Hà",
                                 phone="0987654321", received_at=vn(2026, 11, 2, 9, 0))


def test_full_path_with_history_and_outbox(dossier):
    c = dossier.code
    workflow.change_status(CLERK, c, 4, at=vn(2026, 11, 2, 10))
    workflow.change_status(CLERK, c, 9, "Đã ký", at=vn(2026, 11, 3, 9))
    d = workflow.change_status(CLERK, c, 10, at=vn(2026, 11, 3, 15))
    assert d.status == Status.RETURNED
    assert [h.to_status for h in d.history] == [2, 4, 9, 10]
    assert d.history[2].note == "Đã ký" and d.history[2].user == "canbo1"
    types = [e.type for e in OutboxEvent.select().where(OutboxEvent.dossier_code == c)
             .order_by(OutboxEvent.seq)]
    assert types == ["dossier.received", "dossier.status_changed", "dossier.result_ready",
                     "dossier.returned"]
    with pytest.raises(UserError, match="không có \\(đã kết thúc\\)"):
        workflow.change_status(CLERK, c, 4)


@pytest.mark.parametrize("to", [1, 9, 10])
def test_illegal_transition_from_accepted(dossier, to):
    before = table_counts()
    with pytest.raises(UserError, match="Không thể chuyển"):
        workflow.change_status(CLERK, dossier.code, to, note="x")
    assert table_counts() == before


def test_refused_at_the_counter_with_a_reason(dossier):
    """Issue 11 §2: a received (2) counter dossier may be refused (3) on the spot, with the reason."""
    with pytest.raises(UserError, match="lý do từ chối"):
        workflow.change_status(CLERK, dossier.code, 3)
    d = workflow.change_status(CLERK, dossier.code, 3, note="Thiếu tờ khai")
    assert d.status == Status.REFUSED and d.history[-1].note == "Thiếu tờ khai"


def test_supplement_pauses_and_restarts_clock(dossier):
    c = dossier.code
    workflow.change_status(CLERK, c, 4, at=vn(2026, 11, 2, 10))
    with pytest.raises(UserError, match="nội dung cần bổ sung"):
        workflow.change_status(CLERK, c, 5)
    workflow.change_status(CLERK, c, 5, "Thiếu giấy chứng sinh", at=vn(2026, 11, 2, 11))
    d = workflow.change_status(CLERK, c, 4, "Đã nhận bổ sung", at=vn(2026, 11, 10, 9))
    # 1 working day counted again from 10/11
    assert d.due_at == vn(2026, 11, 11, 17, 0)
    assert d.history[-1].due_at == vn(2026, 11, 11, 17, 0)


def test_apology_once_and_only_by_supervisor(dossier):
    c = dossier.code
    with pytest.raises(PermissionDenied):
        workflow.apologize(CLERK, c, vn(2026, 11, 20, 17), "Chờ xác minh")
    d = workflow.apologize(SUPERVISOR, c, vn(2026, 11, 20, 17), "Chờ xác minh")
    assert d.due_at == vn(2026, 11, 20, 17) and d.apology_used
    with pytest.raises(UserError, match="hẹn lại 1 lần; không được hẹn lại lần nữa"):
        workflow.apologize(SUPERVISOR, c, vn(2026, 11, 27, 17), "Lần hai")
    assert dossiers.get(c).due_at == vn(2026, 11, 20, 17)


def test_stop_is_supervisor_only(dossier):
    workflow.change_status(CLERK, dossier.code, 4)
    assert Status.STOPPED not in workflow.allowed(Status.PROCESSING, CLERK)
    with pytest.raises(PermissionDenied):
        workflow.change_status(CLERK, dossier.code, 8, "Sai thẩm quyền")
    assert workflow.change_status(SUPERVISOR, dossier.code, 8, "Sai thẩm quyền").status == Status.STOPPED


def test_time_must_not_go_backwards(dossier):
    with pytest.raises(UserError, match="sau lần cập nhật trước"):
        workflow.change_status(CLERK, dossier.code, 4, at=vn(2026, 11, 1, 9))
