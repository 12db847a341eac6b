"""The end of the retention period: which cases' personal data are due for removal (a dry run
an admin reads first), and their removal — personal fields emptied, sealed identities
destroyed, files deleted, mail dropped — leaving each case as an exact statistical record.

What stays: kind, units, channel, dates, states, deadlines, outcome, people counts, the
history (chained, and written without personal data) and the register of issued documents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import delete, event, select, update
from sqlalchemy.orm import Session

from petitions import attachments as files
from petitions.audit.services import record
from petitions.cases.history import record_event
from petitions.cases.models import Attachment, Case, Petitioner
from petitions.documents.models import OfficialDocument
from petitions.domain import retention
from petitions.extensions import db
from petitions.notifications.models import Outbox
from petitions.publications.models import Publication
from petitions.publications.models import State as PublicationState
from petitions.reception.models import Visit, VisitCitizen
from petitions.text import fold

PLACEHOLDER_TITLE = "Hồ sơ đã hết thời hạn lưu trữ dữ liệu cá nhân"
# Files of anonymised cases, deleted from disk only once the removal has committed.
_DOOMED = "privacy_files_to_delete"
BATCH = 500


def configured_years() -> dict[str, int | None]:
    """Periods an admin set apart from the rule table: PRIVACY_RETENTION_YEARS, a mapping or
    "rule=years" pairs separated by commas ("none" keeps forever). Unknown rules and bad
    numbers are ignored rather than guessed at."""
    raw = current_app.config.get("PRIVACY_RETENTION_YEARS") or {}
    if isinstance(raw, dict):
        return dict(raw)
    found: dict[str, int | None] = {}
    for pair in str(raw).split(","):
        key, _, value = pair.partition("=")
        key, value = key.strip(), value.strip().lower()
        if key not in retention.RULES:
            continue
        if value == "none":
            found[key] = None
        elif value.isdigit():
            found[key] = int(value)
    return found


def _facts(case: Case) -> retention.CaseFacts:
    return retention.CaseFacts(
        kind=case.kind.value,
        status=case.status.value,
        closed_on=case.closed_on,
        accepted_on=case.accepted_on,
    )


@dataclass
class Review:
    """The dry run: every case due, by rule, with the day it fell due."""

    today: date
    due: list[tuple[Case, retention.RetentionRule, date]] = field(default_factory=list)

    @property
    def by_rule(self) -> Counter:
        return Counter(rule.key for _, rule, _ in self.due)

    @property
    def case_ids(self) -> list[int]:
        return [case.id for case, _, _ in self.due]


def review(*, today: date) -> Review:
    """Closed cases not yet anonymised whose period has ended by `today`. Only cases closed at
    least a full year ago can be due (the shortest period), so the scan starts there."""
    years = configured_years()
    found = Review(today=today)
    query = (
        select(Case)
        .where(
            Case.anonymised_on.is_(None),
            Case.closed_on.is_not(None),
            Case.closed_on < date(today.year - 1, 1, 1),
        )
        .order_by(Case.closed_on, Case.id)
        .execution_options(yield_per=BATCH)
    )
    for case in db.session.scalars(query):
        facts = _facts(case)
        ends = retention.expires_on(facts, years=years)
        if ends is not None and today >= ends:
            found.due.append((case, retention.rule_for(facts), ends))
    return found


def anonymise(case_ids: list[int], *, actor, today: date) -> int:
    """Remove the personal data of the given cases (each must still be due on `today`): the
    caller commits. Returns how many cases were anonymised."""
    years = configured_years()
    done = 0
    for start in range(0, len(case_ids), BATCH):
        chunk = case_ids[start : start + BATCH]
        for case in db.session.scalars(select(Case).where(Case.id.in_(chunk))):
            if case.anonymised_on is not None or not retention.is_expired(
                _facts(case), today=today, years=years
            ):
                continue
            _strip(case, today=today, actor=actor)
            done += 1
    if done:
        record(actor, "privacy.anonymised", details={"cases": done, "on": today.isoformat()})
    return done


def _strip(case: Case, *, today: date, actor) -> None:
    rule = retention.rule_for(_facts(case))
    db.session.execute(
        update(Petitioner)
        .where(Petitioner.case_id == case.id)
        .values(
            full_name=None,
            id_number=None,
            address=None,
            phone=None,
            email=None,
            name_folded=None,
            sealed_identity=None,  # destroying the blob destroys its wrapped key with it
            id_number_digest=None,
        )
    )
    case.title = PLACEHOLDER_TITLE
    case.content = ""
    case.notify_email = None
    case.search_text = fold(case.tracking_code)
    case.anonymised_on = today
    # Issued documents keep their register entry (number, date, type), not their text or files.
    db.session.execute(
        update(OfficialDocument)
        .where(OfficialDocument.case_id == case.id)
        .values(content={}, docx_id=None, pdf_id=None)
    )
    # A published (or withdrawn) public version holds no personal data, checked at approval:
    # it stays. A version never approved may: it goes.
    db.session.execute(
        delete(Publication).where(
            Publication.case_id == case.id,
            Publication.state.in_((PublicationState.DRAFT, PublicationState.SUBMITTED)),
        )
    )
    for attachment in db.session.scalars(select(Attachment).where(Attachment.case_id == case.id)):
        db.session.info.setdefault(_DOOMED, []).append(files.path_of(attachment))
        db.session.delete(attachment)
    db.session.execute(delete(Outbox).where(Outbox.case_id == case.id))
    visits = select(Visit.id).where(Visit.case_id == case.id)
    db.session.execute(
        update(VisitCitizen)
        .where(VisitCitizen.visit_id.in_(visits))
        .values(full_name="", address="", id_number="", sealed_identity=None, id_number_digest=None)
    )
    db.session.execute(
        update(Visit).where(Visit.id.in_(visits)).values(content=PLACEHOLDER_TITLE, notes="")
    )
    record_event(
        case,
        actor=actor,
        action="personal_data_removed",
        on=today,
        today=today,
        basis=rule.basis_vi[:300],
        note="Dữ liệu cá nhân đã được xoá khi hết thời hạn lưu trữ.",
        details={"rule": rule.key},
    )


@event.listens_for(Session, "after_commit")
def _delete_files(session):
    for path in session.info.pop(_DOOMED, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _keep_files(session):
    session.info.pop(_DOOMED, None)
