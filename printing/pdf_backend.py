"""PDF via reportlab with the shipped TTFs, embedded (built-in fonts print ■ for Vietnamese
and would not be embedded): DejaVu Sans for thermal layouts, Liberation Serif for forms."""
from __future__ import annotations

import io
from functools import cache, lru_cache

from printing.flow import layout
from printing.fonts import FILES, SANS, font_path
from printing.layout import MM, Document
from printing.qr import dark_runs, qr_matrix

REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
THERMAL_WIDTH_MM = 72.0          # printable width of an 80 mm roll, for "receipt as PDF"


def face(family: str, style: int) -> str:
    """reportlab font name of a family and style (the TTF file name without .ttf)."""
    return FILES[family][int(style) & 3][:-4]


@cache
def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    for family in FILES:
        for style in range(4):
            name = face(family, style)
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, font_path(style, family)))


@cache
def _measure(family: str = SANS):
    from reportlab.pdfbase.pdfmetrics import stringWidth
    _register()

    @lru_cache(maxsize=8192)
    def measure(text: str, size: float, style: int) -> float:
        return stringWidth(text, face(family, style), size)
    return measure


def _text(c, name: str, size: float, x: float, y: float, text: str, cache: dict) -> None:
    """One string as raw PDF operators: what canvas.drawString writes for a TrueType subset
    font, without its per-call text object (a 20,000-row register draws ~300,000 strings).
    `cache` (one per document: subsets are per document) keeps each string's operators."""
    key = (name, size, text)
    ops = cache.get(key)
    if ops is None:
        from reportlab.pdfbase.pdfmetrics import getFont
        font = getFont(name)
        ops = cache[key] = " ".join(
            f"{font.getSubsetInternalName(subset, c._doc)} {size:.2f} Tf ({c._escape(chunk)}) Tj"
            for subset, chunk in font.splitString(text, c._doc))
    c._code.append(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {ops} ET")


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes; a thermal document becomes one 80 mm-wide page."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    _register()
    pages = layout(doc, _measure(doc.font), thermal_width=THERMAL_WIDTH_MM * MM if doc.is_thermal else None)
    buf = io.BytesIO()
    margin = 4 * MM if doc.is_thermal else 0.0
    # initialFontName: else every page starts with an unembedded base-14 Helvetica resource
    c = canvas.Canvas(buf, pagesize=(pages[0].width + 2 * margin, pages[0].height), invariant=1,
                      initialFontName=face(doc.font, 0), initialFontSize=10)
    c.setTitle(doc.title or "Một Cửa Desk")
    c.setCreator("Một Cửa Desk")
    strings: dict = {}
    for page in pages:
        W, H = page.width + 2 * margin, page.height
        c.setPageSize((W, H))
        c.translate(margin, 0)
        for op in page.ops:
            kind = op[0]
            if kind == "t":
                _, x, y, text, size, style = op
                _text(c, face(doc.font, style), size, x, H - y, text, strings)
            elif kind == "l":
                _, x1, y1, x2, y2, lw, dashed = op
                c.setLineWidth(lw)
                c.setDash(3, 2) if dashed else c.setDash()
                c.line(x1, H - y1, x2, H - y2)
                c.setDash()
            elif kind == "r":
                _, x, y, w, h, lw = op
                c._code.append(f"{lw:.2f} w {x:.2f} {H - y - h:.2f} {w:.2f} {h:.2f} re S")
            elif kind == "q":
                _, x, y, size, data, ec = op
                matrix = qr_matrix(data, ec)
                m = size / len(matrix)
                path = c.beginPath()
                for r, s, n in dark_runs(matrix):
                    path.rect(x + s * m, H - y - (r + 1) * m, n * m, m)
                c.drawPath(path, stroke=0, fill=1)
            elif kind == "i":
                _, x, y, w, h, png = op
                c.drawImage(ImageReader(io.BytesIO(png)), x, H - y - h, w, h, mask="auto")
        c.showPage()
    c.save()
    return buf.getvalue()
