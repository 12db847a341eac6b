"""Hostile input — NUL characters, lone surrogates, deep JSON, ids past the integer range,
dates of year 1 or 9999, numbers int() cannot read — is refused with a 4xx on every endpoint,
never a server error, on SQLite and PostgreSQL alike."""

import logging

import pytest
from flask import Blueprint
from sqlalchemy import text

from petitions.extensions import db
from petitions.permissions import public
from tests.factories import PASSWORD, create_case, create_token_for, create_unit, create_user

BEYOND_INT4 = 2**31
BEYOND_INT8 = 10**20
DEEP_ARRAY = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000
SURROGATE = '{"kind": "feedback", "title": "\\ud800", "content": "x"}'
NUL_JSON = '{"kind": "feedback", "title": "\\u0000", "content": "x"}'

JSON_ENDPOINTS = [
    ("POST", "/api/v1/petitions", None),
    ("POST", "/api/v1/cases", "unit_head"),
    ("POST", "/api/v1/cases/1/actions", "unit_head"),
    ("POST", "/api/v1/cases/1/reveal", "unit_head"),
    ("POST", "/api/v1/oversight/reminders", "inspector"),
    ("POST", "/api/v1/reception/sessions", "unit_head"),
    ("POST", "/api/v1/reception/visits", "unit_head"),
    ("POST", "/open311/v2/requests.json", None),
]
BODIES = {"deep array": DEEP_ARRAY, "deep object": DEEP_OBJECT, "surrogate": SURROGATE}
BODIES["NUL"] = NUL_JSON

# (method, path, role, keyword arguments of the test client)
HOSTILE = [
    # NUL in the path and in parameters, public and staff.
    ("GET", "/api/v1/petitions/HG%00", None, {}),
    ("GET", "/reception/calendar?unit=HG%00", None, {}),
    ("GET", "/reception/calendar.ics?unit=HG%00", None, {}),
    ("GET", "/reports/public?unit=HG%00", None, {}),
    ("GET", "/open311/v2/services.json?jurisdiction_id=HG%00", None, {}),
    ("GET", "/open311/v2/requests.json?jurisdiction_id=HG%00", None, {}),
    ("GET", "/open311/v2/requests.json?service_request_id=HG%00", None, {}),
    ("GET", "/open311/v2/requests/HG%00.json", None, {}),
    ("GET", "/open311/v2/requests/HG%00.json?jurisdiction_id=HG%00", None, {}),
    ("POST", "/open311/v2/requests.json", None, {"data": {"service_code": "feedback\x00"}}),
    ("POST", "/intake/track", None, {"data": {"code": "HG\x00", "key": "x"}}),
    (
        "POST",
        "/api/v1/petitions",
        None,
        {
            "data": b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n",
            "content_type": "multipart/form-data; boundary=b",
        },
    ),
    ("GET", "/api/v1/oversight/overdue?unit=HG%00", "inspector", {}),
    ("GET", "/api/v1/cases?unit=HG%00&q=%00", "admin", {}),
    ("GET", "/api/v1/reception/sessions?unit=HG%00", "inspector", {}),
    ("GET", "/api/v1/reception/compliance?year=2026&unit=HG%00", "inspector", {}),
    ("GET", "/api/v1/reports/annual?year=2026&unit=HG%00", "inspector", {}),
    ("GET", "/api/v1/reports/statistics?year=2026&unit=HG%00", "inspector", {}),
    ("GET", "/api/v1/reports/submissions?year=2026&line=HG%00", "inspector", {}),
    ("GET", "/api/v1/units?on=%00", None, {}),
    # Ids beyond the database's integer range: in the path, the query string and bodies.
    ("GET", f"/api/v1/cases/{BEYOND_INT4}", "admin", {}),
    ("GET", f"/api/v1/cases/{BEYOND_INT8}", "admin", {}),
    ("POST", f"/api/v1/cases/{BEYOND_INT8}/actions", "unit_head", {"json": {"action": "accept"}}),
    ("GET", f"/api/v1/cases?handler={BEYOND_INT8}&unit={BEYOND_INT8}", "admin", {}),
    ("POST", "/api/v1/oversight/reminders", "inspector", {"json": {"case": BEYOND_INT4}}),
    ("POST", "/api/v1/oversight/reminders", "inspector", {"json": {"case": BEYOND_INT8}}),
    ("POST", "/api/v1/cases", "unit_head", {"json": {"visit": BEYOND_INT8}}),
    ("POST", "/api/v1/cases", "unit_head", {"json": {"repeat_of": BEYOND_INT8}}),
    ("POST", "/api/v1/cases/1/actions", "unit_head", {"json": {"action": "assign", "user": 1e30}}),
    (
        "POST",
        "/api/v1/reception/visits",
        "unit_head",
        {"json": {"session": BEYOND_INT8}},
    ),
    ("GET", f"/open311/v2/requests/{BEYOND_INT8}.json", None, {}),
    ("POST", "/intake/track", None, {"data": {"code": str(BEYOND_INT8), "key": "x"}}),
    # Dates of year 1 and 9999, and months no calendar has.
    ("GET", "/api/v1/oversight/overdue?as_of=0001-01-01", "inspector", {}),
    ("GET", "/api/v1/oversight/overdue?as_of=9999-12-31", "inspector", {}),
    ("GET", "/api/v1/reports/statistics?from=0001-01-01&to=9999-12-31", "inspector", {}),
    ("GET", "/api/v1/reception/sessions?from=0001-01-01&to=9999-12-31", "inspector", {}),
    ("GET", f"/api/v1/reception/sessions?page={BEYOND_INT8}", "inspector", {}),
    ("GET", f"/api/v1/cases?page={BEYOND_INT8}", "admin", {}),
    ("GET", "/api/v1/cases?received_from=0001-01-01&received_to=9999-12-31", "admin", {}),
    ("GET", "/api/v1/units?on=9999-12-31", None, {}),
    ("GET", "/open311/v2/requests.json?start_date=0001-01-01T00:00:00-12:00", None, {}),
    ("GET", "/open311/v2/requests.json?end_date=9999-12-31T23:59:59-12:00", None, {}),
    ("GET", "/deadlines/calculator?rule=petition.classify&start=0001-01-01", None, {}),
    ("GET", "/deadlines/calculator?rule=petition.classify&start=9999-12-31", None, {}),
    (
        "GET",
        "/reception/calendar?month=99999999999999999999-01",
        None,
        {},
    ),
    ("GET", "/reception/calendar?month=9999-12", None, {}),
    (
        "POST",
        "/api/v1/reception/sessions",
        "unit_head",
        {"json": {"from": "0001-01-01", "to": "9999-12-31", "period": "week"}},
    ),
    ("POST", "/api/v1/cases", "unit_head", {"json": {"received_on": "0001-01-01"}}),
    (
        "POST",
        "/api/v1/cases/1/actions",
        "unit_head",
        {"json": {"action": "accept", "on": "0001-01-01"}},
    ),
    (
        "POST",
        "/api/v1/oversight/reminders",
        "inspector",
        {"json": {"unit": "HG", "message": "x", "respond_by": "9999-12-31"}},
    ),
    # Numbers str.isdigit() accepts and int() cannot read.
    ("GET", "/api/v1/cases?page=%C2%B2&per_page=%C2%B2", "admin", {}),
    ("GET", "/api/v1/cases?page=" + "9" * 5000, "admin", {}),
    ("GET", "/reports/public?year=%C2%B2", None, {}),
    ("GET", "/reports/public?year=" + "9" * 5000, None, {}),
    # Bodies: deep, with a lone surrogate or a NUL, to every JSON endpoint.
    *[
        (method, path, role, {"data": body, "content_type": "application/json"})
        for method, path, role in JSON_ENDPOINTS
        for body in BODIES.values()
    ],
    (
        "POST",
        "/api/v1/petitions",
        None,
        {"data": {"payload": DEEP_ARRAY}, "content_type": "multipart/form-data"},
    ),
]


@pytest.fixture
def province(app):
    province = create_unit(code="HG", name="Tỉnh Hà Giang", level="province")
    district = create_unit(code="HG-BQ", name="Huyện Bắc Quang", level="district", parent=province)
    create_case(unit=district)
    return province


@pytest.fixture
def staff(province):
    return {
        "admin": create_user(role="admin", unit=province),
        "inspector": create_user(role="inspector", unit=province),
        "unit_head": create_user(role="unit_head", unit=province.children[0]),
    }


@pytest.fixture
def served(app):
    """Unexpected errors answer as in production (a 500 page) instead of raising."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def _named(entry):
    """Each request as a parameter named after what it sends."""
    values, marks = (entry.values, entry.marks) if hasattr(entry, "values") else (entry, ())
    method, path, _role, kwargs = values
    body = kwargs.get("data") or kwargs.get("json") or ""
    return pytest.param(*values, marks=marks, id=f"{method} {path[:70]} {str(body)[:30]}")


@pytest.mark.parametrize(("method", "path", "role", "kwargs"), [_named(e) for e in HOSTILE])
def test_a_hostile_request_is_refused_without_a_server_error(
    served, client, staff, method, path, role, kwargs
):
    headers = {"Authorization": f"Bearer {create_token_for(staff[role])}"} if role else {}
    response = client.open(path, method=method, headers=headers, **kwargs)
    assert response.status_code < 500, response.get_data(as_text=True)[:300]


STAFF_QUERIES = [
    "unit=HG%00",
    "unit=%ED%A0%80",
    "as_of=0001-01-01",
    "as_of=9999-12-31",
    "part=custom&from=0001-01-01&to=9999-12-31",
    "month=99999999-01",
    f"session={BEYOND_INT8}",
    f"head={BEYOND_INT8}",
    "year=%C2%B2",
    "page=" + "9" * 5000,
]


def _pages_without_arguments(app):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/api/", "/open311/", "/static")):
            continue
        if rule.arguments:
            continue
        yield rule.rule


@pytest.mark.parametrize("role", ["admin", "inspector"])
def test_every_staff_page_survives_hostile_query_strings(served, client, staff, role):
    client.post("/login", data={"username": staff[role].username, "password": PASSWORD})
    failures = []
    pages = list(_pages_without_arguments(served))
    for page in pages:
        for query in STAFF_QUERIES:
            response = client.get(f"{page}?{query}")
            if response.status_code >= 500:
                failures.append((page, query, response.status_code))
    id_pages = [
        f"/{prefix}/{BEYOND_INT8}"
        for prefix in (
            "cases",
            "admin/units",
            "admin/users",
            "reports/annual",
            "reception/sessions",
            "reception/visits",
            "reception/compliance",
        )
    ]
    for page in id_pages:
        response = client.get(page)
        if response.status_code != 404:
            failures.append((page, "", response.status_code))
    assert len(pages) > 30
    assert failures == []


# -- what the refusals say ------------------------------------------------------------------------


def test_a_nul_in_an_api_path_is_a_json_400(client, province):
    response = client.get("/api/v1/petitions/HG%00")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert "NUL" in response.get_json()["error"]["message"]


def test_a_nul_in_a_query_parameter_names_the_parameter(client, province):
    response = client.get("/api/v1/units?on=%00")
    assert response.status_code == 400
    assert list(response.get_json()["error"]["fields"]) == ["on"]


def test_a_nul_on_a_page_shows_the_error_page_in_the_users_language(client, province):
    vietnamese = client.get("/reception/calendar?unit=HG%00")
    assert vietnamese.status_code == 400
    assert vietnamese.mimetype == "text/html"
    assert "ký tự NUL" in vietnamese.get_data(as_text=True)
    english = client.get("/reception/calendar?unit=HG%00&lang=en")
    assert english.status_code == 400
    assert "NUL character" in english.get_data(as_text=True)


def test_open311_clients_get_the_refusal_in_georeport_shape(client, province):
    response = client.get("/open311/v2/requests/HG%00.json")
    assert response.status_code == 400
    assert response.get_json()[0]["code"] == 400


def test_a_nul_in_a_form_field_is_refused(client, province):
    response = client.post("/intake/track", data={"code": "HG\x00", "key": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT, "[" * 65 + "]" * 65])
def test_json_nested_deeper_than_64_levels_is_a_400(client, province, body):
    response = client.post("/api/v1/petitions", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "64" in response.get_json()["error"]["message"]


def test_json_nested_64_levels_deep_is_read(client, province):
    body = '{"kind": "feedback", "extra": ' + "[" * 62 + "]" * 62 + "}"
    response = client.post("/api/v1/petitions", data=body, content_type="application/json")
    assert response.status_code == 422


def test_a_lone_surrogate_in_a_json_string_is_a_400(client, province):
    response = client.post("/api/v1/petitions", data=SURROGATE, content_type="application/json")
    assert response.status_code == 400
    assert "surrogate" in response.get_json()["error"]["message"]


def test_a_lone_surrogate_in_a_json_key_is_a_400(client, province):
    body = '{"\\udfff": 1}'
    response = client.post("/api/v1/petitions", data=body, content_type="application/json")
    assert response.status_code == 400


def test_an_id_beyond_the_integer_range_is_no_page(client, staff, login):
    login(staff["admin"])
    assert client.get(f"/cases/{BEYOND_INT4}").status_code == 404
    assert client.get(f"/admin/units/{BEYOND_INT4}").status_code == 404
    assert client.get(f"/cases/{'9' * 5000}").status_code == 404


def test_an_id_beyond_the_integer_range_in_a_json_body_finds_nothing(api, staff):
    response = api(staff["inspector"]).post(
        "/api/v1/oversight/reminders", json={"case": BEYOND_INT4, "message": "Đôn đốc"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_an_api_date_outside_the_working_calendar_is_a_422_naming_the_years(api, staff, day):
    response = api(staff["inspector"]).get(f"/api/v1/oversight/overdue?as_of={day}")
    assert response.status_code == 422
    assert "1900" in response.get_json()["error"]["fields"]["as_of"][0]


def test_an_api_date_inside_the_working_calendar_is_read(api, staff):
    response = api(staff["inspector"]).get("/api/v1/oversight/overdue?as_of=1900-01-01")
    assert response.status_code == 200


def test_a_page_date_outside_the_working_calendar_falls_back_with_a_message(client, staff, login):
    login(staff["inspector"])
    page = client.get("/oversight/?as_of=0001-01-01")
    assert page.status_code == 200
    assert "không hợp lệ" in page.get_data(as_text=True)


def test_a_form_date_outside_the_working_calendar_is_a_field_error(client, province):
    page = client.get("/deadlines/calculator?rule=petition.classify&start=9999-12-31")
    assert page.status_code == 200
    assert "Ngày nằm ngoài phạm vi lịch làm việc (1900–2199)." in page.get_data(as_text=True)


def test_a_number_int_cannot_read_is_a_400(api, staff):
    response = api(staff["admin"]).get("/api/v1/cases?page=%C2%B2")
    assert response.status_code == 400
    assert list(response.get_json()["error"]["fields"]) == ["page"]


# -- the error log --------------------------------------------------------------------------------


def test_the_error_log_never_prints_the_values_of_a_failed_statement(
    database_url, tmp_path, monkeypatch, caplog
):
    from petitions import create_app
    from tests.conftest import _base_config

    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(tmp_path / "instance"))
    config = _base_config(database_url, tmp_path)
    config["PROPAGATE_EXCEPTIONS"] = False
    failing = create_app(config)
    broken = Blueprint("broken", __name__)

    @broken.route("/lookup")
    @public
    def lookup():
        db.session.execute(
            text("SELECT id_number FROM no_such_table WHERE id_number = :n"),
            {"n": "001203004005 Nguyễn Văn Tố"},
        )

    failing.register_blueprint(broken)
    # Alembic's fileConfig (run by the migrations) disables loggers that existed before it.
    monkeypatch.setattr(logging.getLogger("petitions.errors"), "disabled", False)
    with caplog.at_level(logging.ERROR):
        response = failing.test_client().get("/lookup")
    with failing.app_context():
        db.engine.dispose()
    assert response.status_code == 500
    assert "no_such_table" in caplog.text
    assert "001203004005" not in caplog.text
    assert "Nguyễn Văn Tố" not in caplog.text
