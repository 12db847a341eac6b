"""A small province with a hand-built set of cases around Tết 2026 (off 14/02–22/02/2026)."""

from dataclasses import dataclass
from datetime import date

import pytest

from petitions.cases.models import Case
from petitions.extensions import db
from tests.factories import create_case, create_unit, create_user

_hashes: dict[str, str] = {}


@pytest.fixture(autouse=True)
def hash_each_password_once(monkeypatch):
    """Argon2 takes most of a second by design; tests need each password hashed only once."""
    from petitions.accounts import services as accounts

    real = accounts.hash_password

    def cached(password: str) -> str:
        if password not in _hashes:
            _hashes[password] = real(password)
        return _hashes[password]

    monkeypatch.setattr(accounts, "hash_password", cached)


@dataclass
class Province:
    province: object
    district: object
    commune: object
    other: object
    inspectorate: object
    inspector: object
    head: object
    commune_head: object
    handler: object
    cases: dict


@pytest.fixture
def province(app):
    return build_province()


def build_province() -> Province:
    top = create_unit(code="P", name="Tỉnh thử nghiệm", level="province")
    inspectorate = create_unit(code="P-TT", name="Thanh tra tỉnh", level="department", parent=top)
    district = create_unit(code="P-D", name="Huyện Đông", level="district", parent=top)
    commune = create_unit(code="P-D-C", name="Xã Cao", level="commune", parent=district)
    other = create_unit(code="P-E", name="Huyện Tây", level="district", parent=top)
    inspector = create_user(
        role="inspector", unit=inspectorate, username="thanhtra", email="thanhtra@example.vn"
    )
    head = create_user(
        role="unit_head",
        unit=district,
        username="chutich.d",
        email="chutich.d@example.vn",
        full_name="Chủ tịch Huyện Đông",
    )
    commune_head = create_user(
        role="unit_head", unit=commune, username="chutich.c", email="chutich.c@example.vn"
    )
    handler = create_user(
        role="handler", unit=commune, username="canbo.c", email="canbo.c@example.vn"
    )
    cases = {
        # 10 working days from Mon 09/02: 10–13/02 (4), Tết, 23–27/02 (9), Mon 02/03 (10).
        "A": create_case(unit=commune, received_on=date(2026, 2, 9), title="Tranh chấp đất"),
        # From Thu 12/02: 13/02 (1), Tết, 23–27/02 (6), 02–05/03 (10).
        "B": create_case(
            unit=district, received_on=date(2026, 2, 12), kind="feedback", title="Phản ánh đường xá"
        ),
        # complaint.accept, 10 days from 05/02 = Sun 15/02, inside Tết → Mon 23/02.
        "C": create_case(
            unit=other,
            received_on=date(2026, 2, 5),
            rules=("complaint.accept",),
            title="Khiếu nại quyết định thu hồi đất",
        ),
        # From Tue 20/01: 21, 22, 23, 26–30/01, 02/02, 03/02 → due 03/02, met on 03/02.
        "D": create_case(unit=commune, received_on=date(2026, 1, 20), title="Đơn đã xử lý"),
        # Received after the days looked at below.
        "E": create_case(unit=district, received_on=date(2026, 3, 4), title="Đơn mới"),
    }
    cases["D"].deadlines[0].met_on = date(2026, 2, 3)
    db.session.commit()
    return Province(
        top, district, commune, other, inspectorate, inspector, head, commune_head, handler, cases
    )


def due(case: Case) -> date:
    return case.deadlines[0].due_on
