"""Two counters change one dossier at the same instant: exactly one wins, the history is one
chain, the outbox holds one event per change (SQLite file and PostgreSQL)."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

from app import dossiers, registration, setup, store, workflow
from app.domain import VN_TZ, ConflictError, Status
from db.models import Dossier, OutboxEvent, StatusHistory
from tests.app import race_worker
from tests.app.helpers import CLERK, SUPERVISOR, create_users, make_users

WORKERS = 4
ROUNDS = 20
# From "Đang xử lý" (4) every one of these is allowed, and none of them follows another,
# except that 5 → 7 and 6 → 7 are allowed: without the checks a late loser could stack on top.
TARGETS = (Status.DONE, Status.SUPPLEMENT, Status.FINANCIAL, Status.WITHDRAWN)


def _office(url: str, rounds: int) -> list[str]:
    setup.init_office(url, office_code="000.17.22.H56")
    create_users()
    make_users([f"quay{i}" for i in range(WORKERS)])
    at = datetime.now(VN_TZ) - timedelta(days=2)
    out = []
    for _r in range(rounds):
        d = registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn An",
                                  received_at=at)
        workflow.change_status(CLERK, d.code, Status.PROCESSING, at=at + timedelta(minutes=5))
        out.append(d.code)
    return out


def _race(url: str, plan: list[list[tuple[str, int, int | None]]]) -> dict[int, list[str]]:
    by_round = race_worker.race(url, race_worker.run, plan)
    return {r: list(by_worker.values()) for r, by_worker in by_round.items()}


def _assert_single_chain(code: str, changes: int) -> None:
    row = Dossier.get(Dossier.code == code)
    hist = list(StatusHistory.select().where(StatusHistory.dossier == row)
                .order_by(StatusHistory.at, StatusHistory.id))
    for before, after in itertools.pairwise(hist):
        assert after.from_status == before.to_status, [(h.from_status, h.to_status) for h in hist]
    assert hist[-1].to_status == row.status
    assert len(hist) == 2 + changes                       # received, →4, then the winners
    assert OutboxEvent.select().where(OutboxEvent.dossier_code == code).count() == 2 + changes


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_conflicting_transitions_one_winner_per_round(engine, tmp_path, request):
    url = ("sqlite:///" + str(tmp_path / "race.sqlite3")) if engine == "sqlite" \
        else request.getfixturevalue("pg_url")
    codes = _office(url, ROUNDS)
    versions = {c: dossiers.get(c).version for c in codes}
    plan = [[(c, int(TARGETS[w]), versions[c]) for c in codes] for w in range(WORKERS)]
    outcomes = _race(url, plan)
    assert len(outcomes) == ROUNDS
    for r, got in outcomes.items():
        assert sorted(got).count("won") == 1, (r, got)
        assert all(o in ("won", "conflict") for o in got), got
    for c in codes:
        _assert_single_chain(c, 1)


@pytest.mark.slow
def test_without_expected_version_the_lock_keeps_one_chain(request):
    """The CLI style (no version shown first): every change is taken from the state the
    row really has, so losers are refused by the workflow, never forked."""
    url = request.getfixturevalue("pg_url")
    codes = _office(url, 8)
    plan = [[(c, int(TARGETS[w]), None) for c in codes] for w in range(WORKERS)]
    outcomes = _race(url, plan)
    for r, got in outcomes.items():
        # the row lock makes a loser wait and read the new state: a workflow refusal,
        # never a lost update caught only by the version check
        assert all(o == "won" or o.startswith("refused: Không thể chuyển") for o in got), got
        won = got.count("won")
        assert 1 <= won <= 2, got                 # 4→5 then 5→7 is a legal chain of two
        _assert_single_chain(codes[r], won)


def test_stale_version_is_a_conflict_and_writes_nothing(any_office):
    d = registration.register(CLERK, procedure_code="1.001193", name="Trần Thị Bình")
    workflow.change_status(CLERK, d.code, Status.PROCESSING)
    before = (StatusHistory.select().count(), OutboxEvent.select().count())
    with pytest.raises(ConflictError) as exc:
        workflow.change_status(SUPERVISOR, d.code, Status.SUPPLEMENT, note="Thiếu bản sao",
                               expected_version=d.version)
    assert "vừa được cập nhật ở quầy khác" in exc.value.message
    assert (StatusHistory.select().count(), OutboxEvent.select().count()) == before
    fresh = dossiers.get(d.code)
    assert fresh.status == Status.PROCESSING and fresh.version == d.version + 1
    with pytest.raises(ConflictError):
        workflow.apologize(SUPERVISOR, d.code, fresh.due_at + timedelta(days=3), "Chậm",
                           expected_version=d.version)
    ok = workflow.change_status(SUPERVISOR, d.code, Status.SUPPLEMENT, note="Thiếu bản sao",
                                expected_version=fresh.version)
    assert ok.version == fresh.version + 1


def test_save_refuses_a_row_changed_behind_its_back(office_db):
    """The version check in the UPDATE itself (the second line of defence)."""
    d = registration.register(CLERK, procedure_code="1.001193", name="Lê Văn Cường")
    with store.write():
        row = dossiers.lock(d.code)
        Dossier.update(version=Dossier.version + 1).where(Dossier.id == row.id).execute()
        row.note = "ghi đè"
        with pytest.raises(ConflictError):
            dossiers.save(row)


def test_apology_date_is_checked(office_db):
    from app.domain import UserError
    d = registration.register(CLERK, procedure_code="1.001193", name="Đặng Văn Phúc")
    for bad in (None, datetime(2101, 1, 1, tzinfo=VN_TZ)):
        with pytest.raises(UserError):
            workflow.apologize(SUPERVISOR, d.code, bad, "Chậm")
