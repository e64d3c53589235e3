"""DESIGN.md §2 import rules, enforced by walking the AST of every module."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# package -> top-level modules it must never import
FORBIDDEN = {
    "app": {"tkinter", "ttkbootstrap", "views", "printing", "cli", "main"},
    "db": {"tkinter", "ttkbootstrap", "views", "printing", "app", "cli", "main"},
    "printing": {"tkinter", "ttkbootstrap", "views", "db", "peewee", "playhouse", "cli", "main"},
    "views": {"peewee", "playhouse", "db", "cli", "main"},
}
# printing may use only app.domain from the app package
APP_ALLOWED = {"printing": {"app.domain"}}


def imports_of(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def violations() -> list[str]:
    bad = []
    for pkg, banned in FORBIDDEN.items():
        for path in sorted((ROOT / pkg).rglob("*.py")):
            for lineno, name in imports_of(path):
                top = name.split(".")[0]
                where = f"{path.relative_to(ROOT)}:{lineno} imports {name}"
                if top in banned:
                    bad.append(where)
                elif top == "app" and pkg in APP_ALLOWED:
                    ok = APP_ALLOWED[pkg]
                    if not any(name == a or name.startswith(a + ".") for a in ok) and name != "app":
                        bad.append(where)
    return bad


def test_import_rules_hold():
    assert violations() == []


def test_rule_checker_catches_a_violation(tmp_path, monkeypatch):
    fake = tmp_path / "views"
    fake.mkdir()
    (fake / "bad.py").write_text("import peewee\nfrom db.models import Dossier\n")
    for pkg in ("app", "db", "printing"):
        (tmp_path / pkg).mkdir()
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    found = violations()
    assert len(found) == 3 and all("views/bad.py" in v for v in found)


def test_no_module_over_500_lines():
    big = [str(p.relative_to(ROOT)) for d in ("app", "db", "printing", "views", "cli", "tests")
           for p in (ROOT / d).rglob("*.py") if len(p.read_text(encoding="utf-8").splitlines()) > 500]
    assert big == []
