"""Text files offices bring (catalogs, survey exports — often from Excel): which encoding.

A BOM names its codec (UTF-8, UTF-16/32 LE/BE); otherwise strict UTF-8, else Windows-1258
(Vietnamese ANSI, which spells tones as combining marks — hence the NFC)."""
from __future__ import annotations

import codecs
import unicodedata

BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(data: bytes) -> str:
    """The text, NFC. ValueError when it is none of those (binary, or broken bytes)."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            candidates, data = [codec], data[len(bom):]
            break
    else:
        candidates = ["utf-8", "cp1258"]
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text and codec == "cp1258":
            break                                  # binary, not a text file
        return unicodedata.normalize("NFC", text)
    raise ValueError("not text in UTF-8, UTF-16/32 or Windows-1258")
