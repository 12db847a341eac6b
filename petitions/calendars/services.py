"""The WorkingCalendar built from the database's overrides, cached until they change."""

import threading

from sqlalchemy import func, select

from petitions.calendars.models import CalendarOverride
from petitions.domain.calendar import Override, WorkingCalendar
from petitions.extensions import db

_lock = threading.Lock()
_cached: dict[str, tuple[tuple, WorkingCalendar]] = {}


def _signature() -> tuple:
    row = db.session.execute(
        select(
            func.count(CalendarOverride.id),
            func.max(CalendarOverride.id),
            func.max(CalendarOverride.created_at),
        )
    ).one()
    return tuple(row)


def working_calendar() -> WorkingCalendar:
    """The calendar every deadline uses; rebuilt only when the overrides table changes."""
    key = str(db.engine.url)
    signature = _signature()
    with _lock:
        cached = _cached.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
    overrides = [
        Override(day=row.day, working=row.working, note=row.note, note_en=row.note_en or "")
        for row in db.session.scalars(select(CalendarOverride).order_by(CalendarOverride.day))
    ]
    calendar = WorkingCalendar(overrides)
    with _lock:
        _cached[key] = (signature, calendar)
    return calendar


def forget_cached_calendar() -> None:
    with _lock:
        _cached.clear()
