from datetime import UTC, date, datetime, time

import pytest

from app.domain import VN_TZ
from app.workdays import CalendarConfig, WorkCalendar


def vn(*a):
    return datetime(*a, tzinfo=VN_TZ)


@pytest.fixture
def cal():
    return WorkCalendar()


def test_tet_2026_is_skipped(cal):
    # Fri 13/2/2026 16:00 + 1 working day: Tết 16–20/2, weekend 21–22 → Mon 23/2
    assert cal.due_at(vn(2026, 2, 13, 16, 0), 1) == vn(2026, 2, 23, 17, 0)


def test_swapped_saturday_22_8_2026_is_worked_and_31_8_is_off(cal):
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 31))
    assert not cal.is_working_day(date(2026, 9, 1)) and not cal.is_working_day(date(2026, 9, 2))
    # Thu 20/8 + 2 → Sat 22/8 (a working Saturday)
    assert cal.due_at(vn(2026, 8, 20, 10), 2).date() == date(2026, 8, 22)
    # Fri 28/8 + 1 → Thu 3/9 (31/8, 1/9, 2/9 off)
    assert cal.due_at(vn(2026, 8, 28, 10), 1).date() == date(2026, 9, 3)


def test_hung_kings_30_4_1_5(cal):
    for d in (date(2026, 4, 27), date(2026, 4, 30), date(2026, 5, 1)):
        assert not cal.is_working_day(d)
    assert cal.due_at(vn(2026, 4, 29, 9), 1).date() == date(2026, 5, 4)


def test_zero_days_is_same_working_day(cal):
    assert cal.due_at(vn(2026, 11, 25, 9, 15), 0) == vn(2026, 11, 25, 17, 0)


def test_after_hours_counts_from_next_opening(cal):
    # Wed 25/11 after closing → starts Thu 26/11; 0 days → Thu 26/11
    assert cal.due_at(vn(2026, 11, 25, 18, 30), 0) == vn(2026, 11, 26, 17, 0)
    # Saturday reception → Monday
    assert cal.due_at(vn(2026, 11, 28, 9), 1).date() == date(2026, 12, 1)
    # before opening counts from the same day
    assert cal.effective_start(vn(2026, 11, 25, 6, 0)) == vn(2026, 11, 25, 7, 30)


def test_saturday_morning_and_overrides():
    cfg = CalendarConfig(saturday_morning=True, overrides={date(2026, 11, 27): "off",
                                                           date(2026, 11, 29): "work"})
    cal = WorkCalendar(cfg)
    assert cal.is_working_day(date(2026, 11, 28))
    assert cal.hours(date(2026, 11, 28)) == (time(7, 30), time(11, 30))
    assert not cal.is_working_day(date(2026, 11, 27))
    assert cal.is_working_day(date(2026, 11, 29))
    # Thu 26/11 + 1: Fri off → Sat morning
    assert cal.due_at(vn(2026, 11, 26, 9), 1) == vn(2026, 11, 28, 11, 30)


def test_utc_input_is_converted(cal):
    # 2026-11-25 11:00 UTC = 18:00 in Hà Nội → next day
    assert cal.due_at(datetime(2026, 11, 25, 11, 0, tzinfo=UTC), 0).date() == date(2026, 11, 26)


def test_working_days_left(cal):
    assert cal.working_days_left(vn(2026, 11, 27, 9), vn(2026, 11, 30, 17)) == 1
    assert cal.working_days_left(vn(2026, 11, 30, 9), vn(2026, 11, 27, 17)) == -1
