"""The reception JSON API: shapes, permissions and errors."""

from datetime import date

import pytest

from petitions import clock
from petitions.extensions import db
from petitions.reception.models import Visit
from tests.factories import create_user
from tests.reception.factories import citizen, create_office, create_session


@pytest.fixture(autouse=True)
def today(monkeypatch):
    day = date(2026, 7, 10)
    monkeypatch.setattr(clock, "today", lambda: day)
    return day


def _representatives(n):
    return [citizen(f"Đại diện {i}", representative=True) for i in range(n)]


def test_an_officer_creates_a_session_and_gets_it_back(app, api):
    unit, head, officer = create_office()
    response = api(officer).post(
        "/api/v1/reception/sessions",
        json={
            "head": head.username,
            "date": "2026-08-15",  # a Saturday
            "starts_at": "07:30",
            "ends_at": "11:30",
            "place": "Trụ sở Tiếp công dân tỉnh",
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["date"] == "2026-08-17"
    assert body["moved_from"] == "2026-08-15"
    assert body["starts_at"] == "2026-08-17T07:30:00+07:00"
    assert body["ends_at"] == "2026-08-17T11:30:00+07:00"
    assert body["head"] == {"username": head.username, "full_name": head.full_name}
    assert body["kind"] == "periodic" and body["status"] == "planned"
    assert body["published"] is True and body["clashes"] == []
    assert body["unit"] == unit.code


def test_a_head_schedules_a_year_of_thursday_mornings_for_themselves(app, api):
    unit, head, _officer = create_office(level="commune")
    response = api(head).post(
        "/api/v1/reception/sessions",
        json={
            "recurrence": {"frequency": "weekly", "weekday": 3},
            "from": "2026-01-01",
            "to": "2026-12-31",
            "starts_at": "07:30",
            "ends_at": "11:00",
            "place": "UBND xã",
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    # 53 Thursdays; 01/01, 19/02 (Tết) and 30/04 are days off and move to the Monday after.
    assert body["count"] == 53
    moves = {item["moved_from"]: item["date"] for item in body["items"] if item["moved_from"]}
    assert moves == {
        "2026-01-01": "2026-01-05",
        "2026-02-19": "2026-02-23",
        "2026-04-30": "2026-05-04",
    }
    assert body["moved"] == 3
    assert all(item["head"]["username"] == head.username for item in body["items"])


def test_the_session_list_filters_by_unit_and_dates_and_flags_clashes(app, api):
    unit, head, officer = create_office()
    first = create_session(unit=unit, head=head, day=date(2026, 7, 15))
    second = create_session(unit=unit, head=head, day=date(2026, 7, 15), starts=(9, 0))
    create_session(unit=unit, head=head, day=date(2026, 9, 15))
    response = api(officer).get(
        f"/api/v1/reception/sessions?unit={unit.code}&from=2026-07-01&to=2026-07-31"
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 2 and body["from"] == "2026-07-01"
    clashes = {item["id"]: item["clashes"] for item in body["items"]}
    assert clashes == {first.id: [second.id], second.id: [first.id]}


def test_the_session_list_hides_other_units_from_local_staff(app, api):
    unit, head, officer = create_office()
    other, other_head, _ = create_office()
    create_session(unit=other, head=other_head, day=date(2026, 7, 15))
    assert api(officer).get(f"/api/v1/reception/sessions?unit={other.code}").status_code == 403
    assert api(officer).get("/api/v1/reception/sessions").get_json()["total"] == 0
    inspector = create_user(role="inspector")
    assert api(inspector).get("/api/v1/reception/sessions").get_json()["total"] == 1


def test_logging_a_group_of_twelve_with_five_representatives(app, api):
    unit, _head, officer = create_office()
    response = api(officer).post(
        "/api/v1/reception/visits",
        json={
            "visited_on": "2026-07-10",
            "people": 12,
            "citizens": _representatives(5),
            "content": "Đề nghị giải quyết bồi thường đất",
            "classification": "recommendation",
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["sequence"] == 1 and body["year"] == 2026
    assert body["group"] is True and body["representatives"] == 5
    assert body["route"] is None and body["case"] is None
    # Only the visit's id travels; the desk fills in the rest on the server.
    assert body["intake_url"] == f"/intake/desk?visit={body['id']}"


def test_twelve_people_with_six_representatives_are_refused_with_422(app, api):
    unit, _head, officer = create_office()
    response = api(officer).post(
        "/api/v1/reception/visits",
        json={
            "people": 12,
            "citizens": _representatives(6),
            "content": "Khiếu nại",
            "classification": "complaint",
        },
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert "tối đa 5 người đại diện" in error["fields"]["citizens"][0]
    assert db.session.scalar(db.select(db.func.count(Visit.id))) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"people": "many"}, "people"),
        ({"people": True}, "people"),
        ({"citizens": "Nguyễn Văn A"}, "citizens"),
        ({"citizens": [1, 2]}, "citizens"),
        ({"classification": 3}, "classification"),
        ({"content": None}, "content"),
        ({"visited_on": "10/07/2026"}, "visited_on"),
        ({"visited_on": "2026-07-11"}, "visited_on"),
        ({"route": "refused"}, "refusal_ground"),
        ({"route": ["accepted"]}, "route"),
        ({"first_visit": "yes"}, "first_visit"),
        ({"session": "abc"}, "session"),
        ({"session": 424242}, "session"),
        ({"unit": 5}, "unit"),
        ({"unit": "NOWHERE"}, "unit"),
    ],
)
def test_bad_visit_fields_answer_422_naming_the_field(app, api, body, field):
    unit, _head, officer = create_office()
    payload = {
        "people": 1,
        "citizens": [citizen()],
        "content": "Phản ánh ô nhiễm",
        "classification": "feedback",
        **body,
    }
    response = api(officer).post("/api/v1/reception/visits", json=payload)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


def test_a_refusal_through_the_api(app, api):
    unit, _head, officer = create_office()
    response = api(officer).post(
        "/api/v1/reception/visits",
        json={
            "citizens": [citizen()],
            "content": "Yêu cầu giải quyết lại vụ việc đã có kết luận",
            "classification": "complaint",
            "route": "refused",
            "refusal_ground": "already_resolved",
            "refusal_notice": "05/TB-TCD",
        },
    )
    assert response.status_code == 201
    assert response.get_json()["refusal_ground"] == "already_resolved"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/reception/visits", {"unit": "OTHER", "citizens": [], "content": "x"}),
        ("/api/v1/reception/sessions", {"unit": "OTHER", "starts_at": "07:30"}),
    ],
)
def test_writing_to_another_unit_is_forbidden(app, api, path, body):
    _unit, _head, officer = create_office()
    create_office(code="OTHER")
    response = api(officer).post(path, json=body)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("role", ["handler", "inspector", "admin"])
def test_only_reception_staff_and_heads_may_write(app, api, role):
    user = create_user(role=role)
    response = api(user).post("/api/v1/reception/visits", json={})
    assert response.status_code == 403


def test_the_api_needs_a_token(app, client):
    response = client.get("/api/v1/reception/compliance?year=2026")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not json", 415),
        ([1, 2], 400),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(app, api, client, body, status):
    _unit, _head, officer = create_office()
    if isinstance(body, str):
        response = api(officer).post("/api/v1/reception/visits", data=body)
    else:
        response = api(officer).post("/api/v1/reception/visits", json=body)
    assert response.status_code == status


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_at": "7h30"}, "starts_at"),
        ({"starts_at": "07:30+07:00"}, "starts_at"),
        ({"ends_at": "06:00"}, "ends_at"),
        ({"place": 7}, "place"),
        ({"date": None}, "date"),
        ({"head": "nobody"}, "head"),
        ({"kind": "party"}, "kind"),
        ({"recurrence": {"frequency": "weekly"}}, "recurrence"),
        ({"recurrence": {"frequency": "monthly", "month_days": ["15"]}}, "recurrence"),
        ({"recurrence": {"frequency": "monthly", "month_days": [15]}}, "from"),
    ],
)
def test_bad_session_fields_answer_422_naming_the_field(app, api, body, field):
    _unit, head, officer = create_office()
    payload = {
        "head": head.username,
        "date": "2026-08-20",
        "starts_at": "07:30",
        "ends_at": "11:30",
        "place": "Trụ sở",
        **body,
    }
    response = api(officer).post("/api/v1/reception/sessions", json=payload)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


def test_compliance_answers_each_head_against_the_minimum(app, api):
    unit, head, _officer = create_office(level="district")
    create_session(unit=unit, head=head, day=date(2025, 1, 8), status="held")
    create_session(
        unit=unit,
        head=head,
        day=date(2025, 1, 22),
        status="held",
        delegated=True,
        delegate_name="Phó Chủ tịch Lê Văn C",
    )
    inspector = create_user(role="inspector")
    response = api(inspector).get("/api/v1/reception/compliance?year=2025")
    assert response.status_code == 200
    body = response.get_json()
    assert body["year"] == 2025 and body["as_of"] == "2026-07-10"
    (entry,) = body["heads"]
    assert entry["rule"]["basis"] == "Luật Tiếp công dân 2013, Điều 13"
    assert entry["rule"]["days"] == 2 and entry["rule"]["period"] == "month"
    # The district level ended on 1/7/2025: its chair's duty runs January to June.
    assert entry["rule"]["valid_to"] == "2025-06-30"
    assert len(entry["periods"]) == 6
    january = entry["periods"][0]
    assert january == {
        "index": 1,
        "period": "month",
        "start": "2025-01-01",
        "end": "2025-01-31",
        "required": 2,
        "in_person": 1,
        "delegated": 1,
        "delegation_counts": True,
        "rule_valid_from": "2014-07-01",
        "status": "met_with_delegation",
    }
    assert entry["in_person"] == 1 and entry["delegated"] == 1


def test_a_district_chair_owes_nothing_in_2026(app, api):
    _unit, head, _officer = create_office(level="district")
    (entry,) = api(head).get("/api/v1/reception/compliance?year=2026").get_json()["heads"]
    assert entry["rule"] is None and entry["periods"] == []


def test_a_commune_head_in_2026_is_assessed_weekly_to_30_june_then_monthly(app, api, monkeypatch):
    """ISO weeks 1-26 run 29/12/2025-28/6/2026 and week 27 is cut at 30/6 (the weekly rule's
    last day); months 7-12 follow under the amended art. 15, 2 days each, not delegable."""
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 5))
    unit, head, _officer = create_office(level="commune")
    deputy = {"delegated": True, "delegate_name": "Phó Chủ tịch Lê Văn C"}
    create_session(unit=unit, head=head, day=date(2026, 6, 25), status="held", **deputy)
    create_session(unit=unit, head=head, day=date(2026, 7, 2), status="held")
    create_session(unit=unit, head=head, day=date(2026, 7, 16), status="held", **deputy)
    create_session(unit=unit, head=head, day=date(2026, 8, 6), status="held")
    create_session(unit=unit, head=head, day=date(2026, 8, 20), status="held", **deputy)
    response = api(head).get("/api/v1/reception/compliance?year=2026")
    (entry,) = response.get_json()["heads"]
    kinds = [p["period"] for p in entry["periods"]]
    assert kinds == ["week"] * 27 + ["month"] * 6
    weeks, months = entry["periods"][:27], entry["periods"][27:]
    assert weeks[-1]["start"] == "2026-06-29" and weeks[-1]["end"] == "2026-06-30"
    assert all(p["end"] <= "2026-06-30" for p in weeks)
    assert [p["start"] for p in months] == [f"2026-{m:02d}-01" for m in range(7, 13)]
    assert weeks[25]["status"] == "met_with_delegation" and weeks[25]["delegation_counts"]
    july, august = months[0], months[1]
    assert (july["required"], july["in_person"], july["delegated"]) == (2, 1, 1)
    assert july["status"] == "missed" and not july["delegation_counts"]
    assert (august["in_person"], august["delegated"], august["status"]) == (1, 1, "missed")
    assert entry["rule"]["days"] == 2 and entry["rule"]["period"] == "month"
    assert entry["rule"]["valid_from"] == "2026-07-01"
    assert [r["period"] for r in entry["rules"]] == ["week", "month"]


def test_compliance_in_english_gives_the_basis_in_english(app, api):
    unit, head, _officer = create_office(level="commune")
    response = api(head).get(
        "/api/v1/reception/compliance?year=2026", headers={"Accept-Language": "en"}
    )
    (entry,) = response.get_json()["heads"]
    assert entry["rule"]["basis"] == (
        "Law on Citizen Reception 2013, art. 15 (as amended by Law 136/2025/QH15, art. 1)"
    )
    assert [r["basis"] for r in entry["rules"]][0] == "Law on Citizen Reception 2013, art. 15"
    assert len(entry["periods"]) == 27 + 6


@pytest.mark.parametrize("query", ["", "?year=abc", "?year=1900", "?year=2026&unit=NOPE"])
def test_compliance_with_a_bad_query_answers_422(app, api, query):
    inspector = create_user(role="inspector")
    response = api(inspector).get(f"/api/v1/reception/compliance{query}")
    assert response.status_code == 422


def test_the_openapi_document_lists_the_reception_endpoints(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/reception/sessions"])
    assert "post" in paths["/api/v1/reception/visits"]
    assert "get" in paths["/api/v1/reception/compliance"]


def test_the_session_list_pages_by_a_hundred(app, api):
    unit, head, officer = create_office(level="commune")
    api(head).post(
        "/api/v1/reception/sessions",
        json={
            "recurrence": {"frequency": "weekly", "weekday": 1},
            "from": "2026-01-01",
            "to": "2027-12-31",
            "starts_at": "07:30",
            "ends_at": "11:00",
            "place": "UBND xã",
        },
    )
    first = api(officer).get("/api/v1/reception/sessions?from=2026-01-01&to=2027-12-31").get_json()
    second = (
        api(officer)
        .get("/api/v1/reception/sessions?from=2026-01-01&to=2027-12-31&page=2")
        .get_json()
    )
    assert first["total"] == second["total"] > 100
    assert (first["pages"], len(first["items"])) == (2, 100)
    assert len(second["items"]) == first["total"] - 100
    assert first["items"][-1]["date"] < second["items"][0]["date"]
    assert api(officer).get("/api/v1/reception/sessions?page=0").status_code == 422
