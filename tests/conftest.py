"""Shared fixtures: a fresh SQLite file per test, a throwaway PostgreSQL cluster per session."""
from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("MOTCUA_CENTRAL_URL", "")   # never reach a real service from tests

from datetime import UTC  # noqa: E402

from tests.pgcluster import PgCluster, pg_available  # noqa: E402

_counter = itertools.count()


@pytest.fixture(autouse=True)
def local_config_file(tmp_path, monkeypatch):
    """This PC's settings file (printer) lives in the test's folder, never in ~/.config."""
    path = tmp_path / "local-config" / "local.json"
    monkeypatch.setenv("MOTCUA_LOCAL_CONFIG", str(path))
    return path


@pytest.fixture(autouse=True)
def backup_folder(tmp_path, monkeypatch):
    """Automatic backups (app.backup) go to the test's folder, never to the user's data dir."""
    path = tmp_path / "backups"
    monkeypatch.setenv("MOTCUA_BACKUP_DIR", str(path))
    return path


@pytest.fixture(scope="session")
def pg_cluster():
    if not pg_available():
        pytest.fail("PostgreSQL binaries (initdb, pg_ctl) are required for the db tests")
    cluster = PgCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return "sqlite:///" + str(tmp_path / "office.sqlite3")


@pytest.fixture
def pg_url(pg_cluster) -> str:
    return pg_cluster.create_db(f"t{os.getpid()}_{next(_counter)}")


@pytest.fixture(params=["sqlite", "postgres"])
def any_url(request, tmp_path):
    """Run a test on a fresh SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return "sqlite:///" + str(tmp_path / "office.sqlite3")
    return request.getfixturevalue("pg_url")


# Many tests register dossiers at hard-coded moments (November 2026) and the services refuse
# "future" moments. On a machine whose clock is earlier, the services' clock is moved forward
# to this floor (the same offset everywhere, so durations stay real); on a later clock nothing
# is patched at all. MOTCUA_TEST_CLOCK_FLOOR moves the floor (e.g. to try a later one).
CLOCK_FLOOR = os.environ.get("MOTCUA_TEST_CLOCK_FLOOR", "2026-12-01T12:00:00+07:00")


@pytest.fixture(autouse=True)
def clock_floor(monkeypatch):
    """Inject the clock: app.store.utcnow (and each module's imported copy of it) and the
    `datetime.now` of app.validation.check_moment, shifted by max(0, floor - now)."""
    from datetime import datetime

    from app import store, validation
    real_utcnow = store.utcnow
    offset = datetime.fromisoformat(CLOCK_FLOOR) - datetime.now(UTC)
    if offset.total_seconds() <= 0:
        yield None
        return
    original = getattr(real_utcnow, "__wrapped__", real_utcnow)

    def shifted_utcnow():
        return original() + offset

    shifted_utcnow.__wrapped__ = original

    class ShiftedDatetime:
        """app.validation's `datetime` name: now() shifted, the rest the real class."""
        def __getattr__(self, name):
            return getattr(datetime, name)

        @staticmethod
        def now(tz=None):
            return datetime.now(tz) + offset

    for name, mod in list(sys.modules.items()):
        if name.split(".")[0] in ("app", "views", "cli", "printing", "db", "main") and mod is not None \
                and getattr(mod, "utcnow", None) is real_utcnow:
            monkeypatch.setattr(mod, "utcnow", shifted_utcnow)
    monkeypatch.setattr(validation, "datetime", ShiftedDatetime())
    yield offset


@pytest.fixture(autouse=True)
def fast_scrypt(request, monkeypatch):
    """Cheap password hashes in this process (the stored hash says so: n=1024). Production's
    N=2^17 stays the default: tests marked `real_scrypt`, and CLI subprocesses, use it."""
    if request.node.get_closest_marker("real_scrypt"):
        return
    from app import auth
    monkeypatch.setitem(auth.SCRYPT, "n", 2 ** 10)


@pytest.fixture
def cli_login(monkeypatch):
    """CLI commands (in process or subprocess) sign in as `admin` through the environment."""
    monkeypatch.setenv("MOTCUA_USER", "admin")
    from tests.app.helpers import PASSWORD
    monkeypatch.setenv("MOTCUA_PASSWORD", PASSWORD)


@pytest.fixture
def office_db(sqlite_url, cli_login):
    """A fresh SQLite office initialised with the bundled catalog and the users of
    tests/app/helpers.py (admin, canbo1, lanhdao); yields the URL."""
    from app import setup
    from tests.app.helpers import create_users
    setup.init_office(sqlite_url, office_code="000.17.22.H56",
                      office_name="UBND xã Phương Sơn")
    create_users()
    return sqlite_url


@pytest.fixture
def any_office(any_url, cli_login):
    from app import setup
    from tests.app.helpers import create_users
    setup.init_office(any_url, office_code="000.17.22.H56", office_name="UBND xã Phương Sơn")
    create_users()
    return any_url
