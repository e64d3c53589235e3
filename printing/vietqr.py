"""VietQR (NAPAS 247, EMVCo merchant-presented QR) payloads for paying a fee by bank app.

Layout (ID, length, value; all lengths two digits):
  00 "01"  payload format · 01 "12" dynamic (has an amount) · 38 merchant account:
  {00 "A000000727" NAPAS GUID · 01 {00 BIN · 01 account} · 02 "QRIBFTTA" to account}
  53 "704" VND · 54 amount · 58 "VN" · 62 {08 purpose} · 63 CRC16-CCITT (0x1021, 0xFFFF)
"""
from __future__ import annotations

import re
import unicodedata

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"


def crc16_ccitt(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMVCo field {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def ascii_reference(text: str, limit: int = 25) -> str:
    """Bank apps show the purpose in ASCII: drop diacritics (đ → d), keep [A-Za-z0-9 .-]."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    s = re.sub(r"[^A-Za-z0-9 .\-]", "", s)
    return s[-limit:] if len(s) > limit else s


def payload(bank_bin: str, account: str, amount_vnd: int | None, reference: str) -> str:
    """The VietQR string for an amount (VND, whole đồng) and a reference (dossier code)."""
    bank_bin, account = bank_bin.strip(), account.strip()
    if not re.fullmatch(r"\d{6}", bank_bin):
        raise ValueError("bank BIN must be 6 digits")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account):
        raise ValueError("account must be 1-19 letters or digits")
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", _tlv("00", bank_bin) + _tlv("01", account)) \
        + _tlv("02", SERVICE_TO_ACCOUNT)
    parts = [_tlv("00", "01"), _tlv("01", "12" if amount_vnd else "11"), _tlv("38", merchant),
             _tlv("53", "704")]
    if amount_vnd:
        parts.append(_tlv("54", str(int(amount_vnd))))
    parts.append(_tlv("58", "VN"))
    ref = ascii_reference(reference)
    if ref:
        parts.append(_tlv("62", _tlv("08", ref)))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt(body.encode('ascii')):04X}"


def parse_tlv(text: str) -> dict[str, str]:
    """One level of EMVCo TLV; raises ValueError on a malformed string."""
    out, i = {}, 0
    while i < len(text):
        if i + 4 > len(text):
            raise ValueError("truncated TLV header")
        tag, n = text[i:i + 2], text[i + 2:i + 4]
        if not n.isdigit():
            raise ValueError(f"bad length at {i}")
        value = text[i + 4:i + 4 + int(n)]
        if len(value) != int(n):
            raise ValueError(f"truncated value for tag {tag}")
        out[tag] = value
        i += 4 + int(n)
    return out


def parse(text: str) -> dict:
    """Decode and check a VietQR string: {'bin','account','amount','purpose','currency',
    'country','crc_ok','fields'}. Raises ValueError if the structure is broken."""
    fields = parse_tlv(text)
    crc_ok = "63" in fields and text.endswith(fields["63"]) and \
        f"{crc16_ccitt(text[:-4].encode('ascii')):04X}" == fields["63"].upper()
    merchant = parse_tlv(fields.get("38", ""))
    bene = parse_tlv(merchant.get("01", ""))
    extra = parse_tlv(fields.get("62", ""))
    return {
        "guid": merchant.get("00"), "service": merchant.get("02"),
        "bin": bene.get("00"), "account": bene.get("01"),
        "amount": int(fields["54"]) if "54" in fields else None,
        "currency": fields.get("53"), "country": fields.get("58"),
        "purpose": extra.get("08"), "crc_ok": crc_ok, "fields": fields,
    }
