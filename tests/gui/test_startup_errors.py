"""A damaged office file at start: the window says what to do (restore), no traceback."""
from __future__ import annotations

import logging
import os

from db import connection
from tests.gui.conftest import pump


def texts(widget) -> list[str]:
    out = []
    for w in widget.winfo_children():
        try:
            out.append(str(w.cget("text")))
        except Exception:
            pass
        out += texts(w)
    return out


def test_damaged_office_is_a_message_in_the_window(tk_root, office_db, print_dir, caplog):
    from views.main_window import DeskApp
    path = connection.sqlite_path(office_db)
    connection.current().close()
    path.write_bytes(os.urandom(16 * 1024))
    internal = []
    tk_root.deiconify()
    app = DeskApp(tk_root, office_db)
    app._internal_error = internal.append
    app.worker.on_internal_error = internal.append
    try:
        with caplog.at_level(logging.INFO):
            app.start()
            pump(tk_root, lambda: any(str(path) in t for t in texts(app.body)), timeout=20)
        shown = next(t for t in texts(app.body) if str(path) in t)
        assert "python main.py restore FILE" in shown
        assert app.startup_state is None and not internal
        assert not any(r.exc_info for r in caplog.records)
    finally:
        app.close()
        for w in tk_root.winfo_children():
            w.destroy()
        tk_root.withdraw()
        tk_root.update()
