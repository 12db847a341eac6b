"""Hand-built cases for the reports tests: rows written directly, every date chosen by hand."""

from datetime import date, time
from itertools import count

from petitions.cases.models import Case, CaseDeadline, CaseEvent, Channel, Kind, Status
from petitions.extensions import db
from tests.factories import create_unit

_numbers = count(1)

# Where each settled state takes its date from, as the workflow records it.
_DATE_COLUMN = {"concluded": "concluded_on", "closed": "closed_on"}


def report_case(
    *,
    unit,
    kind: str = "complaint",
    received_on: date,
    status: str = "received",
    channel: str = "online",
    accepted_on: date | None = None,
    settled_on: date | None = None,
    closed_on: date | None = None,
    outcome: str | None = None,
    resolve_due: date | None = None,
    resolve_met: date | None = None,
    deadlines: tuple = (),
    complaint_round: int = 1,
    repeat_number: int = 1,
    repeat_of=None,
    duplicate_of=None,
    group_size: int = 1,
    eligible: bool | None = None,
    within_competence: bool | None = None,
    extensions: int = 0,
    forwarded_from=None,
    reminders: tuple[date, ...] = (),
    reminders_received: tuple[date, ...] = (),
):
    """A case as the workflow would leave it. `settled_on` is the day it left "received" /
    "accepted" for its final state (recorded as an event, and as concluded_on for a
    conclusion); `deadlines` are extra (rule, start, due, met_on, suspended_on) rows."""
    number = next(_numbers)
    case = Case(
        tracking_code=f"R{number:07d}",
        access_key_hash="!",
        kind=Kind(kind),
        channel=Channel(channel),
        status=Status(status),
        title=f"Vụ việc {number}",
        content="Nội dung",
        receiving_unit=unit,
        unit=unit,
        received_on=received_on,
        accepted_on=accepted_on,
        outcome=outcome,
        complaint_round=complaint_round,
        repeat_number=repeat_number,
        repeat_of=repeat_of,
        duplicate_of=duplicate_of,
        group_size=group_size,
        eligible=eligible,
        within_competence=within_competence,
        extensions=extensions,
        forwarded_from=forwarded_from,
        closed_on=closed_on,
    )
    if status in ("concluded", "closed") and settled_on is not None:
        case.concluded_on = settled_on
    if status in ("forwarded", "guided", "filed", "rejected", "withdrawn"):
        case.closed_on = closed_on or settled_on
    db.session.add(case)
    if accepted_on is not None:
        case.events.append(_event("accept", accepted_on, "received", "accepted"))
    if settled_on is not None:
        target = "concluded" if status == "closed" else status
        case.events.append(_event(target, settled_on, "verifying", target))
    if closed_on is not None and status == "closed":
        case.events.append(_event("close", closed_on, "concluded", "closed"))
    if resolve_due is not None:
        rule = {
            "complaint": "complaint.resolve.second"
            if complaint_round >= 2
            else "complaint.resolve.first",
            "denunciation": "denunciation.resolve",
        }.get(kind, "feedback.resolve")
        met = resolve_met if resolve_met is not None else settled_on
        case.deadlines.append(
            CaseDeadline(
                rule=rule, start_on=accepted_on or received_on, due_on=resolve_due, met_on=met
            )
        )
    for rule, start, due, met_on, suspended_on in deadlines:
        case.deadlines.append(
            CaseDeadline(
                rule=rule, start_on=start, due_on=due, met_on=met_on, suspended_on=suspended_on
            )
        )
    for day in reminders:
        case.events.append(_event("remind", day, status, status))
    for day in reminders_received:
        case.events.append(_event("reminder_received", day, None, None))
    db.session.flush()
    return case


def _event(action: str, day: date, before: str, after: str) -> CaseEvent:
    return CaseEvent(action=action, effective_on=day, from_status=before, to_status=after)


def known_dataset():
    """Units P > (A > A1, B) and cases whose every figure for 2026 is worked out by hand in
    tests/reports/test_statistics.py (period 15/12/2025 - 14/12/2026)."""
    province = create_unit(code="P", name="Tỉnh P", level="province")
    a = create_unit(code="P-A", name="Huyện A", level="district", parent=province)
    a1 = create_unit(code="P-A-1", name="Xã A1", level="commune", parent=a)
    b = create_unit(code="P-B", name="Sở B", level="department", parent=province)
    d = date
    cases = {}
    # c1: complaint carried over (accepted before the period), concluded late in the period.
    cases["c1"] = report_case(
        unit=a,
        received_on=d(2025, 11, 20),
        channel="mail",
        status="concluded",
        accepted_on=d(2025, 11, 28),
        settled_on=d(2026, 1, 10),
        outcome="correct",
        resolve_due=d(2025, 12, 28),
        eligible=True,
        within_competence=True,
    )
    # c2: second complaint received before the period, accepted in it, still open and overdue.
    cases["c2"] = report_case(
        unit=a,
        received_on=d(2025, 12, 10),
        channel="online",
        status="verifying",
        accepted_on=d(2025, 12, 20),
        resolve_due=d(2026, 1, 19),
        complaint_round=2,
        eligible=True,
        within_competence=True,
    )
    # c3: a group of six denounces at the commune's reception; extended twice, concluded on time.
    cases["c3"] = report_case(
        unit=a1,
        kind="denunciation",
        received_on=d(2026, 2, 1),
        channel="reception",
        status="concluded",
        accepted_on=d(2026, 2, 5),
        settled_on=d(2026, 5, 20),
        outcome="partly_correct",
        resolve_due=d(2026, 6, 5),
        extensions=2,
        group_size=6,
        eligible=True,
        within_competence=True,
    )
    # c4: feedback forwarded from A to B, where it is answered (the reply); A reminds once.
    cases["c4"] = report_case(
        unit=a,
        kind="feedback",
        received_on=d(2026, 3, 1),
        status="forwarded",
        settled_on=d(2026, 3, 5),
        eligible=True,
        within_competence=False,
        reminders=(d(2026, 4, 1),),
    )
    cases["c4b"] = report_case(
        unit=b,
        kind="feedback",
        received_on=d(2026, 3, 5),
        channel="transferred",
        status="concluded",
        accepted_on=d(2026, 3, 6),
        settled_on=d(2026, 4, 1),
        outcome="correct",
        resolve_due=d(2026, 4, 5),
        forwarded_from=cases["c4"],
        eligible=True,
        within_competence=True,
        reminders_received=(d(2026, 4, 1),),
    )
    # c5: a repeated complaint outside A's competence: guided.
    cases["c5"] = report_case(
        unit=a,
        received_on=d(2026, 4, 10),
        status="guided",
        settled_on=d(2026, 4, 15),
        repeat_number=2,
        eligible=True,
        within_competence=False,
    )
    # c6: an ineligible duplicate recommendation by mail: filed.
    cases["c6"] = report_case(
        unit=a,
        kind="recommendation",
        received_on=d(2026, 5, 1),
        channel="mail",
        status="filed",
        settled_on=d(2026, 5, 8),
        duplicate_of=cases["c5"],
        eligible=False,
    )
    # c7: complaint accepted then withdrawn in time: resolved by withdrawal.
    cases["c7"] = report_case(
        unit=a,
        received_on=d(2026, 6, 1),
        status="withdrawn",
        accepted_on=d(2026, 6, 5),
        settled_on=d(2026, 6, 20),
        resolve_due=d(2026, 7, 5),
        eligible=True,
        within_competence=True,
    )
    # c8: denunciation withdrawn before acceptance: handled, never resolved.
    cases["c8"] = report_case(
        unit=a,
        kind="denunciation",
        received_on=d(2026, 7, 1),
        channel="mail",
        status="withdrawn",
        settled_on=d(2026, 7, 3),
        eligible=True,
        within_competence=True,
    )
    # c9: complaint still unclassified, past its classification deadline; the inspectorate
    # reminded A about it twice, once after the period.
    cases["c9"] = report_case(
        unit=a,
        received_on=d(2026, 11, 20),
        deadlines=(("petition.classify", d(2026, 11, 20), d(2026, 12, 4), None, None),),
        reminders_received=(d(2026, 12, 1), d(2026, 12, 20)),
    )
    # c10: received after the period: in no figure.
    cases["c10"] = report_case(unit=a, received_on=d(2026, 12, 20), eligible=True)
    # c11: denunciation extended once, overdue on 14/12 though concluded on 20/12.
    cases["c11"] = report_case(
        unit=a,
        kind="denunciation",
        received_on=d(2026, 10, 1),
        status="concluded",
        accepted_on=d(2026, 10, 2),
        settled_on=d(2026, 12, 20),
        outcome="correct",
        resolve_due=d(2026, 11, 1),
        extensions=1,
        eligible=True,
        within_competence=True,
    )
    # c12: refused before the period: in no figure.
    cases["c12"] = report_case(
        unit=a, received_on=d(2025, 10, 1), status="rejected", settled_on=d(2025, 10, 5)
    )
    # c13: a repeat recommendation at B's reception desk, open, deadline not yet passed.
    cases["c13"] = report_case(
        unit=b,
        kind="recommendation",
        received_on=d(2026, 8, 1),
        channel="reception",
        repeat_number=2,
        deadlines=(("petition.classify", d(2026, 8, 1), d(2026, 12, 20), None, None),),
    )
    # c14: complaint suspended before its deadline passed: the clock is stopped, not overdue.
    cases["c14"] = report_case(
        unit=a,
        received_on=d(2026, 8, 10),
        status="suspended",
        accepted_on=d(2026, 8, 12),
        deadlines=(
            ("complaint.resolve.first", d(2026, 8, 12), d(2026, 9, 11), None, d(2026, 9, 1)),
        ),
        eligible=True,
        within_competence=True,
    )
    # c15: complaint concluded (incorrect) on time; the citizen's second-complaint window has
    # lapsed unmet, which is nobody's delay.
    cases["c15"] = report_case(
        unit=a,
        received_on=d(2026, 1, 5),
        channel="mail",
        status="concluded",
        accepted_on=d(2026, 1, 6),
        settled_on=d(2026, 2, 1),
        outcome="incorrect",
        resolve_due=d(2026, 2, 5),
        deadlines=(("complaint.second_window", d(2026, 2, 1), d(2026, 3, 3), None, None),),
        eligible=True,
        within_competence=True,
    )
    # c16: feedback at the province itself, unclassified past its deadline.
    cases["c16"] = report_case(
        unit=province,
        kind="feedback",
        received_on=d(2026, 9, 1),
        deadlines=(("petition.classify", d(2026, 9, 1), d(2026, 9, 15), None, None),),
    )
    reception_log(a, a1, b)
    db.session.commit()
    return {"P": province, "A": a, "A1": a1, "B": b}, cases


def reception_session(*, unit, head, day: date, delegated: bool = False, status: str = "held"):
    from petitions.reception.models import ReceptionSession

    session = ReceptionSession(
        unit_id=unit.id,
        head_id=head.id,
        delegated=delegated,
        day=day,
        starts_at=time(8),
        ends_at=time(11),
        place="Trụ sở tiếp công dân",
        status=status,
        delegate_name="Phó Chủ tịch" if delegated else None,
    )
    db.session.add(session)
    db.session.flush()
    return session


def visit(
    *,
    unit,
    day: date,
    people: int = 1,
    first: bool = True,
    session=None,
    route: str = "accepted",
    classification: str = "complaint",
):
    from petitions.reception.models import Visit

    row = Visit(
        unit_id=unit.id,
        year=day.year,
        sequence=next(_numbers),
        visited_on=day,
        people=people,
        content="Nội dung",
        classification=classification,
        route=route,
        first_visit=first,
        session_id=session.id if session else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def reception_log(a, a1, b):
    """Form 01/TCD for 2026: A with A1 has 4 visits of 21 people (see the test's figures)."""
    from tests.factories import create_user

    # One head for both sessions: the figures do not depend on who received.
    head = create_user(role="unit_head", unit=a)
    # The group of six behind c3, at the commune's regular desk.
    visit(unit=a1, day=date(2026, 2, 1), people=6)
    in_person = reception_session(unit=a, head=head, day=date(2026, 3, 15))
    visit(unit=a, day=date(2026, 3, 15), session=in_person)
    visit(unit=a, day=date(2026, 3, 15), people=12, first=False, session=in_person)
    delegated = reception_session(unit=a1, head=head, day=date(2026, 5, 10), delegated=True)
    visit(unit=a1, day=date(2026, 5, 10), people=2, first=False, session=delegated)
    reception_session(unit=a, head=head, day=date(2026, 7, 15), status="cancelled")
    visit(unit=a, day=date(2026, 6, 1), route="refused")
    visit(unit=a, day=date(2025, 12, 1))  # before the period
    visit(unit=b, day=date(2026, 8, 1), first=False, classification="recommendation")
    unit_reminder(unit=a1, sender=head, day=date(2026, 6, 1))
    unit_reminder(unit=a1, sender=head, day=date(2025, 12, 1))  # before the period


def unit_reminder(*, unit, sender, day: date):
    """A reminder to a unit as a whole (not about one case), as the inspectorate sends it."""
    from petitions.oversight.models import Reminder

    db.session.add(Reminder(unit_id=unit.id, sent_by_id=sender.id, sent_on=day, message="Đôn đốc"))
    db.session.flush()
