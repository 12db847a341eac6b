"""A data subject's file holds what is held about them and nothing about anyone else; requests
to correct or erase are kept with a deadline and answered by staff."""

import json
from datetime import date

import sqlalchemy as sa

from petitions.audit.models import AuditEntry
from petitions.extensions import db
from petitions.privacy.models import DataRequest
from tests.factories import create_user
from tests.intake.helpers import person, petition
from tests.privacy.conftest import add_co_petitioner, submit


def _ask(client, code, key, id_number, kind="access", details=""):
    return client.post(
        "/privacy/request",
        data={"code": code, "key": key, "id_number": id_number, "kind": kind, "details": details},
    )


def test_the_file_holds_the_requester_and_not_the_co_petitioners(app, client, province):
    case, receipt = submit(
        client, petition(petitioner=person(full_name="Lò Thị Mây", id_number="002080000001"))
    )
    add_co_petitioner(case, full_name="Vàng Seo Páo", id_number="002080000002", phone="0988777666")

    response = _ask(client, receipt["tracking_code"], receipt["access_key"], "002080000002")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    (held,) = data["cases"]
    assert held["you"]["full_name"] == "Vàng Seo Páo" and held["you"]["phone"] == "0988777666"
    assert held["co_petitioners"] == 1
    text = response.get_data(as_text=True)
    assert "Lò Thị Mây" not in text and "002080000001" not in text
    assert held["retention"]["rule"] is None  # still open: kept while it is handled


def test_a_denouncer_receives_their_sealed_identity_and_nobody_else_can(app, client, province):
    _, receipt = submit(
        client,
        petition(
            kind="denunciation",
            petitioner=person(full_name="Giàng A Tủa", id_number="002080000004"),
        ),
    )
    code, key = receipt["tracking_code"], receipt["access_key"]

    mine = _ask(client, code, key, "002080000004")
    wrong_person = _ask(client, code, key, "002080009999")
    wrong_key = _ask(client, code, "AAAA-BBBB-CCCC-DDDD", "002080000004")

    assert json.loads(mine.get_data(as_text=True))["cases"][0]["you"]["full_name"] == "Giàng A Tủa"
    assert wrong_person.status_code == 404 and "Giàng" not in wrong_person.get_data(as_text=True)
    assert wrong_key.status_code == 404


def test_a_correction_request_is_kept_with_its_deadline_and_answered(app, client, login, province):
    _, receipt = submit(client, petition())
    _, admin = province

    page = _ask(
        client,
        receipt["tracking_code"],
        receipt["access_key"],
        "002085001234",
        kind="correction",
        details="Địa chỉ đúng là tổ 7",
    )

    assert page.status_code == 200
    request = db.session.scalar(sa.select(DataRequest))
    assert request.kind.value == "correction" and request.status.value == "open"
    assert (request.due_on - request.received_on).days == 15
    login(admin)

    answered = client.post(
        f"/admin/privacy/requests/{request.id}",
        data={"outcome": "answered", "answer": "Đã sửa địa chỉ."},
    )

    assert answered.status_code == 302
    db.session.expire_all()
    assert request.status.value == "answered" and request.answer == "Đã sửa địa chỉ."


def test_the_desk_export_covers_the_persons_cases_in_the_unit(app, client, login, province):
    unit, _ = province
    for title in ("Đơn thứ nhất", "Đơn thứ hai"):
        submit(client, petition(title=title, petitioner=person(id_number="002080000077")))
    submit(client, petition(title="Đơn người khác", petitioner=person(id_number="002080000078")))
    officer = create_user(role="reception_officer", unit=unit)
    login(officer)

    response = client.post("/privacy/desk", data={"id_number": "002080000077", "checked": "y"})

    data = json.loads(response.get_data(as_text=True))
    assert sorted(c["title"] for c in data["cases"]) == ["Đơn thứ hai", "Đơn thứ nhất"]
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(AuditEntry.action == "privacy.request.access")
        )
        == 1
    )
    assert date.fromisoformat(data["generated_on"])
