"""Input checks shared by the GUI and the CLI: each raises UserError naming the field."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from app.domain import VN_TZ, Applicant, DocumentReceived, UserError, nfc
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
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME = 150


def check_name(name: str) -> str:
    name = nfc(name)
    if not name:
        raise UserError(_("Họ tên người nộp là bắt buộc."), "name")
    if len(name) > MAX_NAME:
        raise UserError(_("Họ tên quá dài (tối đa {max} ký tự).").format(max=MAX_NAME), "name")
    if any(ch.isdigit() for ch in name):
        raise UserError(_("Họ tên không được chứa chữ số."), "name")
    return name


def check_id_number(value: str) -> str:
    value = re.sub(r"\s", "", nfc(value))
    if not value:
        return ""
    if not re.fullmatch(r"\d{12}", value):
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
    elif v.startswith("84") and len(v) == 11:
        v = "0" + v[2:]
    return v


def check_phone(value: str) -> str:
    if not nfc(value):
        return ""
    v = normalize_phone(value)
    if not re.fullmatch(r"\d{10}", v) or not v.startswith(PHONE_PREFIXES):
        raise UserError(_("Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (hoặc "
                          "dạng +84…)."), "phone")
    return v


def check_email(value: str) -> str:
    value = nfc(value)
    if value and (not EMAIL_RE.match(value) or len(value) > 200):
        raise UserError(_("Địa chỉ thư điện tử không hợp lệ."), "email")
    return value


def check_documents(docs) -> tuple[DocumentReceived, ...]:
    out, seen = [], set()
    for i, d in enumerate(docs or (), start=1):
        name = nfc(d.name)
        if not name:
            raise UserError(_("Giấy tờ thứ {i}: thiếu tên giấy tờ.").format(i=i), "documents")
        if not (0 <= d.originals <= 99 and 0 <= d.copies <= 99) or d.originals + d.copies == 0:
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
    if birth_date and birth_date > date.today():
        raise UserError(_("Ngày sinh không được ở tương lai."), "birth_date")
    return Applicant(name=check_name(name), id_number=check_id_number(id_number),
                     phone=check_phone(phone), email=check_email(email),
                     address=nfc(address)[:500], birth_date=birth_date, gender=gender)


def parse_documents_text(items: list[str]) -> tuple[DocumentReceived, ...]:
    """CLI form 'Tên giấy tờ|bản chính|bản sao' (counts optional: default 0 originals, 1 copy)."""
    out = []
    for raw in items or ():
        parts = [p.strip() for p in raw.split("|")]
        try:
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
    now = datetime.now(timezone.utc)
    at = at or now
    if at.tzinfo is None:
        at = at.replace(tzinfo=VN_TZ)
    if at > now + FUTURE_SLACK:
        raise UserError(_("Thời điểm không được ở tương lai."), field)
    if not_before is not None and at < not_before:
        raise UserError(_("Thời điểm phải sau lần cập nhật trước của hồ sơ ({last:%H:%M %d/%m/%Y}).")
                        .format(last=not_before.astimezone(VN_TZ)), field)
    return at
