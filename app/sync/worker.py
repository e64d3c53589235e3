"""The outbox worker: a thread (GUI) or a loop (CLI `sync run`) that delivers events.

    w = SyncWorker(db_url)          # uses the process's open database (opens it if none)
    w.listeners.append(callback)    # callback(SyncStatus), called FROM THE WORKER THREAD
    w.start(); …; w.wake(); …; w.retry(); …; w.stop()

Several workers (counters, processes) may share one database: each claims events under
a lease (see leases.py).  Per dossier, events leave strictly in order.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Protocol

from app.auth import SYNC_ACTOR, require
from app.domain import Role, User
from app.sync import config, leases, state
from app.sync.adapters import Notifier, make_notifier, notifies_citizen
from app.sync.client import CentralClient
from app.sync.outcome import Kind, Outcome

log = logging.getLogger("motcua.sync")
CLAIM_MIN = 20            # events claimed per round even in single-event mode
CONFIG_TTL = 5.0          # seconds between re-reads of settings/token
NOTIFY_EVERY = 0.5        # while sending, listeners hear at most this often
NOTIFY_IDLE = 2.0         # while idle, the status is recomputed at most this often


class Sender(Protocol):
    """Where every event goes: CentralClient, or DvcqgClient (which has no batch call)."""
    def send(self, payload: dict) -> Outcome: ...
    def send_batch(self, payloads: list[dict]) -> list[Outcome] | None: ...
    def close(self) -> None: ...


def make_client(cfg: config.CentralConfig) -> Sender:
    """The service every event goes to: the central service, or the DVCQG gateway."""
    if cfg.adapter == "dvcqg":
        from app.sync.dvcqg import DvcqgClient
        return DvcqgClient(cfg)
    return CentralClient(cfg)


class SyncWorker:
    def __init__(self, db_url: str | None = None, *, batch_size: int | None = None,
                 backoff_base: float | None = None, backoff_cap: float | None = None,
                 lease_seconds: float | None = None, poll_interval: float | None = None,
                 timeout: float | None = None, owner: str | None = None, actor: User | None = None):
        from db import connection
        if connection.current() is None:
            from app.store import open_database
            open_database(db_url)
        self.tune = config.tuning(batch_size=batch_size, backoff_base=backoff_base,
                                  backoff_cap=backoff_cap, lease_seconds=lease_seconds,
                                  poll_interval=poll_interval, timeout=timeout)
        self.owner = owner or f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        # The worker acts as its own named actor, whose role may deliver events and nothing else.
        self.actor = actor or SYNC_ACTOR
        require(self.actor, Role.SYNC)
        self.listeners: list[Callable[[state.SyncStatus], None]] = []
        self.stats = {"requests": 0, "attempts": 0, "delivered": 0, "retried": 0, "failed": 0}
        self.last_status: state.SyncStatus | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._cfg: config.CentralConfig | None = None
        self._cfg_at = -1e9
        self._client: Sender | None = None
        self._notifier: Notifier | None = None
        self._blocked = ""          # why the worker is idle ("" = free to send)
        self._pause_until = 0.0     # monotonic: server asked to wait / link down
        self._failures = 0          # consecutive whole-request failures
        self._notified_at = -1e9
        self._changed = True        # something happened since listeners last heard

    # ---- public API -------------------------------------------------------------
    def start(self) -> SyncWorker:
        if self._thread and self._thread.is_alive():
            return self
        self._stop.clear()
        self._thread = threading.Thread(target=self._thread_main, name="motcua-sync", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        return bool(self._thread and self._thread.is_alive())

    def wake(self) -> None:
        """Look at the outbox now (after a registration, a settings change…)."""
        self._cfg_at = -1e9
        self._changed = True
        self._wake.set()

    def retry(self, event_ref: str | int | None = None, actor=None) -> int:
        """Re-queue one failed event (row id or event_id) or all failed ones; send now."""
        n = state.retry(event_ref, actor)
        self._pause_until = 0.0
        self._failures = 0
        self.wake()
        return n

    def run(self, once: bool = False, max_seconds: float | None = None) -> state.SyncStatus:
        """Blocking loop in the calling thread.  once: stop when nothing more can be sent
        right now (or the link fails); max_seconds: stop after that long."""
        started = time.monotonic()
        while not self._stop.is_set():
            busy = self._step()
            elapsed = time.monotonic() - started
            if max_seconds is not None and elapsed >= max_seconds:
                break
            if once and not busy:
                break
            if not busy:
                wait = self._idle_wait()
                if max_seconds is not None:
                    wait = min(wait, max(0.0, max_seconds - elapsed))
                self._wake.wait(wait)
                self._wake.clear()
        self._close_clients()
        return self.status()

    def status(self) -> state.SyncStatus:
        return state.status(config.load(self.tune))

    # ---- loop ---------------------------------------------------------------------
    def _thread_main(self) -> None:
        try:
            while not self._stop.is_set():
                busy = self._step()
                if not busy:
                    self._wake.wait(self._idle_wait())
                    self._wake.clear()
        finally:
            self._close_clients()
            try:
                from db import connection
                connection.current().close()   # this thread's connection only
            except Exception:  # pragma: no cover
                log.debug("closing the sync thread's connection", exc_info=True)

    def _idle_wait(self) -> float:
        wait = self.tune.poll_interval
        paused = self._pause_until - time.monotonic()
        if paused > 0:
            return max(0.01, min(paused, CONFIG_TTL))
        if self._blocked:
            return wait
        try:
            return max(0.01, leases.next_due_in(wait))
        except Exception:            # the database is away: wait the normal time, _step reports it
            log.debug("next due time not readable", exc_info=True)
            return wait

    def _step(self) -> bool:
        """One cycle; True if it sent something and more may be waiting."""
        try:
            busy = self._cycle()
        except Exception as exc:     # database down, locked, bug: log, back off, go on
            log.exception("sync cycle failed")
            self._failures += 1
            self._pause_until = time.monotonic() + self.tune.backoff(self._failures)
            self._reset_db_connection()
            try:
                state.set_value(state.LAST_ERROR, f"Lỗi nội bộ khi đồng bộ: {exc}"[:1000])
            except Exception:        # the database itself is what failed: the log has it
                log.debug("sync error not recorded in the database", exc_info=True)
            busy = False
        if self._notify(NOTIFY_EVERY if busy else 0.0 if self._changed else NOTIFY_IDLE):
            self._changed = False
        return busy

    def _config(self) -> config.CentralConfig:
        now = time.monotonic()
        if self._cfg is None or now - self._cfg_at > CONFIG_TTL:
            cfg = config.load(self.tune)
            old = self._cfg
            if old is None or (cfg.url, cfg.token, cfg.ca_bundle, cfg.timeout, cfg.adapter,
                               cfg.account) != (old.url, old.token, old.ca_bundle, old.timeout,
                                                old.adapter, old.account):
                if self._client:
                    self._client.close()
                self._client = make_client(cfg) if cfg.configured else None
                if old is not None:
                    self._pause_until, self._failures = 0.0, 0
            if old is None or (cfg.adapter, cfg.timeout) != (old.adapter, old.timeout):
                if self._notifier:
                    self._notifier.close()
                self._notifier = make_notifier(cfg)
            self._cfg, self._cfg_at = cfg, now
            refused = state.get_value(state.TOKEN_INVALID)
            self._blocked = ("url" if not cfg.configured else "token" if not cfg.token
                             else "auth" if refused and refused == cfg.fingerprint else "")
        return self._cfg

    def _cycle(self) -> bool:
        cfg = self._config()
        client = self._client           # None only while blocked ("url"): nothing to send to
        if self._blocked or client is None or time.monotonic() < self._pause_until:
            return False
        claimed = leases.claim(self.owner, max(self.tune.batch_size, CLAIM_MIN),
                               self.tune.lease_seconds)
        if not claimed:
            return False
        results, failure = self._deliver(cfg, client, claimed)
        done = {c.id for c, _ in results}
        leases.release(self.owner, [c.id for c in claimed if c.id not in done])
        rows, first_error, delivered_any = [], None, False
        for c, o in results:
            delay = None
            if o.kind is Kind.DELIVERED:
                delivered_any = True
                self.stats["delivered"] += 1
            elif o.kind is Kind.FAIL:
                self.stats["failed"] += 1
            elif o.kind in (Kind.RETRY, Kind.WAIT):
                self.stats["retried"] += 1
                delay = o.retry_after if o.retry_after is not None else self.tune.backoff(
                    c.attempts + 1)
            first_error = first_error or (o.message if not o.ok else None)
            rows.append((c, o, delay))
        self.stats["attempts"] += len(results)
        online = next((o.online for _, o in reversed(results) if o.source in ("central", "dvcqg")
                       and o.online is not None), None)
        extra = state.contact_values(online, delivered_any, first_error) if online is not None \
            else ({state.LAST_ERROR: first_error[:1000]} if first_error else {})
        if failure is not None and failure.kind is Kind.AUTH:
            extra[state.TOKEN_INVALID] = cfg.fingerprint
            self._blocked = "auth"
        if failure is not None and failure.kind in (Kind.RETRY, Kind.WAIT):
            self._failures += 1
            wait = failure.retry_after if failure.retry_after is not None else \
                self.tune.backoff(self._failures)
            self._pause_until = time.monotonic() + min(wait, 3600.0)
        elif delivered_any:
            self._failures = 0
        leases.apply(self.owner, rows, extra)
        self._changed = True
        return failure is None

    def _deliver(self, cfg: config.CentralConfig, client: Sender, claimed: list[leases.Claimed]
                 ) -> tuple[list[tuple[leases.Claimed, Outcome]], Outcome | None]:
        """Send to the central service (batch if offered), then the citizen adapter.
        Returns per-event outcomes and the whole-request failure that cut the round short."""
        outs = None
        failure = None
        if self.tune.batch_size > 1 and len(claimed) > 1:
            self.stats["requests"] += 1
            outs = client.send_batch([c.payload for c in claimed])
            if outs is not None and outs and all(o is outs[0] for o in outs) and not outs[0].ok:
                failure = outs[0]
        if outs is None:
            outs = []
            budget = self.tune.lease_seconds - 2 * (cfg.timeout + cfg.connect_timeout) - 1
            deadline = time.monotonic() + max(budget, cfg.timeout)
            for c in claimed:
                if self._stop.is_set() or (outs and time.monotonic() > deadline):
                    break
                self.stats["requests"] += 1
                o = client.send(c.payload)
                outs.append(o)
                if o.kind in (Kind.RETRY, Kind.WAIT, Kind.AUTH):
                    failure = o
                    break
        # outs may be shorter than claimed (stopped, past the deadline, a whole-request failure,
        # a short batch answer): the events without an outcome are released, not marked
        results = list(zip(claimed, outs, strict=False))
        if self._notifier is not None:
            for i, (c, o) in enumerate(results):
                if o.ok and notifies_citizen(c.payload) and not self._stop.is_set():
                    results[i] = (c, self._notifier.deliver(c.payload))
        return results, failure

    # ---- helpers ------------------------------------------------------------------
    def _notify(self, every: float = 0.0) -> bool:
        """Tell the listeners the status if it changed; False if it was not looked at."""
        if not self.listeners:
            return True
        now = time.monotonic()
        if now - self._notified_at < every:
            return False
        self._notified_at = now
        try:
            st = state.status(self._config())
        except Exception:
            log.debug("status for listeners failed", exc_info=True)
            return False
        if st == self.last_status:
            return True
        self.last_status = st
        for cb in list(self.listeners):
            try:
                cb(st)
            except Exception:
                log.exception("sync listener failed")
        return True

    def _close_clients(self) -> None:
        for c in (self._client, self._notifier):
            if c is not None:
                c.close()
        self._client = self._notifier = None
        self._cfg = None

    @staticmethod
    def _reset_db_connection() -> None:
        try:
            from db import connection
            db = connection.current()
            if db is not None and not db.is_closed() and not db.in_transaction():
                db.close()
        except Exception:            # closing a broken connection: the next call reconnects
            log.debug("closing the sync connection failed", exc_info=True)
