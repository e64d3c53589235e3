"""Rules that used to live in the dossier window's Tk callbacks, now services: the note a
step needs, and "send again" over one dossier's failed events."""
from __future__ import annotations

import pytest

from app import desk, events, registration, store, workflow
from app.domain import OutboxState, Status, UserError
from db.models import OutboxEvent
from tests.app.helpers import CLERK, SUPERVISOR


@pytest.mark.parametrize("status, required, words", [
    (Status.REFUSED, True, "Mẫu 03"), (Status.SUPPLEMENT, True, "nội dung cần bổ sung, bắt buộc"),
    (Status.STOPPED, True, "Lý do dừng"), (Status.WITHDRAWN, False, "không bắt buộc"),
    (Status.PROCESSING, False, "Ghi chú (không bắt buộc)")])
def test_note_prompt_matches_what_change_status_refuses(status, required, words):
    prompt, needed = workflow.note_prompt(status)
    assert needed is required and words in prompt
    assert needed == (status in workflow.NOTE_REQUIRED)      # the same rule change_status applies


def test_every_required_note_is_refused_empty(office_db):
    store.open_database(office_db)
    d = registration.register(CLERK, procedure_code="1.001193", name="Phạm Thu Hà", phone="0987654321")
    for status in (Status.REFUSED, Status.SUPPLEMENT):
        assert workflow.note_prompt(status)[1]
        with pytest.raises(UserError, match="Cần ghi"):
            workflow.change_status(CLERK, d.code, status, "")


def test_retry_one_dossiers_failed_events_in_one_transaction(any_office):
    store.open_database(any_office)
    a = registration.register(CLERK, procedure_code="1.001193", name="Phạm Thu Hà", phone="0987654321")
    workflow.change_status(CLERK, a.code, 4)
    b = registration.register(CLERK, procedure_code="1.001193", name="Lê Văn Bình", phone="0912345678")
    OutboxEvent.update({OutboxEvent.state: OutboxState.FAILED.value}).execute()
    got = []
    off = events.subscribe(events.OUTBOX_CHANGED, lambda: got.append(1))
    try:
        assert desk.retry_dossier_events(SUPERVISOR, a.code) == 2
    finally:
        off()
    assert got == [1]                                    # one transaction: one announcement
    states = {(e.dossier_code, e.state) for e in OutboxEvent.select()}
    assert states == {(a.code, "pending"), (b.code, "failed")}
    assert desk.retry_dossier_events(SUPERVISOR, a.code) == 0
