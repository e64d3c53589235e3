"""app.resources: one place for bundled files, frozen (sys._MEIPASS) or not."""
from __future__ import annotations

import sys
from pathlib import Path

from app import resources

ROOT = Path(__file__).resolve().parents[1]


def test_source_tree_resources_exist():
    for parts in (("fonts", "DejaVuSans.ttf"), ("rules", "rules.json"), ("catalog", "procedures.json"),
                  ("locale",)):
        assert resources.resource_path(*parts).exists(), parts
    assert not resources.is_frozen()


def test_frozen_uses_meipass(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert resources.is_frozen()
    assert resources.resource_path("fonts", "x.ttf") == tmp_path / "resources" / "fonts" / "x.ttf"


def test_everyone_uses_the_helper():
    import app.catalog
    import app.i18n
    import app.rules
    import printing.fonts
    base = resources.resource_path()
    assert app.rules.RULES_FILE.is_relative_to(base)
    assert app.catalog.BUNDLED.is_relative_to(base)
    assert app.i18n.LOCALE_DIR.is_relative_to(base)
    assert all(p.is_relative_to(base) for p in printing.fonts.shipped_fonts())


# ---- the application icon (installer/make_icon.py) ----------------------------------------
def test_icon_files_have_every_size():
    from PIL import Image
    for size in resources.ICON_SIZES:
        with Image.open(resources.icon_path(size)) as im:
            assert im.format == "PNG" and im.size == (size, size) and im.mode == "RGBA"
            assert im.getpixel((0, 0))[3] <= 8                         # rounded corner: clear
            assert im.getpixel((size // 2, size // 2))[3] == 255       # the paper: opaque
    assert resources.icon_path().name == "motcua.png"
    with Image.open(resources.icon_path(ext="ico")) as ico:
        assert ico.format == "ICO"
        assert sorted(ico.info["sizes"]) == [(s, s) for s in resources.ICON_SIZES]
    import pytest
    with pytest.raises(ValueError):
        resources.icon_path(100)


def test_shipped_icons_are_what_the_script_draws(tmp_path):
    import importlib.util

    from PIL import Image
    spec = importlib.util.spec_from_file_location("make_icon", ROOT / "installer" / "make_icon.py")
    make_icon = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icon)
    written = make_icon.write_all(tmp_path)
    assert {p.name for p in written} == {p.name for p in resources.icon_path().parent.iterdir()}
    for p in written:
        shipped = resources.icon_path().parent / p.name
        with Image.open(p) as new, Image.open(shipped) as old:
            assert new.size == old.size and new.tobytes() == old.tobytes(), \
                f"{p.name}: run python installer/make_icon.py"


def test_pyinstaller_spec_and_inno_setup_use_the_icon(monkeypatch):
    """The spec evaluated with PyInstaller's build names stubbed (PyInstaller is not in the
    test environment): both programs get icon_path(ext="ico"); the setup gets it too."""
    import types
    calls = []
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda *a, **k: []
    hooks.collect_submodules = lambda *a, **k: []
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    ns = {"SPECPATH": str(ROOT / "installer"),
          "Analysis": lambda *a, **k: types.SimpleNamespace(pure=[], scripts=[], binaries=[], datas=[]),
          "PYZ": lambda *a, **k: None, "COLLECT": lambda *a, **k: None,
          "EXE": lambda *a, **k: calls.append(k)}
    monkeypatch.setattr(sys, "path", list(sys.path))
    exec(compile((ROOT / "installer" / "motcua.spec").read_text(encoding="utf-8"), "motcua.spec",
                 "exec"), ns)
    ico = resources.icon_path(ext="ico")
    assert [c["name"] for c in calls] == ["MotCuaDesk", "MotCuaDesk-cli"]
    assert all(c["icon"] == str(ico) for c in calls) and ico.is_file()
    iss = (ROOT / "installer" / "motcua.iss").read_text(encoding="utf-8-sig")
    assert "SetupIconFile={#AppIcon}" in iss
    default = iss.split('#define AppIcon "', 1)[1].split('"', 1)[0]
    assert ((ROOT / "installer") / default.replace("\\", "/")).resolve() == ico.resolve()
    build = (ROOT / "installer" / "build.py").read_text(encoding="utf-8")
    assert "/DAppIcon={icon_path(ext='ico')}" in build
