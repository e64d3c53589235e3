"""Process body for the hand-over race: hand one dossier to a department at the same moment."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.app.race_worker import outcome_of  # noqa: E402


def run(url: str, worker: int, rounds: list[tuple[str, int, int | None]], barrier, results) -> None:
    """rounds: (code, department id, expected version or None). Reports (worker, round, outcome)."""
    from app import handover, store
    from app.domain import Role, User
    store.open_database(url, upgrade=False)
    actor = User(f"quay{worker}", f"Quầy {worker}", Role.CLERK)
    for r, (code, dept, version) in enumerate(rounds):
        barrier.wait(timeout=120)
        results.put((worker, r, outcome_of(handover.hand_over, actor, code, dept,
                                           officer=f"cán bộ {worker}", expected_version=version)))
