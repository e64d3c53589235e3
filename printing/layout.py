"""The layout model every backend renders: a small tree of frozen blocks.

Sizes: text in points (pt), physical lengths (QR, spacer, image) in millimetres.
A thermal page has the printer's width and grows with its content; a paper page
(A5, A4, A4L, A3, A3L or (width_mm, height_mm)) breaks blocks across pages.
All text is normalised to NFC when a block is built.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

LEFT, CENTER, RIGHT = "left", "center", "right"
MM = 72 / 25.4                      # points per millimetre

PAGE_SIZES_MM = {
    "A5": (148.0, 210.0), "A4": (210.0, 297.0), "A3": (297.0, 420.0),
    "A5L": (210.0, 148.0), "A4L": (297.0, 210.0), "A3L": (420.0, 297.0),
}
THERMAL = "thermal"


def nfc(text) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of a paragraph with its own weight (and slant)."""
    text: str
    bold: bool = False
    italic: bool = False

    def __post_init__(self):
        object.__setattr__(self, "text", nfc(self.text))

    @property
    def style(self) -> int:
        """0 regular, 1 bold, 2 italic, 3 bold italic (printing.fonts)."""
        return int(bool(self.bold)) | (2 if self.italic else 0)


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph, wrapped to the available width (never cut). '\\n' forces a break.

    ``text`` is a string or a tuple of ``Run`` (mixed weights). ``fit`` shrinks the
    size (down to ``min_size``) until the longest line fits without wrapping."""
    text: str | tuple
    size: float = 10.0
    bold: bool = False
    align: str = LEFT
    indent: float = 0.0             # pt, left
    space_after: float = 1.5        # pt
    fit: bool = False
    min_size: float = 6.0
    italic: bool = False
    keep_with_next: bool = False    # a heading: moves to the next page with what follows

    def __post_init__(self):
        if isinstance(self.text, str):
            object.__setattr__(self, "text", nfc(self.text))
        else:
            object.__setattr__(self, "text", tuple(
                r if isinstance(r, Run) else Run(*r) if isinstance(r, tuple) else Run(r)
                for r in self.text))

    @property
    def runs(self) -> tuple:
        if isinstance(self.text, str):
            return (Run(self.text, self.bold, self.italic),)
        return tuple(Run(r.text, r.bold or self.bold, r.italic or self.italic) for r in self.text)

    @property
    def style(self) -> int:
        return int(bool(self.bold)) | (2 if self.italic else 0)

    @property
    def plain(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class Separator:
    style: str = "solid"            # solid | dashed
    fraction: float = 1.0           # share of the width, centred
    thickness: float = 0.6          # pt
    space: float = 3.0              # pt above and below
    keep_with_next: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    weight: float = 1.0
    align: str = LEFT

    def __post_init__(self):
        object.__setattr__(self, "title", nfc(self.title))


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of wrapped cells; splits between rows across pages (header repeated)."""
    columns: tuple
    rows: tuple
    size: float = 9.0
    header: bool = True
    borders: bool = True
    padding: float = 2.5            # pt
    groups: tuple = ()              # ((title, n_columns), …) above the header; "" spans none
    numbered: bool = False          # a "(1) (2) … (n)" row under the header

    def __post_init__(self):
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "rows", tuple(tuple(nfc(c) for c in row) for row in self.rows))
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"table row has {len(row)} cells, expected {len(self.columns)}")


@dataclass(frozen=True, slots=True)
class QR:
    """A QR code of ``size`` mm (modules are whole printer dots on raster backends)."""
    data: str
    size: float = 30.0              # mm
    align: str = CENTER
    caption: str = ""
    caption_size: float = 8.0
    ec: str = "M"                   # L | M | Q | H

    def __post_init__(self):
        object.__setattr__(self, "caption", nfc(self.caption))


@dataclass(frozen=True, slots=True)
class Image:
    png: bytes = field(repr=False)
    width: float = 30.0             # mm; height keeps the aspect ratio
    align: str = CENTER


@dataclass(frozen=True, slots=True)
class Spacer:
    height: float = 3.0             # mm


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    title: str
    hint: str = "(Ký và ghi rõ họ tên)"
    name: str = ""
    size: float = 10.0
    space: float = 20.0             # mm left blank for the signature

    def __post_init__(self):
        for f in ("title", "hint", "name"):
            object.__setattr__(self, f, nfc(getattr(self, f)))


@dataclass(frozen=True, slots=True)
class Columns:
    """Side-by-side cells, each a tuple of blocks; kept together on one page."""
    cells: tuple
    weights: tuple = ()
    gap: float = 4.0                # mm
    boxed: bool = False
    valign: str = "top"             # top | bottom

    def __post_init__(self):
        object.__setattr__(self, "cells", tuple(tuple(c) for c in self.cells))
        w = tuple(self.weights) or (1.0,) * len(self.cells)
        if len(w) != len(self.cells):
            raise ValueError("one weight per cell")
        object.__setattr__(self, "weights", w)


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Text | Separator | Table | QR | Image | Spacer | SignatureBlock | Columns | PageBreak


@dataclass(frozen=True, slots=True)
class Document:
    """What every backend renders. ``page`` is ``"thermal"``, a name in PAGE_SIZES_MM or
    ``(width_mm, height_mm)``; ``margins`` (top, right, bottom, left) in mm."""
    blocks: tuple
    page: str | tuple = THERMAL
    title: str = ""
    margins: tuple = (10.0, 10.0, 10.0, 10.0)
    thermal_dots: int | None = None     # preferred raster width (test page)
    footer: str = ""                    # printed on every paper page with "Trang i/n"
    font: str = "sans"                  # "sans" (DejaVu) | "serif" (Liberation Serif ≈ Times)
    fit_pages: int = 0                  # > 0: shrink everything (down to 75 %) to fit that many pages

    def __post_init__(self):
        object.__setattr__(self, "blocks", tuple(self.blocks))
        object.__setattr__(self, "title", nfc(self.title))
        object.__setattr__(self, "footer", nfc(self.footer))

    @property
    def is_thermal(self) -> bool:
        return self.page == THERMAL

    def page_size_pt(self) -> tuple[float, float]:
        """Paper page size in points (thermal pages have no fixed size)."""
        if self.is_thermal:
            raise ValueError("thermal pages take the printer's width")
        w, h = PAGE_SIZES_MM[self.page] if isinstance(self.page, str) else self.page
        return w * MM, h * MM

    def iter_text(self):
        """Every string the document shows (for tests and search)."""
        yield from _texts(self.blocks)


def _texts(blocks):
    for b in blocks:
        if isinstance(b, Text):
            yield b.plain
        elif isinstance(b, Table):
            yield from (c.title for c in b.columns)
            for row in b.rows:
                yield from row
        elif isinstance(b, QR) and b.caption:
            yield b.caption
        elif isinstance(b, SignatureBlock):
            yield from (s for s in (b.title, b.hint, b.name) if s)
        elif isinstance(b, Columns):
            for cell in b.cells:
                yield from _texts(cell)


def qr_blocks(blocks):
    """Every QR in the tree, in reading order."""
    for b in blocks:
        if isinstance(b, QR):
            yield b
        elif isinstance(b, Columns):
            for cell in b.cells:
                yield from qr_blocks(cell)
