"""A second copy of the program on the same PC is noticed (lock file, OS lock: never stale)."""
import subprocess
import sys
import time

from app.instance import InstanceLock


def test_second_copy_sees_the_first_and_a_left_file_is_not_stale(tmp_path):
    path = tmp_path / "data" / "motcua.lock"
    first = InstanceLock(path)
    assert first.acquire("sqlite:///office.sqlite3") is None
    holder = InstanceLock(path).acquire()
    assert holder is not None and holder.pid > 0 and holder.db == "sqlite:///office.sqlite3"
    first.release()                      # as a crashed process would: the file stays, the lock goes
    assert path.exists()
    again = InstanceLock(path)
    assert again.acquire() is None
    again.release()


def test_another_process_holds_it(tmp_path):
    path = tmp_path / "motcua.lock"
    code = ("import sys, time; sys.path.insert(0, %r); from app.instance import InstanceLock;"  # noqa: UP031
            "l = InstanceLock(%r); assert l.acquire() is None; print('ok', flush=True); time.sleep(30)"
            % (str(__import__("pathlib").Path(__file__).resolve().parents[2]), str(path)))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ok"
        holder = InstanceLock(path).acquire()
        assert holder is not None and holder.pid == proc.pid
    finally:
        proc.kill()
        proc.wait()
    time.sleep(0.1)
    assert InstanceLock(path).acquire() is None          # the dead process's lock is gone


def test_warning_asks_and_can_refuse(tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_LOCK_FILE", str(tmp_path / "l.lock"))
    from views.instance_guard import single_instance
    asked = []
    first = single_instance("x", ask=lambda t, m: asked.append(m) or False)
    assert first is not None and not asked               # the first copy opens silently
    assert single_instance("x", ask=lambda t, m: asked.append(m) or False) is None
    assert "đang chạy trên máy này" in asked[0]
    assert single_instance("x", ask=lambda t, m: True) is not None   # "open anyway"
    first.release()
