"""A lost database connection: a banner while retrying, cleared on recovery; the counter
keeps every typed value and a retry sends the same request id (registered once)."""
from __future__ import annotations

import threading

from app import registration
from app.domain import ConnectionLost
from db import connection
from tests.gui.conftest import pump
from tests.gui.test_counter import choose


def test_banner_while_the_database_is_away(office, make_app, tk_root):
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    t = threading.Thread(target=connection.mark_lost)       # announced on another thread
    t.start()
    t.join()
    pump(tk_root, lambda: app.notifier.banner.winfo_manager() != "")
    assert app.notifier.label.cget("text") == "Mất kết nối cơ sở dữ liệu — đang thử lại…"
    pump(tk_root, timeout=0.5)
    assert app.notifier.banner.winfo_manager()                       # stays while retrying
    connection._announce(False)
    pump(tk_root, lambda: app.notifier.label.cget("text") == "Đã kết nối lại cơ sở dữ liệu.")


def test_counter_keeps_the_form_and_retries_with_the_same_request_id(office, make_app, tk_root,
                                                                      monkeypatch):
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    counter = app.screens["counter"]
    real, seen = registration.register, []

    def flaky(*a, **kw):
        seen.append(kw.get("request_id"))
        if len(seen) == 1:
            real(*a, **kw)                    # committed, but the answer never came back
            raise ConnectionLost("Mất kết nối cơ sở dữ liệu — thao tác chưa được ghi.")
        return real(*a, **kw)

    monkeypatch.setattr(registration, "register", flaky)
    choose(tk_root, counter, "dang ky khai sinh", "1.001193")
    counter.f_name.entry.insert(0, "Nguyễn Văn An")
    counter.f_phone.entry.insert(0, "0912345678")
    counter.register_button.invoke()
    pump(tk_root, lambda: len(seen) == 1 and not counter.busy)
    assert counter.f_name.get() == "Nguyễn Văn An" and counter.f_phone.get() == "0912345678"
    assert counter.procedure is not None and app.last_dossier is None
    counter.register_button.invoke()
    pump(tk_root, lambda: app.last_dossier is not None)
    assert seen[0] == seen[1] and seen[0]
    from db.models import Dossier
    assert Dossier.select().count() == 1
    assert counter.request_id != seen[0]             # a fresh form gets a fresh id


def test_status_bar_says_why_sending_stopped(office, make_app, tk_root):
    from app.sync.state import SyncStatus
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    why = "cổng từ chối đăng nhập với tài khoản 'motcua' (sai mật khẩu)."
    app.status.show(SyncStatus(online=False, pending=3, delivered=0, failed=0, last_error=why,
                               last_success_at=None, token_invalid=True, configured=True))
    pump(tk_root)
    text = app.status.online_text.cget("text")
    assert text.startswith("Mã truy cập bị từ chối: cổng từ chối đăng nhập") and "sai mật khẩu" in text
