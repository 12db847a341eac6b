"""Helpers every API module uses: JSON body parsing, dates, pagination, the OpenAPI registry."""

from datetime import date

from flask import request
from flask_babel import gettext as _

from petitions.domain import dates
from petitions.errors import Refused

OPENAPI_PATHS: dict[str, dict] = {}
OPENAPI_SCHEMAS: dict[str, dict] = {}


def document(paths: dict[str, dict], schemas: dict[str, dict] | None = None) -> None:
    """Add a module's paths (and component schemas) to the served OpenAPI document.

    Methods merge per path: two modules may document GET and POST of the same path."""
    for path, methods in paths.items():
        OPENAPI_PATHS.setdefault(path, {}).update(methods)
    OPENAPI_SCHEMAS.update(schemas or {})


def json_body() -> dict:
    """The request's JSON object, or a 400/415 with a clear message."""
    if not request.is_json:
        raise Refused(415, _("Hãy gửi dữ liệu dạng JSON (Content-Type: application/json)."))
    data = request.get_json(silent=True)
    if data is None:
        raise Refused(400, _("Dữ liệu JSON không đọc được."), code="bad_json")
    if not isinstance(data, dict):
        raise Refused(400, _("Dữ liệu JSON phải là một đối tượng."), code="bad_json")
    return data


def parse_day(value, field: str, *, required: bool = False) -> date | None:
    if value in (None, ""):
        if required:
            raise Refused(422, fields={field: [_("Trường này là bắt buộc.")]})
        return None
    if not isinstance(value, str):
        raise Refused(422, fields={field: [_("Ngày phải có dạng YYYY-MM-DD.")]})
    try:
        return dates.parse_day(value)
    except dates.DayOutOfRange:
        message = _(
            "Ngày nằm ngoài phạm vi lịch làm việc (%(first)d–%(last)d).",
            first=dates.FIRST_YEAR,
            last=dates.LAST_YEAR,
        )
        raise Refused(422, fields={field: [message]}) from None
    except ValueError:
        raise Refused(422, fields={field: [_("Ngày phải có dạng YYYY-MM-DD.")]}) from None


MAX_PAGE = 100000


def page_arg(name: str = "page") -> int:
    """The page asked for, 1 to MAX_PAGE: a larger number would overflow the database's
    integer in the OFFSET it becomes."""
    raw = request.args.get(name, "1")
    if not raw.isdigit() or int(raw) < 1:
        raise Refused(422, fields={name: [_("Số trang phải là số nguyên dương.")]})
    if int(raw) > MAX_PAGE:
        raise Refused(422, fields={name: [_("Từ 1 đến %(n)d.", n=MAX_PAGE)]})
    return int(raw)
