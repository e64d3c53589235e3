"""A Retry-After of any size or shape is capped at one hour and recorded like any other wait."""
from __future__ import annotations

import pytest

from app import outbox, sync
from app.store import from_db, open_database, utcnow
from app.sync.outcome import MAX_RETRY_AFTER
from app.sync.worker import SyncWorker
from db.models import OutboxEvent as Row
from tests.sync.conftest import FAST, make_dossiers


@pytest.mark.parametrize("header,low,high", [
    ("9" * 400, MAX_RETRY_AFTER - 5, MAX_RETRY_AFTER),                # huge integer
    ("Fri, 31 Dec 9999 23:59:59 GMT", MAX_RETRY_AFTER - 5, MAX_RETRY_AFTER),   # far future
    ("²³", -5, 60),                                                     # garbage: normal backoff
    ("Sun, 99 Xyz 2026 99:99:99 GMT", -5, 60),
])
def test_any_retry_after_is_capped_and_recorded(office_db, central, header, low, high):
    open_database(office_db)
    make_dossiers(1, steps=())
    central.status_override, central.override_headers = 503, {"Retry-After": header}
    w = SyncWorker(office_db, batch_size=1, **FAST)
    w.run(once=True)                                  # no exception from the worker
    [e] = outbox.list_events()
    row = Row.get_by_id(e.id)
    assert row.attempts == 1 and row.state == "pending" and row.last_error
    wait = (from_db(row.next_attempt_at) - utcnow()).total_seconds() if row.next_attempt_at else 0
    assert low <= wait <= high
    st = sync.status()
    assert st.pending == 1 and st.failed == 0
