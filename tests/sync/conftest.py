"""Fixtures for the sync tests: an explicit in-memory keyring, tiny backoffs, dossiers."""
from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from app.sync import credentials
from tests.sync.receiver import Receiver

FAST = dict(backoff_base=0.01, backoff_cap=0.05, lease_seconds=5, poll_interval=0.02, timeout=0.25)


class MemoryKeyring(KeyringBackend):
    """Test-only keyring backend: a dict in memory (never a file)."""
    priority = 1

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def memkeyring(monkeypatch):
    for name in ("MOTCUA_CENTRAL_TOKEN", "MOTCUA_ZALO_TOKEN", "MOTCUA_SMS_SECRET", "MOTCUA_DVCQG_PASSWORD",
                 "MOTCUA_SYNC_BATCH", "MOTCUA_SYNC_LEASE", "MOTCUA_SYNC_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MOTCUA_CENTRAL_URL", "")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    old = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    credentials.forget()
    yield kr
    keyring.set_keyring(old)
    credentials.forget()


@pytest.fixture
def receiver():
    with Receiver() as rx:
        yield rx


@pytest.fixture
def central(monkeypatch, receiver):
    """The receiver as the office's central service, with a token in the environment."""
    monkeypatch.setenv("MOTCUA_CENTRAL_URL", receiver.url)
    monkeypatch.setenv("MOTCUA_CENTRAL_TOKEN", "token-1")
    credentials.forget()
    return receiver


def make_dossiers(n: int, steps=(4, 9, 10)) -> list[str]:
    """n dossiers registered at the counter, each taken through `steps` (1 + len(steps) events)."""
    from app import registration, workflow
    from tests.app.helpers import SUPERVISOR as actor
    codes = []
    for _ in range(n):
        d = registration.register(actor, procedure_code="1.001193", name="Nguyễn Văn An",
                                  phone="0912345678")
        codes.append(d.code)
    for s in steps:
        for code in codes:
            note = "Bổ sung bản sao giấy khai sinh" if s == 5 else ""
            workflow.change_status(actor, code, s, note)
    return codes


def expected_order(code: str) -> list[str]:
    from app import outbox
    return [e.event_id for e in sorted(outbox.list_events(dossier_code=code), key=lambda e: e.seq)]


def wait_drained(timeout: float = 30.0) -> None:
    import time

    from app import sync
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if sync.status().pending == 0:
            return
        time.sleep(0.05)
    raise AssertionError(f"outbox not drained: {sync.status()}")
