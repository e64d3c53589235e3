"""The parts every official paper shares (NĐ 30/2020 layout, Times-metric serif):
agency block left with the "Số: …/…" line, Quốc hiệu and Tiêu ngữ right with the rule
under it, the italic place-date line, the "Mẫu số NN" marker, title and signature rows.

A form's wording follows the *paper set* in force on the day it is issued: the caller
passes an ``Issue`` naming the form (an ``app.domain.PaperForm``: number, kind, title,
symbol, page — the value app.rules builds; printing never imports app.rules), the number
taken from the per-form, per-year counter and the issue time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain import Dossier, Office, PaperForm
from printing.common import QUOC_HIEU, TIEU_NGU, dated_line, local
from printing.layout import (
    CENTER,
    RIGHT,
    Block,
    Columns,
    Document,
    Separator,
    SignatureBlock,
    Spacer,
    Text,
)

SERIF = "serif"
MARGINS = {"A5": (12.0, 10.0, 12.0, 18.0), "A4": (20.0, 15.0, 20.0, 30.0),
           "A4L": (15.0, 12.0, 15.0, 15.0)}
BASE = {"A5": 10.0, "A4": 12.5, "A4L": 9.0}
SIGN = "(Ký, ghi rõ họ tên)"
SIGN_SEAL = "(Ký, ghi rõ họ tên và đóng dấu)"


@dataclass(frozen=True, slots=True)
class Issue:
    """One issued paper: which form, its number (None: not numbered), when, and whether
    this print is a reprint (then the time of the reprint)."""
    form: PaperForm
    number: int | None = None
    at: datetime | date | None = None
    set_key: str = ""
    reprint_at: datetime | None = None

    @classmethod
    def from_issued(cls, issued) -> Issue:
        """From app.papers' IssuedPaper (read by its attributes: printing imports no service)."""
        return cls(issued.paper_form, issued.number, issued.issued_at, issued.set_key,
                   issued.reprint_at)

    @property
    def number_line(self) -> str:
        symbol = self.form.symbol
        if not symbol:
            return ""
        return f"Số: {self.number}/{symbol}" if self.number else f"Số: ……/{symbol}"


@dataclass(frozen=True, slots=True)
class HandOver:
    """One row of the Phiếu kiểm soát: who handed the dossier to whom, when, with what
    result. Built from the hand-over records (`handovers_from_records`), or from status
    history for a dossier that has none."""
    giver: str                      # cơ quan/bộ phận giao
    receiver: str                   # cơ quan/bộ phận nhận
    at: datetime
    result: str = ""                # Trước hạn / Đúng hạn / Quá hạn
    note: str = ""
    giver_name: str = ""
    receiver_name: str = ""


def salutation(dossier: Dossier) -> str:
    """How a sentence names the applicant: "Ông/Bà" for a person; an organisation's own name
    ("đề nghị Công ty TNHH Minh Phát bổ sung…", never "Ông/Bà Công ty …")."""
    a = dossier.applicant
    return a.name if a.is_organisation else a.salutation


def addressee(dossier: Dossier) -> str:
    """'Ông/Bà Nguyễn Văn An' or the organisation's name (Kính gửi: …)."""
    return dossier.applicant.addressed


def applicant_runs(dossier: Dossier) -> tuple:
    """Text runs for "…của: Ông/Bà **Nguyễn Văn An**" or "…của: **Công ty …**"."""
    a = dossier.applicant
    return (((f"{a.salutation} ", False),) if a.salutation else ()) + ((a.name, True),)


def signer(dossier: Dossier) -> str:
    """Who signs as NGƯỜI NỘP HỒ SƠ: the delegate at the counter, else an organisation's
    representative, else the applicant."""
    if dossier.delegate is not None:
        return dossier.delegate.name
    a = dossier.applicant
    return a.representative if a.is_organisation and a.representative else a.name


def working_days(days: int | None) -> str:
    """'03 ngày làm việc' (the time the procedure actually takes)."""
    return f"{days:02d} ngày làm việc" if days else "Theo quy định của thủ tục"


def original_due(dossier: Dossier) -> datetime:
    """The appointment given at the counter: history keeps it even after an apology moved
    `dossier.due_at` (an apology is a history row with the same status before and after).
    A correction that changed the procedure gave a new appointment (the reprinted receipt)."""
    given = None
    for h in dossier.history:
        if not h.due_at:
            continue
        if given is None and h.from_status != h.to_status:
            given = h.due_at                 # the registration's appointment
        elif given is not None and h.is_amendment:
            given = h.due_at                 # a new procedure gave a new appointment
    if given is not None:
        return given
    apologies = [h for h in dossier.history if h.is_apology]
    return dossier.due_at if not apologies else (apologies[0].due_at or dossier.due_at)


def handovers_from_records(records) -> list[HandOver]:
    """Two rows per hand-over record (app.handover.HandoverRecord, read by its attributes):
    counter → department when handed over, department → counter with the result when it came
    back (an open hand-over has only the first)."""
    rows = []
    for r in records:
        officer = r.officer
        rows.append(HandOver(giver=r.from_unit, receiver=r.department, at=r.handed_at, note=r.note,
                             giver_name=r.handed_by_name, receiver_name=officer))
        if r.received_back_at is not None:
            note = "; ".join(x for x in (r.result_note, r.back_note) if x)
            rows.append(HandOver(giver=r.department, receiver=r.from_unit, at=r.received_back_at,
                                 result=r.result_text, note=note, giver_name=officer,
                                 receiver_name=r.received_back_by_name))
    return rows


def partners_of(records) -> str:
    """'Cơ quan phối hợp giải quyết': every agency recorded on the hand-overs, once each."""
    seen: list[str] = []
    for r in records:
        for p in (x.strip() for x in (r.partners or "").split(";")):
            if p and p not in seen:
                seen.append(p)
    return "; ".join(seen)


def heading(office: Office, issue: Issue, base: float, *, dated: bool = True) -> list:
    """Marker, agency block + number line (left), Quốc hiệu, Tiêu ngữ, rule, place-date (right)."""
    left: list[Block] = []
    if office.parent_name:
        left.append(Text(office.parent_name.upper(), base, False, CENTER, space_after=0,
                         fit=True, min_size=base - 3))
    left.append(Text(office.name.upper(), base, True, CENTER, space_after=0, fit=True,
                     min_size=base - 3))
    left.append(Separator(fraction=0.35, space=1.5))
    if issue.number_line:
        left.append(Text(issue.number_line, base, False, CENTER, space_after=0))
    right: list[Block] = [Text(QUOC_HIEU, base, True, CENTER, space_after=0, fit=True, min_size=base - 3),
                          Text(TIEU_NGU, base + 1, True, CENTER, space_after=0, fit=True,
                               min_size=base - 3),
                          Separator(fraction=0.6, space=1.5)]
    if dated and issue.at is not None:
        right.append(Text(dated_line(office, issue.at), base, False, CENTER, italic=True,
                          space_after=0, fit=True, min_size=base - 3))
    out: list[Block] = [Text(issue.form.marker, base - 1, True, RIGHT, space_after=2)]
    if issue.reprint_at is not None:
        out[0] = Text(((f"BẢN IN LẠI {local(issue.reprint_at):%H:%M %d/%m/%Y}    ", False),
                       (issue.form.marker, True)), base - 1, align=RIGHT, space_after=2)
    out.append(Columns((tuple(left), tuple(right)), weights=(42, 58), gap=3))
    return out


def form_title(issue: Issue, base: float, sub: str = "") -> list:
    out: list[Block] = [Spacer(3), Text(issue.form.title, base + 2, True, CENTER, space_after=1)]
    if sub:
        out.append(Text(sub, base, False, CENTER, italic=True, space_after=1))
    out.append(Spacer(2))
    return out


def signatures(*blocks: SignatureBlock | None) -> Columns:
    """Signature cells side by side; None leaves a cell empty (e.g. the left half)."""
    cells = tuple((b,) if b is not None else () for b in blocks)
    return Columns(cells, gap=4)


def paper(blocks: list, issue: Issue, title: str, *, footer: str = "", fit_pages: int = 0) -> Document:
    page = issue.form.page or "A4"
    return Document(tuple(blocks), page=page, title=title, margins=MARGINS.get(page, MARGINS["A4"]),
                    font=SERIF, footer=footer, fit_pages=fit_pages)


def base_size(issue: Issue) -> float:
    return BASE.get(issue.form.page, 12.0)
