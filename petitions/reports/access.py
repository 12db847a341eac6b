"""Who sees what in reporting: the units a user may report on, and who may act on a report."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.errors import Refused
from petitions.extensions import db
from petitions.reports.lines import Line, get_line
from petitions.reports.models import AnnualReport
from petitions.units.models import Unit
from petitions.units.services import get_by_code, subtree_ids, tree_rows


def sees_everything(user: User) -> bool:
    return user.can("cases.read_all")


def roots() -> list[Unit]:
    return list(
        db.session.scalars(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.code))
    )


def can_view_unit(user: User, unit: Unit) -> bool:
    """Inspectors, home affairs and admins read every unit; others their own subtree."""
    if not user.can("reports.read"):
        return False
    return sees_everything(user) or unit.id in subtree_ids(user.unit)


def default_scope(user: User) -> list[Unit]:
    return roots() if sees_everything(user) else [user.unit]


def visible_units(user: User) -> list[Unit]:
    """Units the user may pick on the reports page, in tree order."""
    allowed = None if sees_everything(user) else subtree_ids(user.unit)
    return [unit for unit, _depth in tree_rows() if allowed is None or unit.id in allowed]


def resolve_scope(user: User | None, code: str | None) -> list[Unit]:
    """The units a request asks about: a unit code, or by default the user's reach.

    Raises Refused 422 for an unknown code and 403 for a unit outside the user's reach.
    """
    if code:
        unit = get_by_code(code)
        if unit is None:
            raise Refused(422, _("Không tìm thấy đơn vị %(code)s.", code=code), field="unit")
        if user is not None and not can_view_unit(user, unit):
            raise Refused(403, _("Bạn không có quyền xem báo cáo của đơn vị này."))
        return [unit]
    units = default_scope(user) if user is not None else roots()
    if not units:
        raise Refused(422, _("Chưa có đơn vị nào."), field="unit")
    return units


def scope_label(units: Sequence[Unit]) -> str:
    return ",".join(unit.code for unit in units)


def can_draft(user: User, report: AnnualReport) -> bool:
    if report.consolidated:
        return can_consolidate(user, get_line(report.line))
    return user.can("reports.draft") and user.unit_id == report.unit_id


def can_approve(user: User, report: AnnualReport) -> bool:
    return (
        not report.consolidated and user.can("reports.approve") and user.unit_id == report.unit_id
    )


def can_review(user: User, report: AnnualReport) -> bool:
    """The recipient of the line (Sở Nội vụ, or Thanh tra tỉnh) returns or accepts reports."""
    return not report.consolidated and can_consolidate(user, get_line(report.line))


def can_consolidate(user: User, line: Line) -> bool:
    return user.can("reports.consolidate") and user.has_role(line.reviewer_role)


def can_read_report(user: User, report: AnnualReport) -> bool:
    if report.consolidated:
        return user.can("reports.read") and (
            sees_everything(user) or report.unit_id == user.unit_id
        )
    return can_view_unit(user, report.unit) or can_review(user, report)
