"""The reception JSON API: sessions, the reception log and heads' compliance."""

from datetime import date, datetime, time

from flask import Blueprint, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from petitions import clock
from petitions.accounts.models import User
from petitions.accounts.services import get_user
from petitions.api.support import document, json_body, page_arg, parse_day
from petitions.domain.reception import Recurrence, ScheduleError
from petitions.errors import Refused
from petitions.extensions import db
from petitions.guards import row_id
from petitions.permissions import Role, requires
from petitions.reception.compliance import compliance as heads_compliance
from petitions.reception.models import ReceptionSession, Visit
from petitions.reception.sessions import (
    clash_map,
    create_recurring_sessions,
    create_session,
    readable_unit_ids,
    session_page,
)
from petitions.reception.visits import intake_link, log_visit
from petitions.units.models import Unit
from petitions.units.services import get_by_code

bp = Blueprint("reception_api", __name__, url_prefix="/api/v1")

PAGE_SIZE = 100


def _lang() -> str:
    return str(get_locale() or "vi")


def _invalid(field: str, message: str) -> Refused:
    return Refused(422, fields={field: [message]})


def _string(data: dict, key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise _invalid(key, _("Trường này là bắt buộc."))
        return ""
    if not isinstance(value, str):
        raise _invalid(key, _("Phải là một chuỗi ký tự."))
    return value


def _bool(data: dict, key: str, default: bool) -> bool:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _invalid(key, _("Phải là true hoặc false."))
    return value


def _time(data: dict, key: str) -> time:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise _invalid(key, _("Giờ phải có dạng HH:MM."))
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        raise _invalid(key, _("Giờ phải có dạng HH:MM.")) from None
    if parsed.tzinfo is not None:
        raise _invalid(key, _("Giờ theo giờ Việt Nam, không kèm múi giờ (HH:MM)."))
    return parsed


def _own_unit(data: dict) -> Unit:
    """The unit to write to: the user's own; naming another one is refused."""
    code = data.get("unit")
    if code in (None, ""):
        return current_user.unit
    if not isinstance(code, str):
        raise _invalid("unit", _("Mã đơn vị phải là một chuỗi ký tự."))
    unit = get_by_code(code)
    if unit is None:
        raise _invalid("unit", _("Không tìm thấy đơn vị %(code)s.", code=code))
    if unit.id != current_user.unit_id:
        raise Refused(403, _("Bạn chỉ ghi được lịch và sổ tiếp công dân của đơn vị mình."))
    return unit


def _moment(day: date, at: time) -> str:
    return datetime.combine(day, at, tzinfo=clock.LOCAL_TZ).isoformat()


def session_json(item: ReceptionSession, clashes: list[ReceptionSession] = ()) -> dict:
    lang = _lang()
    return {
        "id": item.id,
        "unit": item.unit.code,
        "unit_name": item.unit.name,
        "head": {"username": item.head.username, "full_name": item.head.display_name},
        "delegated": item.delegated,
        "delegate_name": item.delegate_name,
        "receiver": item.receiver_name,
        "date": item.day.isoformat(),
        "starts_at": _moment(item.day, item.starts_at),
        "ends_at": _moment(item.day, item.ends_at),
        "place": item.place,
        "mode": item.mode.value,
        "online_url": item.online_url,
        "recorded": item.recorded,
        "kind": item.kind.value,
        "status": item.status.value,
        "status_reason": item.status_reason,
        "published": item.published,
        "subject": item.subject,
        "recurrence": item.recurrence,
        "moved_from": item.moved_from.isoformat() if item.moved_from else None,
        "move_note": item.move_note_en if lang.startswith("en") else item.move_note,
        "postponed_to": item.postponed_to_id,
        "clashes": [other.id for other in clashes],
    }


def visit_json(visit: Visit) -> dict:
    return {
        "id": visit.id,
        "unit": visit.unit.code,
        "year": visit.year,
        "sequence": visit.sequence,
        "visited_on": visit.visited_on.isoformat(),
        "mode": visit.mode.value,
        "session": visit.session_id,
        "people": visit.people,
        "group": visit.is_group,
        "representatives": sum(c.representative for c in visit.citizens),
        "classification": visit.classification.value,
        "first_visit": visit.first_visit,
        "route": visit.route.value if visit.route else None,
        "refusal_ground": visit.refusal_ground.value if visit.refusal_ground else None,
        "case": visit.case_id,
        "intake_url": intake_link(visit),
    }


@bp.route("/reception/sessions")
@requires("reception.read")
def list_sessions():
    today = clock.today()
    start = parse_day(request.args.get("from"), "from") or date(today.year, 1, 1)
    end = parse_day(request.args.get("to"), "to") or date(today.year, 12, 31)
    if end < start:
        raise _invalid("to", _("Ngày kết thúc không được trước ngày bắt đầu."))
    allowed = readable_unit_ids(current_user)
    code = request.args.get("unit", "")
    if code:
        unit = get_by_code(code)
        if unit is None:
            raise _invalid("unit", _("Không tìm thấy đơn vị %(code)s.", code=code))
        if allowed is not None and unit.id not in allowed:
            raise Refused(403, _("Bạn không được xem lịch tiếp của đơn vị này."))
        unit_ids = [unit.id]
    else:
        unit_ids = allowed
    page = page_arg()
    total, shown = session_page(
        start=start, end=end, unit_ids=unit_ids, page=page, per_page=PAGE_SIZE
    )
    clashes = clash_map(shown)
    return jsonify(
        {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "items": [session_json(s, clashes.get(s.id, [])) for s in shown],
        }
    )


def _head(data: dict, unit: Unit) -> User:
    username = data.get("head")
    if username in (None, "") and current_user.has_role(Role.UNIT_HEAD):
        return current_user
    if not isinstance(username, str) or not username:
        raise _invalid("head", _("Hãy ghi tên đăng nhập của thủ trưởng chủ trì."))
    head = get_user(username)
    if head is None or not head.has_role(Role.UNIT_HEAD) or head.unit_id != unit.id:
        raise _invalid(
            "head", _("Người chủ trì phải là thủ trưởng của đơn vị %(unit)s.", unit=unit.name)
        )
    return head


def _recurrence(raw) -> Recurrence:
    if not isinstance(raw, dict):
        raise _invalid("recurrence", _("Quy tắc lặp lại phải là một đối tượng."))
    frequency = raw.get("frequency")
    month_days = raw.get("month_days", [])
    weekday = raw.get("weekday")
    nth = raw.get("nth", [])

    def integers(value) -> bool:
        return isinstance(value, list) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        )

    if not isinstance(frequency, str) or not integers(month_days) or not integers(nth):
        raise _invalid("recurrence", _("Quy tắc lặp lại không hợp lệ."))
    if weekday is not None and (not isinstance(weekday, int) or isinstance(weekday, bool)):
        raise _invalid("recurrence", _("Thứ trong tuần phải là số từ 0 (Thứ Hai) đến 6."))
    try:
        return Recurrence(frequency, tuple(month_days), weekday, tuple(nth))
    except ScheduleError as error:
        raise _invalid("recurrence", error.message(_lang())) from None


@bp.route("/reception/sessions", methods=["POST"])
@requires("reception.manage")
def create_sessions():
    data = json_body()
    unit = _own_unit(data)
    head = _head(data, unit)
    fields = {
        "head": head,
        "unit": unit,
        "starts_at": _time(data, "starts_at"),
        "ends_at": _time(data, "ends_at"),
        # An online session's link is where citizens go; a room is optional.
        "place": _string(data, "place", required=data.get("mode") != "online"),
        "published": _bool(data, "published", True),
        "actor": current_user,
        "today": clock.today(),
    }
    if "recurrence" in data:
        if data.get("mode") not in (None, "", "in_person"):
            raise _invalid("mode", _("Lịch lặp lại chỉ lập cho buổi tiếp trực tiếp."))
        rule = _recurrence(data["recurrence"])
        start = parse_day(data.get("from"), "from", required=True)
        end = parse_day(data.get("to"), "to", required=True)
        sessions = create_recurring_sessions(rule=rule, start=start, end=end, **fields)
    else:
        sessions = [
            create_session(
                day=parse_day(data.get("date"), "date", required=True),
                kind=_string(data, "kind") or "periodic",
                delegated=_bool(data, "delegated", False),
                delegate_name=_string(data, "delegate_name"),
                subject=_string(data, "subject"),
                mode=_string(data, "mode") or "in_person",
                online_url=_string(data, "online_url"),
                recorded=_bool(data, "recorded", False),
                **fields,
            )
        ]
    clashes = clash_map(sessions)
    if "recurrence" not in data:
        return jsonify(session_json(sessions[0], clashes.get(sessions[0].id, []))), 201
    return jsonify(
        {
            "count": len(sessions),
            "moved": sum(1 for s in sessions if s.moved_from),
            "items": [session_json(s, clashes.get(s.id, [])) for s in sessions],
        }
    ), 201


@bp.route("/reception/visits", methods=["POST"])
@requires("reception.manage")
def create_visit():
    data = json_body()
    unit = _own_unit(data)
    today = clock.today()
    session = None
    session_id = data.get("session")
    if session_id is not None:
        if not isinstance(session_id, int) or isinstance(session_id, bool):
            raise _invalid("session", _("Mã buổi tiếp phải là số."))
        found = row_id(session_id)
        session = None if found is None else db.session.get(ReceptionSession, found)
        if session is None:
            raise _invalid("session", _("Không tìm thấy buổi tiếp."))
    people = data.get("people", 1)
    route = data.get("route")
    ground = data.get("refusal_ground")
    for key, value in (("route", route), ("refusal_ground", ground)):
        if value is not None and not isinstance(value, str):
            raise _invalid(key, _("Phải là một chuỗi ký tự."))
    visit = log_visit(
        unit=unit,
        session=session,
        visited_on=parse_day(data.get("visited_on"), "visited_on") or today,
        people=people,
        citizens=data.get("citizens", []),
        content=_string(data, "content", required=True),
        classification=_string(data, "classification", required=True),
        handled_by=_string(data, "handled_by"),
        route=route or None,
        forwarded_to=_string(data, "forwarded_to"),
        follow_up=_string(data, "follow_up"),
        notes=_string(data, "notes"),
        first_visit=_bool(data, "first_visit", True),
        refusal_ground=ground or None,
        refusal_notice=_string(data, "refusal_notice"),
        mode=_string(data, "mode") or None,
        actor=current_user,
        today=today,
    )
    return jsonify(visit_json(visit)), 201


def _compliance_json(report: dict) -> dict:
    def plain(value):
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(report)


@bp.route("/reception/compliance")
@requires("reception.read")
def compliance():
    raw = request.args.get("year", "")
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise _invalid("year", _("Năm phải là số có bốn chữ số, ví dụ 2026."))
    allowed = readable_unit_ids(current_user)
    code = request.args.get("unit", "")
    unit = None
    if code:
        unit = get_by_code(code)
        if unit is None:
            raise _invalid("unit", _("Không tìm thấy đơn vị %(code)s.", code=code))
        if allowed is not None and unit.id not in allowed:
            raise Refused(403, _("Bạn không được xem số liệu của đơn vị này."))
    elif allowed is not None:
        unit = current_user.unit
    report = heads_compliance(year=int(raw), unit=unit, today=clock.today(), lang=_lang())
    return jsonify(_compliance_json(report))


# -- OpenAPI --------------------------------------------------------------------------------------

_ERRORS = {
    code: {
        "description": text,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for code, text in (
        ("401", "Missing or invalid bearer token"),
        ("403", "Not allowed (another unit, or the role lacks the permission)"),
        ("422", "Invalid fields"),
    )
}

_SESSION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "unit": {"type": "string"},
        "unit_name": {"type": "string"},
        "head": {
            "type": "object",
            "properties": {"username": {"type": "string"}, "full_name": {"type": "string"}},
        },
        "delegated": {"type": "boolean"},
        "delegate_name": {"type": "string", "nullable": True},
        "receiver": {"type": "string", "description": "Who receives citizens"},
        "date": {"type": "string", "format": "date"},
        "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": "string", "format": "date-time"},
        "place": {"type": "string"},
        "mode": {
            "type": "string",
            "enum": ["in_person", "online"],
            "description": "Online reception (LTCD art. 3a, from 1/7/2026) counts like in person",
        },
        "online_url": {"type": "string", "nullable": True, "description": "How to join online"},
        "recorded": {"type": "boolean", "description": "Whether the online session is recorded"},
        "kind": {"type": "string", "enum": ["periodic", "ad_hoc", "dialogue"]},
        "status": {"type": "string", "enum": ["planned", "held", "postponed", "cancelled"]},
        "status_reason": {"type": "string"},
        "published": {"type": "boolean"},
        "subject": {"type": "string"},
        "recurrence": {"type": "string"},
        "moved_from": {
            "type": "string",
            "format": "date",
            "nullable": True,
            "description": "The rule's day when the session was moved off a day off",
        },
        "move_note": {"type": "string"},
        "postponed_to": {"type": "integer", "nullable": True},
        "clashes": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "Other sessions needing the same head at an overlapping time",
        },
    },
}

_SESSION_INPUT = {
    "type": "object",
    "required": ["starts_at", "ends_at"],
    "properties": {
        "unit": {"type": "string", "description": "Your own unit (default)"},
        "head": {"type": "string", "description": "Username of a unit_head of the unit"},
        "date": {"type": "string", "format": "date", "description": "One session"},
        "recurrence": {
            "type": "object",
            "description": "Instead of date: a series from `from` to `to`",
            "properties": {
                "frequency": {"type": "string", "enum": ["monthly", "weekly"]},
                "month_days": {"type": "array", "items": {"type": "integer"}},
                "weekday": {"type": "integer", "minimum": 0, "maximum": 6},
                "nth": {"type": "array", "items": {"type": "integer"}},
            },
        },
        "from": {"type": "string", "format": "date"},
        "to": {"type": "string", "format": "date"},
        "starts_at": {"type": "string", "example": "07:30"},
        "ends_at": {"type": "string", "example": "11:30"},
        "place": {"type": "string", "description": "Required, except for an online session"},
        "mode": {
            "type": "string",
            "enum": ["in_person", "online"],
            "description": "Online reception (LTCD art. 3a, from 1/7/2026) counts like in person",
        },
        "online_url": {"type": "string", "description": "https link; required when online"},
        "recorded": {"type": "boolean", "default": False},
        "kind": {"type": "string", "enum": ["periodic", "ad_hoc", "dialogue"]},
        "delegated": {"type": "boolean"},
        "delegate_name": {"type": "string"},
        "subject": {"type": "string"},
        "published": {"type": "boolean", "default": True},
    },
}

_VISIT_INPUT = {
    "type": "object",
    "required": ["citizens", "content", "classification"],
    "properties": {
        "unit": {"type": "string"},
        "session": {"type": "integer", "nullable": True, "description": "null: regular desk"},
        "visited_on": {"type": "string", "format": "date"},
        "mode": {
            "type": "string",
            "enum": ["in_person", "online"],
            "description": "Default: the session's mode, in person at the desk",
        },
        "people": {"type": "integer", "minimum": 1, "default": 1},
        "citizens": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "full_name": {"type": "string"},
                    "address": {"type": "string"},
                    "id_number": {"type": "string"},
                    "representative": {"type": "boolean"},
                },
            },
            "description": "For 5+ people, the representatives: at most 2 (5-10 people) "
            "or 5 (11+), Decree 124/2020 art. 6",
        },
        "content": {"type": "string"},
        "classification": {
            "type": "string",
            "enum": ["complaint", "denunciation", "recommendation", "feedback", "other"],
        },
        "first_visit": {"type": "boolean", "default": True},
        "handled_by": {"type": "string"},
        "route": {
            "type": "string",
            "nullable": True,
            "enum": ["accepted", "guided", "forwarded", "answered", "refused"],
        },
        "forwarded_to": {"type": "string"},
        "refusal_ground": {
            "type": "string",
            "nullable": True,
            "enum": ["incapacitated", "disorderly", "already_resolved"],
        },
        "refusal_notice": {"type": "string"},
        "follow_up": {"type": "string"},
        "notes": {"type": "string"},
    },
}

_VISIT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "unit": {"type": "string"},
        "year": {"type": "integer"},
        "sequence": {"type": "integer", "description": "Number in the unit's log for the year"},
        "visited_on": {"type": "string", "format": "date"},
        "mode": {"type": "string", "enum": ["in_person", "online"]},
        "session": {"type": "integer", "nullable": True},
        "people": {"type": "integer"},
        "group": {"type": "boolean"},
        "representatives": {"type": "integer"},
        "classification": {"type": "string"},
        "first_visit": {"type": "boolean"},
        "route": {"type": "string", "nullable": True},
        "refusal_ground": {"type": "string", "nullable": True},
        "case": {"type": "integer", "nullable": True},
        "intake_url": {"type": "string", "description": "The intake desk, pre-filled"},
    },
}

_COMPLIANCE = {
    "type": "object",
    "properties": {
        "year": {"type": "integer"},
        "as_of": {"type": "string", "format": "date"},
        "heads": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "head": {"type": "object"},
                    "unit": {"type": "object"},
                    "rule": {
                        "type": "object",
                        "nullable": True,
                        "properties": {
                            "key": {"type": "string"},
                            "title": {"type": "string"},
                            "days": {"type": "integer"},
                            "period": {"type": "string", "enum": ["month", "week"]},
                            "basis": {"type": "string"},
                            "description": {"type": "string"},
                            "valid_from": {"type": "string", "format": "date"},
                            "valid_to": {"type": "string", "format": "date", "nullable": True},
                            "delegation_counts": {"type": "boolean"},
                        },
                        "description": "The version in force on the as-of day (or the year's last)",
                    },
                    "rules": {
                        "type": "array",
                        "items": {"type": "object"},
                        "description": "Every version applied in the year, in order (same shape)",
                    },
                    "periods": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "index": {"type": "integer"},
                                "period": {"type": "string", "enum": ["month", "week"]},
                                "start": {"type": "string", "format": "date"},
                                "end": {"type": "string", "format": "date"},
                                "required": {"type": "integer"},
                                "in_person": {"type": "integer"},
                                "delegated": {"type": "integer"},
                                "delegation_counts": {
                                    "type": "boolean",
                                    "description": "False from 1/7/2026: delegated days "
                                    "are recorded, not counted",
                                },
                                "rule_valid_from": {"type": "string", "format": "date"},
                                "status": {
                                    "type": "string",
                                    "enum": [
                                        "met",
                                        "met_with_delegation",
                                        "missed",
                                        "in_progress",
                                        "upcoming",
                                        "not_required",
                                    ],
                                },
                            },
                        },
                    },
                    "in_person": {"type": "integer"},
                    "delegated": {"type": "integer"},
                    "assessed": {"type": "integer"},
                    "met": {"type": "integer"},
                    "met_in_person": {"type": "integer"},
                    "missed": {"type": "integer"},
                    "rate": {"type": "number", "nullable": True},
                    "sessions": {"type": "object", "additionalProperties": {"type": "integer"}},
                },
            },
        },
    },
}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


document(
    {
        "/api/v1/reception/sessions": {
            "get": {
                "summary": "Heads' reception sessions (your unit's subtree, or all for oversight)",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": "unit", "in": "query", "schema": {"type": "string"}},
                    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "Sessions",
                        "content": _json(
                            {
                                "type": "object",
                                "properties": {
                                    "from": {"type": "string", "format": "date"},
                                    "to": {"type": "string", "format": "date"},
                                    "total": {"type": "integer"},
                                    "page": {"type": "integer"},
                                    "pages": {"type": "integer"},
                                    "items": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/ReceptionSession"},
                                    },
                                },
                            }
                        ),
                    },
                    **_ERRORS,
                },
            },
            "post": {
                "summary": "Schedule a session, or a series of periodic sessions from a rule "
                "(days off move to the next working day)",
                "security": [{"bearer": []}],
                "requestBody": {"content": _json(_SESSION_INPUT)},
                "responses": {
                    "201": {
                        "description": "The session; for a series {count, moved, items}",
                        "content": _json({"$ref": "#/components/schemas/ReceptionSession"}),
                    },
                    **_ERRORS,
                },
            },
        },
        "/api/v1/reception/visits": {
            "post": {
                "summary": "Write a visit (or a refusal, LTCD art. 9) into the reception log",
                "security": [{"bearer": []}],
                "requestBody": {"content": _json(_VISIT_INPUT)},
                "responses": {
                    "201": {"description": "The log row", "content": _json(_VISIT)},
                    **_ERRORS,
                },
            }
        },
        "/api/v1/reception/compliance": {
            "get": {
                "summary": "Each head's reception days against the legal minimum",
                "security": [{"bearer": []}],
                "parameters": [
                    {
                        "name": "year",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                    {"name": "unit", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "Compliance", "content": _json(_COMPLIANCE)},
                    **_ERRORS,
                },
            }
        },
        "/reception/calendar.ics": {
            "get": {
                "summary": "Public iCalendar feed of published reception sessions",
                "parameters": [{"name": "unit", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "text/calendar"}},
            }
        },
    },
    {"ReceptionSession": _SESSION},
)
