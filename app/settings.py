"""Office settings as validated key/value pairs (stored in the database).

Every value is checked when it is set *and* again when it is read: a value written into the
`setting` table by hand (SQL, an old version, a bad restore) gives a UserError naming the key
and the command that fixes it, never a traceback in the middle of a registration."""
from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from app import local_config, rules
from app.domain import VN_TZ, Office, UserError, nfc
from app.i18n import N_, _
from app.store import write
from db.models import Dossier, Setting


@dataclass(frozen=True)
class Key:
    name: str
    default: str
    label: str            # Vietnamese source text (N_): show it with _(key.label)
    check: Callable[[str], str] | None = None  # value -> normalised value, raises UserError


class NeedsConfirmation(UserError):
    """The change is allowed but has consequences: call again with confirm=True."""


# Mã định danh cơ quan (TT 10/2016/TT-BTTTT, QCVN 102:2016/BTTTT): four levels, level 1 is a
# letter and two digits (A.., G.. ministries/central bodies, H.. provinces …), level 2 and 3 two
# digits, level 4 three digits.  Written in full, lowest level first, unused levels as zeros:
# 000.00.00.H56 (level 1), 000.00.17.H56 (level 2), 000.17.22.H56 (level 3), 001.17.22.H56.
# The short form, level 1 first without the zero padding, is accepted too: H56, H22.45,
# H22.45.01, H22.45.01.001.
_FULL_CODE = re.compile(r"(?P<l4>\d{3})\.(?P<l3>\d{2})\.(?P<l2>\d{2})\.(?P<l1>[A-Z]\d{2})")
_SHORT_CODE = re.compile(r"[A-Z]\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{3})?)?)?")


def check_office_code(v: str) -> str:
    """The office's national agency code, upper-cased.

    Accepted: 000.17.22.H56, 000.00.17.H56, 000.00.00.H56, 001.17.22.H56, 000.00.00.G22,
    H56, H22.45, H22.45.01, G22, A01 (and h56 → H56).
    Refused: abc, H5, H560, 17.22.H56, 000.17.22.56, 000.17.00.H56 (a level-3 unit under no
    level-2 unit), 001.00.22.H56, 000-17-22-H56, H56., .H56, H56..01, 000.17.22.H56 with spaces
    inside."""
    code = v.strip().upper()
    full = _FULL_CODE.fullmatch(code)
    ok = bool(_SHORT_CODE.fullmatch(code)) or full is not None and not (
        (full["l2"] == "00" and (full["l3"] != "00" or full["l4"] != "000"))
        or (full["l3"] == "00" and full["l4"] != "000"))
    if not ok:
        raise UserError(_("Mã cơ quan không hợp lệ: '{code}' không đúng dạng mã định danh "
                          "(TT 10/2016/TT-BTTTT): các cấp cách nhau dấu chấm, cấp 1 là một chữ cái "
                          "và hai chữ số, ví dụ 000.17.22.H56, 000.00.17.H56 hoặc H56.")
                        .format(code=v), "office.code")
    return code


# Hosts reserved for documentation (RFC 2606/6761): a receipt must never carry them for real.
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")
_PLACEHOLDER_TLDS = (".example", ".test", ".invalid")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def is_placeholder_host(host: str | None) -> bool:
    host = (host or "").lower().rstrip(".")
    return (host in _PLACEHOLDER_HOSTS or host.endswith(tuple("." + h for h in _PLACEHOLDER_HOSTS))
            or host.endswith(_PLACEHOLDER_TLDS))


def _split(v: str, key: str):
    try:
        parts = urlsplit(v)
        parts.port                      # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise UserError(_("Địa chỉ '{url}' không hợp lệ.").format(url=v), key) from None
    return parts


def check_url(v: str, key: str = "", *, allow_local_http: bool = True,
              allow_empty: bool = True) -> str:
    """A service address: https://host…, or http:// only to 127.0.0.1/localhost/[::1] (tests,
    a receiver on this PC).  No user:password@ in it (secrets live in the keyring), a host
    is required.  Returned without a trailing slash."""
    v = v.strip()
    if not v:
        if allow_empty:
            return ""
        raise UserError(_("Chưa nhập địa chỉ."), key)
    parts = _split(v, key)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" and not (parts.scheme == "http" and allow_local_http
                                        and host in LOCAL_HOSTS):
        raise UserError(_("Địa chỉ '{url}' phải bắt đầu bằng https:// (http:// chỉ dùng cho "
                          "127.0.0.1 hoặc localhost khi thử nghiệm).").format(url=v), key)
    if "@" in parts.netloc:                     # user[:password]@host
        raise UserError(_("Địa chỉ không được chứa tên đăng nhập hoặc mật khẩu (user@…); mã "
                          "truy cập lưu trong kho khóa: python main.py token set."), key)
    if not host:
        raise UserError(_("Địa chỉ '{url}' thiếu tên máy chủ.").format(url=v), key)
    if any(c.isspace() for c in v):
        raise UserError(_("Địa chỉ '{url}' không được chứa khoảng trắng.").format(url=v), key)
    return v.rstrip("/")


def _template_fields(v: str, key: str, allowed: tuple[str, ...]) -> list[str]:
    """The names between braces, each of them a bare field of `allowed`."""
    bad = _("Mẫu địa chỉ chỉ được chứa {fields} giữa hai dấu ngoặc nhọn, không chứa gì khác "
            "(không định dạng, không dấu ngoặc lẻ).").format(
        fields=", ".join("{" + f + "}" for f in allowed))
    try:
        parsed = list(string.Formatter().parse(v))
    except ValueError:
        raise UserError(bad, key) from None
    fields = []
    for literal, field, spec, conversion in parsed:
        if "{" in literal or "}" in literal:          # came from an escaped {{ or }}
            raise UserError(bad, key)
        if field is None:
            continue
        if field not in allowed or spec or conversion:
            raise UserError(bad, key)
        fields.append(field)
    return fields


def check_tracking_template(v: str, demo: bool = False) -> str:
    """The tracking URL printed in every receipt's QR: https:// with exactly {code} and {token}
    (once each, no other field, no format spec or conversion).  A documentation host
    (example.org …) only for a test office (office.demo = true): citizens scan it."""
    key = "tracking.url_template"
    v = v.strip()
    fields = _template_fields(v, key, ("code", "token"))
    if sorted(fields) != ["code", "token"]:
        raise UserError(_("Mẫu địa chỉ tra cứu phải chứa đúng một {code} và một {token}, "
                          "ví dụ https://dichvucong.tinh.gov.vn/tra-cuu?ma={code}&t={token}."), key)
    sample = v.format(code="000.00.00.H00-000101-0001", token="t")
    try:
        check_url(sample, key, allow_local_http=False, allow_empty=False)
    except UserError:
        raise UserError(_("Mẫu địa chỉ tra cứu '{url}' không hợp lệ: phải bắt đầu bằng "
                          "https:// và tên máy chủ, không chứa tên đăng nhập, mật khẩu hay "
                          "khoảng trắng.").format(url=v), key) from None
    if not demo and is_placeholder_host(urlsplit(sample).hostname):
        raise UserError(_("Mẫu địa chỉ tra cứu '{url}' là địa chỉ mẫu: địa chỉ này được in lên "
                          "giấy hẹn trả của công dân nên phải là trang tra cứu thật của cơ quan. "
                          "Chỉ cơ quan thử nghiệm (demo) mới được dùng địa chỉ mẫu.").format(url=v), key)
    return v


def _tracking_template(v: str) -> str:
    return check_tracking_template(v, demo=True)      # the demo rule is checked with office.demo


def _procedure_template(v: str) -> str:
    v = v.strip()
    if v:
        _template_fields(v, "procedure.url_template", ("code",))
        try:
            check_url(v.format(code="1.000001"), "procedure.url_template", allow_local_http=False)
        except UserError:
            raise UserError(_("Mẫu địa chỉ thông tin thủ tục '{url}' phải bắt đầu bằng https:// "
                              "và tên máy chủ.").format(url=v), "procedure.url_template") from None
    return v


def _field_template(v: str) -> str:
    v = v.strip()
    if v:
        _template_fields(v, "field.url_template", ("field",))
        check_url(v.replace("{field}", "ho-tich"), "field.url_template", allow_local_http=False)
    return v


def _citizen_url(v: str) -> str:
    return check_url(v, allow_local_http=False)


def _service_url(v: str) -> str:
    return check_url(v)


def _url_path(v: str) -> str:
    """A path appended to dvcqg.url: starts with '/', no spaces, no scheme or host."""
    v = v.strip()
    if not v.startswith("/") or v.startswith("//") or any(c.isspace() for c in v) or "?" in v:
        raise UserError(_("Đường dẫn '{path}' phải bắt đầu bằng '/', không có khoảng trắng.")
                        .format(path=v))
    return v.rstrip("/") or "/"


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
    Key("office.code", "000.00.00.H00", N_("Mã cơ quan (mã định danh)"), check_office_code),
    Key("office.demo", "false", N_("Cơ quan thử nghiệm (demo)"), _bool),
    Key("office.name", "UBND xã (chưa đặt tên)", N_("Tên cơ quan")),
    Key("office.parent_name", "", N_("Cơ quan cấp trên (dòng trên tên cơ quan)")),
    Key("office.address", "", N_("Địa chỉ")),
    Key("office.phone", "", N_("Điện thoại")),
    Key("office.pickup_place", "Bộ phận Một cửa", N_("Nơi trả kết quả")),
    Key("office.survey_url", "", N_("Địa chỉ khảo sát mức độ hài lòng"), _citizen_url),
    Key("office.bank_bin", "", N_("Mã BIN ngân hàng (VietQR)")),
    Key("office.bank_account", "", N_("Số tài khoản nhận phí")),
    Key("office.bank_account_name", "", N_("Tên tài khoản nhận phí")),
    Key("tracking.url_template", "https://example.org/tra-cuu?ma={code}&t={token}",
        N_("Mẫu địa chỉ tra cứu hồ sơ"), _tracking_template),
    Key("procedure.url_template",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}",
        N_("Mẫu địa chỉ thông tin thủ tục"), _procedure_template),
    Key("field.url_template",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html?tu_khoa={field}",
        N_("Mẫu địa chỉ danh sách thủ tục của một lĩnh vực (bảng QR theo lĩnh vực)"), _field_template),
    Key("calendar.weekdays", "1,2,3,4,5", N_("Ngày làm việc trong tuần (1 = thứ Hai)"), _weekdays),
    Key("calendar.saturday_morning", "false", N_("Làm việc sáng thứ Bảy"), _bool),
    Key("calendar.open", "07:30", N_("Giờ mở cửa"), _hhmm),
    Key("calendar.close", "17:00", N_("Giờ đóng cửa"), _hhmm),
    Key("calendar.saturday_close", "11:30", N_("Giờ nghỉ sáng thứ Bảy"), _hhmm),
    Key("central.url", "", N_("Địa chỉ dịch vụ thông báo trung tâm"), _service_url),
    Key("central.ca_bundle", "", N_("Tệp chứng chỉ CA riêng (tùy chọn)")),
    Key("central.timeout", "10", N_("Thời gian chờ kết nối (giây)"), _int_range(1, 120)),
    Key("notify.adapter", "central", N_("Kênh thông báo công dân"),
        _choice("central", "zalo", "sms", "dvcqg")),
    # DVCQG one-stop sync (app/sync/dvcqg.py); the password lives in the keyring only
    Key("dvcqg.url", "", N_("Địa chỉ cổng kết nối DVCQG (adapter_url)"), _service_url),
    Key("dvcqg.auth_path", "/auth", N_("Đường dẫn đăng nhập DVCQG"), _url_path),
    Key("dvcqg.integration_path", "/integration", N_("Đường dẫn gọi dịch vụ DVCQG"), _url_path),
    Key("dvcqg.username", "", N_("Tên đăng nhập cổng DVCQG")),
    Key("dvcqg.madonvi", "", N_("Mã đơn vị trên cổng DVCQG (trống: mã cơ quan)")),
    Key("dvcqg.dstcode", "", N_("Mã dstcode của cổng tỉnh (tùy chọn)")),
    Key("printer.connection", "file", N_("Kết nối máy in"),
        _choice("none", "file", "usb", "network", "serial", "win32raw")),
    Key("printer.target", "", N_("Máy in (địa chỉ, cổng, tên hoặc tệp)")),
    Key("printer.width", "576", N_("Khổ giấy in"),
        _choice("576", "384", "512")),
    Key("printer.profile", "TM-T20II", N_("Dòng máy in (để dùng đúng lệnh in)")),
    Key("printer.qr", "raster", N_("Cách in QR"), _choice("raster", "native")),
    Key("printer.fee_qr", "false", N_("In mã VietQR thu phí"), _bool),
    Key("backup.keep", "14", N_("Số bản sao lưu tự động giữ lại"), _int_range(1, 365)),
    Key("ui.language", "vi", N_("Ngôn ngữ"), _choice("vi", "en")),
    Key("ui.theme", "cosmo", N_("Giao diện")),
]}




def _unknown(key: str) -> UserError:
    return UserError(_("Không có thiết lập '{key}'. Xem danh sách bằng: config list.")
                     .format(key=key), key)


def _check(key: str, value: str) -> str:
    if key not in KEYS:
        raise _unknown(key)
    value = nfc(value)
    check = KEYS[key].check
    return check(value) if check else value


def _stored(key: str) -> str:
    if local_config.is_local(key):
        mine = local_config.load()
        if key in mine:
            return mine[key]
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else KEYS[key].default


def _bad_stored(key: str, exc: UserError) -> UserError:
    return UserError(_("Thiết lập '{key}' trong cơ sở dữ liệu không hợp lệ: {why} "
                       "Sửa bằng: python main.py config set {key} …").format(key=key, why=exc.message), key)


def _read(key: str, raw: str, demo_raw: str) -> str:
    """A stored value checked again; the tracking template with the office's demo flag (once
    the office is configured: before the wizard/`init` the defaults stand)."""
    try:
        value = _check(key, raw)
        if key == "tracking.url_template" and is_configured():
            check_tracking_template(value, demo=_check("office.demo", demo_raw) == "true")
        return value
    except UserError as exc:
        raise _bad_stored(key, exc) from None


def get(key: str) -> str:
    if key not in KEYS:
        raise _unknown(key)
    demo = _stored("office.demo") if key == "tracking.url_template" else "false"
    return _read(key, _stored(key), demo)


def _guard_office_code_change(old: str, new: str, confirm: bool) -> None:
    """The one place an office code change passes (hook an audit entry here).  Dossier codes
    carry the office code and their daily numbers are counted per office code: once dossiers
    exist, a new code restarts numbering under it, so it needs an explicit confirmation."""
    if new == old or confirm:
        return
    try:
        check_office_code(old)
    except UserError:
        return                 # repairing a bad stored code: nothing was numbered under it
    n = Dossier.select().count()
    if n:
        raise NeedsConfirmation(_(
            "Đã có {n} hồ sơ mang mã cơ quan {old}. Đổi sang {new} thì hồ sơ mới được đánh số lại "
            "từ 0001 theo mã mới; hồ sơ cũ giữ mã cũ. Hãy xác nhận nếu đúng là muốn đổi.").format(
            n=n, old=old, new=new), "office.code")


def validate(values: dict[str, str]) -> dict[str, str]:
    """The values checked and normalised, with the rules between keys: the tracking template
    against office.demo (given here, or else stored).  The wizard checks a page with it."""
    clean = {k: _check(k, v) for k, v in values.items()}
    if "tracking.url_template" in clean or "office.demo" in clean:
        demo = clean.get("office.demo") or _check("office.demo", _stored("office.demo"))
        template = clean.get("tracking.url_template") or _stored("tracking.url_template")
        check_tracking_template(template, demo=demo == "true")
    return clean


def set_many(values: dict[str, str], confirm: bool = False) -> None:
    """Validate every value first, then write: this PC's printer keys to its local file,
    the office's keys in one database transaction.  Changing office.code once dossiers exist
    raises NeedsConfirmation unless confirm=True."""
    clean = validate(values)
    with write():
        if "office.code" in clean and is_configured():
            _guard_office_code_change(_stored("office.code"), clean["office.code"], confirm)
        local_config.save({k: v for k, v in clean.items() if local_config.is_local(k)})
        for k, v in clean.items():
            if local_config.is_local(k):
                continue
            Setting.insert(key=k, value=v).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: v}).execute()


def set(key: str, value: str, confirm: bool = False) -> str:
    set_many({key: value}, confirm=confirm)
    return get(key)


def raw_values() -> dict[str, str]:
    """Every key's stored (or default) value, unchecked: for listing and fixing settings."""
    stored = {r.key: r.value for r in Setting.select()} | local_config.load()
    return {k: stored.get(k, d.default) for k, d in KEYS.items()}


def raw_values_stored() -> dict[str, str]:
    """Only the keys stored in the database (no defaults, no local file)."""
    return {r.key: r.value for r in Setting.select()}


def all_values() -> dict[str, str]:
    """Every key's value, each checked again (UserError naming the first bad key)."""
    raw = raw_values()
    return {k: _read(k, v, raw["office.demo"]) for k, v in raw.items()}


def is_configured() -> bool:
    """True once the office code has been set (first-run wizard or `init`)."""
    return Setting.get_or_none(Setting.key == "office.code") is not None


def office() -> Office:
    """The office as documents print it, with the form wording in force today."""
    v = all_values()
    in_force = rules.one_stop(datetime.now(VN_TZ).date())
    return Office(
        form_titles=tuple(sorted(in_force.form_titles.items())), legal_basis=in_force.basis,
        papers=rules.paper_set(datetime.now(VN_TZ).date()),
        code=v["office.code"], name=v["office.name"], address=v["office.address"],
        phone=v["office.phone"], parent_name=v["office.parent_name"],
        pickup_place=v["office.pickup_place"],
        tracking_url_template=v["tracking.url_template"],
        procedure_url_template=v["procedure.url_template"],
        survey_url=v["office.survey_url"], bank_bin=v["office.bank_bin"],
        bank_account=v["office.bank_account"], bank_account_name=v["office.bank_account_name"],
    )
