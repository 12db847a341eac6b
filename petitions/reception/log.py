"""The reception log as pages and files: a month per page, related rows loaded once per kind,
the workbook written row by row to a temporary file so memory stays flat however long the
period."""

from calendar import monthrange
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from flask import Response, request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from petitions import clock, downloads
from petitions.domain import dates
from petitions.extensions import db
from petitions.reception import export
from petitions.reception.models import ReceptionSession, Visit

# Visits held in memory at once while a long period is printed or exported.
BATCH = 500


@dataclass(frozen=True)
class Month:
    """The month a log page shows and its neighbours that have visits (None: none there)."""

    start: date
    end: date
    previous: date | None
    next: date | None

    @property
    def value(self) -> str:
        return f"{self.start.year:04d}-{self.start.month:02d}"


def _month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def _asked_month() -> date | None:
    """?month=YYYY-MM; an older address's ?from=YYYY-MM-DD shows that day's month."""
    raw = request.args.get("month", "")
    try:
        year, month = (int(part) for part in raw.split("-"))
        if 2000 <= year <= 2100:
            return date(year, month, 1)
    except (ValueError, OverflowError):
        pass
    try:
        return dates.parse_day(request.args.get("from", ""))
    except ValueError:
        return None


def latest_visit_day(unit_id: int) -> date | None:
    return db.session.scalar(select(func.max(Visit.visited_on)).where(Visit.unit_id == unit_id))


def log_month(unit_id: int) -> Month:
    """The month asked for; without one, the latest month with visits (this month if none).
    Each bound is one index seek on (unit_id, visited_on)."""
    day = _asked_month() or latest_visit_day(unit_id) or clock.today()
    start, end = _month_of(day)
    before = db.session.scalar(
        select(func.max(Visit.visited_on)).where(Visit.unit_id == unit_id, Visit.visited_on < start)
    )
    after = db.session.scalar(
        select(func.min(Visit.visited_on)).where(Visit.unit_id == unit_id, Visit.visited_on > end)
    )
    return Month(
        start=start,
        end=end,
        previous=before.replace(day=1) if before else None,
        next=after.replace(day=1) if after else None,
    )


def export_period() -> tuple[date, date]:
    """The period of the printed log and the workbook: ?month=YYYY-MM, or ?from= and ?to=
    (the year so far by default)."""
    raw = request.args.get("month", "")
    if raw:
        first = _asked_month()
        if first is not None:
            return _month_of(first)
    today = clock.today()
    try:
        start = dates.parse_day(request.args.get("from", ""))
    except ValueError:
        start = date(today.year, 1, 1)
    try:
        end = dates.parse_day(request.args.get("to", ""))
    except ValueError:
        end = today
    if end < start:
        start, end = end, start
    return start, end


def _query(unit_ids: Iterable[int], start: date, end: date, *, full: bool):
    query = (
        select(Visit)
        .where(Visit.unit_id.in_(list(unit_ids)), Visit.visited_on.between(start, end))
        .order_by(Visit.unit_id, Visit.year, Visit.sequence)
    )
    if full:
        # The printed and exported rows name the citizens and who received them.
        return query.options(
            selectinload(Visit.citizens),
            selectinload(Visit.session).selectinload(ReceptionSession.head),
        )
    return query.options(selectinload(Visit.session))


def month_visits(unit_id: int, month: Month) -> list[Visit]:
    """A log page's visits with their sessions: two queries whatever the number of rows."""
    return list(db.session.scalars(_query([unit_id], month.start, month.end, full=False)))


def iter_visits(unit_ids: Iterable[int], start: date, end: date) -> Iterator[Visit]:
    """The period's visits in batches, each batch's citizens, sessions and heads loaded in
    one query per kind; a batch is let go before the next is read."""
    query = _query(unit_ids, start, end, full=True).execution_options(yield_per=BATCH)
    yield from db.session.scalars(query)


def log_rows(unit_id: int, start: date, end: date) -> Iterator[export.LogRow]:
    return export.log_rows(iter_visits([unit_id], start, end))


def workbook_response(unit, start: date, end: date) -> Response:
    """The log as an .xlsx written to a temporary file, then streamed from it."""
    return downloads.spooled(
        lambda target: export.write_workbook(
            target, log_rows(unit.id, start, end), unit_name=unit.name, start=start, end=end
        ),
        name=f"so-tiep-cong-dan-{unit.code}-{start.isoformat()}-{end.isoformat()}.xlsx",
    )
