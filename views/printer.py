"""The screens' door to ``printing``: builds documents from domain values and hands them to
``printing.jobs.PrintService`` (a background thread).  Thermal documents (receipt, test
page) go to the configured printer; paper documents (Mẫu 02/03/05, folder label, QR
poster) become PDF files that open in the system viewer.  With no printer ("none") the
receipt too becomes a PDF + PNG preview.  Outcomes come back through ``after()`` polling
and are shown in the status bar; a failed receipt offers a reprint and "Lưu PDF".

Saved papers never overwrite each other: each file is named by the paper, the WHOLE dossier
code and the time to the millisecond, created exclusively (a clash adds -2, -3 …); names are
built whole, never with Path.with_suffix (a dossier code contains dots)."""
from __future__ import annotations

import contextlib
import logging
import os
import queue
import subprocess
import sys
import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

from app.domain import VN_TZ, Dossier, Office, Procedure, Receipt
from app.i18n import _

log = logging.getLogger("motcua.views")
POLL_MS = 80


@dataclass(frozen=True, slots=True)
class PrinterConfig:
    connection: str = "none"          # none | file | usb | network | serial | win32raw
    target: str = ""
    width: int = 576
    profile: str = "default"
    qr: str = "raster"
    fee_qr: bool = False

    @classmethod
    def from_settings(cls, values: dict[str, str]) -> PrinterConfig:
        return cls(connection=values.get("printer.connection", "none"),
                   target=values.get("printer.target", ""),
                   width=int(values.get("printer.width", "576") or 576),
                   profile=values.get("printer.profile", "default") or "default",
                   qr=values.get("printer.qr", "raster"),
                   fee_qr=values.get("printer.fee_qr", "false") == "true")

    @property
    def has_printer(self) -> bool:
        return self.connection not in ("none", "") and bool(self.target)


def output_dir() -> Path:
    """Where PDFs/PNGs land: $MOTCUA_PRINT_DIR or Documents/MotCuaDesk."""
    env = os.environ.get("MOTCUA_PRINT_DIR")
    base = Path(env) if env else Path(platformdirs.user_documents_dir()) / "MotCuaDesk"
    base.mkdir(parents=True, exist_ok=True)
    return base


def open_file(path: Path) -> bool:
    """Show a file (or a folder) in the system viewer without waiting; False when none could
    be started."""
    if os.environ.get("MOTCUA_NO_OPEN"):
        return True
    try:
        if sys.platform == "win32":
            os.startfile(str(path))            # noqa: S606 - the user's own file
        elif sys.platform == "darwin":
            subprocess.Popen(["open", str(path)])
        else:
            subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    except OSError:
        log.warning("cannot open %s", path)
        return False
    return True


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in name)[:150]


def new_file(folder: Path, stem: str, ext: str) -> Path:
    """A new, empty file ``folder/stem[-n]ext`` created exclusively: never an existing one."""
    n = 1
    while True:
        path = folder / f"{stem}{'' if n == 1 else f'-{n}'}{ext}"
        try:
            with open(path, "xb"):
                return path
        except FileExistsError:
            n += 1


class PrintDesk:
    def __init__(self, root, on_result: Callable[[bool, str, list[tuple[str, Callable]]], None],
                 on_state: Callable[[str], None] | None = None):
        from printing.jobs import PrintService
        self.root = root
        self.results: queue.Queue = queue.Queue()
        self.service = PrintService(results=self.results)
        self.config = PrinterConfig()
        self.on_result = on_result
        self.on_state = on_state or (lambda s: None)
        self.sender = None                 # tests may inject a slow connection
        self.open_previews = True
        self.pending = 0
        self.last_error = ""
        # per title, in submission order (one print worker: results come back in that order;
        # the same paper printed twice in a row must not take the other's files)
        self._jobs: dict[str, list[tuple[Callable | None, list[Path] | None, object]]] = {}
        self._after = root.after(POLL_MS, self._poll)

    # -- state ------------------------------------------------------------------------
    def configure(self, config: PrinterConfig) -> None:
        self.config = config
        self.last_error = ""
        self.on_state(self.state_text())

    def state_text(self) -> str:
        if self.pending:
            return _("Máy in: đang in ({n})").format(n=self.pending)
        if not self.config.has_printer:
            return _("Máy in: không có (xuất PDF)")
        if self.last_error:
            return _("Máy in: lỗi")
        return _("Máy in: sẵn sàng") + f" ({self.config.connection})"

    # -- jobs -------------------------------------------------------------------------
    def _conn(self):
        from printing.connections import parse_target
        return parse_target(self.config.target, self.config.connection)

    def _escpos_options(self):
        from printing.escpos_backend import EscposOptions
        return EscposOptions(width=self.config.width, profile=self.config.profile,
                             qr=self.config.qr)

    def _submit(self, title: str, produce: Callable[[], bytes], conn, sender, retry,
                saved: list[Path] | None = None, doc=None) -> None:
        self.pending += 1
        self._jobs.setdefault(title, []).append((retry, saved, doc))
        kwargs = {"sender": sender} if sender else {}
        self.service.submit(title, produce, conn, **kwargs)
        self.on_state(self.state_text())

    def _to_files(self, title: str, doc, thermal: bool, retry) -> None:
        """Render PDF (and PNG preview for thermal) into the output folder, then open."""
        from printing.connections import ConnectionSettings
        now = datetime.now(VN_TZ)
        folder = output_dir()
        stem = f"{_safe(title)}-{now:%Y%m%d-%H%M%S}-{now.microsecond // 1000:03d}"
        width = self.config.width
        saved: list[Path] = []

        def produce() -> bytes:
            from printing.pdf_backend import render_pdf
            if thermal:
                from printing.preview import render_png
                png = new_file(folder, stem, ".png")
                png.write_bytes(render_png(doc, width_dots=width))
                saved.append(png)
            return render_pdf(doc)

        def sender(data: bytes, _conn) -> None:
            pdf = new_file(folder, saved[0].name[:-len(".png")] if saved else stem, ".pdf")
            pdf.write_bytes(data)
            saved.insert(0, pdf)

        self._submit(title, produce, ConnectionSettings("file", str(folder / stem) + ".pdf"), sender,
                     retry, saved=saved)

    def print_thermal(self, title: str, doc, retry: Callable | None = None) -> None:
        if not self.config.has_printer:
            return self._to_files(title, doc, True, retry)
        try:
            conn = self._conn()
        except Exception as exc:  # noqa: BLE001 - a bad printer setting: the banner says what
            self.on_result(False, getattr(exc, "message", str(exc)),
                           ([(_("In lại"), retry)] if retry else [])
                           + [(_("Lưu PDF"), lambda: self._to_files(title, doc, True, None))])
            return
        options = self._escpos_options()

        def produce() -> bytes:
            from printing.escpos_backend import render_escpos
            return render_escpos(doc, options)
        self._submit(title, produce, conn, self.sender, retry, doc=doc)

    def print_paper(self, title: str, doc, retry: Callable | None = None) -> None:
        self._to_files(title, doc, False, retry)

    # -- documents ----------------------------------------------------------------------
    def receipt(self, rc: Receipt, number_line: str = "", reprint_at=None) -> None:
        from printing import documents
        doc = documents.receipt(rc, fee_qr=self.config.fee_qr, number_line=number_line,
                                reprint_at=reprint_at)
        self.print_thermal(doc.title or rc.dossier_code, doc,
                           retry=lambda: self.receipt(rc, number_line, reprint_at))

    def label(self, d: Dossier, office: Office) -> None:
        from printing import documents
        doc = documents.label(d, office)
        self.print_paper(doc.title, doc, retry=lambda: self.label(d, office))

    def paper_for(self, issued, d: Dossier, office: Office, note: str,
                  missing: list[str] | None = None) -> None:
        """Print the paper a status change issued (its kind says which form)."""
        if issued.kind == "supplement":
            self.form_02(d, office, missing or [note], issued)
        elif issued.kind == "refusal":
            self.form_03(d, office, note, issued)
        elif issued.kind == "stop":
            from printing import forms
            doc = forms.stop_form(d, office, _issue(issued), note or None)
            self.print_paper(f"ThongBaoDung-{d.code}", doc,
                             retry=lambda: self.paper_for(issued, d, office, note))

    # `issued`: app.papers' IssuedPaper — the form in force, its number ("Số: 12/BSHS"), reprint
    def form_02(self, d: Dossier, office: Office, missing: list[str], issued=None) -> None:
        from printing import documents
        doc = documents.form_02(d, office, missing, datetime.now(VN_TZ), _issue(issued))
        self.print_paper(f"Mau02-{d.code}", doc,
                         retry=lambda: self.form_02(d, office, missing, issued))

    def form_03(self, d: Dossier, office: Office, reason: str, issued=None) -> None:
        from printing import documents
        doc = documents.form_03(d, office, reason, datetime.now(VN_TZ), _issue(issued))
        self.print_paper(f"Mau03-{d.code}", doc, retry=lambda: self.form_03(d, office, reason, issued))

    def form_05(self, d: Dossier, office: Office, new_due, reason: str, issued=None) -> None:
        from printing import documents
        doc = documents.form_05(d, office, new_due, reason, datetime.now(VN_TZ), _issue(issued))
        self.print_paper(f"Mau05-{d.code}", doc,
                         retry=lambda: self.form_05(d, office, new_due, reason, issued))

    def poster(self, procedures: list[Procedure], office: Office, field: str | None,
               page: str = "A4") -> None:
        from printing import documents
        doc = documents.poster(procedures, office, field, page)
        self.print_paper(f"BangQR-{field or 'tat-ca'}", doc)

    def test_page(self, office: Office) -> None:
        from printing import documents
        doc = documents.test_page(office, self.config.width)
        self.print_thermal("Trang in thử", doc)

    # -- results (Tk thread) -----------------------------------------------------------------
    def _poll(self) -> None:
        while True:
            try:
                res = self.results.get_nowait()
            except queue.Empty:
                break
            self.pending = max(0, self.pending - 1)
            waiting = self._jobs.get(res.title) or [(None, None, None)]
            retry, saved, doc = waiting.pop(0)
            if not waiting:
                self._jobs.pop(res.title, None)
            if res.ok:
                self.last_error = ""
                actions = []
                if saved:
                    msg = _("Đã lưu {what}: {path}").format(what=res.title, path=saved[0])
                    if self.open_previews and not open_file(saved[0]):
                        msg += " — " + _("không mở được trình xem tệp; bấm “Mở thư mục”.")
                    actions = [(_("Mở thư mục"), lambda p=saved[0]: open_file(p.parent))]
                else:
                    msg = _("Đã in: {what}.").format(what=res.title)
                self.on_result(True, msg, actions)
            else:
                self.last_error = res.message
                actions = [(_("In lại"), retry)] if retry else []
                if doc is not None:
                    actions.append((_("Lưu PDF"),
                                    lambda t=res.title, d=doc: self._to_files(t, d, True, None)))
                self.on_result(False, res.message, actions)
            self.on_state(self.state_text())
        self._after = self.root.after(POLL_MS, self._poll)

    def close(self) -> None:
        with contextlib.suppress(tk.TclError, ValueError):    # already run or cancelled
            self.root.after_cancel(self._after)
        self.service.shutdown(wait=False)


def profile_names() -> list[str]:
    """python-escpos capability profiles (call on a worker: it reads a large JSON file)."""
    from escpos import capabilities
    return sorted(capabilities.CAPABILITIES["profiles"])


def _issue(issued):
    from printing.paper import Issue
    return Issue.from_issued(issued) if issued is not None else None
