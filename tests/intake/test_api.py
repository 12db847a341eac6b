"""The JSON intake API: shapes of API.md, errors as JSON, never a 500."""

import io
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from petitions.cases.models import Attachment, Case
from petitions.clock import today
from petitions.extensions import db
from tests.factories import create_user
from tests.intake.helpers import PDF, person, petition


def test_a_citizen_submission_returns_the_receipt_of_api_md(client, province):
    response = client.post("/api/v1/petitions", json=petition())

    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"tracking_code", "access_key", "status", "received_on", "deadlines"}
    assert body["status"] == "received"
    assert body["received_on"] == today().isoformat()
    rules = {row["rule"] for row in body["deadlines"]}
    assert rules == {"petition.classify", "complaint.accept"}
    for row in body["deadlines"]:
        assert set(row) == {"rule", "due_on", "basis"}
        assert date.fromisoformat(row["due_on"]) > today()
        assert row["basis"]
    case = db.session.scalar(select(Case).where(Case.tracking_code == body["tracking_code"]))
    assert case.unit == province
    assert body["access_key"] not in case.access_key_hash


def test_the_citizen_follows_the_case_with_code_and_key(client, province):
    receipt = client.post("/api/v1/petitions", json=petition()).get_json()

    response = client.get(
        f"/api/v1/petitions/{receipt['tracking_code']}",
        headers={"X-Access-Key": receipt["access_key"].lower().replace("-", "")},
    )

    assert response.status_code == 200
    body = response.get_json()
    assert body["kind"] == "complaint"
    assert body["status"] == "received"
    assert body["unit"] == {"code": "HG", "name": province.name}
    assert [item["action"] for item in body["timeline"]] == ["received"]
    assert {row["rule"] for row in body["deadlines"]} == {"petition.classify", "complaint.accept"}
    assert "petitioner" not in body


def test_a_wrong_or_missing_key_answers_exactly_like_an_unknown_code(client, province):
    receipt = client.post("/api/v1/petitions", json=petition()).get_json()
    code = receipt["tracking_code"]

    wrong = client.get(f"/api/v1/petitions/{code}", headers={"X-Access-Key": "AAAA-BBBB"})
    missing = client.get(f"/api/v1/petitions/{code}")
    unknown = client.get("/api/v1/petitions/HG-26-ZZZZ-ZZZZ", headers={"X-Access-Key": "x"})

    assert wrong.status_code == missing.status_code == unknown.status_code == 404
    assert wrong.get_data() == missing.get_data() == unknown.get_data()


def test_a_submission_with_a_pdf_in_multipart_keeps_the_file_outside_static(app, client, province):
    response = client.post(
        "/api/v1/petitions",
        data={
            "payload": json.dumps(petition()),
            "files": [(io.BytesIO(PDF), "quyết định thu hồi.pdf")],
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 201, response.get_json()
    attachment = db.session.scalar(select(Attachment))
    assert attachment.original_name == "quyết định thu hồi.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.purpose == "evidence"
    assert attachment.stored_name.endswith(".pdf")
    assert "quyết" not in attachment.stored_name
    from petitions.attachments import path_of

    assert path_of(attachment).read_bytes() == PDF
    assert "static" not in str(path_of(attachment))


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ("{not json", "application/json", 400, "bad_json"),
        ("[1, 2]", "application/json", 400, "bad_json"),
        ('"text"', "application/json", 400, "bad_json"),
        ("kind=complaint", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_malformed_bodies_are_refused_with_a_json_error(
    client, province, body, content_type, status, code
):
    response = client.post("/api/v1/petitions", data=body, content_type=content_type)

    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code
    assert error["message"]


def test_a_multipart_submission_with_bad_json_in_its_payload_part_is_a_400(client, province):
    response = client.post(
        "/api/v1/petitions",
        data={"payload": "{oops"},
        content_type="multipart/form-data",
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_json"


def test_a_body_larger_than_allowed_is_a_413_in_json(app, client, province):
    app.config["MAX_CONTENT_LENGTH"] = 1000

    response = client.post("/api/v1/petitions", json=petition(content="Nội dung " * 500))

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_desk_intake_by_staff_returns_the_id_too(api, officer, district):
    response = api(officer).post(
        "/api/v1/cases",
        json=petition(channel="reception", co_petitioners=[person(full_name="Lò Văn Tùng")]),
    )

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert {"id", "tracking_code", "access_key", "status", "deadlines"} <= set(body)
    case = db.session.get(Case, body["id"])
    assert case.receiving_unit == district
    assert case.entered_by == officer
    assert [p.full_name for p in case.petitioners] == ["Nguyễn Văn Đức", "Lò Văn Tùng"]
    rules = {row["rule"] for row in body["deadlines"]}
    assert rules == {"petition.classify", "complaint.accept", "reception.notify"}


def test_desk_intake_with_an_earlier_date_is_flagged_as_backdated(api, officer):
    earlier = today() - timedelta(days=6)
    response = api(officer).post(
        "/api/v1/cases",
        json=petition(channel="mail", received_on=earlier.isoformat()),
    )

    assert response.status_code == 201, response.get_json()
    case = db.session.get(Case, response.get_json()["id"])
    assert case.received_on == earlier
    assert case.backdated is True
    assert case.events[0].backdated is True
    assert case.events[0].effective_on == earlier


def test_desk_intake_dated_tomorrow_is_refused(api, officer):
    tomorrow = today() + timedelta(days=1)
    response = api(officer).post(
        "/api/v1/cases", json=petition(channel="mail", received_on=tomorrow.isoformat())
    )

    assert response.status_code == 422
    assert "received_on" in response.get_json()["error"]["fields"]


GROUPS = [
    # (people in the group, people named, accepted?) — Decree 124/2020 art. 6
    (4, 4, True),
    (7, 2, True),
    (7, 3, False),
    (10, 2, True),
    (11, 5, True),
    (30, 6, False),
]


def test_groups_appoint_at_most_two_or_five_representatives(api, officer):
    client = api(officer)
    for group_size, representatives, accepted in GROUPS:
        others = [
            person(full_name=f"Người đại diện {n}", id_number=None, phone=None)
            for n in range(representatives - 1)
        ]
        response = client.post(
            "/api/v1/cases",
            json=petition(channel="reception", group_size=group_size, co_petitioners=others),
        )
        if accepted:
            assert response.status_code == 201, (group_size, response.get_json())
            case = db.session.get(Case, response.get_json()["id"])
            assert case.group_size == group_size
            assert len(case.petitioners) == representatives
            assert all(p.representative for p in case.petitioners) == (group_size >= 5)
        else:
            assert response.status_code == 422, group_size
            message = " ".join(response.get_json()["error"]["fields"]["co_petitioners"])
            assert f"tối đa {2 if group_size <= 10 else 5} người đại diện" in message


def test_staff_may_record_only_for_their_own_unit_and_below(api, officer, province):
    response = api(officer).post(
        "/api/v1/cases", json=petition(channel="mail", receiving_unit="HG")
    )

    assert response.status_code == 422
    assert "receiving_unit" in response.get_json()["error"]["fields"]


def test_roles_that_do_not_record_petitions_get_a_403(api, district):
    for role in ("inspector", "home_affairs", "admin"):
        user = create_user(role=role, unit=district)
        response = api(user).post("/api/v1/cases", json=petition(channel="mail"))

        assert response.status_code == 403, role
        assert response.get_json()["error"]["code"] == "forbidden"


def test_desk_intake_without_a_token_is_a_401(client, district):
    response = client.post("/api/v1/cases", json=petition(channel="mail"))

    assert response.status_code == 401


def test_the_openapi_document_lists_the_intake_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]

    assert "post" in paths["/api/v1/petitions"]
    assert "get" in paths["/api/v1/petitions/{tracking_code}"]
    assert "post" in paths["/api/v1/cases"]
