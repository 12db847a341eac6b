"""GeoReport v2 on top of intake: the two services, filing a request, the public view of one.

Only recommendations and feedback are offered. Complaints and denunciations carry legal
consequences (acceptance, sealed identities) that a generic civic client cannot explain, so
they stay with the online form and /api/v1/petitions.

What is public: a listed request shows its tracking code, service, state, handling unit, dates
and the open statutory deadline. Free text is published only when the citizen wrote it for
this public interface (a request filed here), and then only its title (the description's first
words) and the place. A confidential case is never listed, and nothing about any petitioner
ever is.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from petitions.cases.models import Case, CaseEvent, Channel, Kind, Status, statuses
from petitions.clock import LOCAL_TZ, local
from petitions.domain import dates, workflow
from petitions.errors import Refused
from petitions.extensions import db
from petitions.intake import labels
from petitions.intake.services import (
    access_key_matches,
    normalise_tracking_code,
    record_petition,
)
from petitions.intake.validation import (
    MAX_ADDRESS,
    Errors,
    resolve_unit,
    text,
    validate_petition,
)
from petitions.notifications.services import public_url
from petitions.open311.models import Open311Request
from petitions.units.models import Unit
from petitions.units.services import subtree_ids, tree_rows

SERVICES: dict[str, Kind] = {"feedback": Kind.FEEDBACK, "recommendation": Kind.RECOMMENDATION}
# Kinds this interface refuses by name, with a pointer to where they can be sent.
REFUSED = frozenset({Kind.COMPLAINT.value, Kind.DENUNCIATION.value})

OPEN = "open"
CLOSED = "closed"
# A request is open while its case is pending (workflow.PENDING_STATES): a concluded case has
# its answer, so for a civic client the request is resolved.

MAX_DAYS = 90  # GeoReport: a query may not span more than 90 days
MAX_ROWS = 1000  # GeoReport: the first 1000 requests
MAX_IDS = 100
TITLE_LENGTH = 80
MAX_MEDIA_URL = 1000
# A deadline day ends when the office closes.
OFFICE_CLOSES = time(17, 0)


# -- services ----------------------------------------------------------------------------------


def _keywords(kind: Kind) -> str:
    if kind == Kind.FEEDBACK:
        return _("phản ánh, sự việc, vướng mắc, bất cập, hạ tầng, môi trường, dịch vụ công")
    return _("kiến nghị, góp ý, đề xuất, chính sách, thủ tục hành chính")


def service_kind(code: str | None) -> Kind:
    """The kind a service code files, or the GeoReport error for a missing or refused one."""
    if code in (None, ""):
        raise Refused(400, _("service_code: Vui lòng chọn dịch vụ (feedback hoặc recommendation)."))
    if code in SERVICES:
        return SERVICES[code]
    if code in REFUSED:
        raise Refused(
            404,
            _(
                "service_code: Khiếu nại, tố cáo không nhận qua Open311. Hãy gửi tại trang "
                "gửi đơn trực tuyến hoặc qua /api/v1/petitions, nơi giải thích quyền và "
                "nghĩa vụ của người khiếu nại, tố cáo."
            ),
        )
    raise Refused(
        404,
        _(
            "service_code: Không có dịch vụ «%(code)s». Chỉ có feedback và recommendation.",
            code=code,
        ),
    )


def services() -> list[dict]:
    """The service list: one entry per kind offered."""
    return [
        {
            "service_code": code,
            "service_name": labels.label(labels.KINDS, kind),
            "description": labels.label(labels.KIND_EXPLANATIONS, kind),
            "metadata": True,
            "type": "realtime",
            "keywords": _keywords(kind),
            "group": _("Kiến nghị, phản ánh"),
        }
        for code, kind in SERVICES.items()
    ]


def _attribute(order: int, code: str, datatype: str, description: str, **extra) -> dict:
    return {
        "variable": True,
        "code": code,
        "datatype": datatype,
        "required": False,
        "datatype_description": extra.pop("datatype_description", None),
        "order": order,
        "description": description,
        **({"values": extra["values"]} if "values" in extra else {}),
    }


def service_definition(code: str) -> dict:
    """The attributes a client may send with `attribute[code]=value`.

    None is required by itself: a request without any identity is filed anonymously, and one
    with any identity must carry the whole identity intake asks of a citizen (full name, ID
    number, address and phone), so the rule is stated in the descriptions."""
    service_kind(code)
    units = [{"key": unit.code, "name": unit.name} for unit, _depth in tree_rows() if unit.active]
    identity_rule = _(
        "Nếu ghi danh tính thì phải ghi đủ họ tên, số căn cước (attribute[id_number]), địa chỉ "
        "(attribute[address]) và số điện thoại (phone). Không ghi gì thì đơn được gửi ẩn danh; "
        "đơn không rõ họ tên, địa chỉ có thể bị lưu đơn khi phân loại."
    )
    return {
        "service_code": code,
        "attributes": [
            _attribute(
                1,
                "unit",
                "singlevaluelist",
                _(
                    "Cơ quan nhận đơn (cũng có thể gửi mã đơn vị qua jurisdiction_id). Để trống "
                    "nếu không biết: cơ quan nhận sẽ chuyển đến nơi có thẩm quyền."
                ),
                values=units,
            ),
            _attribute(
                2,
                "full_name",
                "string",
                _("Họ và tên đầy đủ của người gửi; nếu có, dùng thay cho last_name và first_name.")
                + " "
                + identity_rule,
                datatype_description=_("Ví dụ: Nguyễn Văn An"),
            ),
            _attribute(
                3,
                "id_number",
                "string",
                _("Số căn cước công dân của người gửi.") + " " + identity_rule,
                datatype_description=_("12 chữ số, ví dụ 002085001234"),
            ),
            _attribute(
                4,
                "address",
                "string",
                _(
                    "Địa chỉ nơi ở của người gửi, nơi cơ quan gửi văn bản trả lời (khác với "
                    "address_string là nơi xảy ra sự việc)."
                )
                + " "
                + identity_rule,
            ),
            _attribute(
                5,
                "confidential",
                "singlevaluelist",
                _(
                    "Đề nghị giữ bí mật danh tính. Đơn giữ bí mật không có trong danh sách công "
                    "khai; chỉ xem được khi gửi kèm mã bí mật trong tiêu đề X-Access-Key."
                ),
                values=[
                    {"key": "false", "name": _("Không")},
                    {"key": "true", "name": _("Có, giữ bí mật danh tính")},
                ],
            ),
        ],
    }


def jurisdiction(code: str | None) -> Unit | None:
    """The unit a jurisdiction_id names (merged units lead to their successor)."""
    if code in (None, ""):
        return None
    unit = resolve_unit(code)
    if unit is None:
        raise Refused(
            404, _("jurisdiction_id: Không có cơ quan, đơn vị nào mang mã «%(code)s».", code=code)
        )
    return unit


# -- filing ------------------------------------------------------------------------------------


@dataclass
class Submission:
    """The parameters of a POST, as text (attributes by code)."""

    service_code: str | None = None
    jurisdiction_id: str | None = None
    description: str | None = None
    address_string: str | None = None
    lat: str | None = None
    long: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    media_url: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class Filed:
    case: Case
    access_key: str
    notice: str


# Stored in the case for staff, so always in Vietnamese whatever the client's language.
_PLACE = "Địa điểm: {}"
_COORDINATES = "Tọa độ (WGS84): {}, {}"
_MEDIA = "Ảnh, tài liệu do người gửi cung cấp (đường dẫn chưa kiểm tra): {}"


def derive_title(description: str) -> str:
    """The first words of the description's first line, cut at a word boundary."""
    first = " ".join(description.strip().splitlines()[0].split()) if description.strip() else ""
    if len(first) <= TITLE_LENGTH:
        return first
    cut = first[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] or first[: TITLE_LENGTH - 1]
    return cut.rstrip(" ,;:.-") + "…"


def _coordinate(errors: Errors, raw: str | None, name: str, limit: float) -> float | None:
    if raw in (None, ""):
        return None
    try:
        value = float(str(raw).strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not -limit <= value <= limit:
        errors.add(
            name,
            _(
                "Phải là số thập phân từ -%(limit)d đến %(limit)d (tọa độ WGS84).",
                limit=limit,
            ),
        )
        return None
    return value


def _media_url(errors: Errors, raw: str | None) -> str | None:
    value = text(errors, raw, "media_url", required=False, max_length=MAX_MEDIA_URL)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        errors.add("media_url", _("Phải là một đường dẫn http:// hoặc https://."))
        return None
    return value


def _identity(submission: Submission) -> dict | None:
    """The petitioner as intake expects it, or None when nothing identifies the sender."""
    attributes = submission.attributes
    names = (submission.last_name, submission.first_name)
    given = [part.strip() for part in names if part and part.strip()]
    # Vietnamese order: family name first.
    full_name = (attributes.get("full_name") or "").strip() or " ".join(given) or None
    person = {
        "full_name": full_name,
        "id_number": attributes.get("id_number"),
        "address": attributes.get("address"),
        "phone": submission.phone,
        "email": submission.email,
    }
    if not any(value and value.strip() for value in person.values()):
        return None
    return person


def _parameter_names(submission: Submission) -> dict[str, str]:
    """Intake's field names as the GeoReport parameters the client sent."""
    full_name = "attribute[full_name]" if submission.attributes.get("full_name") else "first_name"
    unit = "attribute[unit]" if submission.attributes.get("unit") else "jurisdiction_id"
    return {
        "kind": "service_code",
        "title": "description",
        "content": "description",
        "unit": unit,
        "anonymous": "first_name",
        "confidential": "attribute[confidential]",
        "petitioner": "first_name",
        "petitioner.full_name": full_name,
        "petitioner.id_number": "attribute[id_number]",
        "petitioner.address": "attribute[address]",
        "petitioner.phone": "phone",
        "petitioner.email": "email",
    }


def _invalid(submission: Submission, fields: dict[str, list[str]]) -> Refused:
    """Intake's refusal with its fields named as GeoReport's parameters."""
    if "content" in fields:
        # A missing description also leaves the title empty: one message is enough.
        fields = {name: messages for name, messages in fields.items() if name != "title"}
    names = _parameter_names(submission)
    parameters: dict[str, list[str]] = {}
    for name, messages in fields.items():
        parameters.setdefault(names.get(name, name), []).extend(messages)
    return Refused(400, fields=parameters)


def _notice(case: Case, *, anonymous: bool) -> str:
    classify = next((row for row in case.deadlines if row.rule == "petition.classify"), None)
    parts = [
        _(
            "%(unit)s đã nhận %(kind)s của bạn ngày %(day)s, mã hồ sơ %(code)s.",
            unit=case.unit.name,
            kind=labels.label(labels.KINDS, case.kind).lower(),
            day=case.received_on.strftime("%d/%m/%Y"),
            code=case.tracking_code,
        )
    ]
    if classify is not None:
        parts.append(
            _(
                "Hạn phân loại, xử lý đơn: %(day)s (%(basis)s).",
                day=classify.due_on.strftime("%d/%m/%Y"),
                basis=classify.basis,
            )
        )
    parts.append(
        _(
            "Giữ kín mã bí mật (access_key, chỉ hiện một lần) để xem chi tiết tại %(url)s.",
            url=public_url("intake.track"),
        )
    )
    if anonymous:
        parts.append(
            _(
                "Đơn không ghi rõ họ tên, địa chỉ người gửi có thể bị lưu đơn khi phân loại "
                "(Thông tư 05/2021/TT-TTCP); nội dung vẫn được cơ quan tham khảo."
            )
        )
    return " ".join(parts)


def file_request(*, submission: Submission, today: date) -> Filed:
    """Record a GeoReport POST as an online petition through intake. Flushes, never commits.

    Raises Refused: 400 with a description per invalid parameter (intake's messages,
    prefixed by the parameter's name), 404 for a service or jurisdiction that does not exist.
    """
    kind = service_kind(submission.service_code)
    errors = Errors()
    place = text(
        errors, submission.address_string, "address_string", required=False, max_length=MAX_ADDRESS
    )
    latitude = _coordinate(errors, submission.lat, "lat", 90)
    longitude = _coordinate(errors, submission.long, "long", 180)
    if (submission.lat in (None, "")) != (submission.long in (None, "")):
        errors.add("lat", _("Hãy gửi cả lat và long, hoặc không gửi cả hai."))
    media_url = _media_url(errors, submission.media_url)
    unit_code = (submission.attributes.get("unit") or "").strip() or None
    if unit_code is None:
        addressed = jurisdiction(submission.jurisdiction_id)
        unit_code = addressed.code if addressed is not None else None
    elif submission.jurisdiction_id and jurisdiction(submission.jurisdiction_id) != resolve_unit(
        unit_code
    ):
        errors.add(
            "attribute[unit]",
            _("attribute[unit] và jurisdiction_id chỉ hai cơ quan khác nhau: hãy chọn một."),
        )

    description = submission.description if isinstance(submission.description, str) else None
    content = None
    if description and description.strip():
        notes = []
        if place:
            notes.append(_PLACE.format(place))
        if latitude is not None and longitude is not None:
            notes.append(_COORDINATES.format(latitude, longitude))
        if media_url:
            notes.append(_MEDIA.format(media_url))
        content = description.strip() + ("\n\n" + "\n".join(notes) if notes else "")
    person = _identity(submission)
    data = {
        "kind": kind.value,
        "title": derive_title(description) if content else None,
        "content": content,
        "unit": unit_code,
        "anonymous": person is None,
        "confidential": submission.attributes.get("confidential"),
        "petitioner": person,
    }
    try:
        if errors.fields:
            # Report intake's problems together with ours before anything is recorded.
            validate_petition(data, staff=False, errors=errors)
            errors.raise_if_any()
        receipt = record_petition(
            data=data,
            channel=Channel.ONLINE,
            receiving_unit=None,
            received_on=today,
            today=today,
            actor=None,
        )
    except Refused as error:
        raise _invalid(submission, error.fields) from None
    case = receipt.case
    db.session.add(
        Open311Request(
            case=case,
            service_code=submission.service_code,
            address_string=place,
            latitude=latitude,
            longitude=longitude,
            media_url=media_url,
        )
    )
    db.session.flush()
    return Filed(
        case=case, access_key=receipt.access_key, notice=_notice(case, anonymous=person is None)
    )


# -- the public view ---------------------------------------------------------------------------


def public_status(status: Status) -> str:
    return OPEN if status in workflow.PENDING_STATES else CLOSED


def expected_moment(case: Case) -> datetime | None:
    """The open statutory deadline, at the end of its office day; None once closed or while
    the clock is stopped (a suspended case has no running deadline)."""
    if public_status(case.status) == CLOSED or case.due_on is None:
        return None
    return datetime.combine(case.due_on, OFFICE_CLOSES, tzinfo=LOCAL_TZ)


def requested_moment(case: Case) -> datetime:
    """When the request was made: the moment it was entered, unless it was entered on a later
    day than it was received (paper entered afterwards), then the start of the day received."""
    entered = local(case.entered_at)
    if entered.date() == case.received_on:
        return entered.replace(microsecond=0)
    return datetime.combine(case.received_on, time(0, 0), tzinfo=LOCAL_TZ)


def _iso(moment: datetime | None) -> str | None:
    return local(moment).replace(microsecond=0).isoformat() if moment is not None else None


@dataclass
class PublicRequest:
    """A case as a civic client may see it."""

    case: Case
    origin: Open311Request | None
    updated_at: datetime | None
    forwarded_to: Case | None = None

    def item(self) -> dict:
        case = self.case
        # A forwarded case shows its citizen's words only while it still carries them.
        published = (
            self.origin is not None
            and not (case.confidential or case.sealed)
            and (self.origin.case_id == case.id or self.origin.case.title == case.title)
        )
        notes = labels.label(labels.STATUSES, case.status)
        if self.forwarded_to is not None:
            notes += " " + _(
                "Cơ quan nhận: %(unit)s, mã hồ sơ mới %(code)s.",
                unit=self.forwarded_to.unit.name,
                code=self.forwarded_to.tracking_code,
            )
        notice = None
        if expected_moment(case) is not None and case.due_rule:
            notice = _(
                "Hạn %(rule)s: %(day)s.",
                rule=labels.label(labels.RULES, case.due_rule).lower(),
                day=case.due_on.strftime("%d/%m/%Y"),
            )
        return {
            "service_request_id": case.tracking_code,
            "status": public_status(case.status),
            "status_notes": notes,
            "service_name": labels.label(labels.KINDS, case.kind),
            "service_code": case.kind.value,
            "description": case.title if published else None,
            "agency_responsible": case.unit.name,
            "service_notice": notice,
            "requested_datetime": _iso(requested_moment(case)),
            "updated_datetime": _iso(self.updated_at or case.entered_at),
            "expected_datetime": _iso(expected_moment(case)),
            "address": self.origin.address_string if published else None,
            "address_id": None,
            "zipcode": None,
            "lat": self.origin.latitude if published else None,
            "long": self.origin.longitude if published else None,
            "media_url": None,
        }


def _last_public_change():
    return (
        select(func.max(CaseEvent.entered_at))
        .where(CaseEvent.case_id == Case.id, CaseEvent.public.is_(True))
        .correlate(Case)
        .scalar_subquery()
    )


def _public_requests(query) -> list[PublicRequest]:
    """Rows of (Case, Open311Request, updated_at) with their origin and forwarding filled in."""
    rows = db.session.execute(query).all()
    views = [
        PublicRequest(case=case, origin=origin, updated_at=updated)
        for case, origin, updated in rows
    ]
    # A case forwarded elsewhere keeps the text its citizen wrote for this interface.
    parents = {
        v.case.forwarded_from_id for v in views if v.origin is None and v.case.forwarded_from_id
    }
    if parents:
        origins = {
            row.case_id: row
            for row in db.session.scalars(
                select(Open311Request).where(Open311Request.case_id.in_(parents))
            )
        }
        for view in views:
            if view.origin is None:
                view.origin = origins.get(view.case.forwarded_from_id)
    forwarded = [v.case.id for v in views if v.case.status == Status.FORWARDED]
    if forwarded:
        children = db.session.scalars(
            select(Case)
            .where(Case.forwarded_from_id.in_(forwarded))
            .options(selectinload(Case.unit))
            .order_by(Case.id)
        )
        by_parent: dict[int, Case] = {}
        for child in children:
            by_parent.setdefault(child.forwarded_from_id, child)
        for view in views:
            view.forwarded_to = by_parent.get(view.case.id)
    return views


def _base_query():
    return (
        select(Case, Open311Request, _last_public_change())
        .outerjoin(Open311Request, Open311Request.case_id == Case.id)
        .where(Case.kind.in_(list(SERVICES.values())))
        .options(selectinload(Case.unit))
    )


def _listable():
    return Case.confidential.is_(False), Case.sealed.is_(False)


def date_range(start: date | None, end: date | None, *, today: date) -> tuple[date, date]:
    """The days to list: at most 90, the most recent 90 when neither bound is given."""
    span = timedelta(days=MAX_DAYS)
    if start is None and end is None:
        return today - span, today
    if start is None:
        return end - span, end
    if end is None:
        return start, start + span
    if end < start:
        raise Refused(400, _("end_date: Ngày kết thúc phải sau ngày bắt đầu."))
    if end - start > span:
        raise Refused(
            400, _("end_date: Mỗi lần tra cứu tối đa %(days)d ngày (GeoReport v2).", days=MAX_DAYS)
        )
    return start, end


def list_requests(
    *,
    today: date,
    ids: list[str] | None = None,
    kinds: list[Kind] | None = None,
    states: set[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    unit: Unit | None = None,
) -> list[PublicRequest]:
    """Public requests, newest first, at most 1000. `ids` (tracking codes) overrides every
    other filter, as GeoReport says; dates are compared by day in Việt Nam."""
    query = _base_query().where(*_listable())
    if ids is not None:
        codes = [normalise_tracking_code(code) for code in ids][:MAX_IDS]
        query = query.where(Case.tracking_code.in_(codes))
    else:
        first, last = date_range(start, end, today=today)
        query = query.where(Case.received_on >= first, Case.received_on <= last)
        if kinds:
            query = query.where(Case.kind.in_(kinds))
        if states and states != {OPEN, CLOSED}:
            chosen = workflow.PENDING_STATES if OPEN in states else workflow.SETTLED_STATES
            query = query.where(Case.status.in_(statuses(chosen)))
        if unit is not None:
            query = query.where(Case.unit_id.in_(subtree_ids(unit)))
    query = query.order_by(Case.received_on.desc(), Case.id.desc()).limit(MAX_ROWS)
    return _public_requests(query)


def find_request(code: str, *, access_key: str | None = None) -> PublicRequest | None:
    """One request by its tracking code. A confidential one only with its access key; a
    complaint or denunciation never (None, exactly as for an unknown code)."""
    query = _base_query().where(Case.tracking_code == normalise_tracking_code(code))
    found = _public_requests(query)
    if not found:
        return None
    view = found[0]
    if (view.case.confidential or view.case.sealed) and not access_key_matches(
        view.case, access_key
    ):
        return None
    return view


def parse_moment(raw: str | None, name: str) -> date | None:
    """A w3 date-time (or a plain date) as the day it falls on in Việt Nam."""
    if raw in (None, ""):
        return None
    value = raw.strip()
    # A "+" left unencoded in a query string arrives as a space.
    value = re.sub(r" (\d\d:?\d\d)$", r"+\1", value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Refused(
            400,
            _(
                "%(name)s: Ngày giờ phải theo ISO 8601, ví dụ 2026-03-01T00:00:00+07:00.",
                name=name,
            ),
        ) from None
    try:
        dates.check_day(moment.date())
    except dates.DayOutOfRange:
        raise Refused(
            400,
            _(
                "%(name)s: Ngày nằm ngoài phạm vi lịch làm việc (%(first)d–%(last)d).",
                name=name,
                first=dates.FIRST_YEAR,
                last=dates.LAST_YEAR,
            ),
        ) from None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(LOCAL_TZ).date()
