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
APP_ALLOWED = {"printing": {"app.domain", "app.resources"}}


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


# ---- the application boundary: what views/ and cli/ may use from app -----------------------
# Per module: names taking the acting user first (`actor`), which check the role themselves,
# and free names that neither write nor show personal data (catalog, calendar, labels,
# parsing and validation, opening a database, signing in). Nothing else of app is theirs.
BOUNDARY: dict[str, tuple[set[str], set[str]]] = {
    "app.desk": ({"adapter_setting", "apologize_until", "backup", "clear_central_token",
                  "dossier_view", "events", "export_catalog", "failed_events", "find",
                  "import_catalog", "monthly_report", "queue_filters", "queue_for", "receipt",
                  "register_book", "remove_override", "retry_events", "save_procedure",
                  "save_settings", "search_page", "seed_demo", "set_central_token", "set_override",
                  "settings_screen_data", "show", "suggested_new_due", "users", "search_filters",
                  "change_status", "apologize_with_paper", "retry_dossier_events",
                  "save_printer_settings"},
                 {"Changed", "DossierView", "SearchPage", "Startup", "first_run", "sign_in", "startup",
                  "status_snapshot", "watch_connection", "central_token_state"}),
    "app.auth": ({"accounts", "create_user", "set_active", "set_password", "set_role", "require"},
                 {"check_new_password", "database_is_empty", "has_users", "login"}),
    "app.registration": ({"register", "suggest_applicant"}, {"new_request_id", "preview_due"}),
    "app.workflow": ({"apologize", "change_status"}, {"ACTION_LABELS", "NOTE_REQUIRED", "allowed",
                                                      "note_prompt"}),
    "app.events": (set(), {"subscribe", "DOSSIER_CHANGED", "OUTBOX_CHANGED"}),   # post-commit news
    "app.corrections": ({"amend", "preview", "can_amend"},
                        {"FIELDS", "LABELS", "PROCEDURE", "DOCUMENTS", "Amendment", "DuePreview",
                         "fields_for", "label_for"}),
    "app.search": ({"find"}, {"Filters"}),
    "app.handover": ({"activate_department", "add_department", "deactivate_department", "departments",
                      "hand_over", "overview", "receive_back", "records", "rename_department"},
                     {"Department", "Handed", "HandoverRecord", "Overview", "RESULT_LABELS"}),
    "app.instance": (set(), {"InstanceLock"}),      # this PC's one-copy lock file
    "app.audit": ({"entries", "verify", "grant_app_role"}, set()),
    "app.backup": ({"backup", "restore", "daily_backup"}, {"check_backup_file"}),
    "app.dbcopy": ({"copy_to"}, set()),
    "app.papers": ({"issue", "issue_number", "for_status"}, set()),
    "app.catalog": (set(), {"LEVELS", "fields", "find", "list_procedures", "local_code", "get", "browse"}),
    "app.calendar": (set(), {"office_calendar"}),
    "app.cccd": (set(), {"CccdData", "looks_like_cccd_qr", "parse"}),
    "app.local_config": (set(), {"path", "get", "set_many", "values"}),
    "app.maintenance": (set(), {"check", "damaged_error"}),
    "app.privacy": (set(), {"list_id", "list_phone", "mask_id", "mask_phone", "setup_logging"}),
    # ---- reports: every service checks the supervisor role itself ----
    "app.reports": ({"export_dossiers", "on_time_by_month", "queue", "received_per_day", "remind",
                     "report_06a", "uncollected"}, {"month_period", "queue_groups", "file_format"}),
    "app.ratings": ({"followups", "import_file", "record_call", "satisfaction"}, {"OUTCOMES"}),
    "app.report_xlsx": (set(), {"write_06a", "write_ratings"}),    # aggregates only, no personal data
    # ---- end reports ----
    "app.rules": (set(), {"paper_set", "paper_set_named"}),
    "app.settings": (set(), {"KEYS", "NeedsConfirmation", "get", "office", "raw_values",
                             "validate", "all_values"}),
    "app.setup": (set(), {"init_office"}),           # refuses a database that has users
    "app.selftest": (set(), {"Check", "check_database", "check_keyring", "check_printer_modules",
                             "check_central", "central_url", "printer_settings", "exit_code"}),  # read only
    "app.store": (set(), {"open_database"}),
    "app.resources": (set(), {"icon_path"}),         # the window icon (views/main_window)
    "app.sync": (set(), {"status"}),
    "app.sync.credentials": (set(), {"has_backend", "source"}),
    "app.sync.dvcqg": ({"sync_catalog"}, set()),
    "app.sync.dvcqg_mapping": ({"set_mapping", "delete_mapping", "import_csv"},
                               {"list_mappings", "unmapped_procedures", "export_csv"}),
    "app.sync.worker": (set(), {"SyncWorker"}),
    "app.validation": (set(), {"check_day", "check_days", "check_email", "check_id_number",
                               "check_moment_range", "check_name", "check_phone", "parse_birth_date",
                               "parse_documents_text", "check_org_name", "check_person_name",
                               "check_tax_code"}),
    "app.domain": (set(), {"*"}),
    "app.i18n": (set(), {"*"}),
    "app": (set(), {"__version__"}),
}


def boundary_uses(root: Path = ROOT) -> list[tuple[str, str, str]]:
    """(where, app module, name) for every use of app in views/ and cli/."""
    import importlib
    out = []
    for pkg in ("views", "cli"):
        for path in sorted((root / pkg).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            aliases: dict[str, str] = {}
            for node in ast.walk(tree):
                where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                        and node.module.split(".")[0] == "app":
                    for a in node.names:
                        full = f"{node.module}.{a.name}"
                        try:
                            importlib.import_module(full)
                            aliases[a.asname or a.name] = full
                        except ImportError:
                            out.append((where, node.module, a.name))
                elif isinstance(node, ast.Import):
                    for a in node.names:
                        if a.name.split(".")[0] == "app":
                            out.append((where, a.name, "*import*"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                        and node.value.id in aliases:
                    out.append((f"{path.relative_to(root)}:{node.lineno}", aliases[node.value.id],
                                node.attr))
            for full in aliases.values():           # a module imported but never used as x.y
                if not any(m == full for _w, m, _n in out):
                    out.append((f"{path.relative_to(root)}", full, "*module*"))
    return out


def test_views_and_cli_use_only_the_boundary():
    bad = []
    for where, module, name in boundary_uses():
        if module not in BOUNDARY:
            bad.append(f"{where}: {module} is not part of the application boundary")
            continue
        actor, free = BOUNDARY[module]
        if name not in actor | free and "*" not in free and name != "*module*":
            bad.append(f"{where}: {module}.{name} is not in the boundary allow-list")
    assert bad == []


def test_boundary_functions_take_the_actor_first():
    import importlib
    import inspect
    bad = []
    for module, (actor, _free) in BOUNDARY.items():
        mod = importlib.import_module(module)
        for name in actor:
            fn = getattr(mod, name, None)
            if fn is None:
                bad.append(f"{module}.{name} does not exist")
                continue
            params = list(inspect.signature(fn).parameters)
            if not params or params[0] != "actor":
                bad.append(f"{module}.{name}{inspect.signature(fn)}")
    assert bad == []


def test_boundary_check_catches_a_back_door(tmp_path):
    (tmp_path / "views").mkdir()
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "x.py").write_text(
        "from app import dossiers, settings\nfrom app.store import write\n"
        "dossiers.get('x')\nsettings.set('a', 'b')\n")
    found = {(m, n) for _w, m, n in boundary_uses(tmp_path)}
    assert ("app.dossiers", "get") in found and ("app.settings", "set") in found
    assert ("app.store", "write") in found
    assert "app.dossiers" not in BOUNDARY and "set" not in BOUNDARY["app.settings"][1]
