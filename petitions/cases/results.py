"""A case's subject area and the results of its decision or conclusion, as the statistical forms
of Circular 01/2024/TT-TTCP count them (01-04/KQGQ): what was recovered for the State and returned
(money in đồng, land in m²), rights restored, people recommended for administrative handling
(officials among them), transfers to the investigation agency, and the day the decision or
conclusion was carried out in full.

Recorded with the conclude step (its optional fields), by the classify step (subject_area), or
afterwards with POST /api/v1/cases/<id>/results (the enforcement day comes later)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, jsonify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from petitions.api.support import document, json_body
from petitions.audit.services import record
from petitions.cases.access import get_case_for
from petitions.cases.input import read_day
from petitions.cases.models import Case, CaseResult
from petitions.cases.subjects import SUBJECT_AREAS, is_subject_area
from petitions.clock import today
from petitions.domain import workflow
from petitions.errors import Refused, invalid
from petitions.extensions import db
from petitions.permissions import requires

MONEY, LAND, COUNT = "money", "land", "count"
# (field, label, kind), in the order of the forms' columns.
RESULT_FIELDS: tuple[tuple[str, Any, str], ...] = (
    ("recover_money", _l("Kiến nghị thu hồi cho Nhà nước: tiền (đồng)"), MONEY),
    ("recover_land", _l("Kiến nghị thu hồi cho Nhà nước: đất (m²)"), LAND),
    ("return_org_money", _l("Trả lại cho tổ chức: tiền (đồng)"), MONEY),
    ("return_org_land", _l("Trả lại cho tổ chức: đất (m²)"), LAND),
    ("return_person_money", _l("Trả lại cho cá nhân: tiền (đồng)"), MONEY),
    ("return_person_land", _l("Trả lại cho cá nhân: đất (m²)"), LAND),
    ("restored_orgs", _l("Số tổ chức được trả lại quyền lợi"), COUNT),
    ("restored_people", _l("Số cá nhân được trả lại quyền lợi"), COUNT),
    ("discipline_people", _l("Số người bị kiến nghị xử lý hành chính"), COUNT),
    ("discipline_officials", _l("Trong đó cán bộ, công chức, viên chức"), COUNT),
    ("investigation_cases", _l("Chuyển cơ quan điều tra: số vụ"), COUNT),
    ("investigation_people", _l("Chuyển cơ quan điều tra: số người"), COUNT),
    ("investigation_officials", _l("Chuyển cơ quan điều tra: trong đó cán bộ, công chức"), COUNT),
)
FIELD_NAMES = tuple(name for name, _label, _kind in RESULT_FIELDS)
MAX_MONEY = 10**15  # đồng: a thousand trillion
MAX_LAND = 10**9  # m²
MAX_COUNT = 10**6


def read_subject_area(data: dict) -> str | None:
    """The subject area given in a step's input, None when not given; 422 when unknown."""
    value = data.get("subject_area")
    if value in (None, ""):
        return None
    if not is_subject_area(value):
        raise invalid(
            "subject_area",
            _("Lĩnh vực phải là một trong: %(codes)s.", codes=", ".join(SUBJECT_AREAS)),
        )
    return value


def _number(data: dict, name: str, kind: str) -> int | float | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = value.strip().replace(" ", "")
        if kind == LAND:
            value = value.replace(",", ".")
    try:
        number = float(value) if kind == LAND else int(value)
    except (TypeError, ValueError, OverflowError):
        number = None
    if isinstance(value, bool) or number is None or number != number:  # NaN
        message = (
            _("Diện tích phải là số không âm (m²).")
            if kind == LAND
            else _("Phải là số nguyên không âm.")
        )
        raise invalid(name, message)
    limit = {MONEY: MAX_MONEY, LAND: MAX_LAND, COUNT: MAX_COUNT}[kind]
    if not 0 <= number <= limit:
        shown = f"{limit:,}".replace(",", ".")
        raise invalid(name, _("Phải từ 0 đến %(limit)s.", limit=shown))
    return number


def read_results(data: dict, *, on_or_before: date) -> dict:
    """The result fields present in `data`, checked; the enforcement day never after today."""
    values = {}
    for name, _label, kind in RESULT_FIELDS:
        number = _number(data, name, kind)
        if number is not None:
            values[name] = number
    if "discipline_officials" in values and values["discipline_officials"] > values.get(
        "discipline_people", values["discipline_officials"]
    ):
        raise invalid("discipline_officials", _("Số cán bộ không được lớn hơn tổng số người."))
    enforced_on = read_day(data, "enforced_on")
    if enforced_on is not None:
        if enforced_on > on_or_before:
            raise invalid("enforced_on", _("Ngày thực hiện xong không được sau ngày hôm nay."))
        values["enforced_on"] = enforced_on
    return values


def save_results(case: Case, values: dict) -> CaseResult | None:
    """Write the values onto the case's results row (created on first use); flush only."""
    if not values:
        return None
    row = db.session.get(CaseResult, case.id)
    if row is None:
        row = CaseResult(case_id=case.id, **dict.fromkeys(FIELD_NAMES, 0))
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()
    return row


def results_json(case: Case) -> dict:
    row = db.session.get(CaseResult, case.id)
    body: dict[str, Any] = {name: getattr(row, name) if row else 0 for name in FIELD_NAMES}
    body["enforced_on"] = row.enforced_on.isoformat() if row and row.enforced_on else None
    return body


# -- POST /api/v1/cases/<id>/results ---------------------------------------------------------------

bp = Blueprint("case_results_api", __name__, url_prefix="/api/v1")


@bp.get("/cases/<id:case_id>/results")
@requires("cases.read")
def case_results(case_id: int):
    """A case's subject area and the results of its decision or conclusion."""
    case = get_case_for(current_user, case_id)
    return jsonify({"id": case.id, "subject_area": case.subject_area, **results_json(case)})


@bp.post("/cases/<id:case_id>/results")
@requires("cases.act")
def record_results(case_id: int):
    """The handler records the subject area, or a decided case's results (the day it was
    carried out in full among them)."""
    case = get_case_for(current_user, case_id, lock=True)
    data = json_body()
    area = read_subject_area(data)
    values = read_results(data, on_or_before=today())
    if values and case.status.value not in workflow.DECIDED_STATES:
        raise Refused(
            409,
            _("Chỉ ghi kết quả cho vụ việc đã có quyết định, kết luận."),
            code="invalid_transition",
        )
    if area is not None:
        case.subject_area = area
    save_results(case, values)
    record(
        current_user,
        "case.results",
        case,
        {"subject_area": area, **{key: str(value) for key, value in values.items()}},
    )
    return jsonify({"id": case.id, "subject_area": case.subject_area, **results_json(case)})


document(
    {
        "/api/v1/cases/{id}/results": {
            "get": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "summary": "A case's subject area and the results of its decision or conclusion",
                "security": [{"bearer": []}],
                "responses": {"200": {"description": "Results"}, "404": {"description": "No"}},
            },
            "post": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "summary": "Record the subject area, what a decision or conclusion recovered, "
                "returned and recommended (money in đồng, land in m²), and the day it was "
                "carried out (forms 01-04/KQGQ of Circular 01/2024/TT-TTCP)",
                "security": [{"bearer": []}],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "subject_area": {"type": "string", "enum": list(SUBJECT_AREAS)},
                                    "enforced_on": {"type": "string", "format": "date"},
                                    **{
                                        name: {"type": "number" if kind == LAND else "integer"}
                                        for name, _label, kind in RESULT_FIELDS
                                    },
                                },
                            }
                        }
                    }
                },
                "responses": {
                    "200": {"description": "Recorded"},
                    "409": {"description": "The case has no decision or conclusion yet"},
                    "422": {"description": "A bad number, area or day"},
                },
            },
        }
    },
    {},
)
