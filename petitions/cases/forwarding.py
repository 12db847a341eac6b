"""Forwarding: the petition opened again in the receiving unit."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from petitions import attachments as files
from petitions.accounts.models import User
from petitions.cases.mail import email_staff, staff_body, unit_heads
from petitions.cases.models import (
    Case,
    Channel,
)
from petitions.cases.timing import round_acceptance
from petitions.errors import Refused
from petitions.extensions import db
from petitions.intake.services import record_petition
from petitions.units.models import Unit


def open_linked_case(case: Case, *, to_unit: Unit, on: date, actor: User, today: date) -> Case:
    """Open the forwarded petition in the receiving unit as a transferred case through intake's
    `record_petition`: same content, petitioners (sealed stays sealed), files and citizen's
    access key, its own intake deadlines from the day of forwarding."""

    uploads = []
    for attachment in case.attachments:
        path = files.path_of(attachment)
        if attachment.purpose == "notice" or not path.exists():
            continue
        uploads.append(
            files.Upload(
                filename=attachment.original_name,
                data=path.read_bytes(),
                content_type=attachment.content_type,
                extension=attachment.stored_name.rsplit(".", 1)[-1],
            )
        )
    try:
        receipt = record_petition(
            data={},
            channel=Channel.TRANSFERRED,
            receiving_unit=to_unit,
            received_on=on,
            today=today,
            actor=actor,
            forwarded_from=case,
            attachments=uploads[: files.max_files()],
        )
    except Refused as error:
        raise Refused(
            422, _("Không thể mở hồ sơ tại đơn vị nhận."), code="invalid", fields=error.fields
        ) from None
    linked = receipt.case
    linked.complaint_round = case.complaint_round
    round_acceptance(linked)
    linked.multi_site = case.multi_site
    linked.public_interest = case.public_interest
    db.session.flush()
    email_staff(
        unit_heads(to_unit.id),
        subject=_("Đơn chuyển đến: %(code)s", code=linked.tracking_code),
        body=staff_body(linked, linked.events[-1]),
        case=linked,
    )
    return linked
