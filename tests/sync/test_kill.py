"""SIGKILL the CLI worker mid-batch, restart: nothing lost, nothing stuck (lease expiry)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.store import open_database
from db.models import OutboxEvent as Row
from tests.sync.conftest import expected_order, make_dossiers
from tests.sync.receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]
LEASE = 1.5


def _env(url: str) -> dict:
    env = dict(os.environ)
    env.update(MOTCUA_CENTRAL_URL=url, MOTCUA_CENTRAL_TOKEN="token-1", MOTCUA_SYNC_LEASE=str(LEASE),
               MOTCUA_SYNC_BATCH="1", MOTCUA_SYNC_BACKOFF_BASE="0.01", MOTCUA_SYNC_POLL="0.05",
               NO_PROXY="127.0.0.1", PYTHONPATH=str(ROOT))
    return env


def _cli(db: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "--db", db, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_sigkill_mid_batch_then_restart(any_office):
    open_database(any_office)
    codes = make_dossiers(40, steps=(4, 9, 10))         # 160 events
    with Receiver() as rx:
        rx.delay = 0.01                                  # ~10 ms per request: a batch takes a while
        rx.hold_after = 30                               # the 31st request waits in the server
        env = _env(rx.url)
        proc = subprocess.Popen([sys.executable, "main.py", "--db", any_office, "sync", "run"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        try:
            end = time.monotonic() + 30
            end = time.monotonic() + 60                   # generous: a loaded 2-core machine
            while rx.requests <= 30 and time.monotonic() < end and proc.poll() is None:
                time.sleep(0.01)
            # the worker now waits for the answer to request 31: it holds that event's lease
            assert rx.requests > 30, proc.stderr.read().decode() if proc.poll() is not None else ""
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            rx.hold_after = None
            rx.gate.set()                                # the held request completes (stored, unanswered)
        sent_before = len(rx.events)
        leased = Row.select().where(Row.lease_owner.is_null(False) & (Row.state == "pending")).count()
        assert 0 < sent_before < 160
        assert leased > 0                                # the dead worker's claim is left behind

        time.sleep(LEASE + 0.2)        # its lease expires (a real wait: the rule under test)
        r = _cli(any_office, "sync", "run", "--once", "--json", env=env)
        assert r.returncode == 0, r.stderr
        r = _cli(any_office, "sync", "status", "--json", env=env)
        status = json.loads(r.stdout)
        assert status["pending"] == 0 and status["failed"] == 0 and status["delivered"] == 160
        assert status["last_success_at"]
        assert len(rx.events) == 160                     # nothing lost, each stored once
        for code in codes:
            assert rx.order[code] == expected_order(code)
        print(f"\nkilled after {sent_before} stored; leased rows left {leased}; "
              f"re-sends seen by server {rx.duplicates}")
