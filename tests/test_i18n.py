"""UI catalogs: every message of the screens is translated to English with the same
placeholders, and the compiled .mo files match their .po sources."""
from __future__ import annotations

import re
from pathlib import Path

from app import i18n

ROOT = Path(__file__).resolve().parents[1]
PO = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "motcua.po"


def test_every_screen_message_has_an_english_translation():
    ids = i18n.extract(i18n.sources(ROOT))
    en = i18n.read_po(PO)
    missing = [m for m in ids if not en.get(m)]
    assert not missing, missing[:10]
    for m in ids:
        assert sorted(re.findall(r"\{\w+\}", m)) == sorted(re.findall(r"\{\w+\}", en[m])), m


def test_compiled_catalogs_are_current(tmp_path):
    for lang in i18n.LANGUAGES:
        po = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "motcua.po"
        out = tmp_path / f"{lang}.mo"
        i18n.compile_po(po, out)
        assert out.read_bytes() == po.with_suffix(".mo").read_bytes(), \
            f"run: python -m app.i18n compile ({lang})"


def test_switching_language():
    try:
        assert i18n.setup("en") == "en"
        assert i18n._("Tìm hồ sơ") == "Find dossier"
        assert i18n._("Hẹn trả: {due}").format(due="x") == "Due: x"
        assert i18n.setup("xx") == "vi"
        assert i18n._("Tìm hồ sơ") == "Tìm hồ sơ"
    finally:
        i18n.setup("vi")
