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

from app import demo, registration, setup, store  # noqa: E402
from app.domain import Role, User  # noqa: E402
from db import connection  # noqa: E402

MODES = ("normal", "full")


def pct(xs, q):
    xs = sorted(xs)
    return round(xs[int(q * (len(xs) - 1))] * 1000, 3)


def use(mode: str, url: str) -> None:
    connection.SQLITE_PRAGMAS = tuple((k, mode if k == "synchronous" else v)
                                      for k, v in connection.SQLITE_PRAGMAS)
    store.open_database(url)
    got = connection.current().execute_sql("PRAGMA synchronous").fetchone()[0]
    assert got == {"normal": 1, "full": 2}[mode], got


def run(folder: Path, seed: int, n: int, block: int = 50) -> list[dict]:
    """Both offices seeded alike; registrations alternate in blocks between the two modes,
    so a noisy neighbour on the machine slows both alike."""
    urls = {}
    for mode in MODES:
        urls[mode] = "sqlite:///" + str(folder / f"office-{mode}.sqlite3")
        setup.init_office(urls[mode], office_code="000.17.22.H56")
        if seed:
            demo.seed(seed, seed_value=7)
    clerk = User("bench", "Bench", Role.CLERK)
    times = {m: [] for m in MODES}
    for _ in range(max(1, n // block)):
        for mode in MODES:
            use(mode, urls[mode])
            for _ in range(block):
                t = time.perf_counter()
                registration.register(clerk, procedure_code="1.001193", name="Lê Văn Tám",
                                      phone="0912345678")
                times[mode].append(time.perf_counter() - t)
            connection.current().close()
    out = []
    for mode in MODES:
        engine = f"sqlite-synchronous-{mode}"
        out += [{"name": "register_p95", "value": pct(times[mode], 0.95), "unit": "ms",
                 "size": seed, "engine": engine},
                {"name": "register_p50", "value": pct(times[mode], 0.50), "unit": "ms",
                 "size": seed, "engine": engine}]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=10_000)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--dir", default=None)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="motcua-dur-", dir=args.dir))
    try:
        for fig in run(folder, args.seed, args.n):
            print(json.dumps(fig, ensure_ascii=False), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
