"""app.resources: one place for bundled files, frozen (sys._MEIPASS) or not."""
from __future__ import annotations

import sys

from app import resources


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
