"""Words for states, kinds, steps, outcomes and deadline rules in the user's language."""

from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from petitions.domain import deadlines as engine
from petitions.domain import workflow

STATUS = {
    "received": _l("Mới tiếp nhận"),
    "forwarded": _l("Đã chuyển đơn"),
    "guided": _l("Đã hướng dẫn"),
    "filed": _l("Lưu đơn"),
    "rejected": _l("Không thụ lý"),
    "accepted": _l("Đã thụ lý"),
    "verifying": _l("Đang xác minh"),
    "concluded": _l("Đã có kết quả giải quyết"),
    "closed": _l("Kết thúc"),
    "withdrawn": _l("Đã rút đơn"),
    "suspended": _l("Tạm đình chỉ"),
    "terminated": _l("Đình chỉ giải quyết"),
}

KIND = {
    "complaint": _l("Khiếu nại"),
    "denunciation": _l("Tố cáo"),
    "recommendation": _l("Kiến nghị"),
    "feedback": _l("Phản ánh"),
}

# Where competence lies when the tree does not name the unit (petitions.domain.competence).
COMPETENT_LEVEL = {
    "commune": _l("UBND cấp xã nơi phát sinh vụ việc"),
    "district": _l("UBND cấp huyện"),
    "department": _l("Sở, ngành có liên quan"),
    "province": _l("UBND tỉnh"),
    "central": _l("Cơ quan trung ương"),
}

CHANNEL = {
    "online": _l("Trực tuyến"),
    "reception": _l("Tại nơi tiếp công dân"),
    "mail": _l("Qua bưu chính"),
    "transferred": _l("Cơ quan khác chuyển đến"),
}

# The button or heading of each step.
ACTION = {
    "classify": _l("Phân loại đơn"),
    "accept": _l("Thụ lý"),
    "forward": _l("Chuyển đơn"),
    "guide": _l("Hướng dẫn"),
    "file": _l("Lưu đơn"),
    "reject": _l("Không thụ lý"),
    "assign": _l("Giao xác minh"),
    "verify": _l("Ghi nhận xác minh"),
    "notify": _l("Đã gửi thông báo thụ lý"),
    "dialogue": _l("Đối thoại"),
    "extend": _l("Gia hạn"),
    "suspend": _l("Tạm đình chỉ"),
    "resume": _l("Tiếp tục giải quyết"),
    "terminate": _l("Đình chỉ việc giải quyết"),
    "withdraw": _l("Rút đơn"),
    "conclude": _l("Kết luận, quyết định"),
    "close": _l("Kết thúc hồ sơ"),
    "remind": _l("Đôn đốc"),
    "propose": _l("Đề xuất"),
}

# What a history row says happened (includes events that are not steps).
EVENT = {
    **ACTION,
    "received": _l("Đơn được tiếp nhận"),
    "received_transfer": _l("Nhận đơn do cơ quan khác chuyển đến"),
    "proposal": _l("Đề xuất trình thủ trưởng"),
    "proposal_returned": _l("Thủ trưởng trả lại đề xuất"),
    "identity_revealed": _l("Xem thông tin người tố cáo"),
    "reminder_received": _l("Nhận văn bản đôn đốc"),
    "forward_reply": _l("Đơn vị nhận đơn đã giải quyết"),
    "second_complaint": _l("Có khiếu nại lần hai"),
    "unit_merged": _l("Chuyển đơn vị do sắp xếp tổ chức"),
    "notice_downloaded": _l("Tải văn bản thông báo"),
    "facts_changed": _l("Cập nhật tình tiết tính thời hạn"),
    "deadline_recomputed": _l("Tính lại thời hạn"),
    "publication_prepared": _l("Chuẩn bị bản công khai"),
    "publication_submitted": _l("Trình phê duyệt bản công khai"),
    "publication_returned": _l("Thủ trưởng trả lại bản công khai"),
    "publication_published": _l("Công khai quyết định, kết luận"),
    "publication_withdrawn": _l("Gỡ bản công khai"),
}

OUTCOME = {
    "correct": _l("Đúng"),
    "partly_correct": _l("Đúng một phần"),
    "incorrect": _l("Sai"),
}

FILE_REASON = {
    "no_identity": _l("Đơn không ghi rõ họ tên, địa chỉ, không có chữ ký hoặc điểm chỉ"),
    "missing_content": _l("Đơn không có đủ nội dung theo quy định"),
    "already_resolved": _l(
        "Vụ việc đã được giải quyết đúng chính sách, pháp luật, không có tình tiết mới"
    ),
    "already_sent": _l("Đơn đã được gửi đến cơ quan có thẩm quyền giải quyết"),
    "already_guided": _l("Đơn đã được hướng dẫn một lần về cùng nội dung"),
    "illegible": _l("Đơn viết không rõ ràng, không đọc được"),
    "anonymous": _l("Tố cáo nặc danh, mạo danh (Luật Tố cáo 2018, Điều 25)"),
    "duplicate": _l("Đơn trùng lặp với đơn đang xử lý"),
    "other": _l("Lý do khác"),
}

COMPLEXITY = {
    None: _l("Thông thường"),
    "complex": _l("Phức tạp"),
    "very": _l("Đặc biệt phức tạp"),
}

NOTICE = {
    "acceptance": _l("Thông báo thụ lý"),
    "refusal": _l("Thông báo không thụ lý"),
    "guidance": _l("Văn bản hướng dẫn"),
    "forwarding": _l("Phiếu chuyển đơn"),
    "extension": _l("Quyết định gia hạn"),
    "conclusion": _l("Thông báo kết quả giải quyết"),
}

DEADLINE_STATE = {
    "open": _l("Đang tính"),
    "met": _l("Đã hoàn thành"),
    "missed": _l("Trễ hạn"),
    "paused": _l("Tạm dừng"),
    "cancelled": _l("Không còn áp dụng"),
    "window": _l("Thời hạn của công dân"),
    "ended": _l("Đã hết"),
}

assert set(ACTION) >= set(workflow.ACTIONS)
assert set(FILE_REASON) == set(workflow.FILE_REASONS)


def lang() -> str:
    return str(get_locale() or "vi")


def rule_title(rule: str) -> str:
    """A deadline rule's title in the user's language (the engine keeps both)."""
    known = engine.RULES.get(rule)
    if known is None:
        return rule
    return known.title_en if lang().startswith("en") else known.title_vi


def status(value) -> str:
    value = getattr(value, "value", value)
    return str(STATUS.get(value, value or ""))


def kind(value) -> str:
    value = getattr(value, "value", value)
    return str(KIND.get(value, value or ""))


def event(value: str) -> str:
    return str(EVENT.get(value, value))


def _day_text(value) -> str:
    try:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return str(value or "")


def recomputed(details: dict | None) -> str:
    """A recomputed deadline in words: which one, and its last day before and after."""
    details = details or {}
    return _(
        "%(rule)s: hạn cuối %(old)s → %(new)s",
        rule=rule_title(details.get("rule") or ""),
        old=_day_text(details.get("old")),
        new=_day_text(details.get("new")),
    )
