"""Lay a ``Document`` out into pages of drawing operations (points, y downwards).

Backends give a ``measure(text, size_pt, style) -> width_pt`` (style: 0 regular, 1 bold,
2 italic, 3 bold italic — booleans are 0/1) so wrapping matches the
font they draw with, then paint the operations:

  ("t", x, baseline_y, text, size, style)     text
  ("l", x1, y1, x2, y2, width, dashed)        line
  ("r", x, y, w, h, width)                    rectangle outline
  ("q", x, y, size, data, ec)                 QR code in a size×size square
  ("i", x, y, w, h, png)                      picture
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from printing.layout import (
    CENTER,
    MM,
    QR,
    RIGHT,
    Block,
    Columns,
    Document,
    Image,
    PageBreak,
    Separator,
    SignatureBlock,
    Spacer,
    Table,
    Text,
)

Measure = Callable[[str, float, int], float]      # (text, size_pt, style 0–3) → width_pt
Piece = tuple[float, str, int]                     # (x, text, style) on one line
LINE = 1.3          # line height in em
QUIET = 4           # QR quiet zone, modules (ISO/IEC 18004)
ASCENT = 1.0        # baseline below the line top, in em (room for stacked diacritics)


@dataclass(slots=True)
class Page:
    width: float
    height: float
    ops: list = field(default_factory=list)


@dataclass(slots=True)
class _Slice:
    height: float
    ops: list
    kind: str = ""                  # "" | "break" | "row"
    header: _Slice | None = None  # table header to repeat on a new page


def shift(ops, dx: float, dy: float) -> list:
    out = []
    for op in ops:
        if op[0] == "l":
            out.append(("l", op[1] + dx, op[2] + dy, op[3] + dx, op[4] + dy, op[5], op[6]))
        else:
            out.append((op[0], op[1] + dx, op[2] + dy) + op[3:])
    return out


class Flow:
    def __init__(self, measure: Measure):
        self.measure = measure
        self._cells: dict = {}          # table cell layouts: registers repeat most cells

    # ---- text ----------------------------------------------------------------
    def _tokens(self, runs):
        """Words as (text, bold, space_before); '\\n' as None."""
        tokens: list[tuple[str, int, bool] | None] = []
        glue = False
        for run in runs:
            for i, seg in enumerate(run.text.split("\n")):
                if i:
                    tokens.append(None)
                    glue = False
                if seg[:1].isspace():
                    glue = False
                words = seg.split()
                for j, w in enumerate(words):
                    tokens.append((w, run.style, not (j == 0 and glue)))
                glue = bool(seg) and not seg[-1:].isspace()
        return tokens

    def wrap(self, runs, size: float, width: float) -> list[tuple[list[Piece], float]]:
        """Lines of (pieces, width); pieces are (x, text, style). Never drops a character."""
        m = self.measure
        lines: list[tuple[list[Piece], float]] = []
        pieces: list[Piece] = []
        x = 0.0
        width = max(width, size)               # at least one glyph per line
        for tok in self._tokens(runs):
            if tok is None:
                lines.append((pieces, x))
                pieces, x = [], 0.0
                continue
            word, bold, space = tok
            sp = m(" ", size, bold) if (space and pieces) else 0.0
            ww = m(word, size, bold)
            if pieces and x + sp + ww > width:
                lines.append((pieces, x))
                pieces, x, sp = [], 0.0, 0.0
            if ww > width:                     # a word longer than the line: break it
                chunk = ""
                for ch in word:
                    if chunk and x + m(chunk + ch, size, bold) > width:
                        cut = max(chunk.rfind("-"), chunk.rfind("/")) + 1   # prefer after - or /
                        rest = chunk[cut:] if 0 < cut < len(chunk) else ""
                        chunk = chunk[:cut] if rest else chunk
                        pieces.append((x, chunk, bold))
                        lines.append((pieces, x + m(chunk, size, bold)))
                        pieces, x, chunk = [], 0.0, rest
                    chunk += ch
                word, ww = chunk, m(chunk, size, bold)
            pieces.append((x + sp, word, bold))
            x += sp + ww
        if pieces or not lines:
            lines.append((pieces, x))
        return lines

    def _fit_size(self, t: Text, width: float) -> float:
        size, lines = t.size, t.plain.split("\n")
        while size > t.min_size and max(self.measure(ln, size, t.style) for ln in lines) > width:
            size = max(t.min_size, size - 0.5)
        return size

    def _merge(self, pieces: list[Piece], size: float) -> list[Piece]:
        """Join neighbouring words of one weight into one string (fewer draw calls)."""
        out: list[Piece] = []
        for x, text, bold in pieces:
            if out and out[-1][2] == bold:
                px, ptext, _ = out[-1]
                end = px + self.measure(ptext, size, bold)
                if abs(x - end) < 0.01:
                    out[-1] = (px, ptext + text, bold)
                    continue
                if abs(x - end - self.measure(" ", size, bold)) < 0.01:
                    out[-1] = (px, ptext + " " + text, bold)
                    continue
            out.append((x, text, bold))
        return out

    def text_lines(self, t: Text, width: float) -> list[_Slice]:
        size = self._fit_size(t, width - t.indent) if t.fit else t.size
        avail = width - t.indent
        out = []
        lh = size * LINE
        for pieces, lw in self.wrap(t.runs, size, avail):
            dx = t.indent + (avail - lw if t.align == RIGHT else (avail - lw) / 2 if t.align == CENTER else 0)
            ops = [("t", dx + px, size * ASCENT, s, size, b) for px, s, b in self._merge(pieces, size)]
            out.append(_Slice(lh, ops))
        if out and t.space_after:
            out[-1].height += t.space_after
        if t.keep_with_next:
            for line in out:
                line.kind = "keep"
        return out

    # ---- blocks ----------------------------------------------------------------
    def slices(self, block, width: float) -> list[_Slice]:
        if isinstance(block, Text):
            return self.text_lines(block, width)
        if isinstance(block, Spacer):
            return [_Slice(block.height * MM, [])]
        if isinstance(block, PageBreak):
            return [_Slice(0.0, [], "break")]
        if isinstance(block, Separator):
            w = width * block.fraction
            x = (width - w) / 2
            y = block.space + block.thickness / 2
            return [_Slice(2 * block.space + block.thickness,
                           [("l", x, y, x + w, y, block.thickness, block.style == "dashed")],
                           "keep" if block.keep_with_next else "")]
        if isinstance(block, Table):
            return self._table(block, width)
        if isinstance(block, QR):
            return [self._qr(block, width)]
        if isinstance(block, Image):
            return [self._image(block, width)]
        if isinstance(block, SignatureBlock):
            inner: list[Block] = [Text(block.title, block.size, True, CENTER, space_after=0, fit=True,
                          min_size=block.size - 2.5)]
            if block.hint:
                inner.append(Text(block.hint, block.size - 1.5, False, CENTER))
            inner.append(Spacer(block.space))
            if block.name:
                inner.append(Text(block.name, block.size, True, CENTER))
            ops, h = self.stack(inner, width)
            return [_Slice(h, ops)]
        if isinstance(block, Columns):
            return [self._columns(block, width)]
        raise TypeError(f"unknown block {type(block).__name__}")

    def stack(self, blocks, width: float) -> tuple[list, float]:
        """Blocks one under another without page breaks: (ops, height)."""
        ops, y = [], 0.0
        for b in blocks:
            for s in self.slices(b, width):
                ops.extend(shift(s.ops, 0, y))
                y += s.height
        return ops, y

    def _qr(self, q: QR, width: float) -> _Slice:
        """The symbol with a quiet zone of QUIET modules on every side (ISO/IEC 18004): the
        slice reserves it above and below, and the symbol shrinks to keep it at the sides."""
        from printing.qr import qr_matrix
        n = len(qr_matrix(q.data, q.ec))
        size = min(q.size * MM, width * n / (n + 2 * QUIET))
        quiet = size / n * QUIET
        x = (width - size) / 2 if q.align == CENTER else (width - size - quiet if q.align == RIGHT else quiet)
        ops = [("q", x, quiet, size, q.data, q.ec)]
        h = size + 2 * quiet
        if q.caption:
            cap, ch = self.stack([Text(q.caption, q.caption_size, False, CENTER, space_after=0)], width)
            ops.extend(shift(cap, 0, h))
            h += ch
        return _Slice(h + 2, ops)

    def _image(self, im: Image, width: float) -> _Slice:
        from PIL import Image as PILImage
        with PILImage.open(io.BytesIO(im.png)) as pic:
            iw, ih = pic.size
        w = min(im.width * MM, width)
        h = w * ih / iw
        x = (width - w) / 2 if im.align == CENTER else (width - w if im.align == RIGHT else 0.0)
        return _Slice(h + 2, [("i", x, 0.0, w, h, im.png)])

    def _table(self, t: Table, width: float) -> list[_Slice]:
        total = sum(c.weight for c in t.columns)
        widths = [width * c.weight / total for c in t.columns]
        pad = t.padding

        def row(cells, bold, header):
            ops, h, x = [], 0.0, 0.0
            for cell, w, col in zip(cells, widths, t.columns, strict=True):   # Table checks rows
                align = CENTER if header else col.align
                key = (cell, w, t.size, bold, align, pad)
                hit = self._cells.get(key)
                if hit is None:
                    hit = self._cells[key] = self.stack([Text(cell, t.size, bold, align, space_after=0)],
                                                        w - 2 * pad)
                cops, ch = hit
                ops.extend(shift(cops, x + pad, pad))
                h = max(h, ch)
                x += w
            h += 2 * pad
            if t.borders:
                x = 0.0
                for w in widths:
                    ops.append(("r", x, 0.0, w, h, 0.5))
                    x += w
            return _Slice(h, ops, "row")

        head = row([c.title for c in t.columns], True, True) if t.header else None
        if head is not None and t.groups:
            head = self._group_header(t, widths, head)
        if head is not None and t.numbered:
            num = row([f"({i})" for i in range(1, len(t.columns) + 1)], False, True)
            head = _Slice(head.height + num.height, head.ops + shift(num.ops, 0, head.height), "row")
        out = [head] if head else []
        for r in t.rows:
            s = row(r, False, False)
            s.header = head
            out.append(s)
        if out:
            out[-1] = _Slice(out[-1].height + 3, out[-1].ops, "row", out[-1].header)
        return out

    def _group_header(self, t: Table, widths: list, head: _Slice) -> _Slice:
        """A row of group titles spanning columns ("Ngày, tháng, năm" over three dates);
        columns outside a group keep one tall cell through both rows."""
        pad, x, i = t.padding, 0.0, 0
        spans = []
        for title, n in t.groups:
            spans.append((title, widths[i:i + n], x))
            x += sum(widths[i:i + n])
            i += n
        gh = 0.0
        for title, ws, _gx in spans:
            if title:
                cops, ch = self.stack([Text(title, t.size, True, CENTER, space_after=0)], sum(ws) - 2 * pad)
                gh = max(gh, ch + 2 * pad)
        out = []
        for title, ws, gx in spans:
            if title:
                cops, ch = self.stack([Text(title, t.size, True, CENTER, space_after=0)], sum(ws) - 2 * pad)
                out += shift(cops, gx + pad, pad)
                out.append(("r", gx, 0.0, sum(ws), gh, 0.5))
        # header ops: text moved down; cells under no group get the full height
        grouped: set[int] = set()
        col = 0
        for title, n in t.groups:
            if title:
                grouped.update(range(col, col + n))
            col += n
        lefts = [sum(widths[:k]) for k in range(len(widths))]
        for op in head.ops:
            if op[0] == "r":
                k = min(range(len(lefts)), key=lambda j: abs(lefts[j] - op[1]))
                if k in grouped:
                    out.append(("r", op[1], gh, op[3], op[4], op[5]))
                else:
                    out.append(("r", op[1], 0.0, op[3], op[4] + gh, op[5]))
            else:
                out += shift([op], 0, gh)
        return _Slice(head.height + gh, out, "row")

    def _columns(self, c: Columns, width: float) -> _Slice:
        gap = c.gap * MM
        total = sum(c.weights)
        free = width - gap * (len(c.cells) - 1)
        inset = 2 * MM if c.boxed else 0.0
        parts, x = [], 0.0
        for cell, wt in zip(c.cells, c.weights, strict=True):     # Columns checks the weights
            w = free * wt / total
            ops, h = self.stack(cell, w - 2 * inset)
            parts.append((x, w, ops, h))
            x += w + gap
        height = max((p[3] for p in parts), default=0.0) + 2 * inset
        ops = []
        for x, w, cops, h in parts:
            dy = height - 2 * inset - h if c.valign == "bottom" else 0.0
            ops.extend(shift(cops, x + inset, inset + dy))
            if c.boxed and cops:
                ops.append(("r", x, 0.0, w, height, 0.6))
        return _Slice(height + (2 if c.boxed else 0), ops)


def scaled(blocks, k: float) -> tuple:
    """The same blocks with every size (text, spacing, QR, signature room) times `k`."""
    from dataclasses import replace
    out = []
    for b in blocks:
        if isinstance(b, Text):
            b = replace(b, size=b.size * k, min_size=b.min_size * k, space_after=b.space_after * k)
        elif isinstance(b, Table):
            b = replace(b, size=b.size * k, padding=b.padding * k)
        elif isinstance(b, SignatureBlock):
            b = replace(b, size=b.size * k, space=b.space * k)
        elif isinstance(b, QR):
            b = replace(b, size=b.size * k, caption_size=b.caption_size * k)
        elif isinstance(b, Spacer):
            b = replace(b, height=b.height * k)
        elif isinstance(b, Separator):
            b = replace(b, space=b.space * k)
        elif isinstance(b, Columns):
            b = replace(b, cells=tuple(scaled(c, k) for c in b.cells))
        out.append(b)
    return tuple(out)


def layout(doc: Document, measure: Measure, *, thermal_width: float | None = None) -> list[Page]:
    """Pages of drawing operations. Thermal documents need ``thermal_width`` (pt).
    With ``doc.fit_pages`` the content shrinks step by step (to 75 %) until it fits; past
    that it flows on (tables continue on the next page, signatures stay at the end)."""
    if doc.fit_pages and not doc.is_thermal:
        from dataclasses import replace
        pages = _layout(doc, measure, thermal_width)
        k = 1.0
        while len(pages) > doc.fit_pages and k > 0.76:
            k -= 0.05
            pages = _layout(replace(doc, blocks=scaled(doc.blocks, k)), measure, thermal_width)
        return pages
    return _layout(doc, measure, thermal_width)


def _layout(doc: Document, measure: Measure, thermal_width: float | None) -> list[Page]:
    flow = Flow(measure)
    if doc.is_thermal:
        if thermal_width is None:
            raise ValueError("a thermal document needs the printer width")
        top, bottom = 1.5 * MM, 4 * MM
        ops, h = flow.stack([b for b in doc.blocks if not isinstance(b, PageBreak)], thermal_width)
        return [Page(thermal_width, h + top + bottom, shift(ops, 0, top))]

    pw, ph = doc.page_size_pt()
    mt, mr, mb, ml = (m * MM for m in doc.margins)
    width = pw - ml - mr
    limit = ph - mb
    pages = [Page(pw, ph)]
    y = mt

    def new_page():
        nonlocal y
        pages.append(Page(pw, ph))
        y = mt

    slices = [s for block in doc.blocks for s in flow.slices(block, width)]
    for k, s in enumerate(slices):
        if s.kind == "break":
            if pages[-1].ops:
                new_page()
            continue
        need = s.height
        if s.kind == "keep":            # a heading takes the first slice after it along
            j = k
            while j + 1 < len(slices) and slices[j + 1].kind == "keep":
                j += 1
                need += slices[j].height
            if j + 1 < len(slices) and slices[j + 1].kind != "break":
                need += slices[j + 1].height
        if y + need > limit and pages[-1].ops:
            new_page()
            if s.kind == "row" and s.header is not None and s is not s.header:
                pages[-1].ops.extend(shift(s.header.ops, ml, y))
                y += s.header.height
        pages[-1].ops.extend(shift(s.ops, ml, y))
        y += s.height
    if len(pages) > 1 or doc.footer:
        n = len(pages)
        for i, page in enumerate(pages, 1):
            label = f"{doc.footer} — Trang {i}/{n}" if doc.footer else f"Trang {i}/{n}"
            ops, _ = flow.stack([Text(label, 7.5, False, CENTER, space_after=0)], width)
            page.ops.extend(shift(ops, ml, ph - mb + 2 * MM))
    return pages
