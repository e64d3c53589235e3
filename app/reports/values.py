"""Immutable report values (what views, the CLI and printing render)."""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from app.reports.rules import rate


@dataclass(frozen=True, slots=True)
class Cells:
    """One line of Biểu 06a. Each dossier is counted once per column group."""
    carried_over: int = 0      # tiếp nhận: từ kỳ trước chuyển qua
    online: int = 0            # tiếp nhận trong kỳ: trực tuyến
    counter_post: int = 0      # tiếp nhận trong kỳ: trực tiếp + bưu chính
    early: int = 0             # đã giải quyết: trước hạn
    on_time: int = 0           # đúng hạn
    late: int = 0              # quá hạn
    within: int = 0            # đang giải quyết: trong hạn
    overdue: int = 0           # quá hạn
    refused: int = 0           # extra: không được tiếp nhận (3)
    withdrawn: int = 0         # extra: công dân rút hồ sơ (7)
    stopped: int = 0           # extra: dừng xử lý (8)

    @property
    def received(self) -> int:
        return self.carried_over + self.online + self.counter_post

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def in_progress(self) -> int:
        return self.within + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """(trước hạn + đúng hạn) / đã giải quyết, per cent."""
        return rate(self.early + self.on_time, self.resolved)

    def __add__(self, other: Cells) -> Cells:
        return Cells(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def as_json(self) -> dict:
        return {"received": {"carried_over": self.carried_over, "online": self.online,
                             "counter_post": self.counter_post, "total": self.received},
                "resolved": {"early": self.early, "on_time": self.on_time, "late": self.late,
                             "total": self.resolved},
                "in_progress": {"within": self.within, "overdue": self.overdue,
                                "total": self.in_progress},
                "withdrawn": self.withdrawn, "refused": self.refused, "stopped": self.stopped,
                "on_time_rate": self.on_time_rate}


@dataclass(frozen=True, slots=True)
class ReportRow:
    key: str                   # field name, procedure code or clerk username
    label: str                 # what the row shows
    cells: Cells
    field: str = ""            # the field of a procedure row


@dataclass(frozen=True, slots=True)
class Report06a:
    """Biểu 06a for [date_from, date_to]; `rows` grouped by `by` (field | procedure | clerk)."""
    date_from: date
    date_to: date
    by: str
    rows: tuple[ReportRow, ...]
    by_field: tuple[ReportRow, ...]
    total: Cells

    @property
    def notes(self) -> tuple[str, ...]:
        return NOTES

    @property
    def period_label(self) -> str:
        return f"Từ ngày {self.date_from:%d/%m/%Y} đến ngày {self.date_to:%d/%m/%Y}"

    def as_json(self) -> dict:
        out = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(), "by": self.by,
               "total": self.total.as_json(),
               "by_field": [{"field": r.key, **r.cells.as_json()} for r in self.by_field]}
        if self.by == "procedure":
            out["by_procedure"] = [{"procedure": r.key, "name": r.label, "field": r.field,
                                    **r.cells.as_json()} for r in self.rows]
        elif self.by == "clerk":
            out["by_clerk"] = [{"clerk": r.key, "name": r.label, **r.cells.as_json()} for r in self.rows]
        return out


# Footnotes printed under Biểu 06a (PDF, XLSX and the screen): the rules, in the form's words.
NOTES = (
    "(1) Từ kỳ trước chuyển qua: hồ sơ tiếp nhận trước kỳ báo cáo, chưa giải quyết xong, chưa bị "
    "từ chối, rút hoặc dừng trước ngày đầu kỳ.",
    "(2) Đã giải quyết: hồ sơ có kết quả (trạng thái 9, hoặc 10 khi không qua 9) trong kỳ; so sánh "
    "ngày có kết quả với ngày hẹn trả đang có hiệu lực lúc đó (sau phiếu xin lỗi là ngày hẹn mới; "
    "sau khi bổ sung đủ hồ sơ thời hạn được tính lại): trước ngày hẹn là trước hạn, đúng ngày hẹn "
    "là đúng hạn, sau ngày hẹn là quá hạn.",
    "(3) Đang giải quyết: hồ sơ chưa kết thúc tại cuối kỳ; quá hạn khi ngày hẹn đang có hiệu lực "
    "cuối kỳ đã qua; hồ sơ đang chờ bổ sung tính theo thời điểm yêu cầu bổ sung.",
    "(4) Từ chối, rút hồ sơ, dừng xử lý: ghi thêm sau các cột của biểu; mỗi hồ sơ chỉ tính một lần "
    "trong mỗi nhóm cột: kỳ trước chuyển qua + tiếp nhận trong kỳ = đã giải quyết + đang giải "
    "quyết + từ chối + rút + dừng.",
)
