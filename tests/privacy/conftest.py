"""Cases recorded through the API, then aged: some past their retention period."""

import io
import json
from datetime import date

import pytest
from sqlalchemy import select

from petitions.cases.models import Case, Petitioner, Status
from petitions.extensions import db
from petitions.text import fold
from tests.factories import create_unit, create_user
from tests.intake.helpers import PDF, person, petition

TODAY = date(2026, 12, 6)


def submit(client, payload, files=()):
    if files:
        data = {"payload": json.dumps(payload), "files": [(f, n) for n, f in files]}
        response = client.post("/api/v1/petitions", data=data, content_type="multipart/form-data")
    else:
        response = client.post("/api/v1/petitions", json=payload)
    assert response.status_code == 201, response.get_json()
    code = response.get_json()["tracking_code"]
    return db.session.scalar(select(Case).where(Case.tracking_code == code)), response.get_json()


def add_co_petitioner(case, **fields):
    """The online form names one petitioner; the desk records the others."""
    case.petitioners.append(
        Petitioner(position=len(case.petitioners), name_folded=fold(fields["full_name"]), **fields)
    )
    db.session.commit()


def age(case, *, received, closed=None, accepted=None, status=None):
    case.received_on = received
    case.accepted_on = accepted
    case.closed_on = closed
    if status:
        case.status = Status(status)
    db.session.commit()


@pytest.fixture
def province(app):
    unit = create_unit(code="HG", name="Tỉnh Hà Giang", level="province")
    admin = create_user(role="admin", unit=unit, email="admin@example.vn")
    return unit, admin


@pytest.fixture
def aged(app, client, province):
    """A: a petition filed in 2021 (1 year: due); B: a complaint resolved in 2009 (15 years:
    due); C: a sealed denunciation filed in 2020 (due); D: open; E: filed in 2026 (not due)."""
    a, _ = submit(
        client,
        petition(
            title="Khiếu nại của bà Lò Thị Mây",
            petitioner=person(
                full_name="Lò Thị Mây",
                id_number="002080000001",
                email="may@example.vn",
                phone="0911000001",
            ),
        ),
        files=[("bang-chung.pdf", io.BytesIO(PDF))],
    )
    add_co_petitioner(a, full_name="Vàng Seo Páo", id_number="002080000002")
    b, _ = submit(
        client,
        petition(petitioner=person(full_name="Hoàng Văn Khải", id_number="002080000003")),
    )
    c, _ = submit(
        client,
        petition(
            kind="denunciation",
            title="Tố cáo cán bộ xã",
            petitioner=person(full_name="Giàng A Tủa", id_number="002080000004"),
        ),
    )
    d, _ = submit(
        client, petition(petitioner=person(full_name="Nông Thị Đào", id_number="002080000005"))
    )
    e, _ = submit(
        client, petition(petitioner=person(full_name="Sùng Mí Chá", id_number="002080000006"))
    )
    age(a, received=date(2021, 2, 20), closed=date(2021, 3, 1), status="filed")
    age(
        b,
        received=date(2009, 3, 1),
        accepted=date(2009, 3, 5),
        closed=date(2009, 6, 1),
        status="closed",
    )
    age(c, received=date(2020, 5, 4), closed=date(2020, 5, 20), status="filed")
    age(d, received=date(2019, 1, 2))
    age(e, received=date(2026, 1, 5), closed=date(2026, 2, 1), status="filed")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}
