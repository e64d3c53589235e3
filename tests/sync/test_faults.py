"""Delivery under faults, over real HTTP to a receiver on 127.0.0.1 (SQLite and PostgreSQL)."""
from __future__ import annotations

import time

from app import outbox, sync
from app.domain import OutboxState
from app.store import open_database
from app.sync.worker import SyncWorker
from tests.app.helpers import SUPERVISOR
from tests.sync.conftest import FAST, expected_order, make_dossiers, wait_drained
from tests.sync.receiver import Receiver, free_port


def _check_all_delivered_in_order(rx, codes, total):
    assert len(rx.events) == total                      # each event stored exactly once
    for code in codes:
        assert rx.order[code] == expected_order(code)   # per-dossier order of first receipt
    st = sync.status()
    assert (st.pending, st.failed, st.delivered) == (0, 0, total)


def test_200_events_under_random_faults(any_office, central):
    _run_200(any_office, central, batch=1)


def test_200_events_under_random_faults_batch_mode(office_db, central):
    _run_200(office_db, central, batch=25)


def _run_200(url, central, batch):
    open_database(url)
    codes = make_dossiers(50)                       # 50 × (received, 4, 9, 10) = 200 events
    central.fault_rate, central.slow_seconds = 0.3, 0.4
    w = SyncWorker(url, batch_size=batch, **FAST).start()
    try:
        wait_drained(40)
    finally:
        w.stop()
    _check_all_delivered_in_order(central, codes, 200)
    resent = central.duplicates
    print(f"\n[{batch=}] requests={central.requests} faults={dict(central.faults)} "
          f"re-sends seen by server={resent} worker={w.stats}")
    assert sum(central.faults.values()) > 0
    assert resent >= central.faults["drop"] * (1 if batch == 1 else 0)


def test_two_workers_never_send_the_same_event(any_office, central):
    open_database(any_office)
    codes = make_dossiers(40, steps=(4, 9))          # 120 events
    central.delay = 0.002
    ws = [SyncWorker(any_office, batch_size=b, **FAST).start() for b in (1, 7)]
    try:
        wait_drained(30)
    finally:
        for w in ws:
            w.stop()
    _check_all_delivered_in_order(central, codes, 120)
    assert central.duplicates == 0                   # no lease was ever shared
    assert all(w.stats["delivered"] > 0 for w in ws)


def test_401_stops_sending_until_token_changes(any_office, central, monkeypatch):
    open_database(any_office)
    codes = make_dossiers(3, steps=(4,))
    central.status_override = 401
    w = SyncWorker(any_office, batch_size=1, **FAST)
    w.run(once=True)
    w.run(once=True)
    assert central.requests == 1                     # stopped after the first refusal
    st = sync.status()
    assert st.token_invalid and st.pending == 6
    assert "token" in st.last_error and "401" in st.last_error
    central.status_override = None
    w.run(once=True)
    assert central.requests == 1                     # same token: still stopped
    monkeypatch.setenv("MOTCUA_CENTRAL_TOKEN", "token-2")
    w.wake()
    w.run(once=True)
    assert not sync.status().token_invalid
    _check_all_delivered_in_order(central, codes, 6)
    assert central.headers[-1]["Authorization"] == "Bearer token-2"


def test_422_fails_that_event_only_and_blocks_its_dossier(any_office, central):
    open_database(any_office)
    codes = make_dossiers(4, steps=(4, 9))
    bad = expected_order(codes[1])[0]
    central.reject[bad] = 422
    w = SyncWorker(any_office, batch_size=3, **FAST)
    w.run(once=True)
    failed = outbox.list_events(OutboxState.FAILED)
    assert [e.event_id for e in failed] == [bad]
    assert "422" in failed[0].last_error and "Dữ liệu không hợp lệ" in failed[0].last_error
    assert central.order[codes[1]] == []             # later events of that dossier wait
    for code in (codes[0], codes[2], codes[3]):
        assert central.order[code] == expected_order(code)
    st = sync.status()
    assert (st.failed, st.pending, st.delivered) == (1, 2, 9)
    del central.reject[bad]
    assert w.retry(failed[0].id, SUPERVISOR) == 1
    w.run(once=True)
    _check_all_delivered_in_order(central, codes, 12)


def test_offline_accumulates_then_drains(any_office, monkeypatch):
    open_database(any_office)
    port = free_port()                               # nothing listens: connection refused
    monkeypatch.setenv("MOTCUA_CENTRAL_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("MOTCUA_CENTRAL_TOKEN", "token-1")
    codes = make_dossiers(5, steps=(4,))
    w = SyncWorker(any_office, batch_size=4, **FAST).start()
    try:
        time.sleep(0.4)
        codes += make_dossiers(5, steps=(4,))          # more events while offline
        st = sync.status()
        assert st.online is False and st.pending == 20 and st.delivered == 0
        assert "kết nối" in st.last_error
        with Receiver(port=port) as rx:                 # the link returns
            wait_drained(20)
            _check_all_delivered_in_order(rx, codes, 20)
            assert sync.status().online is True
    finally:
        w.stop()


def test_retry_after_is_respected(office_db, central):
    open_database(office_db)
    make_dossiers(1, steps=())
    central.status_override, central.override_headers = 503, {"Retry-After": "30"}
    w = SyncWorker(office_db, batch_size=1, **FAST)
    w.run(once=True)
    [e] = outbox.list_events()
    from db.models import OutboxEvent as Row
    from app.store import from_db, utcnow
    due = from_db(Row.get_by_id(e.id).next_attempt_at)
    assert 28 < (due - utcnow()).total_seconds() <= 30
    central.status_override = None
    w.run(once=True)
    assert central.requests == 1 and sync.status().pending == 1     # still waiting
    w.retry(None, SUPERVISOR)                        # a supervisor says: now
    w.run(once=True)
    assert sync.status().delivered == 1


def test_listeners_hear_from_the_worker_thread(office_db, central):
    import threading
    open_database(office_db)
    make_dossiers(3, steps=(4,))
    heard = []
    w = SyncWorker(office_db, **FAST)
    w.listeners.append(lambda st: heard.append((threading.current_thread().name, st)))
    w.start()
    try:
        wait_drained(10)
        time.sleep(0.3)
    finally:
        w.stop()
    assert heard and all(name == "motcua-sync" for name, _ in heard)
    assert heard[-1][1].pending == 0 and heard[-1][1].online is True
