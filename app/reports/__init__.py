"""Supervisor reports: the daily queue, Biểu 06a, exports, uncollected results.

Every service takes the acting user first and checks the supervisor role itself."""
from app.reports.monthly import month_period, report_06a
from app.reports.queue import GROUPS, LIST_LIMIT, UNCOLLECTED_AFTER, QueueSummary, clerks, queue
from app.reports.values import Cells, Report06a, ReportRow



def queue_groups() -> tuple[str, ...]:
    return GROUPS


__all__ = ["queue_groups", "Cells", "LIST_LIMIT", "QueueSummary", "Report06a", "ReportRow", "UNCOLLECTED_AFTER",
           "clerks", "month_period", "queue", "report_06a"]
from app.reports.export import export_dossiers  # noqa: E402
