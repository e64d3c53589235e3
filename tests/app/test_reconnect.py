"""A lost PostgreSQL connection is recovered by the same process; an interrupted
registration is either committed (and found on retry) or not done at all."""
from __future__ import annotations

import threading
import time

import pytest

from app import dossiers, outbox, registration, setup, store
from app.domain import ConnectionLost
from db import connection
from db.models import Dossier, OutboxEvent, StatusHistory
from tests.app.helpers import CLERK, create_users

pytestmark = pytest.mark.slow


@pytest.fixture
def pg_office(pg_cluster, pg_url):
    setup.init_office(pg_url, office_code="000.17.22.H56")
    create_users()
    store.open_database(pg_url)
    return pg_url


def _dbname(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_backend_killed_between_calls_reconnects(pg_cluster, pg_office):
    states: list[bool] = []
    unsubscribe = connection.on_connection_state(states.append)
    try:
        registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn An")
        assert pg_cluster.terminate_backends(_dbname(pg_office)) >= 1
        t = time.perf_counter()
        d = registration.register(CLERK, procedure_code="1.001193", name="Trần Thị Bình")
        took = time.perf_counter() - t
        assert took < 10
        print(f"register after backend kill: {took * 1000:.0f} ms")
        assert dossiers.get(d.code).applicant.name == "Trần Thị Bình"
        assert pg_cluster.terminate_backends(_dbname(pg_office)) >= 1
        assert len(dossiers.search("tran thi")) == 1         # a read reconnects too
        assert states and states[0] is True and states[-1] is False
    finally:
        unsubscribe()


def test_backend_killed_inside_a_registration_writes_nothing_then_retry_once(
        pg_cluster, pg_office, monkeypatch):
    real = outbox.enqueue
    calls = {"n": 0}

    def dying_enqueue(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 1:       # the dossier row is written, the transaction not committed
            pg_cluster.terminate_backends(_dbname(pg_office))
        return real(*a, **kw)

    monkeypatch.setattr(outbox, "enqueue", dying_enqueue)
    kw = dict(procedure_code="1.001193", name="Lê Văn Cường", phone="0912345678",
              request_id="quay2-5f0e2f7d-retry")
    with pytest.raises(ConnectionLost) as exc:
        registration.register(CLERK, **kw)
    assert "Mất kết nối cơ sở dữ liệu" in exc.value.message
    assert Dossier.select().count() == 0                          # nothing half-written
    assert StatusHistory.select().count() == 0 and OutboxEvent.select().count() == 0
    d = registration.register(CLERK, **kw)                        # the clerk presses again
    again = registration.register(CLERK, **kw)                    # and once more
    assert again.code == d.code and Dossier.select().count() == 1
    assert OutboxEvent.select().count() == 1


def test_server_down_for_a_few_seconds_is_waited_for(pg_cluster, pg_office):
    registration.register(CLERK, procedure_code="1.001193", name="Phạm Văn Dũng")
    pg_cluster.pause()
    restarted = threading.Event()

    def later():
        time.sleep(2)   # the outage itself: the server really is down for this long
        pg_cluster.resume()
        restarted.set()

    threading.Thread(target=later, daemon=True).start()
    t = time.perf_counter()
    found = dossiers.search("pham van")
    waited = time.perf_counter() - t
    assert restarted.wait(30)
    assert len(found) == 1 and waited >= 1.5
    d = registration.register(CLERK, procedure_code="1.001193", name="Hoàng Thị Én")
    assert dossiers.get(d.code).applicant.name == "Hoàng Thị Én"
    print(f"reconnect after server restart: {waited:.2f} s")
