"""Reading a step's raw input (JSON body or form): text, flags, days, links, units, users."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.accounts.services import get_user
from petitions.cases.access import can_read
from petitions.cases.history import last_transition_on
from petitions.cases.models import (
    Case,
)
from petitions.domain import dates
from petitions.errors import invalid
from petitions.extensions import db
from petitions.guards import MAX_ID
from petitions.text import CONTROL_CHARS, clean
from petitions.units.models import Unit
from petitions.units.services import get_by_code

MAX_TEXT = 5000


def read_text(data: dict, name: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise invalid(name, _("Trường này là bắt buộc."))
        return ""
    if not isinstance(value, str):
        raise invalid(name, _("Phải là một chuỗi văn bản."))
    value = CONTROL_CHARS.sub("", clean(value))
    if required and not value:
        raise invalid(name, _("Trường này là bắt buộc."))
    if len(value) > limit:
        raise invalid(name, _("Tối đa %(n)d ký tự.", n=limit))
    return value


def one_of(value, allowed) -> bool:
    """`value in allowed`, false for anything that is not a string (lists are unhashable)."""
    return isinstance(value, str) and value in allowed


def read_flag(data: dict, name: str, default: bool = False) -> bool:
    value = data.get(name, default)
    if isinstance(value, bool):
        return value
    if value in (None, ""):
        return default
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "on", "y"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "0", "no", "off", "n"):
        return False
    raise invalid(name, _("Phải là true hoặc false."))


def read_day(data: dict, name: str) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise invalid(name, _("Ngày phải có dạng YYYY-MM-DD."))
    try:
        return dates.parse_day(value)
    except dates.DayOutOfRange:
        raise invalid(
            name,
            _(
                "Ngày nằm ngoài phạm vi lịch làm việc (%(first)d–%(last)d).",
                first=dates.FIRST_YEAR,
                last=dates.LAST_YEAR,
            ),
        ) from None
    except ValueError:
        raise invalid(name, _("Ngày phải có dạng YYYY-MM-DD.")) from None


def effective_day(case: Case, data: dict, *, today: date) -> date:
    """The day the step claims to have happened: today unless said otherwise, never later,
    never before the petition arrived or before the step the case is in."""
    on = read_day(data, "on") or today
    if on > today:
        raise invalid("on", _("Ngày hiệu lực không được sau ngày hôm nay."))
    if on < case.received_on:
        raise invalid("on", _("Ngày hiệu lực không được trước ngày nhận đơn."))
    previous = last_transition_on(case)
    if previous is not None and on < previous:
        raise invalid(
            "on",
            _(
                "Ngày hiệu lực không được trước bước xử lý trước đó (%(day)s).",
                day=previous.strftime("%d/%m/%Y"),
            ),
        )
    return on


def _key(value) -> int | str | None:
    """A row id (within the database's integer range) or a code typed by someone; None for
    anything else. Control characters never reach a query (PostgreSQL refuses NUL)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str):
        return None
    text = CONTROL_CHARS.sub("", value).strip()[:80]
    if text.isdigit():
        return int(text) if 0 < int(text) <= MAX_ID else None
    return text or None


def find_case(value, name: str, *, actor: User | None) -> Case:
    """The case a link names, if the actor may read it. One the actor may not read answers
    exactly like one that does not exist: a link must not confirm what it cannot show."""
    key = _key(value)
    if isinstance(key, int):
        found = db.session.get(Case, key)
    elif key:
        found = db.session.scalar(select(Case).where(Case.tracking_code == key.upper()))
    else:
        found = None
    if found is None or not can_read(actor, found):
        raise invalid(name, _("Không tìm thấy hồ sơ này."))
    return found


def find_unit(value, name: str) -> Unit:

    key = _key(value)
    if not isinstance(value, str) or not value.strip():
        raise invalid(name, _("Trường này là bắt buộc."))
    unit = get_by_code(str(key)) if key is not None else None
    if unit is None:
        raise invalid(name, _("Không tìm thấy đơn vị %(code)s.", code=key or ""))
    return unit


def find_user(value, name: str) -> User:

    if value in (None, ""):
        raise invalid(name, _("Trường này là bắt buộc."))
    key = _key(value)
    user = None
    if isinstance(key, str):
        user = get_user(key)
    elif isinstance(key, int):
        user = get_user(str(key)) or db.session.get(User, key)
    if user is None:
        raise invalid(name, _("Không tìm thấy cán bộ này."))
    return user


def parse_complexity(value) -> str | None:
    """The accept step's `complex`: false, true or "very" (forms send them as text)."""
    words = {
        "": None,
        "false": None,
        "0": None,
        "true": "complex",
        "1": "complex",
        "complex": "complex",
        "very": "very",
    }
    if value is None or value is False:
        return None
    if value is True:
        return "complex"
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    raise invalid("complex", _('Mức độ phức tạp phải là false, true hoặc "very".'))
