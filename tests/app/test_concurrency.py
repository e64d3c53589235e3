"""Many processes register at once: no duplicate codes, no lost dossiers (SQLite and PostgreSQL)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import audit, setup, store
from app.domain import Role, User
from db.models import Audit, Counter, Dossier, OutboxEvent
from tests.app.helpers import SUPERVISOR, create_users

WORKER = Path(__file__).with_name("register_worker.py")


def run_parallel(url: str, procs: int, each: int, shared: list[str] | None = None):
    env = dict(os.environ, MOTCUA_SHARED=",".join(shared or []))
    running = [subprocess.Popen([sys.executable, str(WORKER), url, str(each), str(i)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for i in range(procs)]
    codes, results = [], []
    for p in running:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        results.append(json.loads(out))
        codes += results[-1]["codes"]
    return (codes, results) if shared is not None else codes


@pytest.mark.slow
@pytest.mark.parametrize("engine,procs,each", [("sqlite", 8, 40), ("postgres", 16, 15)])
def test_parallel_registration_gives_unique_codes(engine, procs, each, tmp_path, request):
    url = ("sqlite:///" + str(tmp_path / "c.sqlite3")) if engine == "sqlite" \
        else request.getfixturevalue("pg_url")
    setup.init_office(url, office_code="000.17.22.H56")
    create_users(*(User(f"quay{i}", f"Quầy {i}", Role.CLERK) for i in range(procs)))  # the workers' actors
    trail = Audit.select().count()               # the accounts created above
    codes = run_parallel(url, procs, each)
    total = procs * each
    assert len(codes) == total and len(set(codes)) == total
    store.open_database(url)
    assert Dossier.select().count() == total
    assert OutboxEvent.select().count() == total
    # every code of the day is numbered 1..total without gaps
    days = {c.rsplit("-", 2)[1] for c in codes}
    assert sum(Counter.get(Counter.scope == "000.17.22.H56", Counter.key == d).last for d in days) == total
    regs = sorted(r.register_no for r in Dossier.select(Dossier.register_no))
    assert regs == list(range(1, total + 1))
    # every counter chained its audit row onto the one before, none onto the same one
    check = audit.verify(SUPERVISOR)
    assert check.ok and check.rows == trail + total, check


@pytest.mark.slow
@pytest.mark.parametrize("engine,procs,each", [("sqlite", 8, 15), ("postgres", 16, 8)])
def test_registrations_and_status_changes_at_once(engine, procs, each, tmp_path, request):
    """§4: counters register and change statuses at the same time, several of them on the same
    dossiers: no duplicate code, nothing lost, no forked history, one outbox event per history
    row, and no "database is busy" ever shown (the busy timeout absorbs the waits)."""
    from app import registration, workflow
    from db.models import StatusHistory
    from tests.app.helpers import CLERK
    url = ("sqlite:///" + str(tmp_path / "m.sqlite3")) if engine == "sqlite" \
        else request.getfixturevalue("pg_url")
    setup.init_office(url, office_code="000.17.22.H56")
    create_users(*(User(f"quay{i}", f"Quầy {i}", Role.CLERK) for i in range(procs)))
    shared = []
    for _i in range(4):
        d = registration.register(CLERK, procedure_code="1.001193", name="Hồ Sơ Chung")
        workflow.change_status(CLERK, d.code, 4)
        shared.append(d.code)
    codes, results = run_parallel(url, procs, each, shared)
    store.open_database(url)
    total = procs * each
    assert len(codes) == total == len(set(codes))
    assert Dossier.select().count() == total + len(shared)
    messages = [m for r in results for m in r["messages"]]
    assert all(m.startswith("Không thể chuyển") for m in messages), set(messages)
    assert sum(r["moved"] for r in results) >= 4          # the fights were real
    for row in Dossier.select():
        hist = list(StatusHistory.select().where(StatusHistory.dossier == row)
                    .order_by(StatusHistory.at, StatusHistory.id))
        for a, b in zip(hist, hist[1:], strict=False):
            assert b.from_status == a.to_status, (row.code, [(h.from_status, h.to_status) for h in hist])
        assert hist[-1].to_status == row.status
        assert OutboxEvent.select().where(OutboxEvent.dossier_code == row.code).count() == len(hist)
    assert audit.verify(SUPERVISOR).ok

