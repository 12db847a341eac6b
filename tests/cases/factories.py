"""Factories for workflow tests: units with their staff, cases in any state, sealed cases."""

from datetime import date

from petitions.cases.models import Case, Petitioner
from petitions.domain.workflow import intake_rules
from petitions.extensions import db
from petitions.text import fold
from tests.factories import create_case, create_unit, create_user

STAFF = ("unit_head", "handler", "handler2", "reception_officer")


def create_office(
    *,
    code: str | None = None,
    remote: bool = False,
    parent=None,
    name=None,
    staff: tuple[str, ...] = STAFF,
):
    """A unit with its staff by role ("handler2" is a second handler), each with an e-mail."""
    unit = create_unit(code=code, remote=remote, parent=parent, name=name, level="district")
    people = {
        key: create_user(
            role=key.rstrip("2"),
            unit=unit,
            email=f"{key}.{unit.code.lower()}@example.vn",
            full_name=f"Cán bộ {key} {unit.code}",
        )
        for key in staff
    }
    return unit, people


def create_received_case(
    *,
    kind: str = "complaint",
    unit,
    received_on: date | None = None,
    email: str | None = "dan@example.vn",
    **kwargs,
) -> Case:
    return create_case(
        kind=kind,
        unit=unit,
        received_on=received_on or date(2026, 3, 2),
        rules=intake_rules(kind),
        email=email,
        **kwargs,
    )


def create_sealed_case(
    *, unit, received_on: date | None = None, identity: dict | None = None
) -> Case:
    """A denunciation whose denouncer's identity is sealed, as intake records it."""
    from petitions.sealing import id_number_digest, seal_identity

    identity = identity or {
        "full_name": "Lò Thị Mai",
        "id_number": "002190001234",
        "address": "Thôn Nà Khương, xã Minh Ngọc",
        "email": "mai@example.vn",
    }
    case = create_case(
        kind="denunciation",
        unit=unit,
        received_on=received_on or date(2026, 3, 2),
        rules=intake_rules("denunciation"),
        sealed=True,
        title="Tố cáo cán bộ địa chính nhận tiền",
        content="Cán bộ địa chính xã nhận tiền khi làm sổ đỏ.",
    )
    case.confidential = True
    case.notify_email = "sealed"
    case.petitioners.append(
        Petitioner(
            position=0,
            sealed_identity=seal_identity(identity),
            id_number_digest=id_number_digest(identity.get("id_number")),
        )
    )
    case.search_text = fold(f"{case.tracking_code} {case.title} {case.content}")
    db.session.commit()
    return case
