"""ESC/POS bytes for thermal printers, built with python-escpos' Dummy printer.

Text is never sent as text (python-escpos prints '?' for Vietnamese on most profiles):
the document is painted with the shipped TTF into a 1-bit bitmap and sent as raster
``GS v 0`` blocks. QR codes are part of that bitmap (default) or, with ``qr="native"``
on a profile that supports it, sent as ``GS ( k`` commands (~100 bytes instead of KBs).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from app.domain import UserError
from printing.layout import QR, Document, PageBreak, Text
from printing.preview import THERMAL_DPI, thermal_image
from printing.qr import qr_matrix

WIDTHS = {"escpos80": 576, "escpos58": 384}
FRAGMENT_ROWS = 256                       # rows per GS v 0 block: safe for small buffers
MIN_FEED = 12                             # white rows sent as a feed instead of raster
_INVERT = bytes(255 - i for i in range(256))   # PIL "1": 1 = white; ESC/POS: 1 = black
_EC_NATIVE = {"L": 0, "M": 1, "Q": 2, "H": 3}


@dataclass(frozen=True, slots=True)
class EscposOptions:
    width: int = 576                      # dots: 576 = 80 mm, 384 = 58 mm, 512 for some
    profile: str = "default"              # a python-escpos capabilities profile name
    qr: str = "raster"                    # raster | native
    cut: bool = True
    cash_drawer: bool = False
    dpi: int = 0                          # 0: from the profile, else 203


@lru_cache(maxsize=32)
def _profile_facts(name: str) -> tuple[int | None, int, bool]:
    """(max pixels or None, dpi, supports native QR) for a profile name."""
    from escpos.capabilities import get_profile
    try:
        prof = get_profile(name or "default")
    except Exception:  # noqa: BLE001 - python-escpos raises its own types for an unknown profile
        raise UserError(f"Không có hồ sơ máy in '{name}' trong python-escpos. "
                        "Chọn hồ sơ khác trong Cài đặt › Máy in.", "printer.profile") from None
    data = prof.profile_data
    media = data.get("media", {})
    px = media.get("width", {}).get("pixels")
    dpi = media.get("dpi")
    return (int(px) if str(px).isdigit() else None,
            int(dpi) if str(dpi).isdigit() else THERMAL_DPI,
            bool(data.get("features", {}).get("qrCode")))


def effective_width(options: EscposOptions) -> int:
    """The requested width, capped by the profile's maximum and rounded down to 8 dots."""
    cap, _, _ = _profile_facts(options.profile)
    width = min(options.width, cap) if cap else options.width
    return max(8, width - width % 8)


def raster_block(img) -> bytes:
    """A 1-bit PIL image as ESC/POS: ``GS v 0`` blocks of at most ``FRAGMENT_ROWS`` rows,
    each trimmed to its rightmost black dot; white bands of ``MIN_FEED`` rows or more are
    sent as ``ESC J n`` paper feeds instead of white raster (about a third fewer bytes)."""
    if img.mode != "1":
        img = img.convert("1")
    if img.width % 8:
        from PIL import Image
        padded = Image.new("1", (img.width + 8 - img.width % 8, img.height), 1)
        padded.paste(img, (0, 0))
        img = padded
    wb = img.width // 8
    data = img.tobytes().translate(_INVERT)
    rows = [data[r * wb:(r + 1) * wb] for r in range(img.height)]
    used = [len(row.rstrip(b"\0")) for row in rows]
    out, r, n = [], 0, len(rows)
    while r < n:
        blank = r
        while blank < n and not used[blank]:
            blank += 1
        if blank - r >= MIN_FEED or (blank == n and blank > r):
            gap = blank - r
            while gap > 0:
                out.append(b"\x1bJ" + bytes((min(gap, 255),)))   # ESC J n: feed n dots
                gap -= 255
            r = blank
            continue
        end = r
        while end < n and end - r < FRAGMENT_ROWS:
            if not used[end]:
                stop = end
                while stop < n and not used[stop]:
                    stop += 1
                if stop - end >= MIN_FEED or stop == n:
                    break
                end = stop
            else:
                end += 1
        end = min(end, r + FRAGMENT_ROWS)
        w = max(1, max(used[r:end]))
        out.append(b"\x1dv0\x00" + bytes((w & 255, w >> 8, (end - r) & 255, (end - r) >> 8))
                   + b"".join(row[:w] for row in rows[r:end]))
        r = end
    return b"".join(out)


def _dummy(profile: str):
    from escpos.printer import Dummy  # lazily: the import creates a temp dir
    return Dummy(profile=profile or "default")


def render_escpos(doc: Document, options: EscposOptions = EscposOptions()) -> bytes:
    """The document as ESC/POS bytes: init, raster (and native QR), feed, cut, drawer."""
    width = effective_width(options)
    _, profile_dpi, native_ok = _profile_facts(options.profile)
    dpi = options.dpi or profile_dpi
    native = options.qr == "native" and native_ok
    p = _dummy(options.profile)
    p._raw(b"\x1b@")                                          # ESC @ initialise
    blocks = [b for b in doc.blocks if not isinstance(b, PageBreak)]
    segment: list = []

    def flush():
        if segment:
            part = Document(tuple(segment), thermal_dots=width, font=doc.font)
            p._raw(raster_block(thermal_image(part, width, dpi)))
            segment.clear()

    for block in blocks:
        if native and isinstance(block, QR):
            flush()
            _native_qr(p, block, width, dpi)
            if block.caption:
                segment.append(Text(block.caption, block.caption_size, False, "center"))
        else:
            segment.append(block)
    flush()
    if options.cut:
        p.cut()
    if options.cash_drawer:
        p.cashdraw(2)
    return p.output


def _native_qr(p, block: QR, width: int, dpi: int) -> None:
    n = len(qr_matrix(block.data, block.ec))
    dots = min(width, block.size / 25.4 * dpi)
    module = max(1, min(16, int(dots // n)))
    p._raw(b"\x1ba\x01")                                       # ESC a 1: centre
    p.qr(block.data, ec=_EC_NATIVE[block.ec], size=module, native=True)
    p._raw(b"\n\x1ba\x00")                                     # print, back to left


def decode_raster(data: bytes):
    """Rebuild the printed bitmap from ESC/POS bytes (all ``GS v 0`` blocks stacked).

    Returns a PIL "1" image, or None if there is no raster. Used by tests and by the
    reprint preview of a saved job."""
    from PIL import Image
    blocks, i, y = [], 0, 0
    while True:
        nxt = [j for j in (data.find(b"\x1dv0", i), data.find(b"\x1bJ", i)) if j >= 0]
        if not nxt:
            break
        i = min(nxt)
        if data[i] == 0x1B:                                    # ESC J n: n white rows
            y += data[i + 2]
            i += 3
            continue
        wb = data[i + 4] | data[i + 5] << 8
        rows = data[i + 6] | data[i + 7] << 8
        blocks.append((y, wb, rows, data[i + 8:i + 8 + wb * rows]))
        y += rows
        i += 8 + wb * rows
    if not blocks:
        return None
    img = Image.new("1", (max(b[1] for b in blocks) * 8, y), 1)
    for top, wb, rows, body in blocks:
        img.paste(Image.frombytes("1", (wb * 8, rows), body.translate(_INVERT)), (0, top))
    return img
