"""Which file a report is written as: the one rule behind the window's save-as and the CLI's
--out (both used to decide it themselves; the window wrote Excel into any other name)."""
from __future__ import annotations

from pathlib import Path

from app.domain import UserError
from app.i18n import _

FORMATS = ("xlsx", "pdf")


def file_format(path: str | Path, allowed: tuple[str, ...] = FORMATS, label: str = "") -> str:
    """'xlsx' or 'pdf' from the file name's extension (any case); another extension is a
    UserError naming the ones allowed (`label`: how the caller names the file, e.g. --out)."""
    kind = Path(str(path)).suffix.lower().lstrip(".")
    if kind not in allowed:
        raise UserError(_("{what}: tệp báo cáo phải có đuôi {exts} (không phải “{name}”).").format(
            what=label or _("Tệp"), exts=", ".join("." + a for a in allowed), name=Path(str(path)).name),
            "out")
    return kind
