"""Numbers of issued papers ("Số: 12/TNHS") and reprints.

Each form of each paper set has its own counter per year (`app.codes.next_value("paper-2025",
"01-2026")`: the counter key holds 10 characters), taken in one write transaction together with an audit row
("paper.issue", dossier code, {"form", "kind", "number", "year"}). Called inside the
transaction of the event that issues the paper, it shares that transaction (a savepoint);
called after commit (printing happens after commit), it is its own small transaction.

A paper already issued for a dossier is not issued again: printing it again is a reprint
that reuses the number (and set) of the first issue and is audited as "paper.reprint"."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from app import audit, codes, events, rules, workflow
from app.auth import require
from app.domain import VN_TZ, Role, Status, User, UserError, nfc
from app.i18n import N_, _
from app.store import from_db, utcnow, write
from db.models import Audit as AuditRow
from db.models import Dossier as DossierRow
from db.models import StatusHistory

ISSUE, REPRINT = "paper.issue", "paper.reprint"
KINDS = ("receipt", "supplement", "refusal", "apology", "stop", "control", "register")


@dataclass(frozen=True, slots=True)
class IssuedPaper:
    """A paper's identity: the set and form it was issued under, its number, when."""
    set_key: str                  # "2018" | "2025"
    form_number: str              # "01"
    kind: str                     # receipt, supplement, …
    number: int | None            # None: the form carries no number
    issued_at: datetime           # the first issue
    reprint: bool = False         # True: this print is a reprint of that issue
    printed_at: datetime | None = None

    @property
    def form(self) -> str:
        return f"{self.set_key}-{self.form_number}"

    @property
    def number_line(self) -> str:
        """"Số: 12/TNHS" as printed (empty for a form without a number line)."""
        symbol = getattr(rules.paper_set_named(self.set_key).forms[self.form_number], "symbol", "")
        if not symbol:
            return ""
        return f"Số: {self.number}/{symbol}" if self.number else f"Số: ……/{symbol}"

    @property
    def paper_form(self) -> rules.PaperForm:
        """The form it was issued under (its set's number, title, symbol, page)."""
        return rules.paper_set_named(self.set_key).forms[self.form_number]

    @property
    def reprint_at(self) -> datetime | None:
        return self.printed_at if self.reprint else None


def _resolve(form: str, on: date) -> tuple[rules.PaperSet, rules.PaperForm]:
    """`form` is a kind ("receipt"), a number in the set in force ("01") or "2025-01"."""
    if "-" in form:
        key, number = form.split("-", 1)
        ps = rules.paper_set_named(key)
        f = ps.forms.get(number)
    else:
        ps = rules.paper_set(on)
        f = ps.by_kind(form) if form in KINDS else ps.forms.get(form)
    if f is None:
        raise UserError(_("Bộ mẫu {set} không có mẫu '{form}'.").format(set=ps.circular, form=form), "form")
    return ps, f


def _previous(code: str, kind: str) -> dict | None:
    row = (AuditRow.select(AuditRow.details, AuditRow.at)
           .where((AuditRow.action == ISSUE) & (AuditRow.object == code)
                  & AuditRow.details.contains(f'"kind":"{kind}"'))
           .order_by(AuditRow.seq.desc()).first())
    if row is None:
        return None
    details = json.loads(row.details)
    details["at"] = from_db(row.at)
    return details


def issued(code: str, kind: str) -> IssuedPaper | None:
    """The paper of `kind` already issued for dossier `code`, if any (reading only)."""
    prev = _previous(nfc(code), kind)
    if prev is None:
        return None
    return IssuedPaper(prev["set"], prev["form"].split("-", 1)[1], kind, prev.get("number"), prev["at"])


# A paper that records an event exists only once the event did: a refusal slip for a refused
# dossier, a supplement request once one was asked, a stop notice for a stopped one, an
# apology letter after an apology (a same-status history row with a new due date).
NEEDS_STATUS = {"refusal": Status.REFUSED, "supplement": Status.SUPPLEMENT, "stop": Status.STOPPED}
NEEDS_WORDS = {"refusal": N_("chưa bị từ chối tiếp nhận"), "supplement": N_("chưa có yêu cầu bổ sung"),
               "stop": N_("chưa bị dừng giải quyết"), "apology": N_("chưa có lần xin lỗi, hẹn lại nào")}


def _event_happened(row: DossierRow, kind: str) -> bool:
    if kind == "apology":
        return workflow.apologies(row).exists()
    H = StatusHistory
    return H.select().where((H.dossier == row) & (H.to_status == int(NEEDS_STATUS[kind]))).exists()


def issue(actor: User, form: str, dossier_code: str, *, new: bool = False,
          at: datetime | None = None) -> IssuedPaper:
    """Issue (or reprint) paper `form` for a dossier. `new` issues a fresh paper even if one
    of that kind exists (a second supplement request). `at` is the issue time (default now):
    it picks the paper set in force and the counter's year."""
    require(actor, Role.CLERK, Role.SUPERVISOR)
    code = nfc(dossier_code)
    now = at or utcnow()
    local_day = now.astimezone(VN_TZ).date()
    with write():
        row = DossierRow.get_or_none(DossierRow.code == code)
        if row is None:
            raise UserError(_("Không tìm thấy hồ sơ mã '{code}'.").format(code=code), "code")
        ps, f = _resolve(form, local_day)
        if f.kind in NEEDS_WORDS and not _event_happened(row, f.kind):
            raise UserError(_("Hồ sơ {code} {why}: không cấp {title} (giấy này được in khi bước đó "
                              "được ghi nhận trong cửa sổ hồ sơ).").format(
                code=code, why=_(NEEDS_WORDS[f.kind]), title=f.title.lower()), "form")
        events.dossier_changed(code)            # its papers (and reprint marks) changed
        prev = None if new else _previous(code, f.kind)
        if prev is not None and "-" in form and prev["set"] != ps.key:
            first = rules.paper_set_named(prev["set"])
            raise UserError(_("{title} của hồ sơ {code} đã cấp theo {circular} — in lại theo bộ mẫu "
                              "đó (bỏ chọn bộ mẫu, hoặc chọn bộ {key}).").format(
                title=f.title.capitalize(), code=code, circular=first.circular, key=prev["set"]), "set")
        if prev is not None:
            paper = IssuedPaper(prev["set"], prev["form"].split("-", 1)[1], f.kind, prev.get("number"),
                                prev["at"], reprint=True, printed_at=now)
            audit.record(actor, REPRINT, code, {"form": paper.form, "kind": f.kind, "number": paper.number})
            return paper
        number = None
        if f.symbol:
            number = codes.next_value(f"paper-{ps.key}", f"{f.number}-{local_day.year}")
        audit.record(actor, ISSUE, code, {"form": f"{ps.key}-{f.number}", "kind": f.kind, "set": ps.key,
                                          "number": number, "year": local_day.year})
    return IssuedPaper(ps.key, f.number, f.kind, number, now, reprint=False, printed_at=now)


def issue_number(actor: User, form: str, dossier_code: str) -> int | None:
    """The number on paper `form` of a dossier: a new one from the per-form, per-year counter,
    or, for a reprint, the number issued the first time."""
    return issue(actor, form, dossier_code).number


# The paper a status change issues, by the event names of rules.json's paper sets.
STATUS_EVENTS = {Status.SUPPLEMENT: "supplement", Status.REFUSED: "refused",
                 Status.STOPPED: "stopped"}


def for_status(actor: User, dossier_code: str, status: Status,
               at: datetime | None = None) -> IssuedPaper | None:
    """The paper the set in force prints when a dossier reaches `status` (Mẫu 02 for a
    supplement request, 03 for a refusal, the 2025 set's 05 for a stop), issued now — inside
    the caller's transaction when there is one — or None when that status prints nothing."""
    require(actor, Role.CLERK)
    event = STATUS_EVENTS.get(Status(status))
    when = at or utcnow()
    form = rules.paper_set(when.astimezone(VN_TZ).date()).for_event(event) if event else None
    if form is None:
        return None
    return issue(actor, form.kind, dossier_code, new=form.kind == "supplement", at=when)

