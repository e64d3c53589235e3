"""Paint laid-out pages onto Pillow images with the shipped TTF (preview and ESC/POS)."""
from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from printing.flow import Page
from printing.fonts import SANS, font_path
from printing.qr import qr_matrix


@lru_cache(maxsize=128)
def _font(px: int, style: int, family: str = SANS) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(style, family), px, layout_engine=ImageFont.Layout.BASIC)


def _px(size: float, scale: float) -> int:
    return max(6, round(size * scale))


@lru_cache(maxsize=16)
def measurer(scale: float, family: str = SANS):
    """measure(text, size_pt, style) -> width in pt, using the font size actually drawn."""
    @lru_cache(maxsize=8192)
    def measure(text: str, size: float, style: int) -> float:
        return _font(_px(size, scale), style, family).getlength(text) / scale
    return measure


def paint(page: Page, scale: float, *, mode: str = "1", width_px: int | None = None,
          family: str = SANS) -> Image.Image:
    """One page as an image: ``mode`` "1" (thermal, no anti-aliasing) or "L" (preview)."""
    w = width_px or round(page.width * scale)
    h = max(1, round(page.height * scale))
    img = Image.new(mode, (w, h), 255 if mode == "L" else 1)
    draw = ImageDraw.Draw(img)
    if mode == "1":
        draw.fontmode = "1"
    for op in page.ops:
        kind = op[0]
        if kind == "t":
            _, x, y, text, size, style = op
            draw.text((round(x * scale), round(y * scale)), text, fill=0,
                      font=_font(_px(size, scale), style, family), anchor="ls")
        elif kind == "l":
            _, x1, y1, x2, y2, lw, dashed = op
            lwp = max(1, round(lw * scale))
            pts = (round(x1 * scale), round(y1 * scale), round(x2 * scale), round(y2 * scale))
            if dashed and pts[1] == pts[3]:
                step = max(4, lwp * 6)
                for xs in range(pts[0], pts[2], step):
                    draw.line((xs, pts[1], min(xs + step * 2 // 3, pts[2]), pts[1]), fill=0, width=lwp)
            else:
                draw.line(pts, fill=0, width=lwp)
        elif kind == "r":
            _, x, y, rw, rh, lw = op
            x0, y0 = round(x * scale), round(y * scale)
            x1 = min(w - 1, round((x + rw) * scale))
            y1 = min(h - 1, round((y + rh) * scale))
            draw.rectangle((x0, y0, x1, y1), outline=0, width=max(1, round(lw * scale)))
        elif kind == "q":
            _, x, y, size, data, ec = op
            _paste_qr(img, x * scale, y * scale, size * scale, data, ec)
        elif kind == "i":
            _, x, y, iw, ih, png = op
            with Image.open(io.BytesIO(png)) as pic:
                grey = pic.convert("L").resize((max(1, round(iw * scale)), max(1, round(ih * scale))))
                img.paste(grey.convert(mode), (round(x * scale), round(y * scale)))
    return img


def _paste_qr(img: Image.Image, x: float, y: float, box: float, data: str, ec: str) -> None:
    matrix = qr_matrix(data, ec)
    n = len(matrix)
    module = max(1, int(box // n))          # whole pixels per module: crisp on a printer
    small = Image.new("1", (n, n), 1)
    small.putdata([0 if v else 1 for row in matrix for v in row])
    big = small.resize((n * module, n * module), Image.Resampling.NEAREST)
    off = (box - n * module) / 2
    img.paste(big.convert(img.mode), (round(x + off), round(y + off)))
