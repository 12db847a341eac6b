"""Keyword-only factories for reception tests: a unit with its head and officer, sessions."""

from datetime import date, time

from petitions.extensions import db
from petitions.reception import sessions, visits
from tests.factories import create_unit, create_user


def create_office(*, level: str = "province", code: str | None = None, parent=None):
    """A unit with a head (chair) and a reception officer."""
    unit = create_unit(level=level, code=code, parent=parent)
    head = create_user(role="unit_head", unit=unit, full_name="Hoàng Văn Sơn")
    officer = create_user(role="reception_officer", unit=unit, full_name="Nguyễn Thị Lan")
    return unit, head, officer


def create_session(
    *,
    unit,
    head,
    day: date = date(2026, 3, 5),
    starts=(7, 30),
    ends=(11, 30),
    kind: str = "periodic",
    delegated: bool = False,
    delegate_name: str = "",
    published: bool = True,
    status: str = "planned",
    place: str = "Trụ sở tiếp công dân tỉnh",
    today: date = date(2026, 12, 31),
):
    session = sessions.create_session(
        unit=unit,
        head=head,
        day=day,
        starts_at=time(*starts),
        ends_at=time(*ends),
        place=place,
        kind=kind,
        delegated=delegated,
        delegate_name=delegate_name,
        published=published,
        subject="Đối thoại về đền bù" if kind == "dialogue" else "",
        today=today,
    )
    if status == "held":
        sessions.mark_held(session, today=today)
    elif status == "cancelled":
        sessions.cancel_session(session, reason="Thủ trưởng đi công tác", today=today)
    db.session.commit()
    return session


def citizen(name: str = "Nguyễn Văn Bình", **extra) -> dict:
    return {
        "full_name": name,
        "address": "Phường Minh Khai, Hà Giang",
        "id_number": "002089001234",
        **extra,
    }


def log_visit(
    *,
    unit,
    officer=None,
    visited_on: date = date(2026, 3, 5),
    people: int = 1,
    citizens: list | None = None,
    session=None,
    classification: str = "complaint",
    route: str | None = None,
    first_visit: bool = True,
    today: date = date(2026, 12, 31),
    content: str = "Khiếu nại quyết định thu hồi đất",
    **extra,
):
    visit = visits.log_visit(
        unit=unit,
        session=session,
        visited_on=visited_on,
        people=people,
        citizens=citizens if citizens is not None else [citizen()],
        content=content,
        classification=classification,
        route=route,
        first_visit=first_visit,
        actor=officer,
        today=today,
        **extra,
    )
    db.session.commit()
    return visit
