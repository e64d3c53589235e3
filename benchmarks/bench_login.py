"""Sign-in cost with the production scrypt parameters (N=2^17, r=8, p=1): hashing, one
login on a SQLite office, the old-hash upgrade, and a CLI command with vs without sign-in.
Prints JSON figures."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import auth, setup  # noqa: E402
from app.domain import Role  # noqa: E402
from db.models import User as UserRow  # noqa: E402

PASSWORD = "mat-khau-do-luong"


def ms(fn, n: int = 5) -> dict:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}


def main() -> None:
    url = "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="bench-login-")) / "office.sqlite3")
    setup.init_office(url, office_code="000.17.22.H56")
    admin = auth.create_user(None, "admin", "Quản Trị", Role.ADMIN, PASSWORD)
    res = {"scrypt": dict(auth.SCRYPT), "hash": ms(lambda: auth.hash_password(PASSWORD)),
           "login": ms(lambda: auth.login("admin", PASSWORD)),
           "wrong_password": ms(lambda: _fails(lambda: auth.login("admin", "sai-mat-khau")), 1),
           "unknown_user": ms(lambda: _fails(lambda: auth.login("khongco", PASSWORD)), 3)}
    auth.login("admin", PASSWORD)                  # reset the failure count

    def upgrade():
        saved = dict(auth.SCRYPT)
        auth.SCRYPT["n"] = 2 ** 14
        old = auth.hash_password(PASSWORD)
        auth.SCRYPT.update(saved)
        UserRow.update(password_hash=old).where(UserRow.username == admin.username).execute()
        t = time.perf_counter()
        auth.login("admin", PASSWORD)
        return (time.perf_counter() - t) * 1000
    res["login_with_upgrade_from_2^14_ms"] = round(upgrade(), 1)
    env = dict(os.environ, MOTCUA_DB=url, MOTCUA_USER="admin", MOTCUA_PASSWORD=PASSWORD)

    def cli(*args):
        subprocess.run([sys.executable, str(ROOT / "main.py"), *args], env=env, check=True,
                       capture_output=True)
    res["cli_outbox_list_signed_in"] = ms(lambda: cli("outbox", "list"), 3)
    res["cli_due_no_sign_in"] = ms(lambda: cli("due", "--from", "2026-02-13T16:00", "--days", "1"), 3)
    print(json.dumps(res, indent=1))


def _fails(fn):
    try:
        fn()
    except auth.UserError:
        return
    raise AssertionError("expected a refusal")


if __name__ == "__main__":
    main()
