"""One copy of the program per user and PC: a lock file in the per-user data folder.

The lock is the operating system's (fcntl.flock / msvcrt.locking) on an open file, so it
dies with the process that held it: a file left behind by a crash or a power cut is never
"stale" — the next start simply takes it. The file also says who holds it (pid, start time,
database) for the warning shown to the second copy."""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

from app.domain import VN_TZ


@dataclass(frozen=True, slots=True)
class Holder:
    pid: int
    started: str          # ISO time, local
    db: str


def default_path() -> Path:
    env = os.environ.get("MOTCUA_LOCK_FILE")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("MotCuaDesk", appauthor=False)) / "motcua.lock"


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


class InstanceLock:
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else default_path()
        self.fd: int | None = None

    def acquire(self, db: str = "") -> Holder | None:
        """Take the lock: None when taken (keep this object alive), else who holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            holder = self._read(fd)
            os.close(fd)
            return holder
        info = json.dumps({"pid": os.getpid(), "started": datetime.now(VN_TZ).isoformat(timespec="seconds"),
                           "db": db}).encode()
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, info.ljust(512))       # byte 0 stays locked on Windows; contents after it
        self.fd = fd
        return None

    @staticmethod
    def _read(fd: int) -> Holder:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            data = json.loads(os.read(fd, 4096).decode("utf-8", "replace").strip() or "{}")
        except (OSError, ValueError):
            data = {}
        return Holder(int(data.get("pid") or 0), str(data.get("started") or ""), str(data.get("db") or ""))

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)           # closing the file drops the OS lock
            self.fd = None
