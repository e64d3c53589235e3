"""Input checks shared by the GUI and the CLI: each raises UserError naming the field."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from app.domain import (
    ORGANISATION,
    PERSON,
    VN_TZ,
    Applicant,
    Delegate,
    DocumentReceived,
    UserError,
    nfc,
    unaccent,
)
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
MAX_TITLE = 100
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


def check_person_name(name: str, field: str, label: str) -> str:
    """A person's full name: required, no digits, at most MAX_NAME characters."""
    name = nfc(name)
    if not name:
        raise UserError(_("{label} là bắt buộc.").format(label=label), field)
    if len(name) > MAX_NAME or len(unaccent(name)) > 2 * MAX_NAME:   # search key is 300 max
        raise UserError(_("{label} quá dài (tối đa {max} ký tự).").format(label=label, max=MAX_NAME),
                        field)
    if any(ch.isdigit() for ch in name):
        raise UserError(_("{label} không được chứa chữ số.").format(label=label), field)
    return name


def check_org_name(name: str) -> str:
    """An organisation's name: required; digits are fine ("Công ty Cổ phần Xây dựng số 5")."""
    name = check_text(name, "name", _("Tên tổ chức"), MAX_NAME, required=True)
    if len(unaccent(name)) > 2 * MAX_NAME:
        raise UserError(_("Tên tổ chức quá dài (tối đa {max} ký tự).").format(max=MAX_NAME), "name")
    return name


# Mã số thuế (MST) of an organisation: 10 digits N1N2 N3…N9 N10 — N1N2 a province/unit number,
# N3–N9 a sequence, N10 a check digit over N1–N9 with weights 31 29 23 19 17 13 7 5 3:
# N10 = 10 − (Σ wᵢ·Nᵢ mod 11), a remainder 0 (N10 would be 10) is never issued. A dependent
# unit (chi nhánh, văn phòng đại diện) adds "-" and 001–999. Worked example 0100047516.
# Sources: the General Department of Taxation's MST structure (as implemented by python-stdnum /
# stdnum-js vn.mst); since 01/7/2025 (TT 86/2024/TT-BTC) persons use their CCCD instead.
MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
MST_RE = re.compile(r"([0-9]{10})(?:-([0-9]{3}))?")


def mst_check_digit(first9: str) -> int | None:
    """The 10th digit for the first nine; None when no valid MST starts with them."""
    c = 10 - sum(w * int(d) for w, d in zip(MST_WEIGHTS, first9, strict=True)) % 11
    return c if c <= 9 else None


def check_tax_code(value: str, field: str = "tax_code") -> str:
    """'0101234567', '0101234567-001' (also '0101234567001', spaces, '.'): the dash form."""
    v = re.sub(r"[\s.]", "", nfc(value))
    if not v:
        return ""
    if len(v) == 13 and ASCII_DIGITS.fullmatch(v):
        v = f"{v[:10]}-{v[10:]}"
    m = MST_RE.fullmatch(v)
    if not m:
        raise UserError(_("Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu '-' và 3 chữ số của "
                          "chi nhánh (ví dụ 0100047516 hoặc 0100047516-001)."), field)
    head, branch = m.group(1), m.group(2)
    if branch == "000":
        raise UserError(_("Mã số thuế chi nhánh: 3 số sau dấu '-' phải từ 001 đến 999."), field)
    if head[:2] == "00" or head[2:9] == "0000000" or mst_check_digit(head[:9]) != int(head[9]):
        raise UserError(_("Mã số thuế {mst} không đúng: chữ số kiểm tra (số thứ 10) không khớp — "
                          "kiểm tra lại từng chữ số.").format(mst=v), field)
    return v


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


def check_gender(value: str) -> str:
    gender = nfc(value)
    if gender and gender not in ("Nam", "Nữ"):
        raise UserError(_("Giới tính phải là 'Nam' hoặc 'Nữ'."), "gender")
    return gender


def check_birth_date(birth_date: date | None) -> date | None:
    if birth_date and birth_date > date.today():
        raise UserError(_("Ngày sinh không được ở tương lai."), "birth_date")
    if birth_date and birth_date < MIN_BIRTH_DAY:
        raise UserError(_("Ngày sinh không hợp lệ (trước năm 1900)."), "birth_date")
    return birth_date or None


def check_address(value: str) -> str:
    return check_text(value, "address", _("Địa chỉ"), MAX_ADDRESS)


def _kind(kind: str) -> str:
    k = nfc(kind).casefold() or PERSON
    aliases = {PERSON: PERSON, "ca nhan": PERSON, "cá nhân": PERSON, ORGANISATION: ORGANISATION,
               "organization": ORGANISATION, "to chuc": ORGANISATION, "tổ chức": ORGANISATION}
    if k not in aliases:
        raise UserError(_("Loại người nộp phải là 'cá nhân' (person) hoặc 'tổ chức' (organisation)."),
                        "kind")
    return aliases[k]


def check_applicant(name: str, id_number: str = "", phone: str = "", email: str = "",
                    address: str = "", birth_date: date | None = None, gender: str = "", *,
                    kind: str = PERSON, tax_code: str = "", representative: str = "",
                    representative_title: str = "") -> Applicant:
    """A person (name, CCCD, birth date, gender) or an organisation (its name, MST, legal
    representative): the fields of the other kind are refused, not silently dropped."""
    kind = _kind(kind)
    if kind == ORGANISATION:
        return check_organisation(name, id_number, phone, email, address, birth_date, gender,
                                  tax_code, representative, representative_title)
    if nfc(tax_code) or nfc(representative) or nfc(representative_title):
        raise UserError(_("Mã số thuế và người đại diện chỉ nhập khi người nộp là tổ chức; chọn "
                          "'Tổ chức' hoặc xoá các ô đó."), "tax_code" if nfc(tax_code) else "representative")
    gender = check_gender(gender)
    birth_date = check_birth_date(birth_date)
    return Applicant(name=check_name(name), id_number=check_id_number(id_number),
                     phone=check_phone(phone), email=check_email(email),
                     address=check_address(address), birth_date=birth_date, gender=gender)


def check_organisation(name: str, id_number: str = "", phone: str = "", email: str = "",
                       address: str = "", birth_date: date | None = None, gender: str = "",
                       tax_code: str = "", representative: str = "",
                       representative_title: str = "") -> Applicant:
    if nfc(id_number):
        raise UserError(_("Tổ chức không có số CCCD: nhập mã số thuế của tổ chức (số CCCD của "
                          "người đến nộp ghi ở phần người nộp thay)."), "id_number")
    if birth_date or nfc(gender):
        raise UserError(_("Ngày sinh và giới tính không áp dụng cho tổ chức."),
                        "birth_date" if birth_date else "gender")
    mst = check_tax_code(tax_code)
    if not mst:
        raise UserError(_("Mã số thuế của tổ chức là bắt buộc (10 chữ số, chi nhánh thêm '-' và 3 "
                          "chữ số)."), "tax_code")
    rep = check_person_name(representative, "representative", _("Họ tên người đại diện"))
    return Applicant(name=check_org_name(name), phone=check_phone(phone), email=check_email(email),
                     address=check_text(address, "address", _("Địa chỉ trụ sở"), MAX_ADDRESS),
                     kind=ORGANISATION, tax_code=mst, representative=rep,
                     representative_title=check_text(representative_title, "representative_title",
                                                     _("Chức vụ người đại diện"), MAX_TITLE))


def check_delegate(name: str = "", id_number: str = "", phone: str = "") -> Delegate | None:
    """Người nộp thay (được ủy quyền): none when every field is empty; else name and CCCD
    (checked like the applicant's) are required, the phone optional."""
    if not (nfc(name) or nfc(id_number) or nfc(phone)):
        return None
    who = _("Người nộp thay")
    person = check_person_name(name, "delegate_name", _("Họ tên người nộp thay"))
    try:
        cccd = check_id_number(id_number)
        tel = check_phone(phone)
    except UserError as exc:
        raise UserError(f"{who}: {exc.message}", f"delegate_{exc.field}") from None
    if not cccd:
        raise UserError(_("Người nộp thay: nhập số CCCD (12 chữ số) của người đến nộp."),
                        "delegate_id_number")
    return Delegate(name=person, id_number=cccd, phone=tel)


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
