"""Read back what the backends produced: QR codes via zxing-cpp, PDF text via poppler."""
from __future__ import annotations

import io
import subprocess
import unicodedata
from pathlib import Path

import zxingcpp
from PIL import Image


def qr_texts(img: Image.Image) -> list[str]:
    """Every QR code zxing-cpp finds (a white border is added: raster edges touch QRs)."""
    gray = img.convert("L")
    framed = Image.new("L", (gray.width + 40, gray.height + 40), 255)
    framed.paste(gray, (20, 20))
    return [b.text for b in zxingcpp.read_barcodes(framed) if b.format == zxingcpp.BarcodeFormat.QRCode]


def png_qr_texts(png: bytes) -> list[str]:
    return qr_texts(Image.open(io.BytesIO(png)))


def pdf_pages(pdf: bytes, tmp: Path, dpi: int = 150) -> list[Image.Image]:
    src = tmp / "doc.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(tmp / "page")], check=True)
    return [Image.open(p) for p in sorted(tmp.glob("page*.png"))]


def pdf_qr_texts(pdf: bytes, tmp: Path) -> list[str]:
    out = []
    for page in pdf_pages(pdf, tmp):
        out += qr_texts(page)
    return out


def pdf_text(pdf: bytes, tmp: Path, layout: bool = False) -> str:
    src = tmp / "text.pdf"
    src.write_bytes(pdf)
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(src), "-"]
    text = subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text), "PDF text must be NFC"
    return text


def words(text: str) -> list[str]:
    return text.split()


def pdf_page_count(pdf: bytes, tmp: Path) -> int:
    src = tmp / "count.pdf"
    src.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(src)], check=True, capture_output=True).stdout.decode()
    return int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))


def pdf_words(pdf: bytes, tmp: Path) -> tuple[float, float, list[tuple[str, float, float, float, float]]]:
    """(page width, page height, [(word, xmin, ymin, xmax, ymax)]) of the first page."""
    import html
    import re
    src = tmp / "bbox.pdf"
    src.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(src), "-"],
                         check=True, capture_output=True).stdout.decode("utf-8")
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    found = [(html.unescape(m.group(5)), *map(float, m.group(1, 2, 3, 4))) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]
    return float(page.group(1)), float(page.group(2)), found


def quiet_zones(img: Image.Image) -> dict[str, list[float]]:
    """For every QR zxing finds in a 1-bit bitmap: the white margin on each side, in modules
    (module size = symbol width / number of modules of that payload's matrix). Counting stops
    at the first black dot across the symbol's span, or at the image edge."""
    from printing.qr import qr_matrix
    gray = img.convert("L")
    px = gray.load()
    out: dict[str, list[float]] = {}
    for b in zxingcpp.read_barcodes(gray):
        if b.format != zxingcpp.BarcodeFormat.QRCode:
            continue
        p = b.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        n = len(qr_matrix(b.text))
        module = (x1 - x0 + 1) / n

        def white_run(coords):
            k = 0
            for line in coords:
                if any(px[x, y] < 128 for x, y in line):
                    break
                k += 1
            return k
        span_x, span_y = range(x0, x1 + 1), range(y0, y1 + 1)
        top = white_run([[(x, y) for x in span_x] for y in range(y0 - 1, -1, -1)])
        bottom = white_run([[(x, y) for x in span_x] for y in range(y1 + 1, gray.height)])
        left = white_run([[(x, y) for y in span_y] for x in range(x0 - 1, -1, -1)])
        right = white_run([[(x, y) for y in span_y] for x in range(x1 + 1, gray.width)])
        out[b.text] = [top / module, right / module, bottom / module, left / module]
    return out


def raster_has_block(data: bytes, block, options, font: str = "sans") -> bool:
    """Whether the bitmap printed by ESC/POS `data` (rendered with EscposOptions `options`)
    contains `block` (a layout Text) as it renders alone at the same width and dpi: each of its
    lines of ink (bands between white rows) must
    appear, byte for byte, as whole rows of the decoded raster, in order. This reads the text
    back *from the printed dots* (no OCR needed): one wrong digit is a different bitmap."""
    from printing.escpos_backend import _profile_facts, decode_raster, effective_width
    from printing.layout import Document
    from printing.preview import thermal_image
    width = effective_width(options)                 # what render_escpos printed with
    dpi = options.dpi or _profile_facts(options.profile)[1]
    printed = decode_raster(data)
    assert printed is not None and printed.width == width, "raster width differs"
    alone = thermal_image(Document((block,), thermal_dots=width, font=font), width, dpi).convert("1")
    stride = (width + 7) // 8
    rows = alone.tobytes()
    white = bytes([255]) * stride
    bands, start = [], None
    for y in range(alone.height + 1):
        ink = y < alone.height and rows[y * stride:(y + 1) * stride] != white
        if ink and start is None:
            start = y
        elif not ink and start is not None:
            bands.append(rows[start * stride:y * stride])
            start = None
    assert bands, "the block renders no ink"
    hay = printed.convert("1").tobytes()
    pos = 0
    for band in bands:
        at = hay.find(band, pos)
        while at >= 0 and at % stride:
            at = hay.find(band, at + 1)
        if at < 0:
            return False
        pos = at + len(band)
    return True


def receipt_block(doc, needle: str):
    """The Text block of a layout whose runs contain `needle`."""
    from printing.layout import Text
    for b in doc.blocks:
        if isinstance(b, Text):
            runs = b.text if isinstance(b.text, str) else "".join(getattr(r, "text", r) for r in b.text)
            if needle in runs:
                return b
    raise AssertionError(f"no block with {needle!r}")
