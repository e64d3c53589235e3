"""Translatable names of domain values (the domain keeps Vietnamese labels as data;
the screens show them through gettext, so English mode translates them too)."""
from __future__ import annotations

from app.domain import Channel, Role, Status
from app.i18n import N_, _
from app.workflow import ACTION_LABELS

_MARKED = (
    N_("Mới đăng ký"), N_("Được tiếp nhận"), N_("Không được tiếp nhận"), N_("Đang xử lý"),
    N_("Yêu cầu bổ sung"), N_("Yêu cầu nghĩa vụ tài chính"), N_("Công dân rút hồ sơ"),
    N_("Dừng xử lý"), N_("Đã xử lý xong"), N_("Đã trả kết quả"),
    N_("Trực tiếp"), N_("Trực tuyến"), N_("Bưu chính"),
    N_("Cán bộ tiếp nhận"), N_("Lãnh đạo / giám sát"), N_("Quản trị"),
    N_("Tiếp nhận"), N_("Từ chối tiếp nhận"), N_("Chuyển xử lý"), N_("Có kết quả"),
    N_("Trả kết quả"),
)

URGENCY = {
    "overdue": N_("Quá hạn"), "today": N_("Đến hạn hôm nay"), "risk": N_("Sắp đến hạn"),
    "supplement": N_("Chờ bổ sung"), "done": N_("Có kết quả, chờ trả"), "closed": N_("Đã kết thúc"),
    "": N_("Trong hạn"),
}


def status(s: Status) -> str:
    return _(s.label)


def channel(c: Channel) -> str:
    return _(c.label)


def role(r: Role) -> str:
    return _(r.label)


def action(s: Status) -> str:
    return _(ACTION_LABELS.get(s, s.label))


def urgency(tag: str) -> str:
    return _(URGENCY.get(tag, ""))
