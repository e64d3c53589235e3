"""Post-commit domain events (in the spirit of Gramps' ``Callback``).

A service announces what it changed *inside* its ``app.store.write()``:

    with store.write():
        ...
        events.dossier_changed(code)      # and/or events.outbox_changed()

The announcement is only collected there.  When the outermost ``write()`` commits, each
distinct event (name + arguments) is delivered once to its subscribers, on the thread that
committed; a rollback (an exception, a lost connection, a failed commit) drops it, and a
savepoint that rolls back drops what was announced inside it.  Outside any ``write()`` an
event is delivered at once (the caller says the change is already durable).

Subscribers: ``unsubscribe = events.subscribe(events.DOSSIER_CHANGED, fn)``.  A subscriber
that raises is logged and the others still run; the write is long committed by then.
GUI subscribers must not touch Tk from here: wrap them (``views.worker.Worker.on_tk``)
so they run on the Tk thread.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("motcua.events")

DOSSIER_CHANGED = "dossier_changed"       # (code,)  a dossier row, its history, papers…
OUTBOX_CHANGED = "outbox_changed"         # ()       outbox rows added or changed state
NAMES = (DOSSIER_CHANGED, OUTBOX_CHANGED)

Event = tuple[str, tuple]

_subscribers: dict[str, list[Callable[..., object]]] = {n: [] for n in NAMES}
_lock = threading.Lock()
_local = threading.local()          # .pending: list[Event] while a write() is open on this thread


def subscribe(name: str, fn: Callable[..., object]) -> Callable[[], None]:
    """Call ``fn(*args)`` after each commit that raised ``name``. Returns the unsubscribe."""
    if name not in _subscribers:
        raise ValueError(f"unknown event {name!r}")
    with _lock:
        _subscribers[name].append(fn)

    def unsubscribe() -> None:
        with _lock:
            if fn in _subscribers[name]:
                _subscribers[name].remove(fn)
    return unsubscribe


def emit(name: str, *args: object) -> None:
    if name not in _subscribers:
        raise ValueError(f"unknown event {name!r}")
    pending = getattr(_local, "pending", None)
    if pending is None:
        _fire([(name, args)])
    elif (name, args) not in pending:
        pending.append((name, args))


def dossier_changed(code: str) -> None:
    emit(DOSSIER_CHANGED, code)


def outbox_changed() -> None:
    emit(OUTBOX_CHANGED)


# ---- the transaction's side (app.store.write) ---------------------------------------------
def begin() -> None:
    """The outermost write() started on this thread: collect from now on."""
    _local.pending = []


def mark() -> int:
    """Where a savepoint starts (to drop what it announced if it rolls back)."""
    pending = getattr(_local, "pending", None)
    return len(pending) if pending is not None else 0


def rollback_to(position: int) -> None:
    pending = getattr(_local, "pending", None)
    if pending is not None:
        del pending[position:]


def discard() -> None:
    """The outermost transaction rolled back: nothing happened."""
    _local.pending = None


def commit() -> None:
    """The outermost transaction committed: deliver what it announced, once each."""
    pending = getattr(_local, "pending", None) or []
    _local.pending = None
    _fire(pending)


def collecting() -> bool:
    return getattr(_local, "pending", None) is not None


def _fire(batch: list[Event]) -> None:
    for name, args in batch:
        with _lock:
            targets = list(_subscribers[name])
        for fn in targets:
            try:
                fn(*args)
            except Exception:
                log.exception("subscriber of %s failed", name)
