"""Locate the TTF fonts shipped in resources/fonts.

Two families: "sans" (DejaVu Sans: thermal receipts, labels, screens) and "serif"
(Liberation Serif, metric-compatible with Times New Roman, the font NĐ 30/2020 prescribes
for administrative papers: Mẫu 01–07, the register, QR boards). A style is an int:
0 regular, 1 bold, 2 italic, 3 bold italic (``True``/``False`` work as 1/0)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from app.resources import resource_path

SANS, SERIF = "sans", "serif"
FILES = {
    SANS: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    SERIF: ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"),
}
REGULAR, BOLD = FILES[SANS][0], FILES[SANS][1]
_SYSTEM_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation2",
                "C:/Windows/Fonts")


def shipped_fonts() -> list[Path]:
    """Every TTF in resources/fonts (the glyph-coverage test walks these)."""
    return sorted(resource_path("fonts").glob("*.ttf"))


def _candidates() -> list[Path]:
    dirs = [resource_path("fonts")]                  # source tree or the frozen bundle
    dirs.extend(Path(d) for d in _SYSTEM_DIRS)
    return dirs


@cache
def font_path(style: int = 0, family: str = SANS) -> str:
    name = FILES[family][int(style) & 3]
    for d in _candidates():
        p = d / name
        if p.is_file():
            return str(p)
    from app.domain import UserError
    raise UserError(f"Không tìm thấy phông chữ {name} trong resources/fonts — "
                    "hãy cài lại phần mềm.")
