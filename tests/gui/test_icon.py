"""The application icon is the main window's icon: DeskApp loads the PNGs of every size and
sets them with ``iconphoto`` (default for later toplevels too); a window manager reads them
from ``_NET_WM_ICON``."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from views.main_window import DeskApp


def _net_wm_icon(window) -> list[int]:
    """_NET_WM_ICON of Tk's wrapper window (the parent of the toplevel's own window when no
    window manager reparented it): per size width, height, then ARGB pixels."""
    tree = subprocess.run(["xwininfo", "-children", "-id", str(window.winfo_id())],
                          capture_output=True, text=True, check=True).stdout
    wrapper = tree.split("Parent window id:", 1)[1].split()[0]
    out = subprocess.run(["xprop", "-len", "1000000", "-id", wrapper, "-f", "_NET_WM_ICON", "32c",
                          "_NET_WM_ICON"],
                         capture_output=True, text=True, check=True).stdout
    assert "=" in out, f"no _NET_WM_ICON on the window: {out!r}"
    return [int(v) for v in out.split("=", 1)[1].replace(",", " ").split()]


def _sizes(values: list[int]) -> list[tuple[int, int]]:
    sizes, i = [], 0
    while i < len(values):
        w, h = values[i], values[i + 1]
        sizes.append((w, h))
        i += 2 + w * h
    return sizes


def test_the_main_window_carries_the_application_icon(office, make_app, tk_root):
    app = make_app(office["url"])
    photos = app._icons
    assert [(p.width(), p.height()) for p in photos] == [(s, s) for s in DeskApp.ICON_SIZES]
    assert tuple(photos[0].get(128, 82)) == (255, 255, 255)        # the paper: white
    if not (shutil.which("xprop") and shutil.which("xwininfo")):
        pytest.skip("xprop / xwininfo not installed")
    tk_root.update()
    values = _net_wm_icon(tk_root)
    assert _sizes(values) == [(256, 256), (48, 48), (32, 32), (16, 16)]
    first = values[2:2 + 256 * 256]
    assert first[0] >> 24 == 0 and first[82 * 256 + 128] == 0xFFFFFFFF   # clear corner, white paper
