"""The window shell: screens see only the ScreenContext, the registry owns every key and F1
lists them, the dossier window fits a 1366×768 screen, domain events refresh what shows a
dossier, and a clerk sets this PC's printer."""
from __future__ import annotations

import ast
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from tests.gui.conftest import press, pump
from tests.gui.test_counter import CCCD, choose

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("MOTCUA_SHOTS", "/tmp/motcua-shots"))


def shot(root, name: str) -> Path:
    """A PNG of the whole Xvfb screen (ImageMagick's import), for a person to look at."""
    root.update()
    SHOTS.mkdir(parents=True, exist_ok=True)
    out = SHOTS / f"{name}.png"
    subprocess.run(["import", "-window", "root", str(out)], check=True, timeout=30)
    return out


class OnlyContext:
    """A context that lets through exactly the ScreenContext members to the real app and
    fails the test on anything else a screen reaches for."""

    def __init__(self, real):
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "used", set())

    def __getattr__(self, name):
        from views.context import MEMBERS
        if name not in MEMBERS:
            raise AssertionError(f"a screen used app.{name}, which is not in views.context.ScreenContext")
        self.used.add(name)
        return getattr(self._real, name)

    def __setattr__(self, name, value):
        from views.context import MEMBERS
        if name not in MEMBERS:
            raise AssertionError(f"a screen set app.{name}, which is not in views.context.ScreenContext")
        self.used.add(name)
        setattr(self._real, name, value)


def _idle(root, app):
    pump(root, lambda: not app.worker.busy, timeout=20)
    pump(root)


def _register(name="Trần Thị Mai"):
    from app import auth, registration
    from app.domain import VN_TZ
    clerk = auth.login("canbo", "matkhau123")
    return registration.register(clerk, procedure_code="1.001193", name=name, phone="0987654321",
                                 received_at=datetime(2026, 11, 2, 9, 0, tzinfo=VN_TZ))


def test_every_screen_uses_only_the_screen_context(office, make_app, tk_root):
    import ttkbootstrap as ttk

    from views.catalog_screen import CatalogScreen
    from views.counter import CounterScreen
    from views.detail import DossierWindow
    from views.find import FindScreen
    from views.login import LoginScreen
    from views.queue_screen import QueueScreen
    from views.settings_screen import SettingsScreen
    from views.supervisor_screen import SupervisorScreen
    d = _register()
    app = make_app(office["url"], login=("admin", "matkhau123"))
    ctx = OnlyContext(app)
    top = ttk.Toplevel(tk_root)
    for cls in (CounterScreen, FindScreen, QueueScreen, CatalogScreen, SettingsScreen,
                SupervisorScreen):
        screen = cls(top, ctx)
        screen.pack(fill="both", expand=True)
        if hasattr(screen, "on_show"):
            screen.on_show()
        if hasattr(screen, "on_key"):
            screen.on_key("1")
            screen.on_key("escape")
        _idle(tk_root, app)
        screen.destroy()
    LoginScreen(top, ctx, on_login=lambda s: None).pack()
    from views.wizard import FirstRunWizard
    wizard = FirstRunWizard(top, ctx, on_done=lambda user, name: None)
    wizard.pack()
    wizard._on_next()                                   # page 1 refused: the office is empty
    _idle(tk_root, app)
    wizard.destroy()
    win = DossierWindow(tk_root, ctx, d.code)
    pump(tk_root, lambda: win.view is not None)
    _idle(tk_root, app)
    win.destroy()
    # the counter's whole registration goes through the context too
    counter = CounterScreen(top, ctx)
    counter.pack(fill="both", expand=True)
    counter.on_show()
    choose(tk_root, counter, "dang ky khai sinh", "1.001193")
    counter.scan_box.insert(0, CCCD)
    press(counter.scan_box, "Return")
    counter.f_phone.entry.insert(0, "0912345678")
    counter.doc_rows[0][1].set(True)
    press(counter.f_phone.entry, "Return")
    pump(tk_root, lambda: app.last_dossier is not None and app.last_dossier.code != d.code)
    _idle(tk_root, app)
    top.destroy()
    expected = {"user", "worker", "notify", "last_dossier", "print_receipt", "subscribe"}
    assert expected - ctx.used == set()


def test_the_fake_context_catches_a_reach_into_the_app(office, make_app, tk_root):
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    ctx = OnlyContext(app)
    with pytest.raises(AssertionError, match="app.root"):
        _ = ctx.root
    with pytest.raises(AssertionError, match="app.commands"):
        _ = ctx.commands


# ---- keys --------------------------------------------------------------------------------
MOUSE_AND_WINDOW = ("Button", "Double-", "Configure", "Destroy", "Focus", "Enter>", "Leave>",
                    "Motion", "Map>", "Unmap>", "MouseWheel", "Visibility")


def stray_bindings(root: Path = ROOT) -> list[str]:
    """bind/bind_all/bind_class calls with a key sequence anywhere in views/ but the registry."""
    bad = []
    for path in sorted((root / "views").rglob("*.py")):
        if path.name == "commands.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("bind", "bind_all", "bind_class", "unbind", "unbind_all")):
                continue
            args = node.args[1:] if node.func.attr == "bind_class" else node.args
            if not args:
                continue
            seq = args[0]
            text = seq.value if isinstance(seq, ast.Constant) and isinstance(seq.value, str) else None
            if text is not None and (text.startswith("<<") or any(m in text for m in MOUSE_AND_WINDOW)):
                continue
            bad.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(seq)}")
    return bad


def test_no_key_is_bound_outside_the_registry():
    assert stray_bindings() == []


def test_no_two_commands_share_a_key(office, make_app):
    from views.commands import KEYS
    app = make_app(office["url"], login=("admin", "matkhau123"))
    seqs = [s for c in app.commands.commands.values() for s in c.sequences]
    assert len(seqs) == len(set(seqs))
    window_keys = {s for k in KEYS.values() if k.scope == "Cửa sổ chính" for s in k.sequences}
    assert window_keys.isdisjoint(seqs)


def test_the_stray_binding_check_finds_one(tmp_path):
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "x.py").write_text(
        'w.bind("<F9>", f)\nw.bind(f"<Key-{n}>", f)\nw.bind("<Configure>", f)\nw.bind("<<Sel>>", f)\n'
        'r.bind_class("T", "<Return>", f)\n')
    assert [b.split(" ", 1)[1] for b in stray_bindings(tmp_path)] == [
        "'<F9>'", "f'<Key-{n}>'", "'<Return>'"]


def test_f1_lists_every_command_and_key_in_both_languages(office, make_app, tk_root):
    from app import i18n
    from views.commands import KEYS
    app = make_app(office["url"], login=("lanhdao", "matkhau123"))
    tk_root.geometry("1366x738+0+0")
    pump(tk_root)
    press(app.screens["queue"].table.tree, "F1")
    dialog = next(w for w in tk_root.winfo_children() if w.winfo_class() == "Toplevel"
                  and w.title() == "Phím tắt")
    rows = [tuple(dialog.tree.item(i, "values")) for i in dialog.tree.get_children()]
    keys = {r[1] for r in rows}
    for c in app.commands.visible(app.user):
        for s in (c.shortcut, *c.extra_shortcuts):
            assert not s or s in keys, s
    assert {"F1", "F4", "Ctrl+M", "Ctrl+1…5", "1…9", "Esc", "Ctrl+Enter"} <= keys
    assert len(rows) >= len(KEYS) + 10
    assert ("Cửa sổ hồ sơ", "1…9", "Mở xác nhận của bước xử lý số 1…9 (không bao giờ đổi ngay)") in rows
    assert not any(c.id == "settings" for c in app.commands.visible(app.user))   # not the admin's
    pump(tk_root)
    print(shot(tk_root, "f1-keys-vi"))
    press(dialog.tree, "Escape")
    assert not dialog.winfo_exists()
    i18n.setup("en")
    try:
        app.shell.register_commands()
        en = app.shell.show_keys()
        assert ("Dossier window", "1…9",
                "Open the confirmation of workflow step 1…9 (never changes at once)") in en.rows
        en.destroy()
    finally:
        i18n.setup("vi")


# ---- the dossier window at 1366×768 ----------------------------------------------------------
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_detail_action_bar_fits_1366x768(office, make_app, tk_root, lang):
    from dataclasses import replace

    from app import i18n
    from app.domain import Status
    d = _register()
    app = make_app(office["url"], login=("lanhdao", "matkhau123"))
    i18n.setup(lang)
    try:
        tk_root.geometry("1366x738+0+0")
        win = app.open_dossier(d.code)
        pump(tk_root, lambda: win.view is not None)
        # every workflow step at once (more than any status offers), and the apology
        view = replace(win.view, actions=tuple(s for s in Status if s != Status.NEW), can_apologize=True,
                       can_amend=True)
        win._show_actions(view)
        pump(tk_root)
        win.update()
        W, H = win.winfo_width(), win.winfo_height()
        assert win.winfo_rootx() + W <= win.winfo_screenwidth()
        assert win.winfo_rooty() + H <= win.winfo_screenheight()
        buttons = win.actions.items
        assert len(buttons) == len(view.actions) + 5        # apology, correction, 2 prints, close
        bar_x = win.actions.winfo_rootx() - win.winfo_rootx()
        for b in buttons:
            assert b.winfo_ismapped(), b.cget("text")
            assert bar_x + b.winfo_x() + b.winfo_width() <= W, b.cget("text")
            assert b.winfo_rooty() - win.winfo_rooty() + b.winfo_height() <= H, b.cget("text")
        assert len({b.winfo_y() for b in buttons}) >= 2          # it wrapped instead
        print(shot(tk_root, f"detail-all-actions-{lang}"))
    finally:
        i18n.setup("vi")


def test_detail_window_fits_a_small_screen(office, make_app, tk_root):
    from views.detail import fit_geometry

    class Screen:
        def winfo_screenwidth(self):
            return 1366

        def winfo_screenheight(self):
            return 768

        def winfo_rootx(self):
            return 0

        def winfo_rooty(self):
            return 0
    size, x, y = fit_geometry(Screen(), 1060, 720).split("+")
    w, h = map(int, size.split("x"))
    assert int(x) + w <= 1366 and int(y) + h + 30 <= 768 - 40      # title bar, taskbar


# ---- events refresh the windows -----------------------------------------------------------------
def test_a_change_elsewhere_refreshes_the_open_dossier_window(office, make_app, tk_root):
    from app import auth, workflow
    from app.domain import Status
    d = _register()
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    win = app.open_dossier(d.code)
    pump(tk_root, lambda: win.view is not None)
    assert win.view.dossier.status == Status.ACCEPTED
    other = auth.login("lanhdao", "matkhau123")
    workflow.change_status(other, d.code, 4)         # committed on this thread, not the window's
    pump(tk_root, lambda: win.view.dossier.status == Status.PROCESSING, timeout=5)
    first = win.actions.items[0].cget("text")
    assert first.endswith("(1)") and first != "Chuyển xử lý (1)"
    win.destroy()
    assert d.code not in app.detail_windows
    workflow.change_status(other, d.code, 9, "xong")    # no subscriber of a closed window left
    pump(tk_root)


def test_the_dossier_window_keeps_listening_across_a_language_change(office, make_app, tk_root):
    from app import auth, workflow
    from app.domain import Status
    d = _register()
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    win = app.open_dossier(d.code)
    pump(tk_root, lambda: win.view is not None)
    app.set_ui("ui.language", "en")                   # rebuilds every screen, not this window
    pump(tk_root, lambda: app.settings.get("ui.language") == "en", timeout=10)
    try:
        workflow.change_status(auth.login("lanhdao", "matkhau123"), d.code, 4)
        pump(tk_root, lambda: win.view.dossier.status == Status.PROCESSING, timeout=5)
    finally:
        app.set_ui("ui.language", "vi")
        pump(tk_root, lambda: app.settings.get("ui.language") == "vi", timeout=10)


def test_the_sync_worker_is_woken_by_outbox_changed(office, make_app, tk_root, monkeypatch):
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    pump(tk_root, lambda: app.sync is not None, timeout=5)
    woken = []
    monkeypatch.setattr(app.sync, "wake", lambda: woken.append(1))
    _register()
    assert woken == [1]


# ---- this PC's printer ------------------------------------------------------------------------
def test_a_clerk_sets_this_pcs_printer_from_the_window(office, make_app, tk_root, tmp_path,
                                                       local_config_file):
    import json

    from app import audit
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    tk_root.geometry("1366x738+0+0")
    pump(tk_root)
    assert "printer" in {c.id for c in app.commands.visible(app.user)}
    dialog = app.run_command("printer")
    pump(tk_root)
    print(shot(tk_root, "printer-dialog"))
    target = tmp_path / "quay2.bin"
    dialog.vars["printer.target"].set(str(target))
    dialog.vars["printer.width"].set("384")
    dialog.ok()
    pump(tk_root, lambda: not dialog.winfo_exists(), timeout=10)
    stored = json.loads(local_config_file.read_text(encoding="utf-8"))
    assert stored["printer.target"] == str(target) and stored["printer.width"] == "384"
    assert app.settings["printer.width"] == "384"
    last = audit.entries(office["admin"], limit=1)[0]
    assert (last.action, last.username) == ("settings.set", "canbo")
    assert last.details["printer.width"][1] == "384"


def test_gui_subscribers_run_on_the_tk_thread(office, make_app, tk_root):
    import threading

    from app import auth, workflow
    d = _register()
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    import ttkbootstrap as ttk
    seen = []
    owner = ttk.Frame(tk_root)
    app.subscribe("dossier_changed", lambda code: seen.append((code, threading.current_thread())), owner)
    other = auth.login("lanhdao", "matkhau123")
    t = threading.Thread(target=workflow.change_status, args=(other, d.code, 4))   # another thread
    t.start()
    t.join()
    assert seen == []                                    # not called from the committing thread
    pump(tk_root, lambda: seen, timeout=5)
    assert seen == [(d.code, threading.main_thread())]
    owner.destroy()                                      # its screen went away: so did the subscription
    workflow.change_status(other, d.code, 9, "xong")
    pump(tk_root)
    assert len(seen) == 1
