"""The banner "Mất kết nối cơ sở dữ liệu — đang thử lại…" while the database is away."""
from __future__ import annotations

import queue
import tkinter as tk
from collections.abc import Callable

from app import desk
from app.i18n import _

POLL_MS = 250


class ConnectionWatch:
    """Listens to the services' lost/restored announcements (made on worker threads) and
    shows them on the Tk thread: a banner that stays while retrying, cleared on recovery."""

    def __init__(self, root: tk.Misc, notify: Callable[..., None]):
        self.root, self.notify = root, notify
        self.lost = False
        self._states: queue.Queue = queue.Queue()
        self._unsubscribe = desk.watch_connection(self._states.put)
        self._after = root.after(POLL_MS, self._poll)

    def _poll(self) -> None:
        latest = None
        while True:
            try:
                latest = self._states.get_nowait()
            except queue.Empty:
                break
        if latest is not None and latest != self.lost:
            self.lost = latest
            if latest:
                self.notify(_("Mất kết nối cơ sở dữ liệu — đang thử lại…"), "warning", seconds=0)
            else:
                self.notify(_("Đã kết nối lại cơ sở dữ liệu."), "success", seconds=4)
        self._after = self.root.after(POLL_MS, self._poll)

    def close(self) -> None:
        self._unsubscribe()
        try:
            self.root.after_cancel(self._after)
        except tk.TclError:
            pass
