"""Locate the TTF fonts shipped in resources/fonts (DejaVu Sans, Vietnamese-complete)."""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
_SYSTEM_DIRS = ("/usr/share/fonts/truetype/dejavu", "C:/Windows/Fonts")


def _candidates() -> list[Path]:
    dirs = []
    frozen = getattr(sys, "_MEIPASS", None)          # PyInstaller one-file bundle
    if frozen:
        dirs.append(Path(frozen) / "resources" / "fonts")
    dirs.append(Path(__file__).resolve().parents[1] / "resources" / "fonts")
    dirs.extend(Path(d) for d in _SYSTEM_DIRS)
    return dirs


@lru_cache(maxsize=None)
def font_path(bold: bool = False) -> str:
    name = BOLD if bold else REGULAR
    for d in _candidates():
        p = d / name
        if p.is_file():
            return str(p)
    from app.domain import UserError
    raise UserError(f"Không tìm thấy phông chữ {name} trong resources/fonts — "
                    "hãy cài lại phần mềm.")
