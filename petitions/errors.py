"""Error pages and JSON errors, in the user's language, never a bare 500."""

import logging
from collections.abc import Callable

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from petitions.extensions import db
from petitions.guards import RefusedInput
from petitions.permissions import wants_json

log = logging.getLogger(__name__)

# Error codes in the JSON body, by HTTP status.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}


def messages() -> dict[int, str]:
    return {
        400: _("Yêu cầu không hợp lệ."),
        401: _("Bạn cần đăng nhập để tiếp tục."),
        403: _("Bạn không có quyền thực hiện thao tác này."),
        404: _("Không tìm thấy trang hoặc hồ sơ bạn yêu cầu."),
        405: _("Phương thức không được hỗ trợ."),
        409: _("Thao tác xung đột với trạng thái hiện tại."),
        413: _("Dữ liệu gửi lên quá lớn. Mỗi tệp đính kèm tối đa 10 MB."),
        415: _("Định dạng dữ liệu không được hỗ trợ."),
        422: _("Dữ liệu chưa hợp lệ."),
        429: _("Bạn thao tác quá nhanh. Vui lòng chờ một lát rồi thử lại."),
        500: _(
            "Hệ thống gặp sự cố. Dữ liệu bạn đã gửi thành công vẫn được lưu; vui lòng thử lại sau."
        ),
    }


class Refused(Exception):
    """An operation refused: the HTTP status, an error code, a message in the user's words and
    the fields at fault (name -> messages). Services raise it; `register` below answers it as
    the API's JSON envelope or as the error page, and a form view may catch it to show it next
    to its fields (petitions.views_support.show_refusal). Without a message it says what its
    status means; `field=` is short for one field whose message is the message."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        code: str | None = None,
        field: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self._message = message
        if fields is None:
            fields = {field: [message]} if field else {}
        self.fields = fields

    @property
    def message(self) -> str:
        return self._message or messages().get(self.status, "")

    @property
    def field(self) -> str | None:
        """The first field at fault, if any."""
        return next(iter(self.fields), None)


def invalid(field: str, message: str) -> Refused:
    """One field refused (422), its message also the refusal's."""
    return Refused(422, message, field=field)


def json_error(
    status: int, message: str | None = None, *, code: str | None = None, fields: dict | None = None
):
    body = {
        "error": {
            "code": code or CODES.get(status, "error"),
            "message": message or messages().get(status, ""),
            "fields": fields or {},
        }
    }
    return jsonify(body), status


# Error bodies for path prefixes whose clients expect another shape than ours: a package
# registers (status, message) -> response, e.g. Open311 GeoReport's error array.
PATH_RENDERERS: dict[str, Callable] = {}


def _render(
    status: int, message: str | None = None, *, code: str | None = None, fields: dict | None = None
):
    for prefix, render in PATH_RENDERERS.items():
        if request.path.startswith(prefix):
            return render(status, message or messages().get(status, ""))
    if wants_json():
        return json_error(status, message, code=code, fields=fields)
    return render_template(
        "errors/error.html", status=status, message=message or messages().get(status, "")
    ), status


def register(app) -> None:
    @app.errorhandler(Refused)
    def refused(error: Refused):
        db.session.rollback()
        return _render(error.status, error.message, code=error.code, fields=error.fields)

    @app.errorhandler(RefusedInput)
    def refused_input(error: RefusedInput):
        message = str(error.message)
        return _render(
            error.status, message, fields={error.field: [message]} if error.field else None
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = _("Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại.")
        return _render(400, message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if status == 405 and not wants_json():
            return _render(405)
        if status == 429:
            return _render(429)
        return _render(status)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # Never leak request data (it may hold a sealed identity) into the log line.
        log.exception("unhandled %s", type(error).__name__)
        db.session.rollback()
        return _render(500)
