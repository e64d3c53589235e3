"""Draw the application icon (Pillow only) into resources/icons/:

    python installer/make_icon.py [OUT_DIR]

A rounded government-blue square; a white paper with a red header band and text lines rising
from a red counter; a small QR mark (three finder squares) on the paper. Each size is drawn
at 4× and reduced (clean edges); 16, 24 and 32 px leave out the QR and the thin lines, which would
only blur there. Writes motcua.png (256 px), motcua-<n>.png for the smaller sizes and
motcua.ico with every size. Deterministic: the same script gives the same files (a test checks
that the shipped files are what this draws)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.resources import ICON_SIZES, icon_path  # noqa: E402

BLUE = (21, 67, 150)           # government blue
BLUE_DARK = (13, 45, 108)
RED = (204, 32, 39)            # the flag's red
YELLOW = (255, 205, 0)
WHITE = (255, 255, 255)
INK = (60, 72, 96)
LINE = (176, 188, 208)
SCALE = 4                      # supersampling


def _draw(size: int) -> Image.Image:
    n = size * SCALE
    u = n / 256                                          # design units: a 256 grid
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)

    def box(x0, y0, x1, y1):
        return (round(x0 * u), round(y0 * u), round(x1 * u), round(y1 * u))

    simple = size <= 32
    # the tile: a darker rim under the blue face gives a little depth
    d.rounded_rectangle(box(8, 8, 248, 248), radius=round(52 * u), fill=BLUE_DARK)
    d.rounded_rectangle(box(8, 8, 248, 240), radius=round(52 * u), fill=BLUE)
    # the paper, behind the counter, with a folded corner
    px0, py0, px1, py1, fold = 62, 34, 194, 196, 30
    d.polygon([(round(px0 * u), round(py0 * u)), (round((px1 - fold) * u), round(py0 * u)),
               (round(px1 * u), round((py0 + fold) * u)), (round(px1 * u), round(py1 * u)),
               (round(px0 * u), round(py1 * u))], fill=WHITE)
    d.polygon([(round((px1 - fold) * u), round(py0 * u)), (round((px1 - fold) * u),
               round((py0 + fold) * u)), (round(px1 * u), round((py0 + fold) * u))], fill=LINE)
    # red header band with a yellow star (the national emblem's colours, no emblem)
    d.rectangle(box(px0 + 14, py0 + 16, px1 - fold - 8, py0 + 40 if not simple else py0 + 46),
                fill=RED)
    if not simple:
        cx, cy, r = px0 + 27, py0 + 28, 8.5
        pts = []
        for k in range(10):
            rad = r if k % 2 == 0 else r * 0.42
            a = -math.pi / 2 + k * math.pi / 5
            pts.append((round((cx + rad * math.cos(a)) * u), round((cy + rad * math.sin(a)) * u)))
        d.polygon(pts, fill=YELLOW)
        # text lines
        for i, (x1, y) in enumerate(((px1 - 16, 88), (px1 - 16, 104), (px1 - 72, 120))):
            d.rounded_rectangle(box(px0 + 14, y, x1, y + 7), radius=round(3 * u),
                                fill=INK if i == 0 else LINE)
        # the QR mark: three finder squares and a few modules, lower right of the paper
        q, m = (px1 - 62, 126), 6                        # top-left corner, module size
        for fx, fy in ((0, 0), (5, 0), (0, 5)):
            x, y = q[0] + fx * m, q[1] + fy * m
            d.rectangle(box(x, y, x + 3 * m, y + 3 * m), fill=INK)
            d.rectangle(box(x + m * 0.55, y + m * 0.55, x + 2.45 * m, y + 2.45 * m), fill=WHITE)
            d.rectangle(box(x + m, y + m, x + 2 * m, y + 2 * m), fill=INK)
        for mx, my in ((4, 4), (6, 5), (5, 7), (7, 7), (4, 6), (7, 4)):
            x, y = q[0] + mx * m, q[1] + my * m
            d.rectangle(box(x, y, x + m, y + m), fill=INK)
    else:
        d.rectangle(box(px0 + 14, 92, px1 - 16, 108), fill=INK)
    # the counter: a red desk top across the tile, the paper standing behind it
    d.rounded_rectangle(box(30, 178, 226, 206), radius=round(8 * u), fill=RED)
    d.rectangle(box(44, 206, 212, 226 if not simple else 232), fill=(150, 22, 28))
    return img.resize((size, size), Image.Resampling.LANCZOS)


def write_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    images = {s: _draw(s) for s in ICON_SIZES}
    written = []
    for s, im in images.items():
        path = out_dir / icon_path(s).name
        im.save(path, format="PNG", optimize=True)
        written.append(path)
    ico = out_dir / icon_path(ext="ico").name
    big = images[max(ICON_SIZES)]
    big.save(ico, format="ICO", sizes=[(s, s) for s in ICON_SIZES],
             append_images=[images[s] for s in ICON_SIZES if s != max(ICON_SIZES)])
    written.append(ico)
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else icon_path().parent
    for p in write_all(out):
        print(p)
