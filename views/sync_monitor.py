"""The background delivery of outbox events for the window: starts the sync worker, wakes
it whenever a commit announces ``outbox_changed`` (app.events), and hands its reports to the
status bar on the Tk thread."""
from __future__ import annotations

import logging
import queue
import threading
import tkinter as tk
from collections.abc import Callable

from app import events

log = logging.getLogger("motcua.views")
POLL_MS = 500
SYNC_THREAD = "motcua-sync"            # app.sync.worker names its thread so


class SyncMonitor:
    def __init__(self, root: tk.Misc, on_report: Callable[[object], None]):
        self.root = root
        self.on_report = on_report
        self.sync = None                    # app.sync.worker.SyncWorker once the office is open
        self._reports: queue.Queue = queue.Queue()
        self._after: str | None = None
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def running(self) -> bool:
        return self.sync is not None and self.sync.running

    def start(self, db_url: str | None) -> None:
        """Deliver outbox events in the background; its reports feed the status bar."""
        if self.sync is not None:
            return
        try:
            from app.sync.worker import SyncWorker
            self.sync = SyncWorker(db_url)
            self.sync.listeners.append(self._reports.put)      # called on the sync thread
            self.sync.start()
        except Exception:
            log.exception("sync worker did not start")
            self.sync = None
            return
        self._unsubscribe = events.subscribe(events.OUTBOX_CHANGED, self._outbox_changed)
        self._poll()

    def _outbox_changed(self) -> None:
        """Any thread, right after the commit. The worker's own write-backs don't wake it."""
        if self.sync is not None and threading.current_thread().name != SYNC_THREAD:
            self.sync.wake()                # a threading.Event: safe from any thread

    def wake(self) -> None:
        if self.sync is not None:
            self.sync.wake()

    def _poll(self) -> None:
        latest = None
        while True:
            try:
                latest = self._reports.get_nowait()
            except queue.Empty:
                break
        if latest is not None:
            self.on_report(latest)
        self._after = self.root.after(POLL_MS, self._poll)

    def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._after:
            try:
                self.root.after_cancel(self._after)
            except (tk.TclError, ValueError):
                pass
            self._after = None
        if self.sync is not None:
            self.sync.stop(timeout=5)
            self.sync = None
