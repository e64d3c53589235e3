"""Wording and formatting shared by the document builders (Vietnamese, NFC)."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import overload

from app.domain import VN_TZ, Office
from printing.layout import CENTER, Block, Columns, Separator, Text

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_LEVEL = r"(ủy ban nhân dân|uỷ ban nhân dân|ubnd|công an|bộ phận một cửa)?\s*" \
         r"(thị trấn|thị xã|thành phố|xã|phường|huyện|quận|tỉnh|đặc khu)?\s*"


@overload
def local(dt: datetime) -> datetime: ...
@overload
def local(dt: date) -> date: ...
def local(dt: datetime | date) -> datetime | date:
    """Aware datetimes shown in Asia/Ho_Chi_Minh; a naive one is taken as Vietnam time."""
    if isinstance(dt, datetime):
        return dt.astimezone(VN_TZ) if dt.tzinfo else dt.replace(tzinfo=VN_TZ)
    return dt


def fmt_date(d: datetime | date) -> str:
    d = local(d)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def fmt_time(dt: datetime) -> str:
    """'10 giờ 05 phút, ngày 25/11/2026'."""
    dt = local(dt)
    return f"{dt.hour:02d} giờ {dt.minute:02d} phút, ngày {fmt_date(dt)}"


def fmt_short(dt: datetime) -> str:
    dt = local(dt)
    return f"{dt.hour:02d}:{dt.minute:02d} {fmt_date(dt)}"


def fmt_long_date(d: datetime | date) -> str:
    """'ngày 25 tháng 11 năm 2026'."""
    d = local(d)
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def weekday(d: datetime | date) -> str:
    return WEEKDAYS[local(d).weekday()]


def fmt_int(n: int | None) -> str:
    """1234 → '1.234' (Vietnamese thousands separator); None → ''."""
    return "" if n is None else f"{int(n):,}".replace(",", ".")


def fmt_pct(x: float | None) -> str:
    """98.5 → '98,5 %'; nothing to count → '—'."""
    return "—" if x is None else f"{x:.1f}".replace(".", ",") + " %"


def fmt_vnd(amount: int | None) -> str:
    if not amount:
        return "Không thu"
    return fmt_int(amount) + " đồng"


def place_name(office: Office) -> str:
    """'UBND xã Phương Sơn' → 'Phương Sơn' (for the '…, ngày … tháng … năm …' line)."""
    name = re.sub("^" + _LEVEL, "", office.name.strip(), flags=re.IGNORECASE).strip()
    return name or office.name.strip()


def dated_line(office: Office, at: datetime | date) -> str:
    return f"{place_name(office)}, {fmt_long_date(at)}"


def fee_of(procedure, override: int | None = None) -> int | None:
    return override if override is not None else procedure.fee_vnd


def processing_text(days: int | None) -> str:
    return f"{days} ngày làm việc" if days else "Theo quy định"


def header(office: Office, at: datetime | date | None, base: float) -> Columns:
    """Office top left, quốc hiệu and tiêu ngữ top right, the dated line under them."""
    left: list[Block] = []
    if office.parent_name:
        left.append(Text(office.parent_name.upper(), base, False, CENTER, space_after=0))
    left.append(Text(office.name.upper(), base, True, CENTER, space_after=0))
    left.append(Separator(fraction=0.4, space=2.0))
    right: list[Block] = [Text(QUOC_HIEU, base, True, CENTER, space_after=0, fit=True),
             Text(TIEU_NGU, base + 0.5, True, CENTER, space_after=0, fit=True),
             Separator(fraction=0.62, space=2.0)]
    if at is not None:
        right.append(Text(dated_line(office, at), base, False, CENTER))
    return Columns((tuple(left), tuple(right)), weights=(40, 60), gap=3)


def title(text: str, base: float, sub: str = "") -> list:
    out = [Text(text, base + 3, True, CENTER, space_after=1)]
    if sub:
        out.append(Text(sub, base, False, CENTER, space_after=1))
    return out


def label_value(label: str, value: str, base: float, bold_value: bool = True) -> Text:
    return Text(((label, False), (value, bold_value)), base, space_after=2)


def timing(at: datetime, due: datetime) -> str:
    """Trước hạn / Đúng hạn / Quá hạn by calendar day in Vietnam time."""
    a, d = local(at).date(), local(due).date()
    return "Trước hạn" if a < d else "Đúng hạn" if a == d else "Quá hạn"
