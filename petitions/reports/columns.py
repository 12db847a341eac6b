"""The building blocks of the statistical forms (reports.form_specs, reports.result_forms): a
builder that numbers columns as the circular prints them, and the labels the forms repeat."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_

from petitions.reports.cells import Cell, Facts, FormSpec

GROUP_THRESHOLD = 5  # Decree 124/2020 art. 6: five or more people on the same matter

CIRCULAR = "Thông tư 01/2024/TT-TTCP"


def total_of(*keys: str) -> Callable[[dict], int]:
    return lambda values: sum(values[key] for key in keys)


def rate_of(numerator: str, *denominator: str) -> Callable[[dict], float | None]:
    def compute(values: dict) -> float | None:
        below = sum(values[key] for key in denominator)
        return round(values[numerator] / below, 4) if below else None

    return compute


class Builder:
    """Columns appended in the form's order, numbered 1, 2, … as printed."""

    def __init__(self, code: str, kinds: tuple[str, ...] = ()):
        self.code, self.kinds, self.cells, self.number = code, kinds, [], 0

    def _when(self, when):
        if when is None or not self.kinds:
            return when
        kinds = self.kinds
        return lambda f: and_(f.c.kind.in_(kinds), when(f))

    def col(self, key, label, when=None, *, header=(), formula="", total=None, **options):
        self.number += 1
        self.cells.append(
            Cell(
                key,
                label,
                self.code,
                len(header),
                when=self._when(when),
                total=total,
                column=str(self.number),
                formula=formula,
                header=tuple(header),
                **options,
            )
        )

    def extra(self, key, label, when=None, *, total=None, **options):
        """A figure the form does not print (kept in the JSON for the pages and charts)."""
        self.cells.append(
            Cell(key, label, self.code, 1, when=self._when(when), total=total, **options)
        )

    def spec(self, title, basis) -> FormSpec:
        return FormSpec(self.code, title, basis, tuple(self.cells), self.kinds)


# Labels the forms repeat.
TOTAL = _l("Tổng số")
MONEY = _l("Tiền (triệu đồng)")
LAND = _l("Đất (m²)")
ORGANISATIONS = _l("Tổ chức")
INDIVIDUALS = _l("Cá nhân")
OF_WHOM_OFFICIALS = _l("Trong đó số cán bộ, công chức, viên chức")
CASES_COUNT = _l("Số vụ")
FIRST = _l("Tiếp lần đầu")
REPEAT = _l("Tiếp nhiều lần")
MANY = _l("Đơn có nhiều người đứng tên")
ONE = _l("Đơn một người đứng tên")
OTHER_PETITIONS = _l("Đơn khác")
CARRIED = _l("Đơn kỳ trước chuyển sang")
RECEIVED = _l("Đơn tiếp nhận trong kỳ")
PETITIONS = _l("Số đơn")
MATTERS = _l("Số vụ việc")
GUIDED = _l("Hướng dẫn")
FORWARDED = _l("Chuyển đơn")
URGED = _l("Đôn đốc giải quyết")
REPLIES = _l("Số văn bản phúc đáp nhận được do chuyển đơn")
ELIGIBLE = _l("Đủ điều kiện xử lý")
BY_CONTENT = _l("Phân loại vụ việc theo nội dung")
BY_STATUS = _l("Phân loại vụ việc theo tình trạng giải quyết")
RESULT = _l("Kết quả xử lý")
WITHIN = _l("Vụ việc thuộc thẩm quyền")
OUTSIDE = _l("Vụ việc không thuộc thẩm quyền")
ADMINISTRATIVE = _l("Lĩnh vực hành chính")
POLICY = _l("Chế độ, chính sách")
LAND_HOUSING = _l("Đất đai, nhà cửa")
CIVIL_SERVICE = _l("Công chức, công vụ")
OTHER = _l("Khác")
JUDICIAL = _l("Lĩnh vực tư pháp")
PARTY = _l("Lĩnh vực Đảng, đoàn thể")
OTHER_AREA = _l("Lĩnh vực khác")
TIMELINESS = _l("Chấp hành thời hạn giải quyết")
ON_TIME = _l("Đúng quy định")
LATE = _l("Không đúng quy định")
RECOVER = _l("Kiến nghị thu hồi cho Nhà nước")
RETURN = _l("Trả lại cho tổ chức, cá nhân")
DISCIPLINE = _l("Kiến nghị xử lý hành chính")
INVESTIGATION = _l("Chuyển cơ quan điều tra")


def repeated(f: Facts):
    """Petitioned again: a repeat, or a matter already decided before."""
    return or_(f.c.repeated == 1, f.c.prior_decisions >= 1)
