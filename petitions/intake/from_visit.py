"""A case opened from a row of the reception log: the visit gives the petition's kind, text,
day, every citizen named with the representatives marked, and the group's size.

The desk form and `POST /api/v1/cases` with `"visit": <id>` both start here, so a group of
twelve with five representatives reaches the case whole whichever door is used.
"""

from flask_babel import gettext as _

from petitions.accounts.models import User
from petitions.cases.models import Case
from petitions.errors import Refused
from petitions.extensions import db
from petitions.reception.models import Route, Visit
from petitions.reception.visits import CASE_KINDS, visit_identities
from petitions.units.services import subtree_ids

# What the person fields of a petition are called: a payload naming any of them chose its
# own people, and the visit's are not mixed in.
PEOPLE_KEYS = ("petitioner", "co_petitioners", "anonymous", "group_size")
TITLE_LENGTH = 120


def visit_number(visit: Visit) -> str:
    """The visit's number as the log prints it: sequence/year ("21/2026")."""
    return f"{visit.sequence}/{visit.year}"


def find_visit(visit_id, *, actor: User) -> Visit:
    """The visit `actor` may turn into a case; refused when unknown, out of the actor's units
    (the same answer: nothing is confirmed), refused at reception, or already a case."""
    visit = None
    if isinstance(visit_id, int) and not isinstance(visit_id, bool) and 0 < visit_id < 2**31:
        visit = db.session.get(Visit, visit_id)
    if visit is None or visit.unit_id not in subtree_ids(actor.unit):
        raise Refused(
            422,
            fields={"visit": [_("Không tìm thấy lượt tiếp công dân này trong đơn vị của bạn.")]},
        )
    if visit.route == Route.REFUSED:
        raise Refused(
            422,
            fields={"visit": [_("Lượt tiếp đã bị từ chối tiếp nên không mở hồ sơ từ lượt này.")]},
        )
    if visit.case_id is not None:
        case = db.session.get(Case, visit.case_id)
        raise Refused(
            409,
            _(
                "Lượt tiếp số %(number)s đã có hồ sơ %(code)s.",
                number=visit_number(visit),
                code=case.tracking_code if case is not None else visit.case_id,
            ),
            code="visit_has_case",
        )
    return visit


def people_of(visit: Visit, *, actor: User, purpose: str) -> list[dict] | None:
    """The visit's citizens as petition people, representatives first (the first of them
    signs as the petitioner); None where a denouncer's identity is kept from `actor`."""
    people = visit_identities(visit, actor=actor, purpose=purpose)
    if people is None:
        return None
    speaking = [p for p in people if p["representative"]]
    others = [p for p in people if not p["representative"]]
    return [
        {
            "full_name": person["full_name"] or None,
            "id_number": person["id_number"] or None,
            "address": person["address"] or None,
            # Marked only for a group: a party under five names no representative.
            "representative": bool(person["representative"]) and visit.is_group,
        }
        for person in speaking + others
    ]


def title_of(visit: Visit) -> str:
    first = (visit.content or "").strip().splitlines()
    return first[0][:TITLE_LENGTH] if first else ""


def payload_from_visit(visit: Visit, data: dict, *, actor: User) -> dict:
    """The petition payload for a case from `visit`; what `data` gives wins. The people come
    from the visit unless `data` names its own (any of PEOPLE_KEYS)."""
    base: dict = {
        "channel": "reception",
        "received_on": visit.visited_on.isoformat(),
        "title": title_of(visit),
        "content": visit.content,
    }
    kind = CASE_KINDS.get(visit.classification)
    if kind is not None:
        base["kind"] = kind
    if not any(key in data for key in PEOPLE_KEYS):
        people = people_of(visit, actor=actor, purpose="case from visit")
        if people is None:
            raise Refused(
                403,
                _(
                    "Chỉ cán bộ tiếp công dân của đơn vị đã tiếp mới mở được danh tính người "
                    "tố cáo để lập hồ sơ từ lượt tiếp này."
                ),
            )
        if people:
            base["petitioner"] = people[0]
            base["co_petitioners"] = people[1:]
        else:
            base["anonymous"] = True
        base["group_size"] = max(visit.people, len(people))
    return {**base, **{key: value for key, value in data.items() if key != "visit"}}
