"""Vietnamese labels (translated through Babel) for the reception enums."""

from flask_babel import lazy_gettext as _l

from petitions.cases.labels import KIND


def kind_labels() -> dict[str, str]:
    return {
        "periodic": _l("Tiếp định kỳ"),
        "ad_hoc": _l("Tiếp đột xuất"),
        "dialogue": _l("Đối thoại tại nơi phát sinh vụ việc"),
    }


def mode_labels() -> dict[str, str]:
    return {
        "in_person": _l("Trực tiếp"),
        "online": _l("Trực tuyến"),
    }


def status_labels() -> dict[str, str]:
    return {
        "planned": _l("Đã lên lịch"),
        "held": _l("Đã tiếp"),
        "postponed": _l("Đã hoãn"),
        "cancelled": _l("Đã hủy"),
    }


def classification_labels() -> dict[str, str]:
    return {
        **KIND,
        "other": _l("Khác"),
    }


def route_labels() -> dict[str, str]:
    return {
        "accepted": _l("Nhận đơn"),
        "guided": _l("Trả lại đơn và hướng dẫn"),
        "forwarded": _l("Chuyển đơn"),
        "answered": _l("Trả lời trực tiếp"),
        "refused": _l("Từ chối tiếp"),
    }


def ground_labels() -> dict[str, str]:
    return {
        "incapacitated": _l(
            "Người trong tình trạng say do dùng chất kích thích, mất năng lực hành vi dân sự"
        ),
        "disorderly": _l("Có hành vi đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân"),
        "already_resolved": _l(
            "Vụ việc đã giải quyết đúng chính sách, pháp luật, đã được kiểm tra, rà soát, "
            "thông báo bằng văn bản"
        ),
    }


def period_status_labels() -> dict[str, str]:
    return {
        "met": _l("Đạt (trực tiếp)"),
        "met_with_delegation": _l("Đạt (có ủy quyền)"),
        "missed": _l("Không đạt"),
        "in_progress": _l("Đang trong kỳ"),
        "upcoming": _l("Chưa đến kỳ"),
        "not_required": _l("Không phải tiếp (kỳ không có hoặc chỉ có một phần ngày làm việc)"),
    }


def weekday_labels() -> list[tuple[int, str]]:
    return [
        (0, _l("Thứ Hai")),
        (1, _l("Thứ Ba")),
        (2, _l("Thứ Tư")),
        (3, _l("Thứ Năm")),
        (4, _l("Thứ Sáu")),
        (5, _l("Thứ Bảy")),
        (6, _l("Chủ nhật")),
    ]
