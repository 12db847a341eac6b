"""Reading a decision's number and signing day, and the legal ground a suspension or
termination cites, from a step's raw input; shared by the steps and by handlers' proposals so
that both refuse the same things."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from petitions.cases.input import read_day, read_text
from petitions.cases.labels import lang
from petitions.domain import grounds
from petitions.errors import invalid
from petitions.text import CONTROL_CHARS, nfc

# As long as Case.decision_number holds.
NUMBER_LIMIT = 60


def read_number(data: dict) -> str:
    """A decision number typed from a paper document, kept as typed (only NFC and the ends'
    blanks change, never its inner spacing, case or punctuation); "" when none was typed: the
    unit's document register then gives one."""
    value = data.get("decision_number")
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        raise invalid("decision_number", _("Phải là một chuỗi văn bản."))
    value = CONTROL_CHARS.sub("", nfc(value) or "").strip()
    if len(value) > NUMBER_LIMIT:
        raise invalid("decision_number", _("Tối đa %(n)d ký tự.", n=NUMBER_LIMIT))
    return value


def read_decided_on(data: dict, *, on: date, today: date, accepted_on: date | None) -> date:
    """The day the decision was signed: the step's day unless said otherwise; never after
    today, never before the case was accepted."""
    decided_on = read_day(data, "decided_on") or on
    if decided_on > today:
        raise invalid("decided_on", _("Ngày ký không được sau ngày hôm nay."))
    if accepted_on and decided_on < accepted_on:
        raise invalid("decided_on", _("Ngày ký không được trước ngày thụ lý."))
    return decided_on


def read_ground(data: dict, action: str, kind: str) -> grounds.Ground:
    """The ground a suspension or termination cites: one of those the law lists for the kind."""
    table = grounds.grounds_for(action, kind)
    code = data.get("ground")
    if code in (None, ""):
        raise invalid(
            "ground",
            _("Chọn căn cứ. Một trong: %(codes)s.", codes=", ".join(table)),
        )
    if not isinstance(code, str) or code not in table:
        raise invalid(
            "ground",
            _("Căn cứ không hợp lệ. Chọn một trong: %(codes)s.", codes=", ".join(table)),
        )
    return table[code]


def ground_words(action: str, kind: str, code: str | None) -> str:
    """The ground in the user's language (the code itself if the table no longer has it)."""
    found = grounds.ground(action, kind, code or "")
    return found.words(lang()) if found else (code or "")


def ground_choices(action: str, kind: str) -> dict[str, str]:
    return {code: g.words(lang()) for code, g in grounds.grounds_for(action, kind).items()}


def read_note(data: dict, ground: grounds.Ground) -> str:
    """The officer's free note on the ground; required when the ground alone says too little."""
    return read_text(data, "reason", required=ground.needs_note)
