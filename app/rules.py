"""Rules that change with the law, read from resources/rules/rules.json by effective date.

Levels of local government, the legal basis printed on forms, form titles and how many
apologies with a new due date are allowed are data, not code paths: a new decree is a new
entry with its `effective_from`, and dossiers keep the rules of the day they concern."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parents[1] / "resources" / "rules" / "rules.json"


@dataclass(frozen=True, slots=True)
class OneStopRules:
    effective_from: date
    basis: str
    apologies_allowed: int
    form_titles: dict


@lru_cache(maxsize=1)
def _load() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def _pick(entries: list[dict], on: date) -> dict:
    valid = [e for e in entries if date.fromisoformat(e["effective_from"]) <= on]
    if not valid:
        raise LookupError(f"no rule in force on {on.isoformat()}")
    return max(valid, key=lambda e: e["effective_from"])


def one_stop(on: date) -> OneStopRules:
    e = _pick(_load()["one_stop"], on)
    return OneStopRules(effective_from=date.fromisoformat(e["effective_from"]), basis=e["basis"],
                        apologies_allowed=int(e["apologies_allowed"]), form_titles=dict(e["forms"]))


def levels(on: date) -> list[str]:
    return list(_pick(_load()["local_government"], on)["levels"])


def current_level(level: str, on: date) -> str:
    """The level that handles, on `on`, a procedure catalogued at `level` (e.g. huyện → xã
    after 1/7/2025)."""
    entry = _pick(_load()["local_government"], on)
    return entry.get("former_levels", {}).get(level, level)
