"""Plain-Vietnamese words for kinds, states, deadlines and history, as a citizen reads them."""

from flask_babel import lazy_gettext as _l

from petitions.cases import labels as case_labels

KINDS = case_labels.KIND

KIND_EXPLANATIONS = {
    "complaint": _l(
        "Bạn không đồng ý với một quyết định hoặc việc làm của cơ quan, cán bộ nhà nước "
        "ảnh hưởng đến quyền, lợi ích của chính bạn và đề nghị xem xét lại."
    ),
    "denunciation": _l(
        "Bạn báo cho cơ quan có thẩm quyền biết một hành vi vi phạm pháp luật của cơ quan, "
        "tổ chức, cá nhân. Danh tính người tố cáo luôn được giữ bí mật."
    ),
    "recommendation": _l(
        "Bạn đề xuất, góp ý để cơ quan nhà nước sửa đổi, hoàn thiện chính sách, cách làm."
    ),
    "feedback": _l(
        "Bạn cho cơ quan nhà nước biết một sự việc, vướng mắc hoặc bất cập để được xem xét, xử lý."
    ),
}

CHANNELS = {
    "online": _l("Trực tuyến"),
    "reception": _l("Tại nơi tiếp công dân"),
    "mail": _l("Qua bưu chính"),
    "transferred": _l("Cơ quan khác chuyển đến"),
}

STATUSES = {
    "received": _l("Đã tiếp nhận, đang phân loại, xử lý đơn"),
    "forwarded": _l("Đã chuyển đến cơ quan có thẩm quyền"),
    "guided": _l("Đã hướng dẫn công dân gửi đến cơ quan có thẩm quyền"),
    "filed": _l("Đã lưu đơn, không xử lý tiếp"),
    "rejected": _l("Không thụ lý"),
    "accepted": _l("Đã thụ lý, đang giải quyết"),
    "verifying": _l("Đang xác minh nội dung"),
    "concluded": _l("Đã có quyết định, kết luận giải quyết"),
    "closed": _l("Đã kết thúc"),
    "withdrawn": _l("Đã rút đơn"),
    "suspended": _l("Tạm đình chỉ giải quyết"),
    "terminated": _l("Đình chỉ giải quyết"),
}

RULES = {
    "petition.classify": _l("Phân loại và xử lý đơn"),
    "reception.notify": _l("Thông báo kết quả xử lý đơn nhận tại nơi tiếp công dân"),
    "complaint.accept": _l("Thụ lý hoặc từ chối thụ lý khiếu nại"),
    "complaint.accept.second": _l("Thụ lý hoặc từ chối thụ lý khiếu nại lần hai"),
    "complaint.resolve.first": _l("Giải quyết khiếu nại lần đầu"),
    "complaint.resolve.second": _l("Giải quyết khiếu nại lần hai"),
    "complaint.second_window": _l("Thời hạn được khiếu nại lần hai"),
    "denunciation.initial": _l("Xử lý ban đầu đơn tố cáo"),
    "denunciation.forward": _l("Chuyển đơn tố cáo đến cơ quan có thẩm quyền"),
    "denunciation.notify": _l("Thông báo thụ lý tố cáo"),
    "denunciation.resolve": _l("Giải quyết tố cáo"),
    "feedback.resolve": _l("Xử lý kiến nghị, phản ánh"),
}

# What each history entry means for the citizen; unknown actions fall back to the state.
EVENTS = {
    "received": _l("Cơ quan đã tiếp nhận đơn."),
    "accepted": _l("Cơ quan đã thụ lý đơn để giải quyết."),
    "forwarded": _l("Đơn được chuyển đến cơ quan có thẩm quyền giải quyết."),
    "guided": _l("Cơ quan đã hướng dẫn bạn gửi đơn đến cơ quan có thẩm quyền."),
    "filed": _l("Đơn được lưu, không xử lý tiếp."),
    "rejected": _l("Cơ quan không thụ lý đơn."),
    "assigned": _l("Cán bộ đã được giao xác minh nội dung đơn."),
    "extended": _l("Thời hạn giải quyết được gia hạn."),
    "suspended": _l("Việc giải quyết tạm dừng."),
    "resumed": _l("Việc giải quyết được tiếp tục."),
    "withdrawn": _l("Đơn đã được rút."),
    "terminate": _l("Việc giải quyết đã bị đình chỉ."),
    "concluded": _l("Đã có quyết định, kết luận giải quyết."),
    "closed": _l("Hồ sơ đã kết thúc."),
    "notice": _l("Cơ quan gửi bạn một thông báo."),
}


def label(table: dict, key) -> str:
    key = getattr(key, "value", key)
    return str(table.get(key, key or ""))
