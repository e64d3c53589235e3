"""views.crash: an exception that escapes the desktop app is logged with its traceback and
told to the user in Vietnamese with the log path; never a silent exit."""
from __future__ import annotations

import logging
import sys
import threading

import pytest

from app import privacy
from views import crash


@pytest.fixture(autouse=True)
def drop_log_handler():
    yield
    root = logging.getLogger("motcua")
    for h in [h for h in root.handlers if h.get_name() == privacy.LOG_HANDLER]:
        root.removeHandler(h)
        h.close()


def boom(_db=None) -> int:
    raise RuntimeError("theme exploded 024199001234")


def test_escaping_exception_is_logged_and_shown(tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    code = crash.guarded(boom, None, log_folder=tmp_path, on_fatal=shown.append)
    assert code == 1
    log_file = tmp_path / "motcua.log"
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: theme exploded" in text
    assert "024199001234" not in text                      # the log is redacted
    assert len(shown) == 1 and str(log_file) in shown[0] and "Xin lỗi" in shown[0]


def test_hooks_log_uncaught_exceptions(tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    crash.guarded(lambda: 0, log_folder=tmp_path, on_fatal=shown.append)
    try:
        raise ValueError("main thread")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    t = threading.Thread(target=lambda: 1 / 0, name="worker-x")
    t.start()
    t.join()
    for h in logging.getLogger("motcua").handlers:
        h.flush()
    text = (tmp_path / "motcua.log").read_text(encoding="utf-8")
    assert "ValueError: main thread" in text
    assert "worker-x" in text and "ZeroDivisionError" in text
    assert len(shown) == 1                                 # threads are logged, not shown


def test_normal_exit_code_passes_through(tmp_path):
    assert crash.guarded(lambda: 0, log_folder=tmp_path, on_fatal=lambda m: None) == 0
