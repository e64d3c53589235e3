"""Where the bundled resources are: one helper for the source tree and the frozen program.

Unfrozen, ``resources/`` sits beside ``app/``. In a PyInstaller build the data files are
unpacked under ``sys._MEIPASS`` (one-folder: ``MotCuaDesk/_internal``), and the spec copies
``resources/`` there whole. Fonts, locale catalogs, rules, the bundled catalog and icons are all
found through :func:`resource_path`; nothing else should build a path from ``__file__``.
Imports nothing of ours (``printing`` may use it)."""
from __future__ import annotations

import sys
from pathlib import Path


def is_frozen() -> bool:
    """True in a PyInstaller build."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def base_dir() -> Path:
    """The folder that holds ``resources/``: ``sys._MEIPASS`` frozen, else the source tree."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass)
    return Path(__file__).resolve().parents[1]


def resource_path(*parts: str) -> Path:
    """``resource_path("fonts", "DejaVuSans.ttf")`` → …/resources/fonts/DejaVuSans.ttf."""
    return base_dir().joinpath("resources", *parts)


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)     # drawn by installer/make_icon.py


def icon_path(size: int = 256, ext: str = "png") -> Path:
    """The application icon: ``icon_path()`` motcua.png (256 px), ``icon_path(32)``
    motcua-32.png, ``icon_path(ext="ico")`` motcua.ico with every size (Windows, PyInstaller,
    Inno Setup)."""
    if ext == "ico":
        return resource_path("icons", "motcua.ico")
    if size not in ICON_SIZES:
        raise ValueError(f"no {size} px icon; sizes: {ICON_SIZES}")
    return resource_path("icons", "motcua.png" if size == max(ICON_SIZES) else f"motcua-{size}.png")
