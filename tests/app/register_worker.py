"""Subprocess body for the concurrency test and benchmark: N registrations, print codes as JSON.

With $MOTCUA_SHARED (codes, comma-separated) each registration is followed by a status change
of its own dossier and one of a dossier every process fights over (no version given: the row
lock decides, the workflow refuses what no longer follows)."""
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app import registration, store, workflow  # noqa: E402
from app.domain import Role, User, UserError  # noqa: E402


def main(url: str, n: int, worker: int) -> None:
    store.open_database(url, upgrade=False)
    clerk = User(f"quay{worker}", f"Quầy {worker}", Role.CLERK)
    codes, times = [], []
    shared = [c for c in os.environ.get("MOTCUA_SHARED", "").split(",") if c]
    moved = refused = 0
    messages: list[str] = []
    rnd = random.Random(worker)
    letters = "ABCDEGHIKLMNOPQRSTUVXY"
    for i in range(n):
        t = time.perf_counter()
        d = registration.register(clerk, procedure_code="1.001193",
                                  name=f"Người Thử {letters[worker % 22]} {letters[i % 22]}",
                                  phone="0912345678")
        times.append(time.perf_counter() - t)
        codes.append(d.code)
        if shared:
            workflow.change_status(clerk, d.code, 4)
            try:
                workflow.change_status(clerk, rnd.choice(shared), rnd.choice((4, 5, 6, 9, 10)),
                                       note=f"quầy {worker}")
                moved += 1
            except UserError as exc:          # the step no longer follows: refused, not forked
                refused += 1
                messages.append(exc.message)
    json.dump({"codes": codes, "times": times, "moved": moved, "refused": refused,
               "messages": messages}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
