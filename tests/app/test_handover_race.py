"""Two (four) counters hand the same dossier to departments at the same instant: one wins, the
others get a clear message; a connection lost inside a hand-over writes nothing."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app import handover, outbox, registration, setup, store
from app.domain import VN_TZ, ConnectionLost, Role, Status
from db.models import Dossier, Handover, OutboxEvent, StatusHistory
from tests.app import handover_race_worker, race_worker
from tests.app.helpers import CLERK, SUPERVISOR, create_users, make_users

WORKERS = 4
ROUNDS = 12


def _office(url: str) -> tuple[list[str], list[int]]:
    setup.init_office(url, office_code="000.17.22.H56")
    create_users()
    make_users([f"quay{i}" for i in range(WORKERS)], Role.CLERK)
    depts = [handover.add_department(SUPERVISOR, f"Phòng số {i}").id for i in range(WORKERS)]
    at = datetime.now(VN_TZ) - timedelta(days=1)
    codes = [registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn An",
                                   received_at=at).code for _r in range(ROUNDS)]
    return codes, depts


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_same_dossier_handed_over_at_once_one_winner(engine, tmp_path, request):
    url = ("sqlite:///" + str(tmp_path / "race.sqlite3")) if engine == "sqlite" \
        else request.getfixturevalue("pg_url")
    codes, depts = _office(url)
    version = Dossier.get(Dossier.code == codes[0]).version
    # workers 0, 1 pass the version they showed (a window), 2, 3 none (the CLI)
    plan = [[(c, depts[w], version if w < 2 else None) for c in codes] for w in range(WORKERS)]
    outcomes = {r: list(by_worker.values()) for r, by_worker in
                race_worker.race(url, handover_race_worker.run, plan).items()}
    for r, got in outcomes.items():
        assert got.count("won") == 1, (r, got)
        for o in got:
            assert o in ("won", "conflict") or (o.startswith("refused: ") and "nhận kết quả về trước" in o), o
    for code in codes:
        row = Dossier.get(Dossier.code == code)
        assert row.status == Status.PROCESSING
        assert Handover.select().where(Handover.dossier == row).count() == 1
        hist = list(StatusHistory.select().where(StatusHistory.dossier == row).order_by(StatusHistory.id))
        assert [(h.from_status, h.to_status) for h in hist] == [(None, 2), (2, 4)]
        assert OutboxEvent.select().where(OutboxEvent.dossier_code == code).count() == 2
        assert row.version == version + 1
    print(f"\n{engine}: {ROUNDS} rounds × {WORKERS} counters: " +
          str(sorted({o.split(':')[0] for got in outcomes.values() for o in got})))


@pytest.mark.slow
def test_connection_lost_inside_a_hand_over_writes_nothing(pg_cluster, pg_url, monkeypatch):
    setup.init_office(pg_url, office_code="000.17.22.H56")
    create_users()
    store.open_database(pg_url)
    dept = handover.add_department(SUPERVISOR, "Phòng Tư pháp")
    d = registration.register(CLERK, procedure_code="1.001193", name="Lê Văn Cường")
    real, calls = outbox.enqueue, {"n": 0}

    def dying_enqueue(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 1:     # history row and the 2 → 4 written, not committed
            pg_cluster.terminate_backends(pg_url.rsplit("/", 1)[1])
        return real(*a, **kw)

    monkeypatch.setattr(outbox, "enqueue", dying_enqueue)
    with pytest.raises(ConnectionLost):
        handover.hand_over(CLERK, d.code, dept.id, officer="Trần Thị Bích")
    row = Dossier.get(Dossier.code == d.code)
    assert (row.status, row.version) == (Status.ACCEPTED, d.version)
    assert Handover.select().count() == 0
    assert StatusHistory.select().where(StatusHistory.dossier == row).count() == 1
    h = handover.hand_over(CLERK, d.code, dept.id, officer="Trần Thị Bích")   # the clerk retries
    assert h.dossier.status == Status.PROCESSING and Handover.select().count() == 1
