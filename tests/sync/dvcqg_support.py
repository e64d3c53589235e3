"""Helpers for the DVCQG tests: point the office at a stand-in gateway, drive a worker until a
condition holds (generous deadlines, never fixed sleeps), and what the portal should hold."""
from __future__ import annotations

import time

from tests.sync.conftest import FAST
from tests.sync.gateway import PASSWORD, USER


def configure(monkeypatch, gw, password: str = PASSWORD, username: str = USER) -> None:
    from app import settings
    from app.sync import credentials
    settings.set("notify.adapter", "dvcqg")
    settings.set("dvcqg.url", gw.url)
    settings.set("dvcqg.username", username)
    monkeypatch.setenv("MOTCUA_DVCQG_PASSWORD", password)
    credentials.forget()


def worker(**tune):
    from app.sync.worker import SyncWorker
    return SyncWorker(**(FAST | tune))


def drive(w, until, timeout: float = 90.0, what: str = "condition"):
    """Step the worker until `until()` is true; fail with the status after `timeout` seconds."""
    from app import sync
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        w._step()
        if until():
            return
        time.sleep(0.005)
    raise AssertionError(f"{what} not reached: {sync.status()}")


def drained():
    from app import sync
    st = sync.status()
    return st.pending == 0


def expected_progress(code: str) -> list[tuple[str, str]]:
    """(ThoiDiemXuLy, TrangThai) of every history entry after registration, in order."""
    from app.store import from_db
    from app.sync.dvcqg_map import portal_time
    from db.models import Dossier, StatusHistory
    row = Dossier.get(Dossier.code == code)
    hist = list(StatusHistory.select().where(StatusHistory.dossier == row)
                .order_by(StatusHistory.id))[1:]
    return [(portal_time(from_db(h.at)), str(h.to_status)) for h in hist]


def check_portal(gw, codes: list[str], final: str = "10") -> None:
    """Every dossier on the portal once with its final status, every progress entry once, in order."""
    from app.sync.dvcqg_map import progress_key
    assert len(gw.dossiers) == len(codes)
    for code in codes:
        assert gw.created[code] == 1, code
        assert gw.dossiers[code]["TrangThaiHoSo"] == final, code
        got = [progress_key(p) for p in gw.progress[code]]
        assert got == expected_progress(code), code
