"""What the scheduled jobs send and write: reception and annual-report reminders, backups."""

from datetime import date, datetime
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.backup import write_archive
from petitions.calendars.services import recompute_open_deadlines
from petitions.deadlines.settings import working_calendar
from petitions.extensions import db
from petitions.notifications.services import InvalidRecipient, public_url, queue_email
from petitions.permissions import Role
from petitions.reception.models import ReceptionSession, SessionStatus

# Reminders go out on the first working day from each of these days of November.
ANNUAL_REPORT_REMINDER_DAYS = (1, 15, 25)
ANNUAL_REPORT_DUE = (11, 30)


def _queue(person: User, subject: str, body: str) -> bool:
    if not person.email:
        return False
    try:
        queue_email(to=person.email, subject=subject, body=body)
    except InvalidRecipient:
        return False
    return True


def send_reception_reminders(*, today: date) -> int:
    """Remind the head (and the unit's reception officers) of each planned reception session
    after `today` up to the next working day. Returns the number of emails queued."""
    until = working_calendar().add_working_days(today, 1)
    sessions = db.session.scalars(
        select(ReceptionSession)
        .where(
            ReceptionSession.day > today,
            ReceptionSession.day <= until,
            ReceptionSession.status == SessionStatus.PLANNED,
        )
        .order_by(ReceptionSession.day, ReceptionSession.starts_at, ReceptionSession.id)
    )
    queued = 0
    for session in sessions:
        officers = db.session.scalars(
            select(User).where(
                User.unit_id == session.unit_id,
                User.has_role(Role.RECEPTION_OFFICER),
                User.active.is_(True),
            )
        )
        with force_locale("vi"):
            subject = _(
                "Nhắc lịch tiếp công dân ngày %(day)s", day=session.day.strftime("%d/%m/%Y")
            )
            lines = [
                _(
                    "Lịch tiếp công dân của %(unit)s: %(day)s, %(start)s–%(end)s.",
                    unit=session.unit.name,
                    day=session.day.strftime("%d/%m/%Y"),
                    start=session.starts_at.strftime("%H:%M"),
                    end=session.ends_at.strftime("%H:%M"),
                ),
                _("Địa điểm: %(place)s", place=session.place),
                _("Người chủ trì: %(name)s", name=session.head.display_name),
            ]
            if session.online:
                lines[1] = _("Tiếp trực tuyến, đường dẫn: %(url)s", url=session.online_url)
                if session.place:
                    lines.insert(2, _("Địa điểm: %(place)s", place=session.place))
            if session.delegated and session.delegate_name:
                lines.append(_("Ủy quyền cho: %(name)s", name=session.delegate_name))
            if session.subject:
                lines.append(_("Nội dung: %(subject)s", subject=session.subject))
        body = "\n".join(lines)
        people = [session.head, *officers]
        seen = set()
        for person in people:
            if person.id in seen or not person.active:
                continue
            seen.add(person.id)
            queued += _queue(person, subject, body)
    return queued


def annual_report_milestone(today: date) -> date | None:
    """The November reminder day that `today` falls on or after, until the report is due."""
    month, day = ANNUAL_REPORT_DUE
    if today.month != month or today.day > day:
        return None
    passed = [d for d in ANNUAL_REPORT_REMINDER_DAYS if d <= today.day]
    return date(today.year, month, passed[-1]) if passed else None


def send_annual_report_reminders(*, today: date) -> int:
    """Remind every unit head that the annual report goes to Sở Nội vụ by 30 November."""
    month, day = ANNUAL_REPORT_DUE
    due = date(today.year, month, day)
    heads = db.session.scalars(
        select(User)
        .where(User.has_role(Role.UNIT_HEAD), User.active.is_(True), User.email.is_not(None))
        .order_by(User.id)
    )
    queued = 0
    for head in heads:
        with force_locale("vi"):
            subject = _(
                "Nhắc nộp báo cáo năm %(year)d về công tác tiếp công dân, xử lý đơn thư",
                year=today.year,
            )
            body = "\n".join(
                [
                    _("Kính gửi thủ trưởng %(unit)s,", unit=head.unit.name),
                    "",
                    _(
                        "Theo Kế hoạch 09/KH-UBND, đơn vị gửi báo cáo kết quả năm %(year)d về "
                        "Ủy ban nhân dân tỉnh qua Sở Nội vụ trước ngày %(day)s "
                        "(còn %(left)d ngày).",
                        year=today.year,
                        day=due.strftime("%d/%m/%Y"),
                        left=(due - today).days,
                    ),
                    _("Lập báo cáo trên hệ thống: %(url)s", url=public_url("reports.index")),
                ]
            )
        queued += _queue(head, subject, body)
    return queued


def recompute_deadlines(*, today: date) -> int:
    """Recompute every running deadline with today's calendar and rules (a safety net: the
    admin pages recompute at once; this also catches a new version of the holidays package)."""
    return recompute_open_deadlines(
        today=today, reason="Tính lại thời hạn theo lịch làm việc và quy định hiện hành"
    )


def nightly_backup(*, today: date, now: datetime) -> str:
    """Write instance/backups/<date>.tar.gz (the archive of `petitions backup`: database, seal
    keys, uploads; keys encrypted when BACKUP_PASSPHRASE is set) and keep the newest
    BACKUP_KEEP archives."""
    folder = Path(
        current_app.config["BACKUP_FOLDER"] or Path(current_app.instance_path) / "backups"
    )
    written = write_archive(
        folder / f"{today.isoformat()}.tar.gz",
        passphrase=current_app.config["BACKUP_PASSPHRASE"] or None,
        now=now,
    )
    keep = int(current_app.config["BACKUP_KEEP"])
    archives = sorted(folder.glob("????-??-??.tar.gz"), reverse=True)
    for old in archives[keep:]:
        old.unlink()
    return written.summary()
