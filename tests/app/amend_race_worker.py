"""Process body for the correction race: one counter corrects a dossier while the other
changes its status, at the same moment, both from the version they showed."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.app.race_worker import outcome_of  # noqa: E402


def run(url: str, worker: int, rounds: list[tuple[str, int | None]], barrier, results) -> None:
    from app import corrections, store, workflow
    from app.domain import Role, User
    store.open_database(url, upgrade=False)
    actor = User(f"quay{worker}", f"Quầy {worker}", Role.SUPERVISOR)
    for r, (code, version) in enumerate(rounds):
        barrier.wait(timeout=120)
        if worker == 0:
            outcome = outcome_of(workflow.change_status, actor, code, 5, note="Thiếu bản sao",
                                 expected_version=version)
        else:
            outcome = outcome_of(corrections.amend, actor, code,
                                 {"name": "Nguyễn Văn Ánh", "phone": "0987654321"}, "Gõ nhầm",
                                 expected_version=version)
        results.put((worker, r, outcome))
