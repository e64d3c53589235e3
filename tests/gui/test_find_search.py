"""Find the way people ask (issue 11 §1), driven in process: opens on today's dossiers,
finds by a given name and a CCCD tail, filters by status, and says why a list is empty."""
from __future__ import annotations

from app import registration
from app.auth import login
from tests.gui.conftest import press, pump


def _register(name, id_number="", phone=""):
    clerk = login("canbo", "matkhau123")
    return registration.register(clerk, procedure_code="1.001193", name=name,
                                 id_number=id_number, phone=phone)


def test_find_opens_on_today_finds_tails_and_explains_empty(office, make_app, tk_root):
    a = _register("Nguyễn Văn An", "001190003759", "0912345678")
    b = _register("Trần Thị Bình")
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    find = app.show("find")
    pump(tk_root, lambda: find.page is not None)
    assert list(find.table.tree.get_children()) == [b.code, a.code]     # today's, newest first
    assert "hôm nay" in find.summary.cget("text")
    find.var.set("van an")
    press(find.entry, "Return")
    pump(tk_root, lambda: find.page.text == "van an")
    assert list(find.table.tree.get_children()) == [a.code]
    find.var.set("3759")
    press(find.entry, "Return")
    pump(tk_root, lambda: find.page.text == "3759")
    assert list(find.table.tree.get_children()) == [a.code]
    # a status filter nobody is in: an empty list that says why
    find.var.set("an")
    find.status_box.set(find.statuses[4][1])          # 4 Đang xử lý
    find.status_box.event_generate("<<ComboboxSelected>>")
    pump(tk_root, lambda: find.page.text == "an" and not find.table.tree.get_children()
         and find.empty.cget("text"))
    assert "bỏ bộ lọc" in find.empty.cget("text")
    find._on_clear_filters()
    pump(tk_root, lambda: find.table.tree.get_children())
    assert find.empty.cget("text") == ""
    find.f_from.set("31/02/2026")
    press(find.entry, "Return")
    pump(tk_root, lambda: "không hợp lệ" in find.empty.cget("text"))
