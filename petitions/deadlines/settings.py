"""What every due date depends on besides the case: the working calendar and rule periods.

Both come from the database (the statutory calendar with the admins' overrides on top, and the
admins' changes to rule periods), cached per database and rebuilt when their tables change.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# The request context itself carries the settings read for it: looking it up is one context
# variable read, where flask.g and flask.request each go through a proxy (the hot path of
# timing.compute, see bench/deadlines.py).
from flask.globals import _cv_request
from sqlalchemy import func, select

from petitions.calendars.models import CalendarOverride, RulePeriod
from petitions.domain import deadlines as engine
from petitions.domain.calendar import Override, WorkingCalendar
from petitions.extensions import db


@dataclass(frozen=True)
class DeadlineSettings:
    """What a due date depends on besides the case: the calendar and the admins' rule periods."""

    calendar: WorkingCalendar
    periods: Mapping[str, int]  # rule key -> period set by an admin

    def params_for(self, rule: str, params: Mapping) -> dict:
        """The case's params with the admin's period for ``rule`` where it applies.

        It applies when the case has no period of its own (a unit's feedback period wins) and
        no statutory variant applies (a complex or remote case keeps the law's longer period).
        """
        if not self.periods:
            return params  # no admin period at all: the case's params as they are
        params = dict(params)
        period = self.periods.get(rule)
        statutory = engine.RULES.get(rule)
        if period is None or statutory is None or params.get("period") is not None:
            return params
        variant, _days = statutory.variant_for(
            remote=bool(params.get("remote")),
            complex_case=params.get("complexity") is not None,
            multi_site=bool(params.get("multi_site")),
        )
        if variant is None:
            params["period"] = period
        return params


_lock = threading.Lock()
_calendars: dict[str, tuple[tuple, WorkingCalendar]] = {}
_periods: dict[str, tuple[tuple, Mapping[str, int]]] = {}


def _signatures() -> tuple[tuple, tuple]:
    """A fingerprint of each table, in one round trip.

    Adding a row raises the count and the highest id; deleting lowers the count (or, when a row
    is deleted and another added, raises the latest update time); editing raises the latest
    update time. So any change gives a new fingerprint.
    """
    o, r = CalendarOverride, RulePeriod
    row = db.session.execute(
        select(
            select(func.count(o.id)).scalar_subquery(),
            select(func.max(o.id)).scalar_subquery(),
            select(func.max(o.updated_at)).scalar_subquery(),
            select(func.count(r.id)).scalar_subquery(),
            select(func.max(r.id)).scalar_subquery(),
            select(func.max(r.updated_at)).scalar_subquery(),
        )
    ).one()
    return tuple(row[:3]), tuple(row[3:])


def deadline_settings() -> DeadlineSettings:
    """The calendar and rule periods as the database has them now (cached until they change)."""
    key = str(db.engine.url)
    calendar_signature, periods_signature = _signatures()
    with _lock:
        cached_calendar = _calendars.get(key)
        cached_periods = _periods.get(key)
    if cached_calendar is not None and cached_calendar[0] == calendar_signature:
        calendar = cached_calendar[1]
    else:
        calendar = WorkingCalendar(
            Override(day=row.day, working=row.working, note=row.note, note_en=row.note_en or "")
            for row in db.session.scalars(select(CalendarOverride).order_by(CalendarOverride.day))
        )
        with _lock:
            _calendars[key] = (calendar_signature, calendar)
    if cached_periods is not None and cached_periods[0] == periods_signature:
        periods = cached_periods[1]
    else:
        periods = MappingProxyType(
            {row.rule: row.period for row in db.session.scalars(select(RulePeriod))}
        )
        with _lock:
            _periods[key] = (periods_signature, periods)
    return DeadlineSettings(calendar, periods)


def request_settings() -> DeadlineSettings:
    """deadline_settings(), read once per request: the case pages and steps compute several due
    dates, and each reading costs a query. Outside a request (commands, jobs) it is read anew.
    An admin's change in the same request calls ``forget_request_settings``."""
    ctx = _cv_request.get(None)
    if ctx is None:
        return deadline_settings()
    settings = ctx.__dict__.get(_KEY)
    if settings is None:
        settings = ctx.__dict__[_KEY] = deadline_settings()
    return settings


def forget_request_settings() -> None:
    ctx = _cv_request.get(None)
    if ctx is not None:
        ctx.__dict__.pop(_KEY, None)


_KEY = "_petitions_deadline_settings"


def working_calendar() -> WorkingCalendar:
    """The calendar every deadline uses; rebuilt only when the overrides table changes."""
    return deadline_settings().calendar
