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

SETTING_LABELS = (   # app.settings.KEYS labels, shown through _()
    N_('Mã cơ quan (mã định danh)'),
    N_('Tên cơ quan'),
    N_('Cơ quan cấp trên (dòng trên tên cơ quan)'),
    N_('Địa chỉ'),
    N_('Điện thoại'),
    N_('Nơi trả kết quả'),
    N_('Địa chỉ khảo sát mức độ hài lòng'),
    N_('Mã BIN ngân hàng (VietQR)'),
    N_('Số tài khoản nhận phí'),
    N_('Tên tài khoản nhận phí'),
    N_('Mẫu địa chỉ tra cứu hồ sơ'),
    N_('Mẫu địa chỉ thông tin thủ tục'),
    N_('Ngày làm việc trong tuần (1 = thứ Hai)'),
    N_('Làm việc sáng thứ Bảy'),
    N_('Giờ mở cửa'),
    N_('Giờ đóng cửa'),
    N_('Giờ nghỉ sáng thứ Bảy'),
    N_('Địa chỉ dịch vụ thông báo trung tâm'),
    N_('Tệp chứng chỉ CA riêng (tùy chọn)'),
    N_('Thời gian chờ kết nối (giây)'),
    N_('Kênh thông báo công dân'),
    N_('Kết nối máy in'),
    N_('Máy in (địa chỉ, cổng, tên hoặc tệp)'),
    N_('Độ rộng in (điểm): 576 = 80 mm, 384 = 58 mm'),
    N_('Hồ sơ máy in (python-escpos)'),
    N_('Cách in QR'),
    N_('In mã VietQR thu phí'),
    N_('Ngôn ngữ'),
    N_('Giao diện'),
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
