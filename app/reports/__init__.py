"""Supervisor reports: the daily queue, Biểu 06a, exports, uncollected results.

Every service takes the acting user first and checks the supervisor role itself."""
from app.reports.export import export_dossiers
from app.reports.files import file_format
from app.reports.monthly import month_period, report_06a
from app.reports.queue import GROUPS, LIST_LIMIT, UNCOLLECTED_AFTER, QueueSummary, clerks, queue
from app.reports.trends import on_time_by_month, received_per_day
from app.reports.uncollected import Uncollected, remind, uncollected
from app.reports.values import Cells, Report06a, ReportRow


def queue_groups() -> tuple[str, ...]:
    return GROUPS


__all__ = ["Cells", "LIST_LIMIT", "QueueSummary", "Report06a", "ReportRow", "UNCOLLECTED_AFTER",
           "Uncollected", "clerks", "export_dossiers", "file_format", "month_period", "on_time_by_month",
           "queue",
           "queue_groups", "received_per_day", "remind", "report_06a", "uncollected"]
