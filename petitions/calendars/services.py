"""Reading and editing the working calendar and rule periods, and recomputing open deadlines.

Every deadline is computed from ``deadlines.settings.deadline_settings()``. Changing the calendar
or a rule period recomputes the open deadlines it can move and writes the change into each
affected case's history, in the caller's transaction.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, insert, or_, select, update
from sqlalchemy.orm.util import identity_key

from petitions.audit.services import record
from petitions.calendars.models import CalendarOverride, RulePeriod
from petitions.cases import timing
from petitions.cases.models import Case, CaseDeadline, CaseEvent
from petitions.database import utcnow
from petitions.deadlines.settings import (
    DeadlineSettings,
    deadline_settings,
    forget_request_settings,
    working_calendar,
)
from petitions.domain import deadlines as engine
from petitions.domain.calendar import FIRST_YEAR, LAST_YEAR, OffReason, WorkingCalendar
from petitions.errors import invalid
from petitions.extensions import db
from petitions.text import clean

log = logging.getLogger(__name__)

# Open deadlines are scanned in primary-key order, this many at a time, so that a change that
# touches 100,000 deadlines never holds them all in memory at once.
BATCH_SIZE = 1000


# -- reading the calendar ------------------------------------------------------------------------


@dataclass(frozen=True)
class YearCalendar:
    """A year's days off other than ordinary weekends, and the weekend days worked instead."""

    year: int
    days_off: list[tuple[date, OffReason]]
    weekend_working_days: list[date]


def year_calendar(year: int, calendar: WorkingCalendar | None = None) -> YearCalendar:
    calendar = calendar or working_calendar()
    days_off: list[tuple[date, OffReason]] = []
    worked: list[date] = []
    day, last = date(year, 1, 1), date(year, 12, 31)
    while day <= last:
        reason = calendar.day_off_reason(day)
        if reason is None:
            if day.weekday() >= 5:
                worked.append(day)
        elif reason.kind != "weekend":
            days_off.append((day, reason))
        day += timedelta(days=1)
    return YearCalendar(year, days_off, worked)


def list_overrides() -> list[CalendarOverride]:
    return list(db.session.scalars(select(CalendarOverride).order_by(CalendarOverride.day)))


def rule_period_rows() -> dict[str, RulePeriod]:
    return {row.rule: row for row in db.session.scalars(select(RulePeriod))}


# -- changing the calendar and the rule periods --------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What an admin's change did: the row, deadlines moved, and whether the day changed kind."""

    row: CalendarOverride | RulePeriod | None
    recomputed: int
    effective: bool = True


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def save_override(
    *, day: date, working: bool, note: str, note_en: str = "", actor=None, today: date
) -> Change:
    """Make ``day`` a working day or a day off (replacing an override already on that day)."""
    note, note_en = clean(note), clean(note_en)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise invalid(
            "day",
            _("Chỉ điều chỉnh được ngày trong các năm %(a)d–%(b)d.", a=FIRST_YEAR, b=LAST_YEAR),
        )
    if not note:
        raise invalid("note", _("Hãy ghi lý do điều chỉnh (tiếng Việt)."))
    if len(note) > 500 or len(note_en) > 500:
        raise invalid("note", _("Lý do dài tối đa 500 ký tự."))
    was_working = working_calendar().is_working_day(day)
    row = db.session.scalar(
        select(CalendarOverride).where(CalendarOverride.day == day).with_for_update()
    )
    before = None
    if row is None:
        row = CalendarOverride(
            day=day,
            working=working,
            note=note,
            note_en=note_en,
            created_by_id=getattr(actor, "id", None),
        )
        db.session.add(row)
        action = "calendar.override.create"
    else:
        before = {"working": row.working, "note": row.note, "note_en": row.note_en}
        row.working, row.note, row.note_en = working, note, note_en
        action = "calendar.override.update"
    db.session.flush()
    kind = "ngày làm việc" if working else "ngày nghỉ"
    recomputed = recompute_open_deadlines(
        today=today,
        actor=actor,
        reason=f"Điều chỉnh lịch làm việc: {_dmy(day)} là {kind} ({note}).",
        days=[day],
    )
    details = {"day": day.isoformat(), "working": working, "note": note, "note_en": note_en}
    if before is not None:
        details["before"] = before
    record(actor, action, row, {**details, "recomputed": recomputed})
    db.session.flush()
    return Change(row, recomputed, effective=was_working != working)


def delete_override(*, override_id: int, actor=None, today: date) -> Change:
    row = db.session.scalar(
        select(CalendarOverride).where(CalendarOverride.id == override_id).with_for_update()
    )
    if row is None:
        raise invalid("id", _("Không tìm thấy ngày điều chỉnh này; có thể đã bị xóa."))
    was_working = working_calendar().is_working_day(row.day)
    details = {
        "day": row.day.isoformat(),
        "working": row.working,
        "note": row.note,
        "note_en": row.note_en,
    }
    day, note = row.day, row.note
    db.session.delete(row)
    db.session.flush()
    recomputed = recompute_open_deadlines(
        today=today,
        actor=actor,
        reason=f"Bỏ điều chỉnh lịch làm việc ngày {_dmy(day)} ({note}).",
        days=[day],
    )
    record(actor, "calendar.override.delete", row, {**details, "recomputed": recomputed})
    db.session.flush()
    return Change(None, recomputed, effective=was_working != working_calendar().is_working_day(day))


def set_rule_period(*, rule: str, period: int, note: str = "", actor=None, today: date) -> Change:
    """Replace a rule's base period province-wide (a unit's own feedback period still wins)."""
    statutory = engine.RULES.get(rule)
    if statutory is None:
        raise invalid("rule", _("Không có quy tắc thời hạn «%(rule)s».", rule=rule))
    if type(period) is not int or not 1 <= period <= engine.MAX_PERIOD:
        raise invalid(
            "period", _("Thời hạn phải là số nguyên từ 1 đến %(n)d.", n=engine.MAX_PERIOD)
        )
    note = clean(note)
    if len(note) > 500:
        raise invalid("note", _("Lý do dài tối đa 500 ký tự."))
    row = db.session.scalar(select(RulePeriod).where(RulePeriod.rule == rule).with_for_update())
    before = None
    if row is None:
        row = RulePeriod(
            rule=rule, period=period, note=note, created_by_id=getattr(actor, "id", None)
        )
        db.session.add(row)
        action = "rule_period.create"
    else:
        before = {"period": row.period, "note": row.note}
        row.period, row.note = period, note
        action = "rule_period.update"
    db.session.flush()
    recomputed = recompute_open_deadlines(
        today=today,
        actor=actor,
        reason=f"Thời hạn «{statutory.title_vi}» được điều chỉnh thành {period} "
        f"{'ngày' if statutory.unit == engine.DAYS else 'ngày làm việc'}"
        + (f" ({note})." if note else "."),
        rules=[rule],
    )
    details = {"rule": rule, "period": period, "note": note, "recomputed": recomputed}
    if before is not None:
        details["before"] = before
    record(actor, action, row, details)
    db.session.flush()
    return Change(row, recomputed, effective=before is None or before["period"] != period)


def clear_rule_period(*, rule: str, actor=None, today: date) -> Change:
    """Go back to the period the law (or the rule's default) sets."""
    row = db.session.scalar(select(RulePeriod).where(RulePeriod.rule == rule).with_for_update())
    statutory = engine.RULES.get(rule)
    if row is None or statutory is None:
        raise invalid("rule", _("Quy tắc «%(rule)s» đang dùng thời hạn mặc định.", rule=rule))
    details = {"rule": rule, "period": row.period, "note": row.note}
    db.session.delete(row)
    db.session.flush()
    recomputed = recompute_open_deadlines(
        today=today,
        actor=actor,
        reason=f"Thời hạn «{statutory.title_vi}» trở về mặc định {statutory.period} "
        f"{'ngày' if statutory.unit == engine.DAYS else 'ngày làm việc'}.",
        rules=[rule],
    )
    record(actor, "rule_period.delete", row, {**details, "recomputed": recomputed})
    db.session.flush()
    return Change(None, recomputed)


# -- recomputing open deadlines ------------------------------------------------------------------


def recompute_open_deadlines(
    *,
    today: date,
    actor=None,
    reason: str,
    days: Iterable[date] | None = None,
    rules: Iterable[str] | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Recompute running deadlines with today's calendar and rule periods; returns how many moved.

    Each deadline that moves gets its new due date, its case's mirrored due date is refreshed,
    and a ``deadline_recomputed`` event goes into the case's history, all in the caller's
    transaction. A paused deadline (the case is suspended) is left alone: resumption recomputes
    it from its start with the calendar of that day.

    ``days``: only the days whose kind changed. A day after the due date can neither push it
    (the period is already over) nor pull it (a new working day there comes too late), so only
    rows with ``due_on >= first changed day`` are read (the open-deadline index on due_on serves
    it). Before that, a working-day period counts the working days in (start, due], so a day
    matters only after the start; a day period is never affected by the days it spans, only by
    those from its nominal end (start + period) to the due date it rolls to, so a day matters
    only if the start is at least the rule's shortest period before it (see
    ``_started_early_enough``). A resumed deadline keeps both bounds: resumption never brings
    the end before start + period. Each row read is then recomputed exactly.
    ``rules``: only those rules. Neither: every open deadline (e.g. after upgrading the
    ``holidays`` package).
    """
    # The calendar or a rule period has just changed: due dates computed later in this request
    # must not use the settings read before.
    forget_request_settings()
    changed_days = sorted(set(days)) if days is not None else None
    only_rules = sorted(set(rules)) if rules is not None else None
    if changed_days == [] or only_rules == []:
        return 0
    settings = deadline_settings()
    d = CaseDeadline
    running = [d.met_on.is_(None), d.cancelled.is_(False), d.suspended_on.is_(None)]
    if changed_days:
        running += [d.due_on >= changed_days[0], _started_early_enough(changed_days[-1], settings)]
    if only_rules:
        running.append(d.rule.in_(only_rules))
    # The ids first, in one pass: paging the filtered query itself with "id > last LIMIT n"
    # makes SQLite walk the due-date index again for every page.
    ids = list(db.session.scalars(select(d.id).where(*running).order_by(d.id)))

    def in_window(start: date, due: date) -> bool:
        if changed_days is None:
            return True
        # The first changed day after the start must be on or before the due date.
        i = bisect_right(changed_days, start)
        return i < len(changed_days) and changed_days[i] <= due

    moved = 0
    for first in range(0, len(ids), batch_size):
        batch = db.session.execute(
            select(d.id, d.case_id, d.rule, d.start_on, d.due_on, d.params).where(
                d.id.in_(ids[first : first + batch_size])
            )
        )
        stale = {
            row.id: row.case_id
            for row in batch
            if in_window(row.start_on, row.due_on)
            and _due_on(row.rule, row.start_on, row.params, settings) not in (None, row.due_on)
        }
        if stale:
            moved += _move(stale, settings, today=today, actor=actor, reason=reason)
    return moved


def _started_early_enough(day: date, settings: DeadlineSettings):
    """SQL: the deadline started early enough for ``day`` to lie in its period's reach.

    That is start_on <= day - m, where m is 1 for working-day rules and for periods a unit sets
    itself (a period can be one day), and otherwise the shortest period the rule can have: its
    base, its variants, and an admin's period. Rules the engine does not know are left out.
    """
    d = CaseDeadline
    by_margin: dict[int, list[str]] = {}
    for key, rule in engine.RULES.items():
        if rule.unit == engine.WORKING_DAYS or rule.configurable:
            margin = 1
        else:
            margin = min(
                rule.period, *rule.variants.values(), settings.periods.get(key, rule.period)
            )
        by_margin.setdefault(margin, []).append(key)
    return or_(
        *(
            and_(d.rule.in_(keys), d.start_on <= day - timedelta(days=margin))
            for margin, keys in sorted(by_margin.items())
        )
    )


def _due_on(rule: str, start: date, params: dict | None, settings) -> date | None:
    """The due date of a stored deadline, replaying its pauses; None if it cannot be computed."""
    params = dict(params or {})
    pauses = params.pop("pauses", [])
    try:
        deadline = timing.compute(rule, start, params, settings)
        due: engine.Deadline | date = deadline
        for stopped, restarted in pauses:
            due = engine.resume(
                due,
                deadline.unit,
                date.fromisoformat(stopped),
                date.fromisoformat(restarted),
                settings.calendar,
            )
    except (engine.DeadlineError, ValueError, TypeError) as error:
        # A row stored by an older version with a rule or flags the engine no longer takes:
        # leave its due date as it is rather than fail the admin's change.
        log.warning("cannot recompute deadline %s from %s: %s", rule, start, error)
        return None
    return due.due_on if isinstance(due, engine.Deadline) else due


@dataclass
class _Mirror:
    """What timing.refresh_current_due reads (the deadlines) and writes (the case's mirror)."""

    deadlines: list[SimpleNamespace]
    due_on: date | None
    due_rule: str | None


def _move(stale: dict[int, int], settings, *, today, actor, reason) -> int:
    """Lock the cases, recompute their stale deadlines from fresh rows, write their history.

    Plain SQL rather than ORM objects: a change can move tens of thousands of deadlines, and
    loading, flushing and expunging a case object per deadline costs four times as much.
    """
    d, c = CaseDeadline.__table__, Case.__table__
    case_ids = sorted(set(stale.values()))
    # Lock the cases (PostgreSQL) before reading their deadlines afresh, so that a concurrent
    # step on the same case waits instead of being overwritten.
    mirrors = {
        row.id: _Mirror([], row.due_on, row.due_rule)
        for row in db.session.execute(
            select(c.c.id, c.c.due_on, c.c.due_rule)
            .where(c.c.id.in_(case_ids))
            .order_by(c.c.id)
            .with_for_update()
        )
    }
    rows = db.session.execute(
        select(
            d.c.id,
            d.c.case_id,
            d.c.rule,
            d.c.start_on,
            d.c.due_on,
            d.c.met_on,
            d.c.cancelled,
            d.c.suspended_on,
            d.c.params,
            d.c.basis,
        )
        .where(d.c.case_id.in_(case_ids))
        .order_by(d.c.id)
    )
    moves, events = [], []
    actor_id = getattr(actor, "id", None)
    for row in rows:
        deadline = SimpleNamespace(**row._mapping)
        mirrors[row.case_id].deadlines.append(deadline)
        if row.id not in stale or row.met_on is not None or row.cancelled or row.suspended_on:
            continue
        new = _due_on(row.rule, row.start_on, row.params, settings)
        if new is None or new == row.due_on:
            continue
        moves.append({"deadline_id": row.id, "new_due_on": new})
        events.append(
            {
                "case_id": row.case_id,
                "entered_at": utcnow(),
                "effective_on": today,
                "backdated": False,
                "actor_id": actor_id,
                "action": "deadline_recomputed",
                "basis": row.basis,
                "public": False,
                "note": reason,
                "details": {
                    "rule": row.rule,
                    "old": row.due_on.isoformat(),
                    "new": new.isoformat(),
                    "reason": reason,
                },
            }
        )
        deadline.due_on = new
    if not moves:
        return 0
    mirror_updates = []
    for case_id, mirror in mirrors.items():
        before = (mirror.due_on, mirror.due_rule)
        timing.refresh_current_due(mirror)
        if (mirror.due_on, mirror.due_rule) != before:
            mirror_updates.append(
                {"case_id": case_id, "new_due_on": mirror.due_on, "new_due_rule": mirror.due_rule}
            )
    # Anything the session holds of these cases is now stale; flush first what it has pending.
    db.session.flush()
    db.session.execute(
        update(d).where(d.c.id == bindparam("deadline_id")).values(due_on=bindparam("new_due_on")),
        moves,
    )
    if mirror_updates:
        db.session.execute(
            update(c)
            .where(c.c.id == bindparam("case_id"))
            .values(due_on=bindparam("new_due_on"), due_rule=bindparam("new_due_rule")),
            mirror_updates,
        )
    db.session.execute(insert(CaseEvent), events)
    _expire_held(case_ids, [move["deadline_id"] for move in moves])
    return len(moves)


def _expire_held(case_ids: list[int], deadline_ids: list[int]) -> None:
    """Make the session reload what it holds of the rows just changed behind its back."""
    identity_map = db.session.identity_map
    for case_id in case_ids:
        case = identity_map.get(identity_key(Case, case_id))
        if case is not None:
            db.session.expire(case, ["due_on", "due_rule", "events"])
    for deadline_id in deadline_ids:
        deadline = identity_map.get(identity_key(CaseDeadline, deadline_id))
        if deadline is not None:
            db.session.expire(deadline, ["due_on"])


# -- provisional holidays ------------------------------------------------------------------------


def provisional_days(year: int) -> list:
    """The year's holidays that are the `holidays` package's estimate or not law yet, and not
    decided by an admin (petitions.domain.calendar.is_provisional)."""
    return working_calendar().provisional_days(year)


def decide_provisional(*, day: date, off: bool, actor=None, today: date) -> Change:
    """An admin confirms a provisional holiday as a day off (``off``) or declares it a working
    day, once the government has published its decision; the override records it and open
    deadlines are recomputed."""
    match = next((p for p in provisional_days(day.year) if p.day == day), None)
    if match is None:
        raise invalid("day", _("Ngày %(day)s không phải ngày nghỉ tạm tính.", day=_dmy(day)))
    if off:
        note = f"Xác nhận ngày nghỉ: {match.name_vi}"
        note_en = f"Confirmed day off: {match.name_en}"
    else:
        note = f"Không nghỉ: {match.name_vi} chưa là ngày nghỉ theo quy định"
        note_en = f"Working day: {match.name_en} is not a day off under the law"
    return save_override(
        day=day, working=not off, note=note, note_en=note_en, actor=actor, today=today
    )
