"""Input checks shared by the GUI and the CLI: each raises UserError naming the field."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from app.domain import VN_TZ, Applicant, DocumentReceived, UserError, nfc, unaccent
from app.i18n import _

# Province / city codes of the 12-digit CCCD number (Thông tư 07/2016/TT-BCA, 63 units).
PROVINCE_CODES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
})
PHONE_PREFIXES = ("03", "05", "07", "08", "09")
LANDLINE_PREFIX = "02"      # fixed lines since 2017: 02 + area code, 11 digits (024 3…, 028 3…)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME = 150
MAX_ADDRESS = 500
MAX_DOCUMENT_NAME = 300
MAX_DAYS = 365
ASCII_DIGITS = re.compile(r"[0-9]+")     # \d and str.isdigit() also accept ٣, ３, ³ …
# Every date a user types (received, due, override day, status time) lies in this range.
MIN_DAY, MAX_DAY = date(2000, 1, 1), date(2100, 12, 31)
MIN_BIRTH_DAY = date(1900, 1, 1)
BIRTH_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d%m%Y", "%d.%m.%Y")     # 01/01/1990, 01011990 (CCCD QR)


def parse_birth_date(text: str) -> date | None:
    """A date of birth as typed at the counter (dd/mm/yyyy, also with - or . or none), or
    None when empty; checked as the registration checks it (not in the future, from 1900)."""
    text = nfc(text)
    if not text:
        return None
    for fmt in BIRTH_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        check_birth_date(day)
        return day
    raise UserError(_("Ngày sinh phải theo dạng dd/mm/yyyy."), "birth_date")


def check_birth_date(day: date) -> date:
    if day > date.today():
        raise UserError(_("Ngày sinh không được ở tương lai."), "birth_date")
    if day < MIN_BIRTH_DAY:
        raise UserError(_("Ngày sinh không hợp lệ (trước năm 1900)."), "birth_date")
    return day


def check_text(value, field: str, label: str, max_len: int, required: bool = False) -> str:
    """Free text: normalised (NFC, invisible characters and NUL removed); too long is an
    error, never a silent cut; `required` refuses text that is empty once normalised."""
    text = nfc(value)
    if required and not text:
        raise UserError(_("{label} là bắt buộc.").format(label=label), field)
    if len(text) > max_len:
        raise UserError(_("{label} quá dài ({n} ký tự, tối đa {max}).")
                        .format(label=label, n=len(text), max=max_len), field)
    return text


def check_day(day: date, field: str) -> date:
    """One range for every date typed by a user: 01/01/2000 … 31/12/2100."""
    if not MIN_DAY <= day <= MAX_DAY:
        raise UserError(_("{field}: ngày {day} nằm ngoài khoảng cho phép ({lo:%d/%m/%Y} – "
                          "{hi:%d/%m/%Y}).").format(field=field, day=day.isoformat(),
                                                    lo=MIN_DAY, hi=MAX_DAY), field)
    return day


def check_moment_range(at: datetime, field: str) -> datetime:
    """An aware or naive (= Vietnam time) moment whose local day is in the allowed range."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=VN_TZ)
    check_day(at.date(), field)          # its own wall-clock day first: no overflow below
    check_day(at.astimezone(VN_TZ).date(), field)
    return at


def check_days(days, field: str = "processing_days") -> int:
    """A number of working days: a whole number 0…365."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise UserError(_("{field}: số ngày phải là số nguyên từ 0 đến {max}.")
                        .format(field=field, max=MAX_DAYS), field)
    return days


def check_name(name: str) -> str:
    name = nfc(name)
    if not name:
        raise UserError(_("Họ tên người nộp là bắt buộc."), "name")
    if len(name) > MAX_NAME or len(unaccent(name)) > 2 * MAX_NAME:   # search key is 300 max
        raise UserError(_("Họ tên quá dài (tối đa {max} ký tự).").format(max=MAX_NAME), "name")
    if any(ch.isdigit() for ch in name):
        raise UserError(_("Họ tên không được chứa chữ số."), "name")
    return name


def check_id_number(value: str) -> str:
    value = re.sub(r"\s", "", nfc(value))
    if not value:
        return ""
    if len(value) != 12 or not ASCII_DIGITS.fullmatch(value):
        raise UserError(_("Số CCCD phải gồm đúng 12 chữ số."), "id_number")
    if value[:3] not in PROVINCE_CODES:
        raise UserError(_("Số CCCD không hợp lệ: 3 số đầu '{prefix}' không phải mã tỉnh, thành phố.")
                        .format(prefix=value[:3]),
                        "id_number")
    return value


def normalize_phone(value: str) -> str:
    """'+84 912 345 678', '84912345678', '0912.345.678' → '0912345678' (no validation)."""
    v = re.sub(r"[\s.\-()]", "", nfc(value))
    if v.startswith("+84"):
        v = "0" + v[3:]
    elif v.startswith("84") and (len(v) == 11 or (len(v) == 12 and v[2] == "2")):
        v = "0" + v[2:]
    return v


def check_phone(value: str) -> str:
    if not nfc(value):
        return ""
    v = normalize_phone(value)
    mobile = len(v) == 10 and v.startswith(PHONE_PREFIXES)
    landline = len(v) == 11 and v.startswith(LANDLINE_PREFIX)
    if not ASCII_DIGITS.fullmatch(v) or not (mobile or landline):
        raise UserError(_("Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09, hoặc "
                          "số cố định 11 chữ số bắt đầu bằng 02 (hoặc dạng +84…)."), "phone")
    return v


def check_email(value: str) -> str:
    value = nfc(value)
    if value and (not EMAIL_RE.match(value) or len(value) > 200):
        raise UserError(_("Địa chỉ thư điện tử không hợp lệ."), "email")
    return value


def check_documents(docs) -> tuple[DocumentReceived, ...]:
    out, seen = [], set()
    for i, d in enumerate(docs or (), start=1):
        name = check_text(d.name, "documents", _("Tên giấy tờ thứ {i}").format(i=i), MAX_DOCUMENT_NAME)
        if not name:
            raise UserError(_("Giấy tờ thứ {i}: thiếu tên giấy tờ.").format(i=i), "documents")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (d.originals, d.copies)) \
                or not (0 <= d.originals <= 99 and 0 <= d.copies <= 99) or d.originals + d.copies == 0:
            raise UserError(_("Giấy tờ '{name}': số bản chính/bản sao phải từ 0 đến 99 và ít nhất 1 bản.")
                            .format(name=name),
                            "documents")
        if name in seen:
            raise UserError(_("Giấy tờ '{name}' bị nhập hai lần.").format(name=name), "documents")
        seen.add(name)
        out.append(DocumentReceived(name=name, originals=d.originals, copies=d.copies))
    return tuple(out)


def check_applicant(name: str, id_number: str = "", phone: str = "", email: str = "",
                    address: str = "", birth_date: date | None = None, gender: str = "") -> Applicant:
    gender = nfc(gender)
    if gender and gender not in ("Nam", "Nữ"):
        raise UserError(_("Giới tính phải là 'Nam' hoặc 'Nữ'."), "gender")
    if birth_date:
        check_birth_date(birth_date)
    return Applicant(name=check_name(name), id_number=check_id_number(id_number),
                     phone=check_phone(phone), email=check_email(email),
                     address=check_text(address, "address", _("Địa chỉ"), MAX_ADDRESS),
                     birth_date=birth_date, gender=gender)


def parse_documents_text(items: list[str]) -> tuple[DocumentReceived, ...]:
    """CLI form 'Tên giấy tờ|bản chính|bản sao' (counts optional: default 0 originals, 1 copy)."""
    out = []
    for raw in items or ():
        parts = [p.strip() for p in raw.split("|")]
        try:
            if any(p and not ASCII_DIGITS.fullmatch(p) for p in parts[1:3]):
                raise ValueError(raw)
            originals = int(parts[1]) if len(parts) > 1 and parts[1] else 0
            copies = int(parts[2]) if len(parts) > 2 and parts[2] else (0 if originals else 1)
        except ValueError:
            raise UserError(_("Giấy tờ '{raw}': dạng đúng là 'Tên|số bản chính|số bản sao'.")
                            .format(raw=raw),
                            "documents") from None
        out.append(DocumentReceived(name=parts[0], originals=originals, copies=copies))
    return check_documents(out)


FUTURE_SLACK = timedelta(minutes=5)


def check_moment(at: datetime | None, field: str, not_before: datetime | None = None) -> datetime:
    """When something happened: default now; naive means Vietnam time; never in the future
    (5 minutes of clock slack) and never before `not_before`."""
    now = datetime.now(UTC)
    at = check_moment_range(at or now, field)
    if at > now + FUTURE_SLACK:
        raise UserError(_("Thời điểm không được ở tương lai."), field)
    if not_before is not None and at < not_before:
        raise UserError(_("Thời điểm phải sau lần cập nhật trước của hồ sơ ({last:%H:%M %d/%m/%Y}).")
                        .format(last=not_before.astimezone(VN_TZ)), field)
    return at
