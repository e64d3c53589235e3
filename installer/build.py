"""Build the Windows installer (or a Linux folder build):

    python installer/build.py [--version 0.1.0] [--no-setup]

1. compiles the UI catalogs (resources/locale/*/LC_MESSAGES/motcua.mo),
2. runs PyInstaller on installer/motcua.spec → dist/MotCuaDesk/,
3. on Windows, runs Inno Setup's ISCC on installer/motcua.iss → dist/installer/*.exe.
PyInstaller comes with `pip install -r requirements.lock`; Inno Setup 6 on the Windows build machine."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str]) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def find_iscc() -> str | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return found
    for base in (r"C:\Program Files (x86)\Inno Setup 6", r"C:\Program Files\Inno Setup 6"):
        p = Path(base) / "ISCC.exe"
        if p.exists():
            return str(p)
    return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--version", default=None, help="default: app.__version__")
    ap.add_argument("--no-setup", action="store_true", help="stop after PyInstaller")
    args = ap.parse_args()
    if args.version is None:
        sys.path.insert(0, str(ROOT))
        from app import __version__
        args.version = __version__
    run([sys.executable, "-m", "app.i18n", "compile"])
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("PyInstaller is not installed in this environment (pip install -r requirements.lock).",
              file=sys.stderr)
        return 2
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
         "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
         str(ROOT / "installer" / "motcua.spec")])
    if args.no_setup or sys.platform != "win32":
        print("Folder build:", ROOT / "dist" / "MotCuaDesk")
        return 0
    iscc = find_iscc()
    if not iscc:
        print("Inno Setup 6 (ISCC.exe) not found; the folder build is in dist/MotCuaDesk.",
              file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from app.resources import icon_path
    run([iscc, f"/DAppVersion={args.version}", f"/DAppIcon={icon_path(ext='ico')}",
         str(ROOT / "installer" / "motcua.iss")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
