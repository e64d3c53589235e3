"""Rules that change with the law, read from resources/rules/rules.json by effective date.

Levels of local government, the legal basis printed on forms, form titles and how many
apologies with a new due date are allowed are data, not code paths: a new decree is a new
entry with its `effective_from`, and dossiers keep the rules of the day they concern."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.domain import PaperForm  # noqa: F401 - the rules' form value, shared with printing
from app.resources import resource_path

RULES_FILE = resource_path("rules", "rules.json")


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
    """The decree in force; `form_titles` are the titles of the paper set in force that day
    (the forms follow their circular's date, not the decree's)."""
    e = _pick(_load()["one_stop"], on)
    titles = {n: f.title for n, f in paper_set(on).forms.items()} if _load().get("paper_sets") \
        else dict(e.get("forms", {}))
    return OneStopRules(effective_from=date.fromisoformat(e["effective_from"]), basis=e["basis"],
                        apologies_allowed=int(e["apologies_allowed"]), form_titles=titles)


@dataclass(frozen=True, slots=True)
class PaperSet:
    """The forms of one circular with the day they take effect (printing reads it as is)."""
    key: str                      # "2018" | "2025"
    effective_from: date
    circular: str                 # "Thông tư 03/2025/TT-VPCP"
    basis: str                    # the "Ban hành kèm theo …" line
    forms: dict[str, PaperForm]   # number → PaperForm
    events: dict[str, str]        # event → number

    def by_kind(self, kind: str) -> PaperForm | None:
        return next((f for f in self.forms.values() if f.kind == kind), None)

    def for_event(self, event: str) -> PaperForm | None:
        n = self.events.get(event)
        return self.forms.get(n) if n else None


def _paper_set(e: dict) -> PaperSet:
    forms = {n: PaperForm(number=n, kind=f["kind"], title=f["title"], symbol=f.get("symbol"),
                          page=f.get("page", "A4")) for n, f in e["forms"].items()}
    return PaperSet(key=e["set"], effective_from=date.fromisoformat(e["effective_from"]),
                    circular=e["circular"], basis=e["basis"], forms=forms, events=dict(e["events"]))


def paper_set(on: date) -> PaperSet:
    """The set of forms in force on `on` (the day the paper is issued)."""
    return _paper_set(_pick(_load()["paper_sets"], on))


def paper_set_named(key: str) -> PaperSet:
    """A set by its key ("2018", "2025"), e.g. the CLI's --set."""
    for e in _load()["paper_sets"]:
        if e["set"] == str(key):
            return _paper_set(e)
    raise LookupError(f"no paper set {key!r}")


def paper_sets() -> list[PaperSet]:
    return [_paper_set(e) for e in _load()["paper_sets"]]


def levels(on: date) -> list[str]:
    return list(_pick(_load()["local_government"], on)["levels"])


def current_level(level: str, on: date) -> str:
    """The level that handles, on `on`, a procedure catalogued at `level` (e.g. huyện → xã
    after 1/7/2025)."""
    entry = _pick(_load()["local_government"], on)
    return entry.get("former_levels", {}).get(level, level)
