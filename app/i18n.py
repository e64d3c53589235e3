"""User-interface language (gettext). Vietnamese is the source language and the default.

Message ids in the code are the Vietnamese texts; ``resources/locale/en`` translates them.
``setup("en")`` switches every later ``_()`` call; screens are rebuilt to take effect.

The catalogs are compiled with Python's own msgfmt logic (``compile_po``), so no extra
package is needed::

    python -m app.i18n extract   # refresh resources/locale/motcua.pot and merge into the .po files
    python -m app.i18n compile   # .po -> .mo
"""
from __future__ import annotations

import ast
import gettext
import struct
import sys
from pathlib import Path

DOMAIN = "motcua"
LANGUAGES = ("vi", "en")
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def _locale_dir() -> Path:
    from app.resources import resource_path
    return resource_path("locale")


LOCALE_DIR = _locale_dir()
_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "vi"


def setup(language: str = "vi") -> str:
    """Select the UI language; unknown languages fall back to Vietnamese."""
    global _translation, _language
    language = language if language in LANGUAGES else "vi"
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    _language = language
    return language


def language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark a literal for extraction without translating it yet (translate later with _())."""
    return message


# ---- catalog tools (msgfmt / a tiny xgettext) --------------------------------------------
def _unquote(s: str) -> str:
    return ast.literal_eval(s)


def read_po(path: Path) -> dict[str, str]:
    """msgid → msgstr for a .po file (no plurals/contexts: we do not use them)."""
    entries: dict[str, str] = {}
    msgid: str | None = None
    msgstr: str | None = None
    section = None
    fuzzy = False

    def flush() -> None:
        nonlocal msgid, msgstr, fuzzy
        if msgid is not None and msgstr is not None and not fuzzy:
            entries[msgid] = msgstr
        msgid = msgstr = None
        fuzzy = False

    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            fuzzy = True
            continue
        if not line or line.startswith("#"):
            if not line and msgstr is not None:
                flush()
            continue
        if line.startswith("msgid "):
            if msgstr is not None:
                keep = fuzzy
                flush()
                fuzzy = keep
            msgid, section = _unquote(line[6:]), "id"
        elif line.startswith("msgstr "):
            msgstr, section = _unquote(line[7:]), "str"
        elif line.startswith('"'):
            if section == "id" and msgid is not None:
                msgid += _unquote(line)
            elif section == "str" and msgstr is not None:
                msgstr += _unquote(line)
            else:
                raise ValueError(f"{path}:{number}: a string line outside any msgid/msgstr")
    flush()
    return entries


def compile_po(po_path: Path, mo_path: Path) -> int:
    """Write a GNU .mo file (same layout as CPython's Tools/i18n/msgfmt.py). Returns entries."""
    entries = {k: v for k, v in read_po(po_path).items() if v or k == ""}
    keys = sorted(entries)
    ids = strs = b""
    offsets = []
    for k in keys:
        kb, vb = k.encode("utf-8"), entries[k].encode("utf-8")
        offsets.append((len(ids), len(kb), len(strs), len(vb)))
        ids += kb + b"\0"
        strs += vb + b"\0"
    keystart = 7 * 4 + 16 * len(keys)
    valuestart = keystart + len(ids)
    koffsets, voffsets = [], []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    output = struct.pack("Iiiiiii", 0x950412de, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    output += struct.pack(f"{len(koffsets)}i", *koffsets) if koffsets else b""
    output += struct.pack(f"{len(voffsets)}i", *voffsets) if voffsets else b""
    output += ids + strs
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    mo_path.write_bytes(output)
    return len(keys) - (1 if "" in entries else 0)


def extract(paths: list[Path]) -> list[str]:
    """Every literal passed to _() or N_() in the given Python files, in first-seen order."""
    found: dict[str, None] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value)
    return list(found)


def _quote(s: str) -> str:
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{out}"'


HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Language: {lang}\\n"\n"Project-Id-Version: Mot Cua Desk\\n"\n\n')


def write_po(path: Path, lang: str, ids: list[str], translations: dict[str, str]) -> None:
    parts = [HEADER.format(lang=lang)]
    for mid in ids:
        parts.append(f"msgid {_quote(mid)}\nmsgstr {_quote(translations.get(mid, ''))}\n\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts), encoding="utf-8")


def sources(root: Path) -> list[Path]:
    """Files whose _()/N_() literals make the catalog: the screens, then the service layer's
    messages and labels, and the printer faults (printing/connections.py) shown in the window.
    The rest of printing/ is official paperwork and stays Vietnamese."""
    return (sorted((root / "views").glob("*.py")) + sorted((root / "app").glob("*.py"))
            + sorted((root / "app" / "sync").glob("*.py")) + [root / "printing" / "connections.py"])


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[1]
    if argv[:1] == ["extract"]:
        ids = extract(sources(root))
        write_po(LOCALE_DIR / f"{DOMAIN}.pot", "", ids, {})
        for lang in LANGUAGES:
            po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
            old = read_po(po) if po.exists() else {}
            write_po(po, lang, ids, old)
            missing = [m for m in ids if not old.get(m)] if lang != "vi" else []
            print(f"{lang}: {len(ids)} messages, {len(missing)} untranslated")
        return 0
    if argv[:1] == ["compile"]:
        for lang in LANGUAGES:
            po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
            n = compile_po(po, po.with_suffix(".mo"))
            print(f"{lang}: {n} translated messages → {po.with_suffix('.mo')}")
        return 0
    print("usage: python -m app.i18n extract|compile", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

