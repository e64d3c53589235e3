"""The rules of Biểu 06a as small pure functions (no database): the SQL in
`app/reports/monthly.py` mirrors them, and tests/app/test_report_rules.py pins each one.

Sources:
- TT 01/2018/TT-VPCP, Biểu 06a "Tình hình, kết quả giải quyết TTHC" (kept by TT 03/2025/TT-VPCP
  guiding NĐ 118/2025/NĐ-CP): per field — tiếp nhận (tổng, trực tuyến, trực tiếp + bưu chính,
  từ kỳ trước chuyển qua), đã giải quyết (tổng, trước hạn, đúng hạn, quá hạn), đang giải quyết
  (tổng, trong hạn, quá hạn).
- NĐ 61/2018/NĐ-CP (amended by NĐ 107/2021/NĐ-CP), the one-stop decree: a late dossier gets one
  written apology with a new due date (Mẫu 04/05), which is then the due date in force; a dossier
  sent back for a supplement has its processing time counted again once it is complete.
- DESIGN.md §4: peers compare the result *day* with the due *day* (Asia/Ho_Chi_Minh).
"""
from __future__ import annotations

import enum
from datetime import date, datetime, time

from app.domain import VN_TZ, Status

# Statuses that end a dossier's processing, and the one that counts as "resolved".
RESOLVED = int(Status.DONE)
FINISHING = (int(Status.REFUSED), int(Status.WITHDRAWN), int(Status.STOPPED), int(Status.DONE))


class Timeliness(enum.IntEnum):
    EARLY = 1        # trước hạn
    ON_TIME = 2      # đúng hạn
    LATE = 3         # quá hạn


def local_day(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()


def timeliness(resolved_at: datetime, due_in_force: datetime) -> Timeliness:
    """Đã giải quyết: compare the *day* of the result with the *day* of the due date in force
    at that moment (after an apology the new date; after a supplement the restarted one).
    Before → trước hạn, same day → đúng hạn, after → quá hạn."""
    r, d = local_day(resolved_at), local_day(due_in_force)
    if r < d:
        return Timeliness.EARLY
    return Timeliness.ON_TIME if r == d else Timeliness.LATE


def finish_update(finished_at: datetime | None, target: int, when: datetime,
                  due_in_force: datetime) -> dict | None:
    """What a status change writes on the dossier row for the reports (same transaction).

    A dossier is *finished* the first time it reaches 9 (đã xử lý xong), or 10 when 9 was
    skipped, or a final 3 (từ chối) / 7 (rút) / 8 (dừng): `finished_at` is that moment and
    never moves again (9 → 10 keeps the moment of 9). Returns the columns to set, or None."""
    if finished_at is not None:
        return None
    if target in FINISHING or target == int(Status.RETURNED):
        status = RESOLVED if target == int(Status.RETURNED) else target
        return {"finished_at": when, "finish_status": status,
                "timeliness": int(timeliness(when, due_in_force)) if status == RESOLVED else None}
    return None


def carried_over(received_at: datetime, finished_at: datetime | None, start: datetime) -> bool:
    """Từ kỳ trước chuyển qua: received before the period and not finished (resolved, refused,
    withdrawn, stopped) before it."""
    return received_at < start and (finished_at is None or finished_at >= start)


def in_progress(received_at: datetime, finished_at: datetime | None, end: datetime) -> bool:
    """Đang giải quyết at the period's end (`end` = the first instant after the period)."""
    return received_at < end and (finished_at is None or finished_at >= end)


def overdue_at_end(due_in_force: datetime, end: datetime, paused_since: datetime | None = None) -> bool:
    """Đang giải quyết quá hạn: the due date in force at the period's end has passed by then.
    A dossier waiting for a supplement has its clock stopped: it is judged at the moment the
    supplement was requested (overdue only if it was already late then)."""
    at = paused_since if paused_since is not None else end
    return due_in_force < at


def period_bounds(d_from: date, d_to: date) -> tuple[datetime, datetime]:
    """[start, end) in Vietnam time for the days d_from … d_to inclusive."""
    from datetime import timedelta
    if d_to < d_from:
        raise ValueError("period ends before it starts")
    return (datetime.combine(d_from, time.min, VN_TZ),
            datetime.combine(d_to + timedelta(days=1), time.min, VN_TZ))


def rate(part: int, whole: int) -> float | None:
    """Share in per cent (None when there is nothing to divide)."""
    return round(100.0 * part / whole, 1) if whole else None
