"""`make run` / `python main.py` without Tk: one line saying what to install, exit non-zero."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _no_tk_env(tmp_path) -> dict:
    (tmp_path / "sitecustomize.py").write_text('import sys\nsys.modules["tkinter"] = None\n')
    return dict(os.environ, PYTHONPATH=str(tmp_path), PYTHONIOENCODING="utf-8")


def test_main_without_tk_says_so_in_one_line(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True,
                       env=_no_tk_env(tmp_path), timeout=60)
    assert r.returncode == 1
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "python3-tk" in lines[0] and "3.11" in lines[0]
    assert "Traceback" not in r.stderr


def test_make_run_checks_the_interpreter_first(tmp_path):
    r = subprocess.run(["make", "-s", "check-tk", f"PY={sys.executable}"], cwd=ROOT,
                       capture_output=True, text=True, env=_no_tk_env(tmp_path), timeout=60)
    assert r.returncode != 0
    assert r.stdout.strip().splitlines() == [
        "make run cần Python 3.11+ có Tk (Debian/Ubuntu: sudo apt-get install python3-tk)."]
    ok = subprocess.run(["make", "-s", "check-tk", f"PY={sys.executable}"], cwd=ROOT,
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
