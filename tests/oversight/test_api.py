"""GET /api/v1/oversight/overdue exactly as API.md describes it."""

from datetime import date

import pytest

from tests.factories import create_user


def test_the_overdue_api_lists_each_overdue_case(province, api):
    response = api(province.inspector).get("/api/v1/oversight/overdue?as_of=2026-03-03")

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"as_of", "total", "items"}
    assert body["as_of"] == "2026-03-03" and body["total"] == 2
    assert body["items"] == [
        {
            "id": province.cases["C"].id,
            "tracking_code": province.cases["C"].tracking_code,
            "unit": "P-E",
            "kind": "complaint",
            "status": "received",
            "rule": "complaint.accept",
            "due_on": "2026-02-23",
            "days_overdue": 8,
            "overdue_deadlines": 1,
        },
        {
            "id": province.cases["A"].id,
            "tracking_code": province.cases["A"].tracking_code,
            "unit": "P-D-C",
            "kind": "complaint",
            "status": "received",
            "rule": "petition.classify",
            "due_on": "2026-03-02",
            "days_overdue": 1,
            "overdue_deadlines": 1,
        },
    ]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("as_of=2026-02-25", ["C"]),
        ("as_of=2026-02-20", []),
        ("as_of=2026-03-03&unit=P-D", ["A"]),
        ("as_of=2026-03-03&unit=P-E", ["C"]),
        ("as_of=2026-03-06&kind=feedback", ["B"]),
        ("as_of=2026-03-03&kind=denunciation", []),
    ],
)
def test_the_overdue_api_filters_by_day_unit_with_its_sub_units_and_kind(
    province, api, query, codes
):
    body = api(province.inspector).get(f"/api/v1/oversight/overdue?{query}").get_json()

    assert [item["tracking_code"] for item in body["items"]] == [
        province.cases[c].tracking_code for c in codes
    ]
    assert body["total"] == len(codes)


def test_as_of_defaults_to_today(province, api):
    from petitions.clock import today

    body = api(province.inspector).get("/api/v1/oversight/overdue").get_json()

    assert body["as_of"] == today().isoformat()


def test_a_head_sees_only_their_own_subtree(province, api):
    client = api(province.head)

    own = client.get("/api/v1/oversight/overdue?as_of=2026-03-03").get_json()
    outside = client.get("/api/v1/oversight/overdue?as_of=2026-03-03&unit=P-E")

    assert [i["unit"] for i in own["items"]] == ["P-D-C"]
    assert outside.status_code == 403
    assert outside.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("as_of=2026-13-01", "as_of"),
        ("as_of=03/03/2026", "as_of"),
        ("unit=NOPE", "unit"),
        ("kind=gossip", "kind"),
    ],
)
def test_bad_input_answers_422_with_the_field(province, api, query, field):
    response = api(province.inspector).get(f"/api/v1/oversight/overdue?{query}")

    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_staff_without_oversight_permission_are_refused(province, api, client):
    handler = create_user(role="handler", unit=province.commune)

    assert api(handler).get("/api/v1/oversight/overdue").status_code == 403
    assert client.get("/api/v1/oversight/overdue").status_code == 401


def test_the_api_sends_a_reminder_on_a_case(province, api):
    response = api(province.inspector).post(
        "/api/v1/oversight/reminders",
        json={
            "case": province.cases["A"].id,
            "message": "Đề nghị giải quyết ngay",
            "respond_by": "2099-01-01",
        },
    )

    assert response.status_code == 201
    assert response.get_json()["unit"] == "P-D-C"
    assert response.get_json()["respond_by"] == "2099-01-01"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"unit": "P-D"},
        {"unit": "NOPE", "message": "x"},
        {"case": "1", "message": "x"},
        {"unit": "P-D", "message": "x", "respond_by": "yesterday"},
    ],
)
def test_the_reminder_api_rejects_bad_input_without_a_500(province, api, payload):
    response = api(province.inspector).post("/api/v1/oversight/reminders", json=payload)

    assert response.status_code == 422


def test_the_overdue_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]

    assert "/api/v1/oversight/overdue" in paths


def test_dates_in_the_past_use_the_deadlines_as_they_were(province, api):
    # D was met on 03/02: on 04/02 it is no longer open, on 02/02 it was not yet late.
    client = api(province.inspector)
    assert client.get("/api/v1/oversight/overdue?as_of=2026-02-02").get_json()["total"] == 0
    assert client.get("/api/v1/oversight/overdue?as_of=2026-02-04").get_json()["total"] == 0
    assert date(2026, 2, 3) == province.cases["D"].deadlines[0].due_on
