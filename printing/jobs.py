"""Print jobs on a worker thread: the Tk main loop never waits for a printer.

    service = PrintService()
    job = service.print_document(doc, conn, EscposOptions(width=576))
    # in the view: root.after(50, poll) reads service.results (queue.Queue) and shows
    # "Đã in" or the UserError message with a "In lại" button. A failed print never
    # undoes the registration; the clerk reprints.
"""
from __future__ import annotations

import itertools
import logging
import queue
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from app.domain import UserError
from printing.connections import ConnectionSettings, send
from printing.layout import Document

log = logging.getLogger("motcua.printing")


@dataclass(frozen=True, slots=True)
class JobResult:
    job_id: int
    title: str
    ok: bool
    message: str                     # Vietnamese, shown as is
    nbytes: int = 0


class PrintService:
    """Runs render+send jobs one after another on a background thread (printers are
    serial devices) and reports each outcome on ``results`` as a ``JobResult``."""

    def __init__(self, max_workers: int = 1, results: queue.Queue | None = None):
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="print")
        self._ids = itertools.count(1)
        self.results: queue.Queue = results if results is not None else queue.Queue()

    def submit(self, title: str, produce: Callable[[], bytes], conn: ConnectionSettings,
               sender: Callable[[bytes, ConnectionSettings], None] = send) -> Future:
        """Render (``produce()``) and send on the worker; the future's result is a JobResult."""
        job_id = next(self._ids)

        def run() -> JobResult:
            try:
                data = produce()
                sender(data, conn)
                result = JobResult(job_id, title, True, f"Đã gửi lệnh in: {title}.", len(data))
            except UserError as exc:
                result = JobResult(job_id, title, False, exc.message)
            except Exception:                       # internal error: log with traceback
                log.exception("print job %s failed", title)
                result = JobResult(job_id, title, False,
                                   f"Không in được {title} do lỗi nội bộ; xem tệp nhật ký.")
            self.results.put(result)
            return result

        return self._pool.submit(run)

    def print_document(self, doc: Document, conn: ConnectionSettings, options=None) -> Future:
        """ESC/POS for thermal documents; paper documents go to a file/spooler as PDF."""
        def produce() -> bytes:
            if doc.is_thermal:
                from printing.escpos_backend import EscposOptions, render_escpos
                return render_escpos(doc, options or EscposOptions())
            from printing.pdf_backend import render_pdf
            return render_pdf(doc)
        return self.submit(doc.title or "tài liệu", produce, conn)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)

    def __enter__(self) -> PrintService:
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
