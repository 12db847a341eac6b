"""Days people type: ISO dates within the years the product can count in."""

from datetime import date

# The years the working calendar covers: no petition, session or report lies outside them, and
# a date beyond is a slip of the keyboard or a probe (day arithmetic near year 1 or 9999
# overflows).
from petitions.domain.calendar import FIRST_YEAR, LAST_YEAR


class DayOutOfRange(ValueError):
    """A well-formed date outside FIRST_YEAR..LAST_YEAR."""


def check_day(day: date) -> date:
    """The day itself, or DayOutOfRange."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DayOutOfRange(f"{day.isoformat()} is not between {FIRST_YEAR} and {LAST_YEAR}")
    return day


def parse_day(text: str) -> date:
    """A YYYY-MM-DD day: ValueError when it is no date, DayOutOfRange when out of range."""
    return check_day(date.fromisoformat(text.strip()))
