"""The public schedule as an iCalendar (RFC 5545) feed that calendar programs can subscribe to."""

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from flask import Response, current_app, url_for
from flask_babel import gettext as _

from petitions.reception.labels import kind_labels
from petitions.reception.models import ReceptionSession, SessionStatus
from petitions.reception.sessions import sessions_between
from petitions.units.models import Unit
from petitions.units.services import subtree_ids

TZID = "Asia/Ho_Chi_Minh"
# Việt Nam keeps UTC+7 all year, so one STANDARD block describes the zone completely.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:+07",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545, 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space,
    never splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(day, at) -> str:
    return f"{day.strftime('%Y%m%d')}T{at.strftime('%H%M%S')}"


def summary(session: ReceptionSession) -> str:
    kind = str(kind_labels()[session.kind.value])
    if session.delegated:
        who = _(
            "%(deputy)s (được %(head)s ủy quyền)",
            deputy=session.delegate_name or "",
            head=session.head.display_name,
        )
    else:
        who = session.head.display_name
    return f"{kind}: {who} — {session.unit.name}"


def how_to_join(session: ReceptionSession) -> str:
    """For an online session (art. 3a): the link to join, and whether it is recorded."""
    if not session.online:
        return ""
    text = _("Tiếp công dân trực tuyến, tham gia tại: %(url)s", url=session.online_url or "")
    if session.recorded:
        text += " " + _("(buổi tiếp được ghi hình)")
    return text


def location(session: ReceptionSession) -> str:
    if not session.online:
        return session.place
    online = _("Trực tuyến: %(url)s", url=session.online_url or "")
    return f"{online} — {session.place}" if session.place else online


def description(session: ReceptionSession, lang: str) -> str:
    lines = []
    if session.online:
        lines.append(how_to_join(session))
    if session.subject:
        lines.append(session.subject)
    if session.status == SessionStatus.CANCELLED:
        lines.append(_("Đã hủy: %(reason)s", reason=session.status_reason))
    elif session.status == SessionStatus.POSTPONED:
        if session.postponed_to is not None:
            lines.append(
                _(
                    "Hoãn sang ngày %(day)s: %(reason)s",
                    day=session.postponed_to.day.strftime("%d/%m/%Y"),
                    reason=session.status_reason,
                )
            )
        else:
            lines.append(_("Hoãn: %(reason)s", reason=session.status_reason))
    note = session.move_note_en if lang.startswith("en") else session.move_note
    if note:
        lines.append(note)
    return "\n".join(lines)


def feed(
    sessions: Iterable[ReceptionSession],
    *,
    now: datetime,
    host: str,
    name: str,
    link: Callable[[ReceptionSession], str],
    lang: str = "vi",
) -> str:
    """The VCALENDAR text, CRLF line ends; postponed and cancelled sessions say CANCELLED so
    that subscribers drop them from their calendars."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tinh Ha Giang//Tiep cong dan//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    stamp = _stamp(now)
    for session in sessions:
        lines += [
            "BEGIN:VEVENT",
            f"UID:reception-session-{session.id}@{host}",
            f"DTSTAMP:{stamp}",
            f"LAST-MODIFIED:{_stamp(session.updated_at)}",
            f"DTSTART;TZID={TZID}:{_local(session.day, session.starts_at)}",
            f"DTEND;TZID={TZID}:{_local(session.day, session.ends_at)}",
            f"SUMMARY:{escape(summary(session))}",
            f"LOCATION:{escape(location(session))}",
            "STATUS:"
            + (
                "CANCELLED"
                if session.status in (SessionStatus.CANCELLED, SessionStatus.POSTPONED)
                else "CONFIRMED"
            ),
            "TRANSP:OPAQUE",
            f"URL:{link(session)}",
        ]
        text = description(session, lang)
        if text:
            lines.append(f"DESCRIPTION:{escape(text)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def published_feed(unit: Unit | None, *, today: date, now: datetime, lang: str) -> Response:
    """The public feed of a unit's subtree (or the province): recent and coming sessions."""
    unit_ids = subtree_ids(unit) if unit is not None else None
    # Recent and coming sessions: what subscribers need, bounded for a province-wide feed.
    sessions = sessions_between(
        start=today - timedelta(days=92),
        end=today + timedelta(days=400),
        unit_ids=unit_ids,
        published_only=True,
    )
    name = _("Lịch tiếp công dân")
    if unit is not None:
        name = f"{name} — {unit.name}"
    text = feed(
        sessions,
        now=now,
        # UIDs must not change with the address a subscriber used, so take the configured one.
        host=urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost",
        name=name,
        link=lambda item: url_for(
            "reception.public_calendar",
            unit=item.unit.code,
            month=item.day.strftime("%Y-%m"),
            _external=True,
        ),
        lang=lang,
    )
    filename = f"lich-tiep-cong-dan{('-' + unit.code) if unit else ''}.ics"
    return Response(
        text,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "public, max-age=900",
        },
    )
