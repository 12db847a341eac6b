"""Forwarding suggestions: the unit competent for a case, by whose act the petition is about,
on the tree as it stands on the day of forwarding (petitions.domain.competence has the law)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import get_locale
from sqlalchemy import select

from petitions.cases.models import Case, Kind
from petitions.domain import competence
from petitions.extensions import db
from petitions.units.models import Unit, UnitLevel, UnitParent


@dataclass(frozen=True)
class Suggestion:
    subject: str
    subject_label: str
    level: str
    unit: Unit | None  # None: the commune or department must be chosen, or outside the province
    basis: str  # in the user's language
    basis_vi: str  # for the case history, which stays Vietnamese
    outside: bool  # competence lies outside the province (a ministry, the Prime Minister)


def _parent_on(unit: Unit, day: date) -> Unit | None:
    place = db.session.scalar(
        select(UnitParent)
        .where(
            UnitParent.unit_id == unit.id,
            UnitParent.valid_from <= day,
            UnitParent.valid_to >= day,
        )
        .limit(1)
    )
    if place is None:
        return unit.parent
    return db.session.get(Unit, place.parent_id) if place.parent_id else None


def _ancestor(unit: Unit, level: UnitLevel, day: date) -> Unit | None:
    current: Unit | None = unit
    for _ in range(12):  # the tree is shallow; a loop in bad data must not hang a page
        if current is None or current.level == level:
            return current
        current = _parent_on(current, day)
    return None


def _unit_for(level: str, unit: Unit, day: date) -> Unit | None:
    if level == "central":
        return None
    if level in ("commune", "department"):
        return unit if unit.level == UnitLevel(level) else None
    return _ancestor(unit, UnitLevel(level), day)


def suggestions(case: Case, *, on: date) -> list[Suggestion]:
    """For each subject a petition of this case's kind can be about on `on`, the competent
    level and, where the tree tells it, the unit: a commune or department is the case's own
    unit when it is one, a district or the province the unit above it on that day. Empty for
    recommendations and feedback, whose competence the law leaves to the unit's functions."""
    if case.kind not in (Kind.COMPLAINT, Kind.DENUNCIATION):
        return []
    english = str(get_locale() or "vi").startswith("en")
    found = []
    for subject in competence.subjects_on(on):
        try:
            rule = competence.competent(
                case.kind.value, subject, on=on, complaint_round=case.complaint_round or 1
            )
        except KeyError:
            continue
        label_vi, label_en = competence.SUBJECTS[subject]
        found.append(
            Suggestion(
                subject=subject,
                subject_label=label_en if english else label_vi,
                level=rule.level,
                unit=_unit_for(rule.level, case.unit, on),
                basis=rule.basis_en if english else rule.basis_vi,
                basis_vi=rule.basis_vi,
                outside=rule.level == "central",
            )
        )
    return found


def suggested_unit(case: Case, subject: str | None, *, on: date) -> Unit | None:
    """The unit to pre-select when forwarding a case about `subject`, if the tree names one
    other than the case's own unit."""
    for suggestion in suggestions(case, on=on):
        if suggestion.subject == subject and suggestion.unit is not None:
            return suggestion.unit if suggestion.unit.id != case.unit_id else None
    return None
