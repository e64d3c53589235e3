"""Race tests' shared parts: `race` starts one spawned process per plan row, all released
by one barrier each round, and gathers {round: {worker: outcome}}; `outcome_of` runs one
attempt in a worker and says how it ended. `run` is the status-change race's process body."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def race(url: str, body, plan: list[list]) -> dict[int, dict[int, str]]:
    """Run `body(url, worker, plan[worker], barrier, results)` in len(plan) processes."""
    import multiprocessing as mp

    from app import store
    ctx = mp.get_context("spawn")
    workers = len(plan)
    barrier, results = ctx.Barrier(workers), ctx.Queue()
    procs = [ctx.Process(target=body, args=(url, i, plan[i], barrier, results)) for i in range(workers)]
    for p in procs:
        p.start()
    outcomes: dict[int, dict[int, str]] = {}
    for _n in range(workers * len(plan[0])):
        worker, r, outcome = results.get(timeout=180)
        outcomes.setdefault(r, {})[worker] = outcome
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    store.open_database(url)
    return outcomes


def outcome_of(action, *args, **kwargs) -> str:
    """'won', 'conflict', 'refused: <message>' or 'error: …' (which fails the test)."""
    from app.domain import ConflictError, UserError
    try:
        action(*args, **kwargs)
        return "won"
    except ConflictError:
        return "conflict"
    except UserError as exc:
        return "refused: " + exc.message
    except Exception as exc:  # reported to the test, which fails on it
        return f"error: {type(exc).__name__}: {exc}"


def run(url: str, worker: int, rounds: list[tuple[str, int, int | None]], barrier, results) -> None:
    """rounds: (code, target status, expected version or None). Reports (round, outcome)."""
    from app import store, workflow
    from app.domain import Role, User
    store.open_database(url, upgrade=False)
    actor = User(f"quay{worker}", f"Quầy {worker}", Role.SUPERVISOR)
    for r, (code, target, version) in enumerate(rounds):
        barrier.wait(timeout=120)
        results.put((worker, r, outcome_of(workflow.change_status, actor, code, target,
                                           note=f"quầy {worker}", expected_version=version)))
