"""GUI tests under Xvfb (pytest-xvfb): ONE Tk root for the whole session, hidden (withdrawn)
between tests; each test builds a fresh DeskApp on it, on a fresh SQLite office, and tears
its widgets down.  Tk delivers key events only to the focused widget of a mapped window,
so a test maps the root on the (invisible) Xvfb display while it runs; ``press()`` focuses
a widget and generates the key there.  xdotool is not used: it cannot type Vietnamese."""
from __future__ import annotations

import os
import time

import pytest

os.environ.setdefault("MOTCUA_NO_OPEN", "1")


@pytest.fixture(scope="session")
def tk_root():
    import ttkbootstrap as ttk
    root = ttk.Window(title="Một Cửa Desk (tests)", theme="bootstrap-light", size=(1280, 800))
    root.withdraw()
    yield root
    root.destroy()


def press(widget, keysym: str, **kw):
    """Focus ``widget`` and send it one key, as the keyboard would."""
    widget.focus_force()
    widget.update()
    widget.event_generate(f"<KeyPress-{keysym}>" if keysym else "<KeyPress>", **kw)
    widget.update()


def pump(root, until=None, timeout: float = 10.0, step: float = 0.01):
    """Run the Tk loop until ``until()`` is true (or once through when None)."""
    deadline = time.monotonic() + timeout
    while True:
        root.update()
        if until is None or until():
            return True
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {until}")
        time.sleep(step)


@pytest.fixture
def print_dir(tmp_path, monkeypatch):
    d = tmp_path / "prints"
    d.mkdir()
    monkeypatch.setenv("MOTCUA_PRINT_DIR", str(d))
    return d


@pytest.fixture
def office(office_db, tmp_path):
    """A configured office with one user per role; printer = ESC/POS into a file."""
    from app import auth, settings
    from app.domain import Role
    admin = auth.login("admin", "matkhau123")            # office_db's users, plus "canbo"
    auth.create_user(admin, "canbo", "Nguyễn Thị Cán Bộ", Role.CLERK, "matkhau123")
    receipt = tmp_path / "receipt.bin"
    settings.set_many({"printer.connection": "file", "printer.target": str(receipt),
                       "printer.width": "576", "printer.profile": "TM-T88III",
                       "tracking.url_template": "https://tracuu.example.vn/hs?ma={code}&t={token}"})
    return {"url": office_db, "receipt": receipt, "admin": admin}


@pytest.fixture
def make_app(tk_root, print_dir):
    """make_app(db_url, login=(user, password)) -> DeskApp signed in and showing its home."""
    from views.main_window import DeskApp
    apps = []
    internal: list[BaseException] = []

    tk_root.deiconify()
    tk_root.update()
    time.sleep(0.1)

    def make(url, login=None):
        app = DeskApp(tk_root, url)
        app.printer.open_previews = False
        original = app._internal_error

        def record(exc, original=original):       # an internal error fails the test
            internal.append(exc)
            original(exc)
        app._internal_error = record
        app.worker.on_internal_error = record
        apps.append(app)
        app.start()
        pump(tk_root, lambda: app.startup_state is not None or app.screens)
        if login:
            screen = app.screens["login"]
            screen.username.set(login[0])
            screen.password.set(login[1])
            screen.button.invoke()
            pump(tk_root, lambda: app.user is not None)
        return app

    yield make
    for app in apps:
        app.close()
    for w in tk_root.winfo_children():
        w.destroy()
    tk_root.configure(menu="")
    import gc
    gc.collect()              # Tk garbage dies here, on the Tk thread, not in a later worker
    tk_root.withdraw()
    tk_root.update()
    assert not internal, f"internal errors during the test: {internal!r}"
