"""Register p95 with SQLite synchronous=NORMAL vs FULL, same machine, one run.
JSON lines on stdout: {"name", "value", "unit", "size", "engine"}.

    python benchmarks/bench_durability.py [--seed 10000] [--n 300] [--dir DIR]

DIR should be on the disk the office file would live on (tmpfs makes fsync free)."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import demo, registration, setup  # noqa: E402
from app.domain import Role, User  # noqa: E402
from db import connection  # noqa: E402


def pct(xs, q):
    xs = sorted(xs)
    return round(xs[int(q * (len(xs) - 1))] * 1000, 3)


def run(mode: str, folder: Path, seed: int, n: int) -> list[dict]:
    connection.SQLITE_PRAGMAS = tuple((k, mode if k == "synchronous" else v)
                                      for k, v in connection.SQLITE_PRAGMAS)
    url = "sqlite:///" + str(folder / f"office-{mode}.sqlite3")
    setup.init_office(url, office_code="000.17.22.H56")
    if seed:
        demo.seed(seed, seed_value=7)
    got = connection.current().execute_sql("PRAGMA synchronous").fetchone()[0]
    assert got == {"normal": 1, "full": 2}[mode], got
    clerk = User("bench", "Bench", Role.CLERK)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        registration.register(clerk, procedure_code="1.001193", name="Lê Văn Tám",
                              phone="0912345678")
        times.append(time.perf_counter() - t)
    connection.current().close()
    engine = f"sqlite-synchronous-{mode}"
    return [{"name": "register_p95", "value": pct(times, 0.95), "unit": "ms", "size": seed,
             "engine": engine},
            {"name": "register_p50", "value": pct(times, 0.50), "unit": "ms", "size": seed,
             "engine": engine}]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=10_000)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--dir", default=None)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="motcua-dur-", dir=args.dir))
    try:
        for mode in ("normal", "full"):
            for fig in run(mode, folder, args.seed, args.n):
                print(json.dumps(fig, ensure_ascii=False), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
