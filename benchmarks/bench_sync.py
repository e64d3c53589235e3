"""Sync throughput and GUI responsiveness.  JSON on stdout.

    xvfb-run -a .venv/bin/python benchmarks/bench_sync.py [--events 10000] [--mode batch|single|both]

Builds a temporary SQLite office with N outbox events (N/4 dossiers × 4 events, so
per-dossier order forces several rounds), starts a receiver on 127.0.0.1 in its own
process, and drains the outbox with the SyncWorker thread while a Tk `after()` loop on
the main thread records the gaps between its ticks (target: no gap > 50 ms; whole run
≤ 10 s for 10,000 events).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TICK_MS = 5


def build_office(n_events: int) -> str:
    from app import outbox, registration, setup
    from app.store import open_database, to_db, utcnow, write
    from db.models import OutboxEvent as Row
    url = "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="bench-sync-")) / "office.sqlite3")
    setup.init_office(url, office_code="000.17.22.H56", office_name="UBND xã Phương Sơn")
    open_database(url)
    from tests.app.helpers import CLERK, create_users
    create_users()
    d = registration.register(CLERK, procedure_code="1.001193",
                              name="Nguyễn Văn An", phone="0912345678")
    template = outbox.list_events(dossier_code=d.code)[0].payload
    types = ["dossier.received", "dossier.status_changed", "dossier.result_ready",
             "dossier.returned"]
    statuses = [2, 4, 9, 10]
    now = utcnow()
    rows = []
    for i in range(n_events // 4):
        code = f"000.17.22.H56-990101-{i:05d}"
        for seq in range(4):
            p = copy.deepcopy(template)
            p["event_id"] = str(uuid.uuid4())
            p["type"] = types[seq]
            p["occurred_at"] = outbox.iso_local(now + timedelta(minutes=seq))
            p["dossier"].update(code=code, status=statuses[seq])
            rows.append({"event_id": p["event_id"], "dossier_code": code, "seq": seq + 1,
                         "type": types[seq], "payload": json.dumps(p, ensure_ascii=False),
                         "state": "pending", "created_at": to_db(now)})
    with write():
        Row.delete().execute()                     # only the synthetic events
        for k in range(0, len(rows), 500):
            Row.insert_many(rows[k:k + 500]).execute()
    return url


def start_receiver(batch: bool) -> tuple[subprocess.Popen, str]:
    args = [sys.executable, "-m", "tests.sync.receiver"] + ([] if batch else ["--no-batch"])
    proc = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip()


def run(n_events: int, batch: bool, with_tk: bool) -> dict:
    url = build_office(n_events)
    proc, central = start_receiver(batch)
    os.environ.update(MOTCUA_CENTRAL_URL=central, MOTCUA_CENTRAL_TOKEN="bench-token",
                      NO_PROXY="127.0.0.1")
    from app import sync
    from app.sync.worker import SyncWorker
    worker = SyncWorker(url, batch_size=100 if batch else 1, poll_interval=0.05)
    done = threading.Event()
    worker.listeners.append(lambda st: st.pending == 0 and done.set())
    gaps: list[float] = []
    t0 = time.perf_counter()
    worker.start()
    if with_tk:
        import tkinter as tk
        root = tk.Tk()
        root.withdraw()
        last = [time.perf_counter()]

        def tick():
            now = time.perf_counter()
            gaps.append((now - last[0]) * 1000)
            last[0] = now
            if done.is_set() or now - t0 > 120:
                root.quit()
            else:
                root.after(TICK_MS, tick)

        root.after(TICK_MS, tick)
        root.mainloop()
        root.destroy()
    else:
        done.wait(120)
    elapsed = time.perf_counter() - t0
    worker.stop()
    with urllib.request.urlopen(central + "/stats", timeout=5) as r:
        server = json.loads(r.read())
    proc.stdin.close()
    proc.wait(10)
    st = sync.status()
    out = {"mode": "batch" if batch else "single", "events": n_events,
           "seconds": round(elapsed, 2), "events_per_second": round(n_events / elapsed),
           "requests": server["requests"], "server_events": server["events"],
           "duplicates_at_server": server["duplicates"], "server_order_ok": server["in_order"],
           "pending_after": st.pending, "delivered": st.delivered,
           "target_seconds": 10, "meets_target": elapsed <= 10 and st.pending == 0}
    if gaps:
        gaps_sorted = sorted(gaps[1:] or gaps)
        out.update(tk_ticks=len(gaps), tk_tick_ms=TICK_MS,
                   tk_max_gap_ms=round(max(gaps_sorted), 1),
                   tk_p99_gap_ms=round(gaps_sorted[int(len(gaps_sorted) * 0.99) - 1], 1),
                   tk_median_gap_ms=round(statistics.median(gaps_sorted), 1),
                   tk_gaps_over_50ms=sum(g > 50 for g in gaps_sorted))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--mode", choices=["batch", "single", "both"], default="both")
    ap.add_argument("--no-tk", action="store_true", help="skip the Tk responsiveness probe")
    args = ap.parse_args()
    modes = {"batch": [True], "single": [False], "both": [True, False]}[args.mode]
    results = [run(args.events, b, not args.no_tk) for b in modes]
    json.dump({"benchmark": "sync", "python": sys.version.split()[0], "results": results},
              sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
