"""Audit chain: rows verified per second on an N-row chain (default 100,000), SQLite and
PostgreSQL; also the cost of one append. JSON lines {"name","value","unit","size","engine"}.

    python benchmarks/bench_audit.py [--size N] [--engine sqlite|postgres|both]"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import audit, setup, store  # noqa: E402
from app.store import to_db, utcnow  # noqa: E402
from db.models import Audit, Counter  # noqa: E402
from tests.app.helpers import SUPERVISOR, create_users  # noqa: E402


def emit(name, value, unit, size, engine):
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, "size": size,
                      "engine": engine}), flush=True)


def build_chain(n: int) -> None:
    """N chained rows written the way audit.append writes them (hashes and all), in bulk."""
    start = Audit.select().count()
    prev = Audit.select(Audit.hash).order_by(Audit.seq.desc()).scalar() or audit.GENESIS
    t0 = to_db(utcnow())
    rows = []
    with store.write():
        for i in range(start + 1, start + n + 1):
            at = t0 + timedelta(microseconds=i)
            details = audit._details({"from": 4, "to": 9, "version": i})
            h = audit.chain_hash(prev, audit.canonical(i, at, "canbo1", "QUAY-1", "dossier.status",
                                                       f"000.17.22.H56-261201-{i:04d}", details))
            rows.append(dict(seq=i, at=at, username="canbo1", pc="QUAY-1", action="dossier.status",
                             object=f"000.17.22.H56-261201-{i:04d}", details=details, prev_hash=prev,
                             hash=h))
            prev = h
            if len(rows) == 5000:
                Audit.insert_many(rows).execute()
                rows = []
        if rows:
            Audit.insert_many(rows).execute()
        Counter.update(last=start + n).where((Counter.scope == audit.SCOPE)
                                             & (Counter.key == audit.KEY)).execute()


def run(url: str, engine: str, n: int) -> None:
    setup.init_office(url, office_code="000.17.22.H56")
    create_users()
    build_chain(n)
    total = Audit.select().count()
    t = time.perf_counter()
    check = audit.verify(SUPERVISOR)
    secs = time.perf_counter() - t
    assert check.ok, check
    emit("audit_verify_rows_per_second", total / secs, "rows/s", total, engine)
    emit("audit_verify_seconds", secs, "s", total, engine)
    times = []
    for i in range(200):
        t = time.perf_counter()
        audit.append("canbo1", "bench.append", str(i))
        times.append(time.perf_counter() - t)
    times.sort()
    emit("audit_append_p95", times[int(len(times) * 0.95)] * 1000, "ms", total, engine)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--engine", default="both", choices=["sqlite", "postgres", "both"])
    args = ap.parse_args()
    if args.engine in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as d:
            run("sqlite:///" + str(Path(d) / "audit.sqlite3"), "sqlite", args.size)
    if args.engine in ("postgres", "both"):
        from tests.pgcluster import PgCluster
        cluster = PgCluster().start()
        try:
            run(cluster.create_db("bench_audit"), "postgres", args.size)
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
