"""The office's working calendar: settings + overrides → WorkCalendar."""
from __future__ import annotations

from datetime import date, time

from app import settings
from app.domain import UserError, nfc
from app.i18n import _
from app.store import write
from app.validation import check_day
from app.workdays import CalendarConfig, WorkCalendar
from db.models import CalendarOverride


def _t(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


def office_calendar() -> WorkCalendar:
    v = settings.all_values()
    overrides = {r.day if isinstance(r.day, date) else date.fromisoformat(str(r.day)): r.kind
                 for r in CalendarOverride.select()}
    return WorkCalendar(CalendarConfig(
        weekdays=frozenset(int(x) for x in v["calendar.weekdays"].split(",")),
        saturday_morning=v["calendar.saturday_morning"] == "true",
        open_at=_t(v["calendar.open"]), close_at=_t(v["calendar.close"]),
        saturday_close=_t(v["calendar.saturday_close"]), overrides=overrides))


def list_overrides() -> list[tuple[date, str, str]]:
    return [(r.day if isinstance(r.day, date) else date.fromisoformat(str(r.day)), r.kind, r.note)
            for r in CalendarOverride.select().order_by(CalendarOverride.day)]


def set_override(day: date, kind: str, note: str = "") -> None:
    if kind not in ("off", "work"):
        raise UserError(_("Loại ngày phải là 'off' (nghỉ thêm) hoặc 'work' (làm bù)."))
    check_day(day, "day")                      # the one date range (GUI and CLI alike)
    with write():
        CalendarOverride.insert(day=day, kind=kind, note=nfc(note)).on_conflict(
            conflict_target=[CalendarOverride.day],
            update={CalendarOverride.kind: kind, CalendarOverride.note: nfc(note)}).execute()


def remove_override(day: date) -> bool:
    with write():
        return CalendarOverride.delete().where(CalendarOverride.day == day).execute() > 0
