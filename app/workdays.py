"""Working days, holidays and due dates (Asia/Ho_Chi_Minh).

Vietnam's public holidays and swapped working Saturdays come from the `holidays`
package; the office adds its own overrides (extra day off / extra working day).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import holidays as holidays_lib

from app.domain import VN_TZ

MAX_SCAN_DAYS = 3 * 366


@dataclass(frozen=True)
class CalendarConfig:
    weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})   # ISO: 1 = Monday
    saturday_morning: bool = False
    open_at: time = time(7, 30)
    close_at: time = time(17, 0)
    saturday_close: time = time(11, 30)
    overrides: dict = field(default_factory=dict)           # date -> "off" | "work"


class WorkCalendar:
    def __init__(self, config: CalendarConfig | None = None):
        self.config = config or CalendarConfig()
        self._vn = holidays_lib.country_holidays("VN", language="vi")

    # -- days ---------------------------------------------------------------
    def holiday_name(self, d: date) -> str | None:
        kind = self.config.overrides.get(d)
        if kind == "off":
            return "Nghỉ theo quyết định của cơ quan"
        return self._vn.get(d)

    def is_working_day(self, d: date) -> bool:
        kind = self.config.overrides.get(d)
        if kind == "off":
            return False
        if kind == "work":
            return True
        if d in self._vn:                      # also populates that year
            return False
        if d in self._vn.weekend_workdays:     # e.g. Saturday 22/8/2026 worked instead of 31/8
            return True
        wd = d.isoweekday()
        if wd in self.config.weekdays:
            return True
        return wd == 6 and self.config.saturday_morning

    def hours(self, d: date) -> tuple[time, time]:
        """Opening and closing time of a working day."""
        cfg = self.config
        if d.isoweekday() == 6 and 6 not in cfg.weekdays and d not in self._vn.weekend_workdays \
                and self.config.overrides.get(d) != "work":
            return cfg.open_at, cfg.saturday_close
        return cfg.open_at, cfg.close_at

    def next_working_day(self, d: date, include: bool = False) -> date:
        cur = d if include else d + timedelta(days=1)
        for _ in range(MAX_SCAN_DAYS):
            if self.is_working_day(cur):
                return cur
            cur += timedelta(days=1)
        raise ValueError("no working day within three years: check the calendar settings")

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (a working day); n = 0 → start."""
        cur = start
        for _ in range(n):
            cur = self.next_working_day(cur)
        return cur

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        count, cur = 0, a
        while cur < b:
            cur += timedelta(days=1)
            if self.is_working_day(cur):
                count += 1
        return count

    # -- moments ------------------------------------------------------------
    def effective_start(self, moment: datetime) -> datetime:
        """When the clock starts: reception outside working hours counts from the next opening."""
        local = moment.astimezone(VN_TZ)
        d = local.date()
        if self.is_working_day(d):
            opens, closes = self.hours(d)
            if local.time() < opens:
                return datetime.combine(d, opens, VN_TZ)
            if local.time() < closes:
                return local
        nd = self.next_working_day(d)
        return datetime.combine(nd, self.hours(nd)[0], VN_TZ)

    def due_at(self, received: datetime, days: int) -> datetime:
        """Due moment: `days` working days counted from reception, at closing time
        of that day (0 = the same working day)."""
        if days < 0:
            raise ValueError("processing days must be >= 0")
        start = self.effective_start(received)
        due_day = self.add_working_days(start.date(), days)
        return datetime.combine(due_day, self.hours(due_day)[1], VN_TZ)

    def working_days_left(self, now: datetime, due: datetime) -> int:
        """Whole working days from today to the due day (0 = due today, < 0 overdue)."""
        return self.working_days_between(now.astimezone(VN_TZ).date(), due.astimezone(VN_TZ).date())
