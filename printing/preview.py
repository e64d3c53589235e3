"""PNG previews from the same layout the printers get (thermal width or paper pages)."""
from __future__ import annotations

import io

from PIL import Image

from printing.flow import layout
from printing.layout import Document
from printing.raster import measurer, paint

THERMAL_DPI = 203


def thermal_image(doc: Document, width_dots: int = 576, dpi: int = THERMAL_DPI) -> Image.Image:
    """The 1-bit bitmap a thermal printer prints: exactly ``width_dots`` wide."""
    scale = dpi / 72
    pages = layout(doc, measurer(scale, doc.font), thermal_width=width_dots / scale)
    return paint(pages[0], scale, mode="1", width_px=width_dots, family=doc.font)


def render_images(doc: Document, *, width_dots: int | None = None, dpi: int = 150) -> list[Image.Image]:
    """One image per page. Thermal documents render 1-bit at the printer's width."""
    if doc.is_thermal:
        return [thermal_image(doc, width_dots or doc.thermal_dots or 576).convert("L")]
    scale = dpi / 72
    return [paint(p, scale, mode="L", family=doc.font) for p in layout(doc, measurer(scale, doc.font))]


def render_png(doc: Document, *, width_dots: int | None = None, dpi: int = 150) -> bytes:
    """All pages stacked in one PNG, separated by a grey gap."""
    images = render_images(doc, width_dots=width_dots, dpi=dpi)
    gap = 16 if len(images) > 1 else 0
    w = max(i.width for i in images)
    h = sum(i.height for i in images) + gap * (len(images) - 1)
    sheet = Image.new("L", (w, h), 160)
    y = 0
    for im in images:
        sheet.paste(im, (0, y))
        y += im.height + gap
    buf = io.BytesIO()
    sheet.save(buf, "PNG", optimize=False)
    return buf.getvalue()
