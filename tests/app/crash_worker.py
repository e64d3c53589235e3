"""Subprocess body for the crash-consistency test: registers dossiers and moves them along,
printing one JSON line per ACKNOWLEDGED (committed) action, until it is killed.

    python tests/app/crash_worker.py URL SEED
"""
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app import registration, store, workflow  # noqa: E402
from app.domain import Role, User  # noqa: E402

CLERK = User("canbo1", "Lê Thị Hoa", Role.CLERK)          # a user of the table (tests/app/helpers)
NEXT = {2: 4, 4: 9, 9: 10}


def main(url: str, seed: int) -> None:
    store.open_database(url, upgrade=False)
    rng = random.Random(seed)
    mine: dict[str, int] = {}                              # code -> status, of this run
    out = sys.stdout
    print(json.dumps({"ready": True}), file=out, flush=True)
    letters = "ABCDEGHIKLMNOPQRSTUVXY"
    while True:
        if not mine or rng.random() < 0.5:
            rid = registration.new_request_id()
            d = registration.register(CLERK, procedure_code="1.001193",
                                      name=f"Người Thử {rng.choice(letters)} {rng.choice(letters)}",
                                      phone="0912345678", request_id=rid)
            mine[d.code] = int(d.status)
            print(json.dumps({"registered": d.code, "request_id": rid}), file=out, flush=True)
        else:
            open_ = [c for c, s in mine.items() if s in NEXT]
            if not open_:
                mine.clear()
                continue
            code = rng.choice(open_)
            to = NEXT[mine[code]]
            workflow.change_status(CLERK, code, to, note="" if to != 9 else "Đã ký")
            mine[code] = to
            print(json.dumps({"status": code, "to": to}), file=out, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
