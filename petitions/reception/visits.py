"""The reception log: a row per visit, its citizens (sealed for a denunciation), its outcome.

Every write flushes; the caller commits.
"""

import re
from collections.abc import Iterable
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from petitions.audit.services import record
from petitions.cases.labels import lang
from petitions.domain import reception as rules
from petitions.errors import Refused
from petitions.extensions import db
from petitions.reception.models import (
    Classification,
    ReceptionSession,
    RefusalGround,
    Route,
    SessionMode,
    SessionStatus,
    Visit,
    VisitCitizen,
)
from petitions.sealing import id_number_digest, seal_identity, unseal_identity
from petitions.text import clean
from petitions.units.models import Unit

ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")
MAX_PEOPLE = 10000
MAX_CITIZENS = 50


def _enum_value(enum_cls, value, field, message, errors, *, optional=False):
    if value in (None, "") and optional:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        errors[field] = [message]
        return None


def _visit_mode(mode, session, visited_on, errors) -> SessionMode:
    """In person or online: as given, else as the session was held; online from 1/7/2026."""
    chosen = _enum_value(
        SessionMode, mode, "mode", _("Hình thức tiếp không hợp lệ."), errors, optional=True
    )
    if chosen is None:
        chosen = session.mode if session is not None else SessionMode.IN_PERSON
    if chosen == SessionMode.ONLINE and visited_on and not rules.online_allowed(visited_on):
        errors["mode"] = [
            _(
                "Tiếp công dân trực tuyến áp dụng từ ngày %(day)s.",
                day=rules.ONLINE_RECEPTION_FROM.strftime("%d/%m/%Y"),
            )
        ]
    return chosen


def _check_citizens(citizens, people, errors) -> list[VisitCitizen]:
    rows: list[VisitCitizen] = []
    if not isinstance(citizens, list):
        errors["citizens"] = [_("Danh sách công dân không hợp lệ.")]
        return rows
    problems: list[str] = []
    for position, raw in enumerate(citizens):
        if not isinstance(raw, dict):
            problems.append(_("Mỗi công dân phải là một đối tượng."))
            continue
        name = clean(raw.get("full_name") if isinstance(raw.get("full_name"), str) else "")
        address = clean(raw.get("address") if isinstance(raw.get("address"), str) else "")
        id_number = clean(raw.get("id_number") if isinstance(raw.get("id_number"), str) else "")
        if not (name or address or id_number):
            continue  # an empty row of the form
        if not name:
            problems.append(_("Người thứ %(n)d: hãy ghi họ tên.", n=position + 1))
        elif len(name) > 200:
            problems.append(_("Người thứ %(n)d: họ tên tối đa 200 ký tự.", n=position + 1))
        if len(address) > 500:
            problems.append(_("Người thứ %(n)d: địa chỉ tối đa 500 ký tự.", n=position + 1))
        if id_number and not ID_NUMBER.match(id_number):
            problems.append(
                _("Người thứ %(n)d: số CMND/CCCD gồm 9 hoặc 12 chữ số.", n=position + 1)
            )
        rows.append(
            VisitCitizen(
                position=len(rows),
                full_name=name,
                address=address,
                id_number=id_number,
                representative=bool(raw.get("representative")),
            )
        )
    if problems:
        errors["citizens"] = problems
        return rows
    if not rows:
        errors["citizens"] = [_("Hãy ghi họ tên ít nhất một công dân.")]
    elif len(rows) > MAX_CITIZENS:
        errors["citizens"] = [_("Chỉ ghi tối đa %(n)d người trong sổ.", n=MAX_CITIZENS)]
    elif isinstance(people, int) and len(rows) > people:
        errors["people"] = [_("Số người không được ít hơn số công dân đã ghi tên.")]
    elif isinstance(people, int) and rules.is_group(people):
        # A group names its representatives; when none is marked, everyone named speaks for it.
        if not any(row.representative for row in rows):
            for row in rows:
                row.representative = True
        speaking = sum(row.representative for row in rows)
        limit = rules.representatives_limit(people)
        if speaking > limit:
            errors["citizens"] = [
                _(
                    "Đoàn %(people)d người cử tối đa %(limit)d người đại diện (%(basis)s); "
                    "đã ghi %(count)d người đại diện.",
                    people=people,
                    limit=limit,
                    basis=rules.REPRESENTATIVES_BASIS_VI
                    if not lang().startswith("en")
                    else rules.REPRESENTATIVES_BASIS_EN,
                    count=speaking,
                )
            ]
    return rows


def _check_outcome(route, forwarded_to: str, follow_up: str, notes: str, errors: dict) -> None:
    """The fields of what became of a visit, shared by logging it and updating it later."""
    if route == Route.FORWARDED and not forwarded_to:
        errors["forwarded_to"] = [_("Hãy ghi cơ quan được chuyển đơn đến.")]
    for field, value, limit in (
        ("forwarded_to", forwarded_to, 300),
        ("follow_up", follow_up, 5000),
        ("notes", notes, 5000),
    ):
        if len(value) > limit:
            errors[field] = [_("Tối đa %(n)d ký tự.", n=limit)]


def log_visit(
    *,
    unit: Unit,
    visited_on: date | None,
    people,
    citizens: list[dict],
    content: str,
    classification: str,
    session: ReceptionSession | None = None,
    handled_by: str = "",
    route: str | None = None,
    forwarded_to: str = "",
    follow_up: str = "",
    notes: str = "",
    first_visit: bool = True,
    refusal_ground: str | None = None,
    refusal_notice: str = "",
    mode: str | None = None,
    actor=None,
    today: date,
) -> Visit:
    """Write one row of the unit's reception log, numbered in sequence for the year.

    ``mode``: received in person or online (art. 3a); by default that of the session.

    A refusal (LTCD art. 9) is a row with route ``refused`` and its ground. A visit logged at
    a planned session whose day has come marks the session held: it evidently took place.
    """
    errors: dict[str, list[str]] = {}
    content, handled_by = clean(content), clean(handled_by)
    forwarded_to, follow_up, notes = clean(forwarded_to), clean(follow_up), clean(notes)
    refusal_notice = clean(refusal_notice)
    if visited_on is None:
        errors["visited_on"] = [_("Hãy ghi ngày tiếp.")]
    elif visited_on > today:
        errors["visited_on"] = [_("Ngày tiếp không được sau hôm nay.")]
    elif visited_on.year < 2000:
        errors["visited_on"] = [_("Ngày tiếp không hợp lệ.")]
    if isinstance(people, bool) or not isinstance(people, int) or not 1 <= people <= MAX_PEOPLE:
        errors["people"] = [_("Số người phải là số nguyên từ 1 đến %(n)d.", n=MAX_PEOPLE)]
    citizen_rows = _check_citizens(citizens, people, errors)
    if not content:
        errors["content"] = [_("Hãy ghi tóm tắt nội dung vụ việc.")]
    elif len(content) > 10000:
        errors["content"] = [_("Nội dung tối đa 10.000 ký tự.")]
    kind = _enum_value(
        Classification, classification, "classification", _("Phân loại không hợp lệ."), errors
    )
    chosen_route = _enum_value(
        Route, route, "route", _("Hướng xử lý không hợp lệ."), errors, optional=True
    )
    ground = _enum_value(
        RefusalGround,
        refusal_ground,
        "refusal_ground",
        _("Lý do từ chối không hợp lệ."),
        errors,
        optional=True,
    )
    if chosen_route == Route.REFUSED and ground is None and "refusal_ground" not in errors:
        errors["refusal_ground"] = [
            _("Từ chối tiếp phải nêu một trong các lý do tại Điều 9 Luật Tiếp công dân.")
        ]
    if ground is not None and chosen_route != Route.REFUSED:
        errors["refusal_ground"] = [_("Chỉ ghi lý do từ chối khi hướng xử lý là từ chối tiếp.")]
    _check_outcome(chosen_route, forwarded_to, follow_up, notes, errors)
    for field, value, limit in (
        ("handled_by", handled_by, 300),
        ("refusal_notice", refusal_notice, 100),
    ):
        if len(value) > limit:
            errors[field] = [_("Tối đa %(n)d ký tự.", n=limit)]
    if session is not None:
        if session.unit_id != unit.id:
            errors["session"] = [_("Buổi tiếp không thuộc đơn vị này.")]
        elif not session.is_active:
            errors["session"] = [_("Buổi tiếp đã hoãn hoặc đã hủy.")]
        elif visited_on is not None and visited_on != session.day:
            errors["visited_on"] = [_("Ngày tiếp phải trùng ngày của buổi tiếp.")]
    visit_mode = _visit_mode(mode, session, visited_on, errors)
    if errors:
        raise Refused(422, fields=errors)

    # Lock the unit so that two officers never draw the same sequence number.
    db.session.execute(select(Unit.id).where(Unit.id == unit.id).with_for_update())
    year = visited_on.year
    last = db.session.scalar(
        select(func.max(Visit.sequence)).where(Visit.unit_id == unit.id, Visit.year == year)
    )
    visit = Visit(
        unit=unit,
        year=year,
        sequence=(last or 0) + 1,
        session=session,
        visited_on=visited_on,
        mode=visit_mode,
        people=people,
        content=content,
        classification=kind,
        handled_by=handled_by,
        route=chosen_route,
        forwarded_to=forwarded_to if chosen_route == Route.FORWARDED else "",
        follow_up=follow_up,
        notes=notes,
        first_visit=bool(first_visit),
        refusal_ground=ground,
        refusal_notice=refusal_notice if ground is not None else "",
        received_by_id=getattr(actor, "id", None),
        citizens=citizen_rows,
    )
    if visit.sealed:
        seal_visit_citizens(visit)
    db.session.add(visit)
    if session is not None and session.status == SessionStatus.PLANNED and session.day <= today:
        session.status = SessionStatus.HELD
        record(actor, "reception.session.held", session, {"by_visit": True})
    db.session.flush()
    # No names in the audit trail: a denouncer's identity must not leak through it.
    record(
        actor,
        "reception.visit.log",
        visit,
        {"sequence": visit.sequence, "year": year, "route": route or None},
    )
    return visit


def update_visit_outcome(
    visit: Visit, *, route: str | None, forwarded_to: str, follow_up: str, notes: str, actor=None
) -> Visit:
    """Record what became of a visit after the fact: the route taken and the follow-up."""
    errors: dict[str, list[str]] = {}
    forwarded_to, follow_up, notes = clean(forwarded_to), clean(follow_up), clean(notes)
    chosen = _enum_value(
        Route, route, "route", _("Hướng xử lý không hợp lệ."), errors, optional=True
    )
    if chosen == Route.REFUSED and visit.refusal_ground is None:
        errors["route"] = [_("Ghi từ chối tiếp bằng một lượt tiếp mới, kèm lý do.")]
    _check_outcome(chosen, forwarded_to, follow_up, notes, errors)
    if errors:
        raise Refused(422, fields=errors)
    visit.route = chosen
    visit.forwarded_to = forwarded_to if chosen == Route.FORWARDED else ""
    visit.follow_up = follow_up
    visit.notes = notes
    db.session.flush()
    record(actor, "reception.visit.update", visit, {"route": route or None})
    return visit


def attach_case_to_visit(*, visit_id: int, case, actor=None) -> Visit | None:
    """Link the case opened at intake to the visit it came from; the route becomes accepted.

    Called by intake after it records a case from a visit (the desk's `?visit=<id>`, or the
    API's `"visit"`, both checked first by intake.from_visit.find_visit). Returns None when
    there is no such visit, so intake never fails on it.
    """
    try:
        visit = db.session.get(Visit, int(visit_id))
    except (TypeError, ValueError):
        return None
    if visit is None:
        return None
    visit.case_id = case.id
    visit.route = Route.ACCEPTED
    db.session.flush()
    record(actor, "reception.visit.case", visit, {"case": case.id})
    return visit


def visit_of_case(case_id: int) -> Visit | None:
    """The logged visit a case was opened from, if any: the link back from the case."""
    return db.session.scalar(select(Visit).where(Visit.case_id == case_id).limit(1))


CASE_KINDS = {
    Classification.COMPLAINT: "complaint",
    Classification.DENUNCIATION: "denunciation",
    Classification.RECOMMENDATION: "recommendation",
    Classification.FEEDBACK: "feedback",
}


def intake_link(visit: Visit) -> str:
    """The intake desk for a case from this visit. Only the visit's id travels: the desk
    fills in everything else on the server, so no identity lands in a URL or its logs."""
    return url_for("intake.desk", visit=visit.id)


def seal_visit_citizens(visit: Visit) -> None:
    """A denunciation visit keeps its citizens only sealed (Law on Denunciation art. 47)."""
    for citizen in visit.citizens:
        if citizen.sealed_identity is None:
            identity = {
                "full_name": citizen.full_name,
                "id_number": citizen.id_number,
                "address": citizen.address,
            }
            citizen.sealed_identity = seal_identity(identity)
            citizen.id_number_digest = id_number_digest(citizen.id_number)
        citizen.full_name = citizen.id_number = citizen.address = ""


def visit_identities(visit: Visit, *, actor, purpose: str) -> list[dict] | None:
    """The citizens named at the visit, as `actor` may see them: None where a denouncer's
    identity is kept from them. Opening a sealed visit is recorded, with its purpose."""
    if not visit.can_see_identity(actor):
        return None
    people = []
    for citizen in visit.citizens:
        if citizen.sealed_identity is not None:
            identity = unseal_identity(citizen.sealed_identity)
        else:
            identity = {
                "full_name": citizen.full_name,
                "id_number": citizen.id_number,
                "address": citizen.address,
            }
        people.append(
            {
                "full_name": identity.get("full_name") or "",
                "id_number": identity.get("id_number") or "",
                "address": identity.get("address") or "",
                "representative": citizen.representative,
            }
        )
    if visit.sealed:
        # Who opened a denouncer's identity, never the identity itself.
        record(actor, "reception.visit.reveal", visit, {"purpose": purpose})
    return people


def visit_log(*, unit_ids: Iterable[int], start: date, end: date) -> list[Visit]:
    """The log rows of the units for the period, in the order they were written."""
    return list(
        db.session.scalars(
            select(Visit)
            .where(Visit.unit_id.in_(list(unit_ids)), Visit.visited_on.between(start, end))
            .order_by(Visit.unit_id, Visit.year, Visit.sequence)
        )
    )
