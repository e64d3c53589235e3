"""DVCQG sync figures: JSON lines {"name","value","unit","size","engine"} on stdout.

    .venv/bin/python benchmarks/bench_dvcqg.py [--dossiers 1000] [--engine sqlite|postgres|both]
                                               [--fault-rate 0.05]

Builds an office with N dossiers registered at the counter and taken through 4 -> 9 -> 10
(4 events each), starts the stand-in gateway (tests/sync/gateway.py) on 127.0.0.1 in its own
process, and drains the outbox with the SyncWorker thread: once without faults, once with
random faults (500, slow answers and dropped connections after storing, expired sessions).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def emit(name: str, value, unit: str, size: int, engine: str, **extra) -> None:
    print(json.dumps({"name": name, "value": value, "unit": unit, "size": size,
                      "engine": engine} | extra, ensure_ascii=False), flush=True)


def build_office(url: str, n: int) -> float:
    from app import auth, registration, setup, workflow
    from app.store import open_database
    setup.init_office(url, office_code="000.17.22.H56", office_name="UBND xã Phương Sơn")
    open_database(url)
    actor = auth.create_user(None, "admin", "Quản trị viên", "admin", "matkhau-bench-1")
    t0 = time.perf_counter()
    codes = [registration.register(actor, procedure_code="1.001193", name="Nguyễn Văn An",
                                   phone="0912345678").code for _ in range(n)]
    for s in (4, 9, 10):
        for code in codes:
            workflow.change_status(actor, code, s)
    return time.perf_counter() - t0


def start_gateway(fault_rate: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.sync.gateway", str(fault_rate), "0.3"],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip()


def drain(url: str, fault_rate: float, n: int, engine: str, timeout: float) -> None:
    from app import settings, sync
    from app.store import open_database
    from app.sync.worker import SyncWorker
    from db.models import DvcqgState, OutboxEvent
    open_database(url)
    with __import__("app.store", fromlist=["write"]).write():   # a fresh send for each run
        OutboxEvent.update(state="pending", attempts=0, next_attempt_at=None, lease_owner=None,
                           lease_until=None, delivered_at=None).execute()
        DvcqgState.delete().execute()
    proc, gw = start_gateway(fault_rate)
    settings.set("notify.adapter", "dvcqg")
    settings.set("dvcqg.url", gw)
    settings.set("dvcqg.username", "motcua")
    os.environ.update(MOTCUA_DVCQG_PASSWORD="mat-khau-dung", NO_PROXY="127.0.0.1")
    events = OutboxEvent.select().count()
    tune = {"poll_interval": 0.02}
    if fault_rate:
        tune.update(backoff_base=0.05, backoff_cap=0.5, timeout=0.25, lease_seconds=10)
    worker = SyncWorker(url, **tune)
    done = threading.Event()
    worker.listeners.append(lambda st: st.pending == 0 and done.set())
    t0 = time.perf_counter()
    worker.start()
    done.wait(timeout)
    elapsed = time.perf_counter() - t0
    stats = dict(worker._client.stats) if worker._client else {}
    worker.stop()
    with urllib.request.urlopen(gw + "/stats", timeout=5) as r:
        server = json.loads(r.read())
    proc.stdin.close()
    proc.wait(10)
    st = sync.status()
    tag = "faults" if fault_rate else "clean"
    calls = sum(server["calls"].values())
    emit(f"events_{tag}", events, "events", n, engine, delivered=st.delivered, pending=st.pending)
    emit(f"seconds_{tag}", round(elapsed, 2), "s", n, engine)
    emit(f"events_per_second_{tag}", round(events / elapsed, 1), "events/s", n, engine)
    emit(f"gateway_calls_per_event_{tag}", round(calls / events, 3), "calls/event", n, engine,
         calls=server["calls"])
    emit(f"resends_{tag}", stats.get("resends", 0), "events", n, engine)
    emit(f"resends_recognised_as_update_{tag}", stats.get("resend_as_update", 0), "events", n,
         engine, progress_already_there=stats.get("progress_already_there", 0),
         progress_resent=stats.get("progress_resent", 0))
    emit(f"portal_dossiers_created_{tag}", server["created"], "dossiers", n, engine,
         refused_new=server["refused_new"])
    emit(f"portal_progress_entries_{tag}", server["progress"], "entries", n, engine,
         expected=3 * n)
    if fault_rate:
        emit("faults_injected", sum(server["faults"].values()), "faults", n, engine,
             kinds=server["faults"], rate=fault_rate)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=1000)
    ap.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="sqlite")
    ap.add_argument("--fault-rate", type=float, default=0.05)
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    for engine in engines:
        cluster = None
        if engine == "sqlite":
            url = "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="bench-dvcqg-")) / "o.sqlite3")
        else:
            from tests.pgcluster import PgCluster
            cluster = PgCluster().start()
            url = cluster.create_db("bench_dvcqg")
        try:
            seconds = build_office(url, args.dossiers)
            emit("build_office", round(seconds, 2), "s", args.dossiers, engine)
            drain(url, 0.0, args.dossiers, engine, args.timeout)
            if args.fault_rate:
                drain(url, args.fault_rate, args.dossiers, engine, args.timeout)
        finally:
            from db import connection
            if connection.current() is not None:
                connection.current().close()
            if cluster is not None:
                cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
