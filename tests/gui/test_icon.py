"""The application icon loads in Tk as the window icon (the line views/main_window adds:
``root.iconphoto(True, *(tk.PhotoImage(file=icon_path(s)) for s in (256, 48, 32, 16)))``)."""
from __future__ import annotations

import shutil
import subprocess
import tkinter as tk

import pytest

from app.resources import icon_path


def test_icon_photos_load_and_become_the_window_icon(tk_root):
    photos = [tk.PhotoImage(master=tk_root, file=str(icon_path(s))) for s in (256, 48, 32, 16)]
    assert [(p.width(), p.height()) for p in photos] == [(256, 256), (48, 48), (32, 32), (16, 16)]
    top = tk.Toplevel(tk_root)
    try:
        top.iconphoto(False, *photos)
        top.update()
        assert tuple(photos[0].get(128, 82)) == (255, 255, 255)        # the paper: white
        if not (shutil.which("xprop") and shutil.which("xwininfo")):
            pytest.skip("xprop / xwininfo not installed")
        # what a window manager reads: _NET_WM_ICON on Tk's wrapper window (the parent of the
        # toplevel's own window when no window manager reparented it) = per size: width,
        # height, then ARGB pixels
        tree = subprocess.run(["xwininfo", "-children", "-id", str(top.winfo_id())],
                              capture_output=True, text=True, check=True).stdout
        wrapper = tree.split("Parent window id:", 1)[1].split()[0]
        out = subprocess.run(["xprop", "-len", "1000000", "-id", wrapper, "-f", "_NET_WM_ICON", "32c",
                              "_NET_WM_ICON"],
                             capture_output=True, text=True, check=True).stdout
        values = [int(v) for v in out.split("=", 1)[1].replace(",", " ").split()]
        sizes, i = [], 0
        while i < len(values):
            w, h = values[i], values[i + 1]
            sizes.append((w, h))
            i += 2 + w * h
        assert sizes == [(256, 256), (48, 48), (32, 32), (16, 16)]
        first = values[2:2 + 256 * 256]
        assert first[0] >> 24 == 0 and first[82 * 256 + 128] == 0xFFFFFFFF   # clear corner, white paper
    finally:
        top.destroy()
