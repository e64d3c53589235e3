"""Crash consistency (issue 14 §3): a subprocess registers and changes statuses, printing
each acknowledged action; it is SIGKILLed at random points, again and again, then the office
database must be whole: integrity_check ok, every dossier with its first history row and one
outbox event per history row, nothing acknowledged missing, codes unique, the day's
sequence without gaps (the counter is taken inside the registering transaction, so a number
never committed is never used up), and the audit chain intact.

20 kills by default (CI, ~10 s; never fewer than 10); MOTCUA_CRASH_KILLS=50 (or more) for the full run."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from app import audit, store
from app.codes import CODE_RE
from db.models import Counter, OutboxEvent, StatusHistory
from db.models import Dossier as DossierRow
from tests.app.helpers import SUPERVISOR

ROOT = Path(__file__).resolve().parents[2]
KILLS = max(10, int(os.environ.get("MOTCUA_CRASH_KILLS", "20")))


def _run_until_killed(url: str, seed: int, rng: random.Random) -> tuple[list[dict], str]:
    """Start the worker, let it acknowledge a random number of actions, then SIGKILL it
    after a random extra delay (often mid-transaction). Returns the acknowledged lines."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests/app/crash_worker.py"), url, str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    lines: list[dict] = []
    got = threading.Condition()

    def reader():
        for line in proc.stdout:
            with got:
                lines.append(json.loads(line))
                got.notify_all()
        with got:
            got.notify_all()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    target = rng.randint(1, 12)                 # acknowledged actions before the kill …
    deadline = time.monotonic() + 60
    with got:
        while len(lines) < target + 1 and proc.poll() is None and time.monotonic() < deadline:
            got.wait(0.5)
    time.sleep(rng.random() * 0.03)             # … and a random moment after it
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    t.join(10)
    err = proc.stderr.read()
    assert proc.returncode == -signal.SIGKILL, err
    assert lines and lines[0] == {"ready": True}, err
    return lines[1:], err


def test_sigkill_at_random_points_leaves_a_whole_database(office_db):
    url = office_db
    path = url.removeprefix("sqlite:///")
    rng = random.Random(int(os.environ.get("MOTCUA_CRASH_SEED", "1414")))
    acked_codes: list[str] = []
    acked_status: list[tuple[str, int]] = []
    for k in range(KILLS):
        lines, _ = _run_until_killed(url, rng.randrange(10 ** 6), rng)
        for ln in lines:
            if "registered" in ln:
                acked_codes.append(ln["registered"])
            else:
                acked_status.append((ln["status"], ln["to"]))
        with sqlite3.connect(path) as con:        # after each kill, before any repair
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"after kill {k + 1}"

    store.open_database(url)
    rows = list(DossierRow.select())
    codes = [r.code for r in rows]
    assert len(codes) == len(set(codes))                               # unique
    assert set(acked_codes) <= set(codes), set(acked_codes) - set(codes)   # nothing acked lost
    hist = defaultdict(list)
    for h in StatusHistory.select().order_by(StatusHistory.id):
        hist[h.dossier_id].append(h)
    events = defaultdict(list)
    for e in OutboxEvent.select().order_by(OutboxEvent.seq):
        events[e.dossier_code].append(e)
    for r in rows:
        hs = hist[r.id]
        assert hs and hs[0].from_status is None, r.code                 # its first history row
        assert hs[-1].to_status == r.status, r.code                     # history not forked
        evs = events[r.code]
        assert [e.seq for e in evs] == list(range(1, len(hs) + 1)), r.code   # one event per step
        assert evs[0].type == "dossier.received", r.code
    by_id = {r.code: r.id for r in rows}
    for code, to in acked_status:                                      # acked steps are there
        assert any(h.to_status == to for h in hist[by_id[code]]), (code, to)
    per_day = defaultdict(list)
    for c in codes:
        m = CODE_RE.match(c)
        per_day[m["day"]].append(int(m["seq"]))
    for day, seqs in per_day.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), f"gaps on {day}: {sorted(seqs)}"
        last = Counter.get((Counter.scope == "000.17.22.H56") & (Counter.key == day)).last
        assert last == len(seqs), (day, last, len(seqs))              # no number taken uncommitted
    check = audit.verify(SUPERVISOR)
    assert check.ok, check
    print(f"\n[crash] kills={KILLS} dossiers={len(rows)} acked registrations={len(acked_codes)} "
          f"acked status changes={len(acked_status)} history rows={sum(map(len, hist.values()))}")
