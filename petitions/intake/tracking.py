"""What the citizen reads on the receipt and the tracking page: each public step in plain
words with its dates, what comes next, and why the receipt lists two deadlines.

The deadline wording follows the law and the calculator: the date given is the last day
allowed ("hạn cuối 18/12/2026"), never "trước ngày" (which would mean the day before).
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from petitions.cases.models import Case, CaseEvent, Kind, Status
from petitions.domain import workflow
from petitions.intake import labels


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


# What a public step means for the citizen; "%(day)s" is the deadline it set, when known.
HAPPENED = {
    "received": _l("Cơ quan đã nhận đơn của bạn."),
    "accept": _l("Cơ quan đã thụ lý đơn để giải quyết."),
    "forward": _l("Cơ quan đã chuyển đơn đến cơ quan có thẩm quyền giải quyết."),
    "guide": _l("Cơ quan đã hướng dẫn bạn gửi đơn đến cơ quan có thẩm quyền."),
    "file": _l("Cơ quan đã lưu đơn, không xử lý tiếp."),
    "reject": _l("Cơ quan không thụ lý đơn và gửi bạn thông báo nêu lý do."),
    "assign": _l("Cơ quan đã giao cán bộ xác minh nội dung đơn."),
    "extend": _l("Cơ quan đã gia hạn thời hạn giải quyết."),
    "suspend": _l("Cơ quan đã tạm đình chỉ việc giải quyết; thời hạn tạm dừng."),
    "resume": _l("Cơ quan đã tiếp tục giải quyết đơn."),
    "withdraw": _l("Đơn đã được rút; việc giải quyết chấm dứt."),
    "terminate": _l("Cơ quan đã đình chỉ việc giải quyết."),
    "conclude": _l("Cơ quan đã ban hành quyết định, kết luận giải quyết."),
    "close": _l("Hồ sơ đã kết thúc."),
    "dialogue": _l("Cơ quan đã tổ chức đối thoại."),
    "notice": _l("Cơ quan gửi bạn một thông báo."),
}
HAPPENED_WITH_DAY = {
    "accept": _l("Cơ quan đã thụ lý đơn để giải quyết; hạn cuối giải quyết %(day)s."),
    "extend": _l("Cơ quan đã gia hạn thời hạn giải quyết đến %(day)s."),
}


def happened(event: CaseEvent) -> str:
    """One public history entry in plain words."""
    details = event.details or {}
    due = _iso(details.get("due_on"))
    if due is not None and event.action in HAPPENED_WITH_DAY:
        return str(HAPPENED_WITH_DAY[event.action]) % {"day": _dmy(due)}
    text = HAPPENED.get(event.action) or labels.EVENTS.get(event.action)
    if text is None:
        text = labels.STATUSES.get(event.to_status) or _("Hồ sơ được cập nhật.")
    return str(text)


def _open_deadline(case: Case, *rules: str):
    rows = [d for d in case.deadlines if d.rule in rules and not d.cancelled and d.met_on is None]
    return min(rows, key=lambda d: d.due_on) if rows else None


def anonymous_denunciation(case: Case) -> bool:
    return case.anonymous and case.kind == Kind.DENUNCIATION


def next_step(case: Case) -> str:
    """What comes next, in plain words, with the last allowed day where the law sets one."""
    status = case.status
    if status == Status.RECEIVED:
        # The deadline the sentence speaks of: classifying and answering the petition.
        row = _open_deadline(case, "petition.classify") or _open_deadline(
            case, *workflow.INTAKE_RULES
        )
        if anonymous_denunciation(case):
            return _(
                "Tiếp theo: cơ quan xem xét thông tin trong đơn. Tố cáo ẩn danh không được "
                "giải quyết như tố cáo và bạn sẽ không nhận được thông báo; tình trạng hồ sơ "
                "chỉ xem được trên trang này."
            )
        if row is not None:
            return _(
                "Tiếp theo: cơ quan phân loại, xử lý đơn và báo cho bạn biết, hạn cuối %(day)s.",
                day=_dmy(row.due_on),
            )
        return _("Tiếp theo: cơ quan phân loại, xử lý đơn và báo cho bạn biết.")
    if status in (Status.ACCEPTED, Status.VERIFYING):
        row = _open_deadline(case, *workflow.RESOLUTION_RULES)
        if row is not None:
            return _(
                "Tiếp theo: cơ quan xác minh và ra quyết định, kết luận giải quyết, "
                "hạn cuối %(day)s.",
                day=_dmy(row.due_on),
            )
        return _("Tiếp theo: cơ quan xác minh và ra quyết định, kết luận giải quyết.")
    if status == Status.SUSPENDED:
        return _(
            "Tiếp theo: khi lý do tạm đình chỉ không còn, cơ quan tiếp tục giải quyết và báo "
            "cho bạn; thời gian tạm đình chỉ không tính vào thời hạn giải quyết."
        )
    if status == Status.FORWARDED:
        return _(
            "Tiếp theo: cơ quan nhận đơn xử lý theo thẩm quyền; tra cứu bằng mã hồ sơ mới "
            "(nếu có) với cùng mã bí mật."
        )
    if status == Status.GUIDED:
        return _("Tiếp theo: bạn gửi đơn đến cơ quan có thẩm quyền theo văn bản hướng dẫn.")
    if status == Status.CONCLUDED and case.kind == Kind.COMPLAINT:
        window = _open_deadline(case, "complaint.second_window")
        if (case.complaint_round or 1) < 2 and window is not None:
            return _(
                "Tiếp theo: nếu không đồng ý với quyết định, bạn có thể khiếu nại lần hai "
                "hoặc khởi kiện vụ án hành chính, hạn cuối %(day)s.",
                day=_dmy(window.due_on),
            )
    if status in (Status.CONCLUDED, Status.CLOSED):
        return _("Hồ sơ đã có kết quả giải quyết; văn bản kết quả được liệt kê dưới đây.")
    return _("Hồ sơ không còn bước xử lý nào.")


def promises_notification(case: Case) -> bool:
    """An anonymous denunciation is only a source of information (Law on Denunciation 2018,
    art. 25): nobody is told anything, so its receipt promises nothing."""
    return not anonymous_denunciation(case)
