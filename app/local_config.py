"""This PC's own settings (its receipt printer, the window's language and theme), kept beside
the user's profile, not in the office database: on a multi-counter PostgreSQL office every
counter has its own printer, and a clerk switching the window to English does not switch
every other counter.

The file is JSON in the per-user config folder (or $MOTCUA_LOCAL_CONFIG), written atomically."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import platformdirs

from app.domain import UserError, _

LOCAL_PREFIXES = ("printer.", "ui.")


def is_local(key: str) -> bool:
    return key.startswith(LOCAL_PREFIXES)


def path() -> Path:
    env = os.environ.get("MOTCUA_LOCAL_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir("MotCuaDesk", appauthor=False)) / "local.json"


def load() -> dict[str, str]:
    p = path()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}                 # unreadable: fall back to the office defaults
    return {k: str(v) for k, v in data.items() if isinstance(k, str) and is_local(k)}


def save(values: dict[str, str]) -> None:
    """Merge `values` into the file: write a temporary file, then replace (never half-written)."""
    if not values:
        return
    p = path()
    merged = load() | values
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".local-", suffix=".json", dir=p.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(merged, fh, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, p)
    except OSError as exc:
        raise UserError(_("Không ghi được tệp thiết lập của máy này ({path}): {err}")
                        .format(path=p, err=exc.strerror or exc)) from None
