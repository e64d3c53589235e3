"""Every shipped font covers the whole Vietnamese alphabet; every PDF embeds its fonts."""
from __future__ import annotations

import unicodedata

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from printing.fonts import FILES, SERIF, shipped_fonts

BASE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")   # sắc huyền hỏi ngã nặng
VOWELS = "aăâeêioôơuưy"


def vietnamese_letters() -> list[str]:
    """Every letter, precomposed (NFC), lower and upper case: 29 bases + 12 vowels × 5 tones."""
    out = set(BASE)
    for v in VOWELS:
        for t in TONES[1:]:
            out.add(unicodedata.normalize("NFC", v + t))
    out |= {c.upper() for c in out}
    assert all(len(c) == 1 for c in out)
    return sorted(out)


def test_alphabet_is_complete():
    letters = vietnamese_letters()
    assert len(letters) == 2 * (29 + 12 * 5)
    assert {"ặ", "Ặ", "ỹ", "Ỹ", "ự", "Ự", "đ", "Đ", "ổ", "Ổ"} <= set(letters)


@pytest.mark.parametrize("path", shipped_fonts(), ids=lambda p: p.name)
def test_font_covers_vietnamese(path):
    cmap = TTFontFile(str(path)).charToGlyph          # the font's cmap: code point → glyph
    missing = [c for c in vietnamese_letters() + list("0123456789.,:;/()-–…") if ord(c) not in cmap]
    assert not missing, f"{path.name} lacks {''.join(missing)}"


def test_serif_family_is_shipped():
    names = {p.name for p in shipped_fonts()}
    assert set(FILES[SERIF]) <= names
