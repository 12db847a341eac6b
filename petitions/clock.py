"""The one place that reads the wall clock; everything below it takes today= or now=."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Việt Nam, whatever the server's time zone."""
    return datetime.now(LOCAL_TZ).date()


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)
