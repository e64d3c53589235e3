"""Names of domain values as the screens show them (translated through gettext), the
urgency captions of the dossier lists and the names of the weekdays."""
from __future__ import annotations

from app.domain import Channel, EventType, Role, Status
from app.i18n import N_, _
from app.workflow import ACTION_LABELS

URGENCY = {
    "overdue": N_("Quá hạn"), "today": N_("Đến hạn hôm nay"), "risk": N_("Sắp đến hạn"),
    "supplement": N_("Chờ bổ sung"), "done": N_("Có kết quả, chờ trả"), "closed": N_("Đã kết thúc"),
    "": N_("Trong hạn"),
}
# date.weekday() order: 0 is Monday
WEEKDAYS = (N_("Thứ Hai"), N_("Thứ Ba"), N_("Thứ Tư"), N_("Thứ Năm"), N_("Thứ Sáu"),
            N_("Thứ Bảy"), N_("Chủ nhật"))


def status(s: Status) -> str:
    return s.label                      # the domain translates its own labels


def channel(c: Channel) -> str:
    return c.label


def role(r: Role) -> str:
    return r.label


def action(s: Status) -> str:
    return _(ACTION_LABELS[s]) if s in ACTION_LABELS else s.label


def weekday(n: int) -> str:
    """The name of ``date.weekday()`` ``n`` (0 = Thứ Hai … 6 = Chủ nhật), translated."""
    return _(WEEKDAYS[n])


def urgency(tag: str) -> str:
    return _(URGENCY.get(tag, ""))


def form_marker(kind: str) -> str:
    """'Mẫu 04' — the number of the paper of `kind` in the set in force today (TT 03/2025:
    the apology is Mẫu 04; under TT 01/2018 it was 05)."""
    from datetime import date

    from app import rules
    form = rules.paper_set(date.today()).by_kind(kind)
    return _("Mẫu {n}").format(n=form.number) if form else ""


EVENT_TYPES = {EventType.RECEIVED: N_("Tiếp nhận hồ sơ"), EventType.STATUS_CHANGED: N_("Cập nhật trạng thái"),
               EventType.RESULT_READY: N_("Có kết quả"), EventType.RETURNED: N_("Đã trả kết quả")}


def event_type(t: EventType) -> str:
    """What an outbox event is, in words (never 'dossier.status_changed')."""
    return _(EVENT_TYPES.get(t, N_("Cập nhật trạng thái")))
