"""Subprocess body for the concurrency test and benchmark: N registrations, print codes as JSON."""
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app import registration, store  # noqa: E402
from app.domain import Role, User  # noqa: E402


def main(url: str, n: int, worker: int) -> None:
    store.open_database(url, upgrade=False)
    clerk = User(f"quay{worker}", f"Quầy {worker}", Role.CLERK)
    codes, times = [], []
    letters = "ABCDEGHIKLMNOPQRSTUVXY"
    for i in range(n):
        t = time.perf_counter()
        d = registration.register(clerk, procedure_code="1.001193", name=f"Người Thử {letters[worker % 22]} {letters[i % 22]}",
                                  phone="0912345678")
        times.append(time.perf_counter() - t)
        codes.append(d.code)
    json.dump({"codes": codes, "times": times}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
