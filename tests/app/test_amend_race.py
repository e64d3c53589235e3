"""Two processes: a correction and a status change of the same dossier at the same instant,
on SQLite and PostgreSQL. With the version each counter showed, exactly one wins and the other
is told to reopen (nothing half-written); without it, both apply, one after the other."""
from __future__ import annotations

import pytest

from db.models import Dossier, OutboxEvent, SearchToken, StatusHistory
from tests.app import amend_race_worker, race_worker
from tests.app.test_races import _office

ROUNDS = 8


def _race(url, plan):
    return race_worker.race(url, amend_race_worker.run, plan)


def _state(code):
    row = Dossier.get(Dossier.code == code)
    hist = list(StatusHistory.select().where(StatusHistory.dossier == row).order_by(StatusHistory.id))
    terms = {t for (t,) in SearchToken.select(SearchToken.term).where(SearchToken.dossier == row).tuples()}
    events = OutboxEvent.select().where(OutboxEvent.dossier_code == code).count()
    return row, hist, terms, events


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_a_correction_racing_a_status_change(engine, tmp_path, request):
    from app import store
    url = ("sqlite:///" + str(tmp_path / "race.sqlite3")) if engine == "sqlite" \
        else request.getfixturevalue("pg_url")
    from tests.app.helpers import make_users
    codes = _office(url, 2 * ROUNDS)
    make_users(["quay0", "quay1"])
    store.open_database(url)
    checked, blind = codes[:ROUNDS], codes[ROUNDS:]
    version = Dossier.get(Dossier.code == checked[0]).version
    outcomes = _race(url, [[(c, version) for c in checked] + [(c, None) for c in blind]] * 2)
    for r, code in enumerate(checked):
        got = outcomes[r]
        assert sorted(got.values()) == ["conflict", "won"], got
        row, hist, terms, events = _state(code)
        assert row.version == version + 1 and len(hist) == 3 and events == 3
        if got[1] == "won":                                  # the correction won
            assert (row.status, row.applicant_name) == (4, "Nguyễn Văn Ánh") and "n:nguyen van anh" in terms
        else:                                                 # the status change won
            assert (row.status, row.applicant_name) == (5, "Nguyễn Văn An")
            assert row.applicant_phone == "" and "p:" + "0987654321"[::-1] not in terms
    for r, code in enumerate(blind, start=ROUNDS):
        assert list(outcomes[r].values()) == ["won", "won"], outcomes[r]
        row, hist, terms, events = _state(code)
        assert (row.status, row.applicant_name, row.version) == (5, "Nguyễn Văn Ánh", version + 2)
        assert len(hist) == 4 and events == 4
        assert hist[-1].from_status == hist[-1].to_status or hist[-2].from_status == hist[-2].to_status
