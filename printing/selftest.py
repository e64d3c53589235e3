"""Self-test checks of the printing side: fonts, a receipt's ESC/POS bytes and its QR, and
whether the configured printer connection answers. Results are ``(status, detail)`` pairs
(``app.selftest`` wraps them; printing may not import it).

The QR is checked by re-encoding, so the frozen program needs no decoder: the ESC/POS raster is
decoded back to a bitmap (as a printer would print it), and the tracking URL, encoded again with
the same QR encoder, must be found there module for module at a whole-pixel scale, with its
4-module quiet zone white. When zxing-cpp is installed (development, tests) it also decodes the
bitmap. Nothing is sent to a printer: a probe only opens and closes the connection."""
from __future__ import annotations

import os
import re
import socket
import sys
import unicodedata
from pathlib import Path

from PIL import Image, ImageChops

Result = tuple[str, str]
BASE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")   # sắc huyền hỏi ngã nặng
VOWELS = "aăâeêioôơuưy"
QUIET = 4


def vietnamese_letters() -> list[str]:
    out = set(BASE) | {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES}
    out |= {c.upper() for c in out}
    return sorted(out)


def check_fonts() -> Result:
    """Every font the documents use loads and has a glyph for every Vietnamese letter."""
    from PIL import ImageFont
    from reportlab.pdfbase.ttfonts import TTFontFile

    from printing.fonts import FILES, font_path
    letters = vietnamese_letters() + list("0123456789đĐ.,:;/()-–…₫")
    problems, used = [], set()
    for family, names in FILES.items():
        for style in range(len(names)):
            try:
                path = font_path(style, family)
            except Exception as exc:  # noqa: BLE001 - UserError or an OS error: the finding
                problems.append(f"{family}/{style}: {exc}")
                continue
            if path in used:
                continue
            used.add(path)
            try:
                ImageFont.truetype(path, 12)
                cmap = TTFontFile(path).charToGlyph
            except Exception as exc:  # noqa: BLE001 - a damaged font file is the finding
                problems.append(f"{Path(path).name}: {exc}")
                continue
            missing = "".join(c for c in letters if ord(c) not in cmap)
            if missing:
                problems.append(f"{Path(path).name} thiếu {missing}")
    if problems:
        return "fail", "; ".join(problems)
    return "ok", f"{len(used)} phông ({', '.join(sorted(Path(p).name for p in used))}), " \
                 f"đủ {len(letters)} ký tự tiếng Việt"


def find_qr(img: Image.Image, data: str, ec: str = "M") -> tuple[int, int, int] | None:
    """(x, y, pixels per module) where the QR of ``data`` appears in a "1" bitmap with its quiet
    zone white, or None."""
    from printing.qr import qr_matrix
    matrix = qr_matrix(data, ec)
    n = len(matrix)
    small = Image.new("1", (n, n), 1)
    small.putdata([0 if v else 1 for row in matrix for v in row])
    img = img.convert("1").convert("L")          # ImageChops on mode "1" is unreliable
    w, h = img.size
    grey = img.tobytes()                         # one byte per pixel: 0 dark, 255 white
    bigs: dict[int, Image.Image] = {}
    for y in range(h):
        row = grey[y * w:(y + 1) * w]
        # a run of dark pixels 7 modules long: the top edge of the top-left finder pattern
        for run in re.finditer(rb"\x00+", row):
            x, length = run.start(), run.end() - run.start()
            m = length // 7
            if length % 7 or not 1 <= m <= 16 or x + n * m > w or y + n * m > h:
                continue
            if y and grey[(y - 1) * w + x] == 0:
                continue
            big = bigs.get(m) or bigs.setdefault(
                m, small.resize((n * m, n * m), Image.Resampling.NEAREST).convert("L"))
            crop = img.crop((x, y, x + n * m, y + n * m))
            if ImageChops.difference(crop, big).getbbox() is None and _quiet(img, x, y, n * m, m):
                return x, y, m
    return None


def _quiet(img: Image.Image, x: int, y: int, size: int, m: int) -> bool:
    q = QUIET * m
    box = (x - q, y - q, x + size + q, y + size + q)
    if box[0] < 0 or box[1] < 0 or box[2] > img.width or box[3] > img.height:
        return False
    region = img.crop(box)
    region.paste(255, (q, q, q + size, q + size))
    return region.getextrema() == (255, 255)


def check_receipt(width: int = 576) -> Result:
    """A sample receipt renders to ESC/POS (raster), and its tracking QR is printed whole."""
    from printing import documents, samples
    from printing.escpos_backend import EscposOptions, decode_raster, render_escpos
    rc = samples.receipt(1)
    data = render_escpos(documents.receipt(rc), EscposOptions(width=width))
    img = decode_raster(data)
    if img is None or img.width != width:
        return "fail", f"ESC/POS không có ảnh raster {width} chấm ({len(data)} byte)"
    found = find_qr(img, rc.tracking_url)
    if found is None:
        return "fail", "mã QR tra cứu không có trong ảnh in (hoặc thiếu vùng trắng 4 ô)"
    how = "mã hóa lại, khớp từng ô"
    try:
        import zxingcpp
    except ImportError:
        pass                       # the frozen program: re-encoding is the check
    else:
        texts = [b.text for b in zxingcpp.read_barcodes(img.convert("L"))]
        if rc.tracking_url not in texts:
            return "fail", "zxing-cpp không đọc được mã QR tra cứu trên biên nhận"
        how += "; zxing-cpp đọc được"
    x, y, m = found
    return "ok", f"{len(data)} byte ESC/POS, ảnh {img.width}×{img.height}; QR tại ({x},{y}), " \
                 f"{m} chấm/ô ({how})"


# ---- the configured printer ------------------------------------------------------------------
def probe_printer(kind: str, target: str, timeout: float = 3.0) -> Result:
    """Does the configured printer connection answer? Opens and closes it; prints nothing."""
    from printing.connections import KINDS, parse_target
    if not kind or kind == "none":
        return "skip", "chưa cấu hình máy in cho máy này"
    if kind not in KINDS:
        return "fail", f"kiểu kết nối '{kind}' không được hỗ trợ"
    try:
        s = parse_target(target, kind, timeout)
    except Exception as exc:  # noqa: BLE001 - UserError with the message to show
        return "fail", getattr(exc, "message", str(exc))
    where = f"{kind}:{s.target}"
    try:
        if kind == "network":
            host, _sep, port = s.target.rpartition(":") if ":" in s.target else (s.target, "", "9100")
            address = (host.strip("[] ") or s.target, int(port or 9100))
            with socket.create_connection(address, timeout=timeout):
                pass
        elif kind == "file":
            folder = Path(s.target).expanduser().parent
            if not folder.is_dir() or not os.access(folder, os.W_OK):
                return "fail", f"{where}: không ghi được vào thư mục {folder}"
        elif kind == "usb":
            import usb.core
            vid, pid = (int(x, 16) for x in s.target.replace("0x", "").split(":")[:2])
            if usb.core.find(idVendor=vid, idProduct=pid) is None:
                return "fail", f"{where}: không thấy thiết bị USB (dây cáp, nguồn, trình điều khiển WinUSB)"
        elif kind == "serial":
            import serial
            port, _sep, baud = s.target.partition(":")
            with serial.Serial(port, int(baud or 9600), timeout=timeout):
                pass
        elif kind == "win32raw":
            if sys.platform != "win32":
                return "fail", "win32raw chỉ dùng được trên Windows"
            import win32print
            win32print.ClosePrinter(win32print.OpenPrinter(s.target))
    except Exception as exc:  # noqa: BLE001 - the connection error is the finding
        return "fail", f"{where}: không trả lời ({type(exc).__name__}: {exc})"
    return "ok", f"{where} trả lời"
