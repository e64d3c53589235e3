"""Post-commit domain events (app/events.py): delivered after the commit that raised them,
never after a rollback, once per transaction per dossier, on both engines."""
from __future__ import annotations

import logging
import threading
from datetime import datetime

import pytest

from app import events, registration, store, workflow
from app.domain import VN_TZ, ConnectionLost, UserError
from db import connection
from db.models import Dossier as DossierRow
from tests.app.helpers import CLERK, SUPERVISOR


class Recorder:
    """Subscribes to both events; remembers what came, whether a transaction was still open,
    and whether the dossier row was already visible from a second connection (committed)."""

    def __init__(self, url: str | None = None):
        self.got: list[tuple] = []
        self.in_tx: list[bool] = []
        self.visible: list[bool] = []
        self.url = url
        self._off = [events.subscribe(events.DOSSIER_CHANGED, self._dossier),
                     events.subscribe(events.OUTBOX_CHANGED, self._outbox)]

    def _dossier(self, code):
        self.got.append((events.DOSSIER_CHANGED, code))
        self.in_tx.append(connection.current().in_transaction())
        if self.url:
            self.visible.append(_seen_elsewhere(code))

    def _outbox(self):
        self.got.append((events.OUTBOX_CHANGED,))
        self.in_tx.append(connection.current().in_transaction())

    def close(self):
        for off in self._off:
            off()


def _seen_elsewhere(code: str) -> bool:
    """Look for the dossier from another thread (its own connection): only committed rows."""
    seen = []
    t = threading.Thread(target=lambda: seen.append(
        DossierRow.select().where(DossierRow.code == code).exists()))
    t.start()
    t.join()
    return seen[0]


def vn(*a):
    return datetime(*a, tzinfo=VN_TZ)


@pytest.fixture
def rec(any_office):
    store.open_database(any_office)
    r = Recorder(any_office)
    yield r
    r.close()


def _register():
    return registration.register(CLERK, procedure_code="1.001193", name="Phạm Thu Hà",
                                 phone="0987654321", received_at=vn(2026, 11, 2, 9, 0))


def test_registration_fires_after_commit(rec):
    d = _register()
    assert rec.got == [(events.DOSSIER_CHANGED, d.code), (events.OUTBOX_CHANGED,)]
    assert rec.in_tx == [False, False]            # the transaction had ended
    assert rec.visible == [True]                  # another connection already saw the row


def test_status_change_and_apology_fire_once_each(rec):
    d = _register()
    rec.got.clear()
    workflow.change_status(CLERK, d.code, 4, at=vn(2026, 11, 2, 10))
    assert rec.got == [(events.DOSSIER_CHANGED, d.code), (events.OUTBOX_CHANGED,)]
    rec.got.clear()
    workflow.apologize(SUPERVISOR, d.code, vn(2026, 12, 20, 17), "Chờ xác minh", at=vn(2026, 11, 3, 9))
    assert rec.got == [(events.DOSSIER_CHANGED, d.code), (events.OUTBOX_CHANGED,)]


def test_refused_change_fires_nothing(rec):
    d = _register()
    rec.got.clear()
    with pytest.raises(UserError):
        workflow.change_status(CLERK, d.code, 10)          # not allowed from "accepted"
    assert rec.got == []


def test_rollback_fires_nothing_and_commit_fires_once_per_code(rec):
    d = _register()
    rec.got.clear()
    with pytest.raises(RuntimeError), store.write():
        events.dossier_changed(d.code)
        events.outbox_changed()
        raise RuntimeError("boom")
    assert rec.got == []
    with store.write():
        for _ in range(3):
            events.dossier_changed(d.code)
        with store.write():                       # a savepoint: same transaction
            events.dossier_changed(d.code)
            events.dossier_changed("khác")
        assert rec.got == []                      # nothing before the commit
    assert rec.got == [(events.DOSSIER_CHANGED, d.code), (events.DOSSIER_CHANGED, "khác")]


def test_savepoint_rolled_back_drops_its_events(rec):
    with store.write():
        events.dossier_changed("A")
        with pytest.raises(RuntimeError), store.write():
            events.dossier_changed("B")
            raise RuntimeError("inner")
    assert rec.got == [(events.DOSSIER_CHANGED, "A")]


def test_connection_lost_fires_nothing(rec, monkeypatch):
    import peewee as pw

    def lost(exc):
        return True
    monkeypatch.setattr(connection, "is_lost_error", lost)
    with pytest.raises(ConnectionLost), store.write():
        events.dossier_changed("A")
        raise pw.OperationalError("server closed the connection unexpectedly")
    assert rec.got == []


def test_a_failing_subscriber_is_logged_and_others_still_run(rec, caplog):
    def bad(code):
        raise ValueError("subscriber bug")
    off = events.subscribe(events.DOSSIER_CHANGED, bad)
    try:
        with caplog.at_level(logging.ERROR, logger="motcua.events"):
            d = _register()                       # the write itself succeeds
    finally:
        off()
    assert DossierRow.select().where(DossierRow.code == d.code).exists()
    assert (events.DOSSIER_CHANGED, d.code) in rec.got
    assert "subscriber of dossier_changed failed" in caplog.text


def test_pending_events_belong_to_their_thread(rec):
    """A write open on the GUI thread does not collect what the sync thread commits."""
    with store.write():
        events.dossier_changed("gui")
        t = threading.Thread(target=events.outbox_changed)    # outside any write: at once
        t.start()
        t.join()
        assert rec.got == [(events.OUTBOX_CHANGED,)]
    assert rec.got == [(events.OUTBOX_CHANGED,), (events.DOSSIER_CHANGED, "gui")]


def test_retry_and_delivery_announce_outbox_changes(rec):
    from app import sync
    from app.domain import OutboxState
    from db.models import OutboxEvent
    _register()
    OutboxEvent.update({OutboxEvent.state: OutboxState.FAILED.value}).execute()
    rec.got.clear()
    assert sync.retry(None, SUPERVISOR) == 1
    assert rec.got == [(events.OUTBOX_CHANGED,)]
    rec.got.clear()
    assert sync.retry(None, SUPERVISOR) == 0             # nothing changed: no news
    assert rec.got == []


def test_unknown_event_name_is_refused():
    with pytest.raises(ValueError):
        events.subscribe("dossier_chnaged", print)
