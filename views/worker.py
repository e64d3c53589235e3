"""Run service calls off the Tk thread; deliver results back on it.

Every database query, report, print job and network call goes through ``Worker.submit``.
Results travel through a ``queue.Queue`` that the Tk thread polls with ``after(50, …)``,
so the main loop never waits (DESIGN §3).  ``key`` makes a request "latest wins": an
older answer for the same key (e.g. a search while the clerk is still typing) is dropped.
"""
from __future__ import annotations

import contextlib
import itertools
import logging
import queue
import threading
import tkinter as tk
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from app.domain import UserError

log = logging.getLogger("motcua.views")
POLL_MS = 50            # idle polling
BUSY_POLL_MS = 5        # while jobs are in flight: answers show within a few ms


class Worker:
    def __init__(self, root, threads: int = 2, poll_ms: int = POLL_MS,
                 on_user_error: Callable[[UserError], None] | None = None,
                 on_internal_error: Callable[[BaseException], None] | None = None):
        self.root = root
        self.poll_ms = poll_ms
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="motcua-worker")
        self._results: queue.Queue = queue.Queue()
        self._latest: dict[str, int] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._inflight = 0
        self.on_user_error = on_user_error or (lambda exc: log.warning("user error: %s", exc))
        self.on_internal_error = on_internal_error or (lambda exc: None)
        self._closed = False
        self._fast = False
        self._calls: queue.Queue = queue.Queue()     # on_tk: calls from other threads
        self._after = root.after(poll_ms, self._poll)

    # -- submitting ----------------------------------------------------------------------
    def submit(self, fn: Callable[..., Any], *args, done: Callable[[Any], None] | None = None,
               error: Callable[[BaseException], bool | None] | None = None,
               key: str | None = None, **kwargs) -> Future:
        """Run ``fn(*args, **kwargs)`` on a worker thread.  ``done(result)`` runs on the Tk
        thread; ``error(exc)`` too, and may return True when it handled the error itself."""
        job = next(self._ids)
        if key:
            self._latest[key] = job
        with self._lock:
            self._inflight += 1
        future = self._pool.submit(fn, *args, **kwargs)
        future.add_done_callback(lambda f: self._results.put((job, key, f, done, error)))
        if not self._fast and not self._closed:     # poll quickly until the answer is in
            self._fast = True
            self.root.after_cancel(self._after)
            self._after = self.root.after(BUSY_POLL_MS, self._poll)
        return future

    def on_tk(self, fn: Callable[..., object]) -> Callable[..., None]:
        """`fn` wrapped to be called from any thread: it runs on the Tk thread at the next
        poll (for app.events subscribers; Tk must never be touched from another thread)."""
        def call(*args: object) -> None:
            if not self._closed:
                self._calls.put((fn, args))
        return call

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._inflight > 0

    # -- delivering (Tk thread) ------------------------------------------------------------
    def _poll(self) -> None:
        if self._closed:
            return
        self.drain()
        self._fast = self.busy
        self._after = self.root.after(BUSY_POLL_MS if self._fast else self.poll_ms, self._poll)

    def drain(self) -> int:
        """Deliver every finished result now (also used by tests). Returns how many."""
        n = 0
        while True:
            try:
                fn, args = self._calls.get_nowait()
            except queue.Empty:
                break
            try:
                fn(*args)
            except Exception as cb_exc:       # a subscriber's bug must not stop the poller
                log.exception("event subscriber failed")
                self.on_internal_error(cb_exc)
        while True:
            try:
                job, key, future, done, error = self._results.get_nowait()
            except queue.Empty:
                return n
            n += 1
            with self._lock:
                self._inflight -= 1
            if key and self._latest.get(key) != job:
                continue                      # a newer request for the same key exists
            exc = future.exception()
            try:
                if exc is None:
                    if done:
                        done(future.result())
                elif not (error and error(exc)):
                    self.report(exc)
            except Exception as cb_exc:       # a bug in a callback must not stop the poller
                log.exception("callback failed")
                self.on_internal_error(cb_exc)

    def report(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.on_user_error(exc)
        else:
            log.error("internal error in worker", exc_info=(type(exc), exc, exc.__traceback__))
            self.on_internal_error(exc)

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(tk.TclError, ValueError):    # already run or cancelled
            self.root.after_cancel(self._after)
        self._pool.shutdown(wait=False, cancel_futures=True)


class TkThreadGC:
    """Run Python's cyclic garbage collector on the Tk thread only.

    Automatic collection runs in whichever thread happens to allocate; when a worker
    thread collects a cycle holding Tk objects (a destroyed window's StringVar…), their
    ``__del__`` must call into Tcl from that thread and stalls it — measured: a 140 ms
    query took 2.2 s.  So automatic collection is switched off while the app runs and
    this ticker collects young generations every 100 ms and everything every 30 s."""

    def __init__(self, root, tick_ms: int = 100, full_every_s: float = 30.0):
        import gc
        import time
        self._gc, self._time = gc, time
        self.root = root
        self.tick_ms = tick_ms
        self.full_every = full_every_s
        self._was_enabled = gc.isenabled()
        self._last_full = time.monotonic()
        gc.disable()
        self._after = root.after(tick_ms, self._tick)

    def _tick(self) -> None:
        gc, now = self._gc, self._time.monotonic()
        c0, c1, _c2 = gc.get_count()
        if now - self._last_full > self.full_every:
            gc.collect(2)
            self._last_full = now
        elif c1 > 10:
            gc.collect(1)
        elif c0 > 700:
            gc.collect(0)
        self._after = self.root.after(self.tick_ms, self._tick)

    def close(self) -> None:
        with contextlib.suppress(tk.TclError, ValueError):    # already run or cancelled
            self.root.after_cancel(self._after)
        self._gc.collect()
        if self._was_enabled:
            self._gc.enable()
