"""Supervisor screen: Biểu 06a on screen for a month, Canvas charts, empty views say why."""
from __future__ import annotations

import os

from tests.app import report_fixture as fx
from tests.gui.conftest import pump


def test_06a_on_screen_with_charts(office, make_app, tk_root, tmp_path):
    fx.build()
    app = make_app(office["url"], login=("lanhdao", "matkhau123"))
    screen = app.show("supervisor")
    tk_root.geometry("1366x738")
    screen.month.set("10/2026")
    screen.refresh()
    pump(tk_root, lambda: screen.data is not None and screen.data["report"].date_from.month == 10)
    tk_root.update()
    rows = [screen.tree.item(i, "values") for i in screen.tree.get_children()]
    assert [r[0] for r in rows] == ["Tổng cộng", "Hộ tịch", "Chứng thực"]
    assert list(rows[1][1:]) == ["13", "2", "9", "2", "5", "1", "3", "1", "5", "3", "2", "1", "1", "1",
                                 "80,0 %"]
    assert rows[0][1] == "15" and rows[0][-1] == "83,3 %"
    assert screen.empty.cget("text") == ""
    assert len(screen.chart_06a.find_withtag("bar")) == 6            # 2 fields × 3 series
    assert screen.chart_trend.find_withtag("point")
    assert screen.chart_daily.find_withtag("empty")           # nothing received in the last 30 days
    assert sum(n for _d, n in screen.data["daily"]) == 0
    if os.environ.get("MOTCUA_SHOTS"):
        tk_root.update()
        from PIL import ImageGrab
        ImageGrab.grab(xdisplay="").save(os.environ["MOTCUA_SHOTS"])
    screen.month.set("01/2026")                                       # nothing then
    screen.refresh()
    pump(tk_root, lambda: screen.data["report"].date_from.month == 1)
    assert "Không có hồ sơ nào trong tháng 01/2026" in screen.empty.cget("text")
    assert screen.chart_06a.find_withtag("empty") and not screen.tree.get_children()


def test_clerk_has_no_supervisor_screen(office, make_app):
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    assert "supervisor" not in app.screens


def test_queue_screen_financial_satisfaction_and_call_back(office, make_app, tk_root, tmp_path):
    from datetime import date

    from app import ratings
    from tests.app.helpers import SUPERVISOR
    d = fx.reg(fx.vn(2026, 10, 5, 9), 1)
    (tmp_path / "r.csv").write_text("Mã hồ sơ,Thời gian,Mức độ hài lòng,Kênh\n"
                                    f"{d.code},{date.today():%d/%m/%Y} 09:00,Không hài lòng,QR\n",
                                    encoding="utf-8")
    ratings.import_file(SUPERVISOR, tmp_path / "r.csv")
    app = make_app(office["url"], login=("lanhdao", "matkhau123"))
    queue = app.show("queue")
    pump(tk_root, lambda: queue.summary is not None and queue.followups)
    assert "financial" in queue.cards
    assert queue.cards["followups"][1].cget("text") == "1"
    assert "0,0 %" in queue.satisfaction.cget("text")
    queue.select("supplement")
    assert queue.more.cget("text") == "Không có hồ sơ nào đang chờ công dân bổ sung."
    queue.select("followups")
    rows = queue.table.tree.get_children()
    assert len(rows) == 1 and queue.table.tree.item(rows[0], "values")[6] == "0912345678"
    queue.table.tree.selection_set(rows[0])
    dialog = queue.record_call()
    dialog.vars["note"][0].set("Đã giải thích thời hạn")
    dialog.ok()
    pump(tk_root, lambda: not ratings.followups(SUPERVISOR, open_only=True))
    pump(tk_root, lambda: queue.cards["followups"][1].cget("text") == "0")
    assert queue.more.cget("text") == "Không có đánh giá không hài lòng nào cần gọi lại."
