"""Foundation figures (JSON on stdout): seeding speed, search p95 at 10k vs 1M dossiers,
register p95, parallel registration on SQLite and PostgreSQL.

    python benchmarks/bench_core.py [--big 1000000] [--small 10000]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import demo, dossiers, registration, setup, store  # noqa: E402
from app.domain import Role, User  # noqa: E402
from db.models import Applicant, Dossier  # noqa: E402
from tests.app.helpers import create_users  # noqa: E402

BENCH = User("bench", "Bench", Role.CLERK)       # actors are users of the table (auth.require)


def p95(xs):
    xs = sorted(xs)
    return round(xs[int(0.95 * (len(xs) - 1))] * 1000, 3)


def search_figures(rounds: int = 200) -> dict:
    """p95 ms per kind of query, with terms drawn from the data itself."""
    rows = list(Dossier.select(Dossier.code, Applicant.name_key, Applicant.phone, Applicant.id_number)
                .join(Applicant).order_by(Dossier.id).limit(rounds * 5).objects())[::5][:rounds]
    kinds = {"code": lambda r: r.code, "name_prefix": lambda r: " ".join(r.name_key.split()[:2]),
             "phone": lambda r: r.phone, "cccd": lambda r: r.id_number}
    out = {}
    for kind, term in kinds.items():
        times = []
        for r in rows:
            t = time.perf_counter()
            found = dossiers.search(term(r), limit=20)
            times.append(time.perf_counter() - t)
            assert found, (kind, term(r))
        out[kind] = p95(times)
    return out


def office(path: Path, n: int) -> str:
    url = "sqlite:///" + str(path)
    setup.init_office(url, office_code="000.17.22.H56")
    create_users(BENCH)
    t = time.perf_counter()
    demo.seed(n, seed_value=7)
    return url, time.perf_counter() - t


def register_p95(n: int = 300) -> float:
    clerk = BENCH
    times = []
    for _ in range(n):
        t = time.perf_counter()
        registration.register(clerk, procedure_code="1.001193", name="Lê Văn Tám", phone="0912345678")
        times.append(time.perf_counter() - t)
    return p95(times)


def parallel(url: str, procs: int, each: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.app.test_concurrency import run_parallel
    create_users(*(User(f"quay{i}", f"Quầy {i}", Role.CLERK) for i in range(procs)))
    t = time.perf_counter()
    codes = run_parallel(url, procs, each)
    secs = time.perf_counter() - t
    store.open_database(url)
    return {"processes": procs, "each": each, "seconds": round(secs, 2),
            "duplicates": len(codes) - len(set(codes)),
            "lost": procs * each - Dossier.select().count() + (Dossier.select().count() - len(codes))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", type=int, default=1_000_000)
    ap.add_argument("--small", type=int, default=10_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    res = {}
    office(tmp / "small.sqlite3", args.small)
    res["search_p95_ms_small"] = search_figures()
    res["register_p95_ms_small"] = register_p95()
    url, secs = office(tmp / "big.sqlite3", args.big)
    res["seed"] = {"dossiers": args.big, "seconds": round(secs, 1), "per_second": round(args.big / secs)}
    res["search_p95_ms_big"] = search_figures()
    small, big = res["search_p95_ms_small"], res["search_p95_ms_big"]
    res["search_ratio_big_over_small"] = {k: round(big[k] / small[k], 2) for k in small}
    res["register_p95_ms_big"] = register_p95()
    url = "sqlite:///" + str(tmp / "par.sqlite3")
    setup.init_office(url, office_code="000.17.22.H56")
    res["parallel_sqlite"] = parallel(url, 8, 300)
    from tests.pgcluster import PgCluster
    pg = PgCluster().start()
    try:
        url = pg.create_db("bench")
        setup.init_office(url, office_code="000.17.22.H56")
        res["parallel_postgres"] = parallel(url, 16, 100)
    finally:
        pg.stop()
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
