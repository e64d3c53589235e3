"""Many processes register at once: no duplicate codes, no lost dossiers (SQLite and PostgreSQL)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app import audit, setup, store
from app.domain import Role, User
from db.models import Counter, Dossier, OutboxEvent
from tests.app.helpers import SUPERVISOR, create_users

WORKER = Path(__file__).with_name("register_worker.py")


def run_parallel(url: str, procs: int, each: int) -> list[str]:
    running = [subprocess.Popen([sys.executable, str(WORKER), url, str(each), str(i)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for i in range(procs)]
    codes = []
    for p in running:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        codes += json.loads(out)["codes"]
    return codes


@pytest.mark.slow
@pytest.mark.parametrize("engine,procs,each", [("sqlite", 8, 40), ("postgres", 16, 15)])
def test_parallel_registration_gives_unique_codes(engine, procs, each, tmp_path, request):
    url = ("sqlite:///" + str(tmp_path / "c.sqlite3")) if engine == "sqlite" \
        else request.getfixturevalue("pg_url")
    setup.init_office(url, office_code="000.17.22.H56")
    create_users(*(User(f"quay{i}", f"Quầy {i}", Role.CLERK) for i in range(procs)))  # the workers' actors
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
    assert check.ok and check.rows == total, check
