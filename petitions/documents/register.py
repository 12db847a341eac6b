"""Taking numbers in a unit's register (Decree 30/2020/NĐ-CP, Appendix I, II.3): numbers run
from 01 on 1 January to 31 December of each year, per issuing unit; the symbol is the type's
abbreviation and the issuer's ("45/QĐ-UBND"). A number taken is never taken again: the
counter row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite writes under BEGIN IMMEDIATE)
and every sequence is unique in its register and year."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from petitions.documents.issuers import abbreviation, settings_of
from petitions.documents.models import DOCUMENTS, OfficialDocument, RegisterCounter
from petitions.errors import invalid
from petitions.extensions import db
from petitions.text import clean
from petitions.units.models import Unit

# Types numbered without a type abbreviation (công văn: issuer only, Decree 30 App. I II.3.b).
NO_TYPE_SYMBOL = {"CV"}


def symbol(unit: Unit, type_code: str) -> str:
    """The number's symbol: "QĐ-UBND", "TB-TTr"; a letter (công văn) carries the issuer's."""
    issuer = abbreviation(unit)
    return issuer if type_code in NO_TYPE_SYMBOL else f"{type_code}-{issuer}"


def format_number(sequence: int, unit: Unit, type_code: str) -> str:
    return f"{sequence:02d}/{symbol(unit, type_code)}"


def _next_sequence(unit: Unit, register: str, year: int) -> int:
    def locked():
        return db.session.scalars(
            select(RegisterCounter)
            .where(
                RegisterCounter.unit_id == unit.id,
                RegisterCounter.register == register,
                RegisterCounter.year == year,
            )
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one_or_none()

    counter = locked()
    if counter is None:
        try:
            with db.session.begin_nested():
                db.session.add(
                    RegisterCounter(unit_id=unit.id, register=register, year=year, last_number=0)
                )
        except IntegrityError:
            pass  # another approval opened the year first: take its row, locked
        counter = locked()
    counter.last_number += 1
    db.session.flush()
    return counter.last_number


def take_number(
    unit: Unit,
    type_code: str,
    *,
    on: date,
    typed: str | None = None,
    register: str = DOCUMENTS,
    instrument: str = "",
    title: str = "",
) -> OfficialDocument:
    """Enter a document in `unit`'s register for the year of `on`: the next number, or the
    number `typed` for a paper document, kept exactly as typed. Returns the (flushed) entry;
    the caller links it to its case, event or reminder."""
    typed = clean(typed or "")
    if register == DOCUMENTS and settings_of(unit).numbers_per_type:
        register = type_code
    entry = OfficialDocument(
        unit_id=unit.id,
        register=register,
        year=on.year,
        instrument=instrument,
        type_code=type_code,
        title=title,
        issued_on=on,
    )
    if typed:
        taken = db.session.scalar(
            select(OfficialDocument.id).where(
                OfficialDocument.unit_id == unit.id,
                OfficialDocument.year == on.year,
                OfficialDocument.number == typed,
            )
        )
        if taken is not None:
            raise invalid(
                "decision_number",
                _("Số %(number)s đã có trong sổ văn bản năm %(year)d.", number=typed, year=on.year),
            )
        entry.number, entry.typed = typed, True
    else:
        entry.sequence = _next_sequence(unit, register, on.year)
        entry.number = format_number(entry.sequence, unit, type_code)
    db.session.add(entry)
    db.session.flush()
    return entry
