"""Report figures (JSON lines on stdout: {"name", "value", "unit", "size", "engine"}):
Biểu 06a for a month and the daily queue at --small and --big dossiers (with the big/small
ratio), on SQLite and — with --pg — on a throwaway PostgreSQL cluster; ratings import of 50k rows.

    python benchmarks/bench_reports.py [--big 1000000] [--small 10000] [--pg] [--big-db FILE]
                                       [--pg-big-url URL] [--skip-sqlite]

--big-db reuses a seeded SQLite file (python main.py demo seed --count N) instead of seeding;
--pg-big-url a seeded PostgreSQL office (`db copy --to` of such a file).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import demo, ratings, reports, setup, store  # noqa: E402
from app.domain import VN_TZ, Role, User  # noqa: E402
from app.store import utcnow  # noqa: E402
from db.models import Dossier  # noqa: E402

BOSS = User("bench", "Bench", Role.SUPERVISOR)


def emit(name, value, unit, size, engine):
    print(json.dumps({"name": name, "value": value, "unit": unit, "size": size, "engine": engine}),
          flush=True)


def median_ms(fn, rounds: int) -> float:
    fn()                                          # warm the caches once
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 2)


def last_full_month() -> tuple[date, date]:
    today = utcnow().astimezone(VN_TZ).date()
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def figures(size: int, engine: str) -> dict:
    first, last = last_full_month()
    old = (first - timedelta(days=200)).replace(day=1)
    old_last = (old.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    out = {
        "monthly_06a_ms": median_ms(lambda: reports.report_06a(BOSS, first, last), 5),
        "monthly_06a_old_month_ms": median_ms(lambda: reports.report_06a(BOSS, old, old_last), 3),
        "monthly_06a_by_clerk_ms": median_ms(lambda: reports.report_06a(BOSS, first, last, "clerk"), 3),
        "queue_ms": median_ms(lambda: reports.queue(BOSS, limit=50), 20),
        "queue_clerk_ms": median_ms(lambda: reports.queue(BOSS, clerk="canbo1", limit=50), 20),
    }
    for k, v in out.items():
        emit(k, v, "ms", size, engine)
    return out


def ensure_boss() -> None:
    """The benchmark's supervisor as a row of the users table (services re-check the actor)."""
    from app import auth
    from app.store import to_db
    from db.models import User as UserRow
    if not UserRow.select().where(UserRow.username == BOSS.username).exists():
        UserRow.create(username=BOSS.username, full_name=BOSS.full_name, role=BOSS.role.value,
                       password_hash=auth.hash_password("bench-only-" + str(time.time())),
                       created_at=to_db(utcnow()))


def seeded(url: str, n: int) -> None:
    setup.init_office(url, office_code="000.17.22.H56", office_name="UBND xã Phương Sơn")
    t = time.perf_counter()
    demo.seed(n, seed_value=7)
    ensure_boss()
    return round(time.perf_counter() - t, 1)


def ratings_import(n: int, engine: str, tmp: Path) -> None:
    codes = [c for (c,) in Dossier.select(Dossier.code).order_by(Dossier.id).limit(n).tuples()]
    path = tmp / "ratings.csv"
    token = f"{time.time():.0f}"                  # a fresh file each run (a re-run adds nothing)
    levels = ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"]
    with open(path, "w", encoding="utf-8-sig") as fh:
        fh.write("Mã hồ sơ,Thời gian,Mức độ hài lòng,Ý kiến góp ý,Kênh\n")
        for i in range(n):
            fh.write(f"{codes[i % len(codes)]},{1 + i % 28:02d}/10/2026 {8 + i % 9:02d}:{i % 60:02d},"
                     f"{levels[i % 5]},góp ý {i} {token},kiosk\n")
    t = time.perf_counter()
    res = ratings.import_file(BOSS, path)
    secs = round(time.perf_counter() - t, 2)
    assert res.imported == n, res
    emit("ratings_import_s", secs, "s", n, engine)
    t = time.perf_counter()
    again = ratings.import_file(BOSS, path)
    emit("ratings_reimport_s", round(time.perf_counter() - t, 2), "s", n, engine)
    assert again.imported == 0


def run_engine(engine: str, small_url: str, big_url: str, big: int, small: int, tmp: Path,
               seed_big: bool) -> None:
    secs = seeded(small_url, small)
    emit("seed_s", secs, "s", small, engine)
    small_f = figures(small, engine)
    if seed_big:
        emit("seed_s", seeded(big_url, big), "s", big, engine)
    else:
        store.open_database(big_url)
        ensure_boss()
    big_n = Dossier.select().count()
    big_f = figures(big_n, engine)
    for k in small_f:
        emit(k.replace("_ms", "_ratio"), round(big_f[k] / small_f[k], 2) if small_f[k] else None,
             "x", big_n, engine)
    ratings_import(50_000, engine, tmp)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", type=int, default=1_000_000)
    ap.add_argument("--small", type=int, default=10_000)
    ap.add_argument("--big-db", help="a seeded SQLite file to reuse")
    ap.add_argument("--pg", action="store_true", help="also on a throwaway PostgreSQL cluster")
    ap.add_argument("--pg-big", type=int, help="size of the big PostgreSQL office (default --big)")
    ap.add_argument("--pg-big-url", help="a seeded PostgreSQL office to reuse (e.g. made by `db copy`)")
    ap.add_argument("--skip-sqlite", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        big_url = "sqlite:///" + (args.big_db or str(tmp / "big.sqlite3"))
        if not args.skip_sqlite:
            run_engine("sqlite", "sqlite:///" + str(tmp / "small.sqlite3"), big_url, args.big, args.small,
                       tmp, seed_big=not args.big_db)
        if args.pg:
            from tests.pgcluster import PgCluster
            cluster = PgCluster().start()
            try:
                run_engine("postgresql", cluster.create_db("bench_small"),
                           args.pg_big_url or cluster.create_db("bench_big"),
                           args.pg_big or args.big, args.small, tmp, seed_big=not args.pg_big_url)
            finally:
                cluster.stop()


if __name__ == "__main__":
    main()
