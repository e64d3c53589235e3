"""QR matrices (qrcode library), cached: every backend draws the same modules."""
from __future__ import annotations

from functools import lru_cache

MASK = 0
_EC = {"L": 1, "M": 0, "Q": 3, "H": 2}   # qrcode.constants.ERROR_CORRECT_*


@lru_cache(maxsize=512)
def qr_matrix(data: str, ec: str = "M") -> tuple[tuple[bool, ...], ...]:
    """Dark modules (True) without quiet zone; the layout leaves white space around."""
    import qrcode
    # A fixed mask: every mask is valid ISO 18004 and scans; the library's search for the
    # "best" one costs ~8 ms of Python per code (most of a receipt's render time).
    qr = qrcode.QRCode(version=None, error_correction=_EC[ec], border=0, mask_pattern=MASK)
    qr.add_data(data.encode("utf-8"))
    qr.make(fit=True)
    return tuple(tuple(bool(v) for v in row) for row in qr.get_matrix())


def dark_runs(matrix) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules as (row, start_col, length): few rectangles to draw."""
    runs = []
    for r, row in enumerate(matrix):
        c, n = 0, len(row)
        while c < n:
            if row[c]:
                s = c
                while c < n and row[c]:
                    c += 1
                runs.append((r, s, c - s))
            else:
                c += 1
    return runs
