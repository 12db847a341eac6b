"""The daily digest: each handler's and head's cases overdue or due soon, by email."""

from datetime import date, timedelta

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, select

from petitions.accounts.models import User
from petitions.cases.deadline_views import due_soon_days
from petitions.cases.models import Assignment, Case
from petitions.extensions import db
from petitions.notifications.services import InvalidRecipient, public_url, queue_email
from petitions.oversight.scope import open_cases, subtree
from petitions.permissions import Role


def send_deadline_digests(*, today: date) -> int:
    """Email each handler their assigned cases, and each head their units' cases, that are
    overdue or due within DUE_SOON_DAYS. Returns the number of emails queued."""
    opened = open_cases(today)
    soon_until = today + timedelta(days=due_soon_days())
    pressing = (
        select(Case.id, Case.tracking_code, Case.title, opened.c.due_on, Case.unit_id)
        .join(opened, opened.c.case_id == Case.id)
        .where(opened.c.due_on <= soon_until)
    )
    by_person: dict[int, list] = {}
    handler_rows = db.session.execute(
        pressing.add_columns(Assignment.user_id)
        .join(Assignment, and_(Assignment.case_id == Case.id, Assignment.active.is_(True)))
        .order_by(opened.c.due_on, Case.id)
    )
    for row in handler_rows:
        by_person.setdefault(row.user_id, []).append(row)
    heads = db.session.scalars(
        select(User).where(
            User.has_role(Role.UNIT_HEAD), User.active.is_(True), User.email.is_not(None)
        )
    )
    for head in heads:
        tree = subtree(head.unit_id)
        rows = db.session.execute(
            pressing.where(Case.unit_id.in_(select(tree.c.id))).order_by(opened.c.due_on, Case.id)
        )
        by_person.setdefault(head.id, []).extend(rows)
    queued = 0
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(by_person))))}
    for person_id, rows in by_person.items():
        person = people.get(person_id)
        if person is None or not person.active or not person.email or not rows:
            continue
        with force_locale("vi"):
            subject, body = _digest_text(
                rows,
                today,
                public_url("oversight.dashboard") if person.has_role(Role.UNIT_HEAD) else None,
            )
        try:
            queue_email(to=person.email, subject=subject, body=body)
        except InvalidRecipient:
            continue
        queued += 1
    return queued


DIGEST_LINES = 40


def _digest_text(rows: list, today: date, dashboard_url: str | None) -> tuple[str, str]:
    seen, unique = set(), []
    for row in rows:
        if row.id not in seen:
            seen.add(row.id)
            unique.append(row)
    late = [r for r in unique if r.due_on < today]
    soon = [r for r in unique if r.due_on >= today]
    subject = _(
        "Hồ sơ quá hạn và sắp đến hạn ngày %(day)s: %(late)d quá hạn, %(soon)d sắp đến hạn",
        day=today.strftime("%d/%m/%Y"),
        late=len(late),
        soon=len(soon),
    )
    lines = []
    for heading, group in ((_("Quá hạn"), late), (_("Sắp đến hạn"), soon)):
        if not group:
            continue
        lines.append(f"{heading} ({len(group)}):")
        for row in group[:DIGEST_LINES]:
            if row.due_on < today:
                when = ngettext(
                    "quá hạn %(num)d ngày", "quá hạn %(num)d ngày", (today - row.due_on).days
                )
            else:
                when = _("hạn %(day)s", day=row.due_on.strftime("%d/%m/%Y"))
            link = public_url("cases.show", case_id=row.id)
            lines.append(f"- {row.tracking_code} · {row.title} · {when} · {link}")
        if len(group) > DIGEST_LINES:
            lines.append(
                ngettext(
                    "… và %(num)d hồ sơ khác.",
                    "… và %(num)d hồ sơ khác.",
                    len(group) - DIGEST_LINES,
                )
            )
        lines.append("")
    if dashboard_url:
        lines.append(_("Xem toàn bộ trên trang giám sát: %(url)s", url=dashboard_url))
    return subject, "\n".join(lines)
