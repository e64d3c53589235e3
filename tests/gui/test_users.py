"""Users in the desktop app: sign-in off the Tk thread, the forced password change after an
admin's reset, the settings screen's users tab (disable/enable/role/reset, last-admin rule)."""
from __future__ import annotations

import threading

from app import auth, desk
from app.domain import Role
from db.models import User as UserRow
from tests.app.helpers import ADMIN
from tests.gui.conftest import pump


def test_sign_in_hashes_off_the_tk_thread(office, make_app, monkeypatch):
    threads = []
    real = auth.login

    def spy(username, password):
        threads.append(threading.current_thread())
        return real(username, password)
    monkeypatch.setattr(auth, "login", spy)
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    assert app.user.username == "canbo"
    assert threads and threading.main_thread() not in threads


def test_wrong_password_shows_the_lockout(office, make_app, tk_root):
    app = make_app(office["url"])
    screen = app.screens["login"]
    for _ in range(auth.MAX_FAILURES):
        screen.username.set("canbo")
        screen.password.set("sai-mat-khau")
        screen.button.invoke()
        pump(tk_root, lambda: not screen.busy)
    assert "Tài khoản bị khóa đến" in screen.error.cget("text")
    assert "5 lần" in screen.error.cget("text") and app.user is None


def test_reset_password_forces_a_change_before_the_session(office, make_app, tk_root):
    auth.set_password(ADMIN, "canbo", "tam-thoi-123")
    app = make_app(office["url"])
    screen = app.screens["login"]
    screen.username.set("canbo")
    screen.password.set("tam-thoi-123")
    screen.button.invoke()
    pump(tk_root, lambda: getattr(screen, "change_dialog", None) is not None)
    assert app.user is None                          # no session yet
    dialog = screen.change_dialog
    dialog.password.set("moi-hon-456")
    dialog.password2.set("khac-789")
    dialog.ok_button.invoke()
    assert "không khớp" in dialog.error.cget("text")
    dialog.password2.set("moi-hon-456")
    dialog.ok_button.invoke()
    pump(tk_root, lambda: app.user is not None)
    assert not app.user.must_change_password
    row = UserRow.get(UserRow.username == "canbo")
    assert not row.must_change_password and auth.verify_password("moi-hon-456", row.password_hash)


def _users_tab(office, make_app, tk_root):
    app = make_app(office["url"], login=("admin", "matkhau123"))
    screen = app.show("settings")
    pump(tk_root, lambda: "canbo" in screen.users.tree.get_children())
    return app, screen


def _select(screen, tk_root, username):
    screen.users.tree.selection_set(username)
    tk_root.update()


def test_users_tab_disable_enable_role_reset(office, make_app, tk_root):
    app, screen = _users_tab(office, make_app, tk_root)
    _select(screen, tk_root, "canbo")
    screen.user_buttons["disable"].invoke()
    pump(tk_root, lambda: not UserRow.get(UserRow.username == "canbo").active)
    pump(tk_root, lambda: screen.users.tree.set("canbo", "active") == "—")
    _select(screen, tk_root, "canbo")
    screen.user_buttons["enable"].invoke()
    pump(tk_root, lambda: UserRow.get(UserRow.username == "canbo").active)

    _select(screen, tk_root, "canbo")
    screen.user_buttons["role"].invoke()
    screen.role_dialog.vars["role"][0].set(Role.SUPERVISOR.label)
    screen.role_dialog.ok_button.invoke()
    pump(tk_root, lambda: UserRow.get(UserRow.username == "canbo").role == "supervisor")

    _select(screen, tk_root, "canbo")
    screen.user_buttons["reset"].invoke()
    screen.password_dialog.password.set("dat-lai-123")
    screen.password_dialog.password2.set("dat-lai-123")
    screen.password_dialog.ok_button.invoke()
    pump(tk_root, lambda: UserRow.get(UserRow.username == "canbo").must_change_password)
    assert auth.login("canbo", "dat-lai-123").must_change_password


def test_users_tab_refuses_to_disable_oneself(office, make_app, tk_root):
    app, screen = _users_tab(office, make_app, tk_root)
    _select(screen, tk_root, "admin")
    screen.user_buttons["disable"].invoke()
    pump(tk_root, lambda: app.last_notice and app.last_notice[0] == "danger")
    assert "chính mình" in app.last_notice[1]
    assert UserRow.get(UserRow.username == "admin").active
    assert [u.username for u in desk.users(app.user) if u.role == Role.ADMIN] == ["admin"]
