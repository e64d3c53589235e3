"""Each Biểu 06a rule alone (pure functions, no database)."""
from datetime import UTC, date, datetime

from app.domain import VN_TZ
from app.reports import rules
from app.reports.rules import Timeliness as T


def vn(*a):
    return datetime(*a, tzinfo=VN_TZ)


def test_timeliness_compares_days_not_moments():
    due = vn(2026, 10, 6, 9)
    assert rules.timeliness(vn(2026, 10, 5, 23, 59), due) == T.EARLY
    assert rules.timeliness(vn(2026, 10, 6, 16), due) == T.ON_TIME        # after 09:00, same day
    assert rules.timeliness(vn(2026, 10, 7, 0, 1), due) == T.LATE
    # the day is Vietnam's: 23:30 UTC on the 5th is already the 6th in Hà Nội
    assert rules.timeliness(datetime(2026, 10, 5, 23, 30, tzinfo=UTC), due) == T.ON_TIME


def test_finish_update_first_finish_only_and_returned_when_done_skipped():
    due, at = vn(2026, 10, 6, 17), vn(2026, 10, 6, 10)
    assert rules.finish_update(None, 4, at, due) is None
    assert rules.finish_update(None, 9, at, due) == {"finished_at": at, "finish_status": 9, "timeliness": 2}
    assert rules.finish_update(None, 10, at, due)["finish_status"] == 9            # 9 skipped
    assert rules.finish_update(at, 10, vn(2026, 10, 9), due) is None              # 9 → 10 keeps 9's
    assert rules.finish_update(None, 3, at, due) == {"finished_at": at, "finish_status": 3,
                                                     "timeliness": None}
    assert rules.finish_update(None, 8, at, due)["finish_status"] == 8


def test_carried_over_and_in_progress():
    start, end = rules.period_bounds(date(2026, 10, 1), date(2026, 10, 31))
    assert start == vn(2026, 10, 1) and end == vn(2026, 11, 1)
    assert rules.carried_over(vn(2026, 9, 30), None, start)
    assert rules.carried_over(vn(2026, 9, 30), vn(2026, 10, 1, 8), start)
    assert not rules.carried_over(vn(2026, 9, 30), vn(2026, 9, 30, 16), start)
    assert not rules.carried_over(vn(2026, 10, 1), None, start)
    assert rules.in_progress(vn(2026, 10, 31, 16), None, end)
    assert not rules.in_progress(vn(2026, 10, 20), vn(2026, 10, 31, 23), end)


def test_overdue_at_end_and_supplement_pause():
    end = vn(2026, 11, 1)
    assert rules.overdue_at_end(vn(2026, 10, 31, 17), end)
    assert not rules.overdue_at_end(vn(2026, 11, 1), end)
    # waiting for a supplement asked before the due date: the clock stopped → trong hạn
    assert not rules.overdue_at_end(vn(2026, 10, 30, 17), end, paused_since=vn(2026, 10, 27, 9))
    assert rules.overdue_at_end(vn(2026, 10, 20, 17), end, paused_since=vn(2026, 10, 27, 9))


def test_rate():
    assert rules.rate(197, 200) == 98.5 and rules.rate(1, 0) is None
