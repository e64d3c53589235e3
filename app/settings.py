"""Office settings as validated key/value pairs (stored in the database)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from app import local_config, rules
from app.domain import VN_TZ, Office, UserError, nfc
from app.i18n import N_, _
from app.store import write
from db.models import Setting


@dataclass(frozen=True)
class Key:
    name: str
    default: str
    label: str            # Vietnamese source text (N_): show it with _(key.label)
    check: object = None  # callable(value) -> normalised value, raises UserError


def _office_code(v: str) -> str:
    if not re.fullmatch(r"[0-9A-Za-z]+(\.[0-9A-Za-z]+)*", v) or len(v) > 40:
        raise UserError(_("Mã cơ quan không hợp lệ: dùng chữ số, chữ cái và dấu chấm, ví dụ "
                          "000.17.22.H56."), "office.code")
    return v


def _template(v: str) -> str:
    if "{code}" not in v or "{token}" not in v or not v.startswith(("http://", "https://")):
        raise UserError(_("Mẫu địa chỉ tra cứu phải bắt đầu bằng http(s):// và chứa {code} và {token}."),
                        "tracking.url_template")
    return v


def _url_or_empty(v: str) -> str:
    if v and not v.startswith(("http://", "https://")):
        raise UserError(_("Địa chỉ phải bắt đầu bằng http:// hoặc https://."))
    return v.rstrip("/") if v else v


def _bool(v: str) -> str:
    low = v.lower()
    if low in ("1", "true", "yes", "co", "có", "on"):
        return "true"
    if low in ("0", "false", "no", "khong", "không", "off"):
        return "false"
    raise UserError(_("Giá trị phải là true hoặc false."))


def _hhmm(v: str) -> str:
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", v):
        raise UserError(_("Giờ phải theo dạng HH:MM, ví dụ 07:30."))
    return v


def _weekdays(v: str) -> str:
    days = sorted({int(x) for x in re.split(r"[,\s]+", v) if x}) if re.fullmatch(r"[1-7,\s]+", v) else []
    if not days:
        raise UserError(_("Ngày làm việc trong tuần: danh sách số 1–7 (1 = thứ Hai), ví dụ 1,2,3,4,5."))
    return ",".join(map(str, days))


def _int_range(lo: int, hi: int):
    def check(v: str) -> str:
        if not v.isdigit() or not lo <= int(v) <= hi:
            raise UserError(_("Giá trị phải là số nguyên từ {lo} đến {hi}.").format(lo=lo, hi=hi))
        return str(int(v))
    return check


def _choice(*options: str):
    def check(v: str) -> str:
        if v not in options:
            raise UserError(_("Giá trị phải là một trong: {options}.").format(options=", ".join(options)))
        return v
    return check


KEYS = {k.name: k for k in [
    Key("office.code", "000.00.00.H00", N_("Mã cơ quan (mã định danh)"), _office_code),
    Key("office.name", "UBND xã (chưa đặt tên)", N_("Tên cơ quan")),
    Key("office.parent_name", "", N_("Cơ quan cấp trên (dòng trên tên cơ quan)")),
    Key("office.address", "", N_("Địa chỉ")),
    Key("office.phone", "", N_("Điện thoại")),
    Key("office.pickup_place", "Bộ phận Một cửa", N_("Nơi trả kết quả")),
    Key("office.survey_url", "", N_("Địa chỉ khảo sát mức độ hài lòng"), _url_or_empty),
    Key("office.bank_bin", "", N_("Mã BIN ngân hàng (VietQR)")),
    Key("office.bank_account", "", N_("Số tài khoản nhận phí")),
    Key("office.bank_account_name", "", N_("Tên tài khoản nhận phí")),
    Key("tracking.url_template", "https://example.org/tra-cuu?ma={code}&t={token}",
        N_("Mẫu địa chỉ tra cứu hồ sơ"), _template),
    Key("procedure.url_template",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}",
        N_("Mẫu địa chỉ thông tin thủ tục")),
    Key("calendar.weekdays", "1,2,3,4,5", N_("Ngày làm việc trong tuần (1 = thứ Hai)"), _weekdays),
    Key("calendar.saturday_morning", "false", N_("Làm việc sáng thứ Bảy"), _bool),
    Key("calendar.open", "07:30", N_("Giờ mở cửa"), _hhmm),
    Key("calendar.close", "17:00", N_("Giờ đóng cửa"), _hhmm),
    Key("calendar.saturday_close", "11:30", N_("Giờ nghỉ sáng thứ Bảy"), _hhmm),
    Key("central.url", "", N_("Địa chỉ dịch vụ thông báo trung tâm"), _url_or_empty),
    Key("central.ca_bundle", "", N_("Tệp chứng chỉ CA riêng (tùy chọn)")),
    Key("central.timeout", "10", N_("Thời gian chờ kết nối (giây)"), _int_range(1, 120)),
    Key("notify.adapter", "central", N_("Kênh thông báo công dân"), _choice("central", "zalo", "sms")),
    Key("printer.connection", "file", N_("Kết nối máy in"),
        _choice("none", "file", "usb", "network", "serial", "win32raw")),
    Key("printer.target", "", N_("Máy in (địa chỉ, cổng, tên hoặc tệp)")),
    Key("printer.width", "576", N_("Độ rộng in (điểm): 576 = 80 mm, 384 = 58 mm"), _choice("576", "384", "512")),
    Key("printer.profile", "TM-T20II", N_("Hồ sơ máy in (python-escpos)")),
    Key("printer.qr", "raster", N_("Cách in QR"), _choice("raster", "native")),
    Key("printer.fee_qr", "false", N_("In mã VietQR thu phí"), _bool),
    Key("backup.keep", "14", N_("Số bản sao lưu tự động giữ lại"), _int_range(1, 365)),
    Key("ui.language", "vi", N_("Ngôn ngữ"), _choice("vi", "en")),
    Key("ui.theme", "cosmo", N_("Giao diện")),
]}


def _check(key: str, value: str) -> str:
    if key not in KEYS:
        raise UserError(_("Không có thiết lập '{key}'. Xem danh sách bằng: config list.")
                        .format(key=key), key)
    value = nfc(value)
    check = KEYS[key].check
    return check(value) if check else value


def get(key: str) -> str:
    if key not in KEYS:
        raise UserError(_("Không có thiết lập '{key}'. Xem danh sách bằng: config list.")
                        .format(key=key), key)
    if local_config.is_local(key):
        mine = local_config.load()
        if key in mine:
            return mine[key]
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else KEYS[key].default


def set_many(values: dict[str, str]) -> None:
    """Validate every value first, then write: this PC's printer keys to its local file,
    the office's keys in one database transaction."""
    clean = {k: _check(k, v) for k, v in values.items()}
    local_config.save({k: v for k, v in clean.items() if local_config.is_local(k)})
    with write():
        for k, v in clean.items():
            if local_config.is_local(k):
                continue
            Setting.insert(key=k, value=v).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: v}).execute()


def set(key: str, value: str) -> str:
    set_many({key: value})
    return get(key)


def all_values() -> dict[str, str]:
    stored = {r.key: r.value for r in Setting.select()} | local_config.load()
    return {k: stored.get(k, d.default) for k, d in KEYS.items()}


def is_configured() -> bool:
    """True once the office code has been set (first-run wizard or `init`)."""
    return Setting.get_or_none(Setting.key == "office.code") is not None


def office() -> Office:
    """The office as documents print it, with the form wording in force today."""
    v = all_values()
    in_force = rules.one_stop(datetime.now(VN_TZ).date())
    return Office(
        form_titles=tuple(sorted(in_force.form_titles.items())), legal_basis=in_force.basis,
        code=v["office.code"], name=v["office.name"], address=v["office.address"],
        phone=v["office.phone"], parent_name=v["office.parent_name"],
        pickup_place=v["office.pickup_place"],
        tracking_url_template=v["tracking.url_template"],
        procedure_url_template=v["procedure.url_template"],
        survey_url=v["office.survey_url"], bank_bin=v["office.bank_bin"],
        bank_account=v["office.bank_account"], bank_account_name=v["office.bank_account_name"],
    )
