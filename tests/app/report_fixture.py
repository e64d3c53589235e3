"""A hand-built Biểu 06a period (October 2026) where every cell is known.

Hộ tịch (1.001193) and Chứng thực (2.000815). Expected cells per field are in EXPECTED; the
comment on each dossier says which cells it lands in."""
from __future__ import annotations

from datetime import date, datetime

from app import registration, workflow
from app.domain import VN_TZ
from tests.app.helpers import CLERK, SUPERVISOR

PERIOD = (date(2026, 10, 1), date(2026, 10, 31))
HT, CT = "1.001193", "2.000815"


def vn(*a):
    return datetime(*a, tzinfo=VN_TZ)


def reg(at, days, channel="counter", proc=HT, name="Võ Thị Sáu"):
    return registration.register(CLERK, procedure_code=proc, name=name, received_at=at,
                                 processing_days=days, channel=channel, phone="0912345678")


def step(d, *moves):
    for status, at in moves:
        who = SUPERVISOR if status == 8 else CLERK
        note = {3: "Sai thủ tục", 5: "Thiếu tờ khai", 8: "Không đủ điều kiện"}.get(status, "")
        workflow.change_status(who, d.code, status, note, at=at)


def resolve(d, at, start=None, online=False):
    moves = ([(2, start or d.received_at)] if online else []) + [(4, start or d.received_at), (9, at)]
    step(d, *moves)


def build() -> dict:
    out = {}
    # outside the period entirely: received and resolved in September
    d = reg(vn(2026, 9, 21, 9), 1)
    resolve(d, vn(2026, 9, 22, 10), vn(2026, 9, 21, 10))
    # 1 carried over, resolved early (due Mon 5/10, done Fri 2/10)
    d = out["carried_early"] = reg(vn(2026, 9, 28, 9), 5)
    resolve(d, vn(2026, 10, 2, 10), vn(2026, 9, 28, 10))
    # 2 carried over (online), still in progress within its due date at the end
    d = out["carried_within"] = reg(vn(2026, 9, 29, 9), 40, channel="online")
    # 3 online, resolved on its due day (due Tue 6/10 09:00, done 6/10 16:00) → đúng hạn
    d = out["online_on_time"] = reg(vn(2026, 10, 5, 9), 1, channel="online")
    resolve(d, vn(2026, 10, 6, 16), vn(2026, 10, 5, 10), online=True)
    # ... and its result handed over in November: still resolved in October
    step(d, (10, vn(2026, 11, 2, 9)))
    # 4 by post, resolved one day late (due Tue 6/10, done Wed 7/10)
    d = out["post_late"] = reg(vn(2026, 10, 5, 9), 1, channel="post")
    resolve(d, vn(2026, 10, 7, 9), vn(2026, 10, 5, 10))
    # 5 apology: due Tue 6/10, new date Tue 13/10, done 13/10 → đúng hạn (not quá hạn)
    d = out["apology_on_time"] = reg(vn(2026, 10, 5, 9), 1)
    step(d, (4, vn(2026, 10, 5, 10)))
    workflow.apologize(SUPERVISOR, d.code, vn(2026, 10, 13, 17), "Chờ xác minh", at=vn(2026, 10, 6, 8))
    step(d, (9, vn(2026, 10, 13, 15)))
    # 6 supplement: due Wed 7/10; asked 6/10, received Mon 12/10 → new due Wed 14/10; done 14/10
    d = out["supplement_on_time"] = reg(vn(2026, 10, 5, 9), 2)
    step(d, (4, vn(2026, 10, 5, 10)), (5, vn(2026, 10, 6, 9)), (4, vn(2026, 10, 12, 9)),
         (9, vn(2026, 10, 14, 16)))
    # 7 refused (online), 8 withdrawn, 9 stopped
    d = out["refused"] = reg(vn(2026, 10, 8, 9), 1, channel="online")
    step(d, (3, vn(2026, 10, 8, 10)))
    d = out["withdrawn"] = reg(vn(2026, 10, 8, 9), 5)
    step(d, (7, vn(2026, 10, 9, 10)))
    d = out["stopped"] = reg(vn(2026, 10, 8, 9), 5)
    step(d, (4, vn(2026, 10, 8, 10)), (8, vn(2026, 10, 12, 10)))
    # 10 in progress, overdue at the end (due Fri 16/10)
    d = out["overdue"] = reg(vn(2026, 10, 15, 9), 1)
    step(d, (4, vn(2026, 10, 15, 10)))
    # 11 in progress within (due in November)
    out["within"] = reg(vn(2026, 10, 26, 9), 10)
    # 12 waiting for a supplement at the end: asked Tue 27/10, before its due Fri 30/10 → trong hạn
    d = out["paused_within"] = reg(vn(2026, 10, 26, 9), 4)
    step(d, (4, vn(2026, 10, 26, 10)), (5, vn(2026, 10, 27, 9)))
    # 13 due Wed 21/10, apology on 2/11 (after the period) → at the end it was quá hạn
    d = out["apology_after_end"] = reg(vn(2026, 10, 20, 9), 1)
    step(d, (4, vn(2026, 10, 20, 10)))
    workflow.apologize(SUPERVISOR, d.code, vn(2026, 11, 10, 17), "Chờ xác minh", at=vn(2026, 11, 2, 8))
    # Chứng thực: 14 resolved the day it came (due Tue 6/10) → trước hạn
    d = out["ct_early"] = reg(vn(2026, 10, 5, 9), 1, proc=CT)
    resolve(d, vn(2026, 10, 5, 15), vn(2026, 10, 5, 10))
    # 15 carried over (due Thu 1/10), resolved in November → in progress overdue at the end
    d = out["ct_carried_overdue"] = reg(vn(2026, 9, 30, 9), 1, proc=CT)
    resolve(d, vn(2026, 11, 3, 9), vn(2026, 9, 30, 10))
    # after the period: received in November
    reg(vn(2026, 11, 2, 9), 1)
    return out


EXPECTED = {
    "Hộ tịch": dict(carried_over=2, online=2, counter_post=9, early=1, on_time=3, late=1,
                    within=3, overdue=2, refused=1, withdrawn=1, stopped=1),
    "Chứng thực": dict(carried_over=1, online=0, counter_post=1, early=1, on_time=0, late=0,
                       within=0, overdue=1, refused=0, withdrawn=0, stopped=0),
}
