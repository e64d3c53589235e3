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


# Words for the settings' closed choices (the stored value stays the internal one).
PRINTER_CONNECTIONS = {
    "none": N_("Không có máy in (lưu PDF/PNG để in sau)"), "file": N_("Ghi lệnh in ra tệp"),
    "network": N_("Máy in mạng (địa chỉ IP)"), "usb": N_("Cổng USB"),
    "serial": N_("Cổng COM (nối tiếp)"), "win32raw": N_("Máy in Windows (theo tên máy in)")}
PAPER_WIDTHS = {"576": N_("80 mm (576 chấm)"), "512": N_("80 mm, TM-T88III (512 chấm)"),
                "384": N_("58 mm (384 chấm)")}
QR_MODES = {"raster": N_("In QR như hình ảnh (mọi máy in)"), "native": N_("Lệnh QR của máy in (nhanh hơn)")}
ADAPTERS = {"central": N_("Dịch vụ thông báo của tỉnh"), "zalo": N_("Zalo"), "sms": N_("Tin nhắn SMS"),
            "dvcqg": N_("Cổng Dịch vụ công quốc gia (qua tỉnh)")}
THEMES = {"cosmo": N_("Sáng (mặc định)"), "flatly": N_("Sáng, phẳng"), "litera": N_("Sáng, chữ rõ"),
          "minty": N_("Sáng, xanh bạc hà"), "lumen": N_("Sáng, nhẹ"), "sandstone": N_("Sáng, màu cát"),
          "yeti": N_("Sáng, xanh dương"), "pulse": N_("Sáng, tím"), "united": N_("Sáng, cam"),
          "morph": N_("Sáng, nổi khối"), "journal": N_("Sáng, báo chí"), "simplex": N_("Sáng, đơn giản"),
          "cerculean": N_("Sáng, xanh trời"), "darkly": N_("Tối"), "superhero": N_("Tối, xanh đậm"),
          "solar": N_("Tối, vàng đồng"), "cyborg": N_("Tối, đen"), "vapor": N_("Tối, tím neon")}


def choices(words: dict[str, str], values=None) -> dict[str, str]:
    """value → words in the interface language, for a ChoiceBox (unknown values: themselves)."""
    return {v: (_(words[v]) if v in words else v) for v in (values if values is not None else words)}
