"""The letter of reminder (công văn đôn đốc) a reminder is sent with: numbered in the
sender's register like every document it issues ("12/TTr": a letter's symbol is the issuer's
abbreviation, Decree 30/2020/NĐ-CP Appendix I, II.3), addressed to the reminded unit."""

from __future__ import annotations

import dataclasses

from petitions.documents import paper as layout
from petitions.documents.issuers import (
    addressed_as,
    header_block,
    place_and_date,
    signature_block,
)
from petitions.documents.models import OfficialDocument
from petitions.documents.register import take_number
from petitions.extensions import db
from petitions.oversight.models import Reminder


def _dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


def reminder_paper(reminder: Reminder, number: str) -> layout.Paper:
    sender, unit, case = reminder.sent_by, reminder.unit, reminder.case
    signer = sender if sender.has_role("unit_head") else None
    about = f"hồ sơ {case.tracking_code}" if case is not None else "đơn thư"
    paper = layout.Paper(
        header=header_block(sender.unit),
        number=number,
        place_and_date=place_and_date(sender.unit, reminder.sent_on),
        title="",
        subtitle=f"V/v đôn đốc giải quyết {about}",
        type_name="Công văn",
        addressee=addressed_as(unit),
        signature=signature_block(sender.unit, signer),
    )
    paragraphs = [reminder.message]
    if case is not None:
        line = (
            f"Hồ sơ {case.tracking_code} về việc: {case.title}, nhận ngày {_dmy(case.received_on)}"
        )
        if case.due_on:
            line += f", hạn giải quyết ngày {_dmy(case.due_on)}"
        paragraphs.append(line + ".")
    if reminder.respond_by:
        paragraphs.append(
            f"Đề nghị {unit.name} báo cáo kết quả về {sender.unit.name} trước ngày "
            f"{_dmy(reminder.respond_by)}."
        )
    paper.paragraphs = paragraphs
    paper.recipients = ["Như trên;", "Lưu: VT."]
    return paper


def issue_reminder_letter(reminder: Reminder) -> OfficialDocument:
    """Number the reminder's letter in the sender's register and keep its layout."""
    entry = take_number(
        reminder.sent_by.unit,
        "CV",
        on=reminder.sent_on,
        instrument="reminder",
        title="Công văn đôn đốc",
    )
    entry.reminder_id, entry.case_id = reminder.id, reminder.case_id
    entry.signer_id = reminder.sent_by_id if reminder.sent_by.has_role("unit_head") else None
    entry.content = dataclasses.asdict(reminder_paper(reminder, entry.number))
    db.session.flush()
    return entry
