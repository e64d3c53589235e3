"""SIGKILL the CLI worker sending to the DVCQG stand-in mid-run, restart: nothing lost, every
dossier on the portal once, every progress entry once and in order."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app import settings
from app.store import open_database
from db.models import OutboxEvent as Row
from tests.sync.conftest import make_dossiers
from tests.sync.dvcqg_support import check_portal
from tests.sync.gateway import PASSWORD, USER, Gateway

ROOT = Path(__file__).resolve().parents[2]
LEASE = 1.5


def _env() -> dict:
    env = dict(os.environ)
    env.update(MOTCUA_DVCQG_PASSWORD=PASSWORD, MOTCUA_SYNC_LEASE=str(LEASE),
               MOTCUA_SYNC_BACKOFF_BASE="0.01", MOTCUA_SYNC_BACKOFF_CAP="0.05",
               MOTCUA_SYNC_POLL="0.05", NO_PROXY="127.0.0.1", PYTHONPATH=str(ROOT))
    return env


def _cli(db: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "--db", db, *args], check=False, cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=120)


def test_sigkill_mid_run_then_restart(any_office):
    open_database(any_office)
    codes = make_dossiers(40, steps=(4, 5, 4, 9, 10))      # 240 events, 200 progress entries
    with Gateway(delay=0.005) as gw:
        settings.set("notify.adapter", "dvcqg")
        settings.set("dvcqg.url", gw.url)
        settings.set("dvcqg.username", USER)
        proc = subprocess.Popen([sys.executable, "main.py", "--db", any_office, "sync", "run"],
                                cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        try:
            end = time.monotonic() + 60
            while sum(gw.calls.values()) < 150 and time.monotonic() < end:
                if proc.poll() is not None:
                    raise AssertionError(proc.stderr.read().decode())
                time.sleep(0.005)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        before = gw.stats()
        leased = Row.select().where(Row.lease_owner.is_null(False) & (Row.state == "pending")).count()
        assert 0 < before["progress"] < 200 and leased > 0

        end = time.monotonic() + 60                      # the dead worker's leases expire
        while time.monotonic() < end:
            r = _cli(any_office, "sync", "run", "--once", "--json")
            assert r.returncode == 0, r.stderr
            if json.loads(_cli(any_office, "sync", "status", "--json").stdout)["pending"] == 0:
                break
        status = json.loads(_cli(any_office, "sync", "status", "--json").stdout)
        assert status["pending"] == 0 and status["failed"] == 0 and status["delivered"] == 240
        check_portal(gw, codes)
        print(f"\nkilled after {sum(before['calls'].values())} calls, {before['progress']} progress "
              f"entries stored, {leased} leased rows left; after restart: {gw.stats()}")
