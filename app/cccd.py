"""Parse the QR code printed on a Vietnamese chip CCCD (căn cước công dân / căn cước).

The chip card's QR carries one line of fields separated by '|':

    ID12|oldID9|Họ và tên|ddmmyyyy (ngày sinh)|Nam/Nữ|Địa chỉ thường trú|ddmmyyyy (ngày cấp)

e.g. ``001099012345|123456789|Nguyễn Văn An|01011990|Nam|Thôn Kèn, Phương Sơn, Lục Nam, Bắc Giang|15082021``.
The old 9-digit number is often empty; newer cards may append further fields, which are
ignored.  A keyboard-wedge scanner may add a BOM, a trailing CR/LF, decomposed (NFD)
diacritics or spaces around separators: all are tolerated.  Anything else is rejected
with a ``UserError`` that says what is wrong — never a half-filled value.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.domain import UserError, nfc
from app.i18n import _
from app.validation import PROVINCE_CODES

_GENDERS = {"nam": "Nam", "nu": "Nữ", "nữ": "Nữ", "male": "Nam", "female": "Nữ"}


@dataclass(frozen=True, slots=True)
class CccdData:
    id_number: str                  # 12 digits
    old_id: str                     # 9-digit CMND number or ""
    name: str
    birth_date: date
    gender: str                     # "Nam" | "Nữ"
    address: str
    issued_on: date | None


def _date(text: str, what: str) -> date:
    if not re.fullmatch(r"\d{8}", text):
        raise UserError(_("Mã QR CCCD: {what} '{text}' không đúng dạng ngày (ddmmyyyy).")
                        .format(what=what, text=text), "cccd")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise UserError(_("Mã QR CCCD: {what} '{text}' không phải ngày có thật.")
                        .format(what=what, text=text), "cccd") from None


def looks_like_cccd_qr(text: str) -> bool:
    """Cheap test used while keys arrive: 12 digits then a '|' separator."""
    t = (text or "").lstrip("\ufeff \t")
    return bool(re.match(r"\d{12}\s*\|", t))


def parse(text: str) -> CccdData:
    """Parse a scanned CCCD QR text; raise ``UserError`` when it is not one."""
    raw = unicodedata.normalize("NFC", str(text or "")).replace("\ufeff", "").strip()
    if not raw:
        raise UserError(_("Mã QR CCCD trống."), "cccd")
    if "|" not in raw:
        if raw.startswith(("http://", "https://")):
            raise UserError(_("Đây là mã QR địa chỉ (ví dụ phiếu hẹn), không phải mã QR trên CCCD."), "cccd")
        raise UserError(_("Không phải mã QR CCCD: thiếu dấu phân cách '|'."), "cccd")
    parts = [nfc(p) for p in raw.split("|")]
    if len(parts) < 6:
        raise UserError(_("Mã QR CCCD thiếu thông tin: có {count} trường, cần ít nhất 6.")
                        .format(count=len(parts)), "cccd")
    id_number = re.sub(r"\s", "", parts[0])
    if not re.fullmatch(r"\d{12}", id_number):
        raise UserError(_("Mã QR CCCD: số định danh '{number}' không gồm 12 chữ số.")
                        .format(number=parts[0]), "cccd")
    if id_number[:3] not in PROVINCE_CODES:
        raise UserError(_("Mã QR CCCD: 3 số đầu '{prefix}' không phải mã tỉnh, thành phố.")
                        .format(prefix=id_number[:3]), "cccd")
    old_id = re.sub(r"\s", "", parts[1])
    if old_id and not re.fullmatch(r"\d{9}|\d{12}", old_id):
        raise UserError(_("Mã QR CCCD: số CMND cũ '{number}' không hợp lệ.")
                        .format(number=parts[1]), "cccd")
    name = parts[2]
    if not name or any(ch.isdigit() for ch in name):
        raise UserError(_("Mã QR CCCD: họ tên trống hoặc có chữ số."), "cccd")
    birth = _date(parts[3], _("ngày sinh"))
    if birth > date.today() or birth.year < 1900:
        raise UserError(_("Mã QR CCCD: ngày sinh {birth:%d/%m/%Y} không hợp lệ.")
                        .format(birth=birth), "cccd")
    gender = _GENDERS.get(parts[4].casefold())
    if gender is None:
        raise UserError(_("Mã QR CCCD: giới tính '{gender}' phải là Nam hoặc Nữ.")
                        .format(gender=parts[4]), "cccd")
    address = parts[5]
    issued = _date(parts[6], _("ngày cấp")) if len(parts) > 6 and parts[6] else None
    if issued and issued < birth:
        raise UserError(_("Mã QR CCCD: ngày cấp trước ngày sinh."), "cccd")
    return CccdData(id_number=id_number, old_id=old_id, name=name, birth_date=birth,
                    gender=gender, address=address, issued_on=issued)
