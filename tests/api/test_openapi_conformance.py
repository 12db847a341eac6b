"""The OpenAPI document tells the truth: it declares every path parameter, schemathesis sends a
few generated requests to every operation (as a stranger and as staff) and no answer is a 5xx
or strays from the schema, and a walk through the API with real data matches it too."""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.factories import create_case, create_token_for, create_unit, create_user
from tests.intake.helpers import petition
from tests.open311.conftest import request_form

CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def people(app):
    province = create_unit(code="HG", name="Tỉnh Hà Giang", level="province")
    district = create_unit(code="HG-BQ", name="Huyện Bắc Quang", level="district", parent=province)
    create_case(unit=district)
    return {
        "head": create_user(role="unit_head", unit=district),
        "inspector": create_user(role="inspector", unit=province),
    }


@pytest.fixture
def headers(people):
    return {
        "stranger": {},
        **{
            who: {"Authorization": f"Bearer {create_token_for(user)}"}
            for who, user in people.items()
        },
    }


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_every_path_parameter_is_declared(client):
    document = client.get("/api/v1/openapi.json").get_json()
    undeclared = []
    for path, operations in document["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for method, operation in operations.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            if names - declared:
                undeclared.append(f"{method.upper()} {path}: {sorted(names - declared)}")
    assert undeclared == []


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_generated_requests_to_every_operation_answer_as_documented(case, headers):
    for who in headers.values():
        case.call_and_validate(headers=who, checks=CHECKS)


def test_a_walk_through_the_api_with_real_data_answers_as_documented(api_schema, headers):
    def call(method, path, who="stranger", *, status=200, **parts):
        parts.setdefault("media_type", "application/json" if "body" in parts else None)
        parts["headers"] = {**headers[who], **parts.get("headers", {})}
        case = api_schema[path][method].Case(**parts)
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code == status, (method, path, response.text[:300])
        return response.json()

    citizen = call("POST", "/api/v1/petitions", body=petition(unit="HG-BQ"), status=201)
    call(
        "GET",
        "/api/v1/petitions/{tracking_code}",
        path_parameters={"tracking_code": citizen["tracking_code"]},
        headers={"X-Access-Key": citizen["access_key"]},
    )
    desk = call("POST", "/api/v1/cases", "head", body=petition(channel="mail"), status=201)
    case_id = {"id": desk["id"]}
    call("GET", "/api/v1/cases/{id}", "head", path_parameters=case_id)
    call(
        "POST",
        "/api/v1/cases/{id}/actions",
        "head",
        path_parameters=case_id,
        body={"action": "accept"},
    )
    call("GET", "/api/v1/cases", "head", query={"unit": "HG-BQ"})
    call("GET", "/api/v1/oversight/overdue", "inspector", query={"as_of": "2030-01-02"})
    call(
        "POST",
        "/api/v1/oversight/reminders",
        "inspector",
        body={"unit": "HG-BQ", "message": "Đề nghị báo cáo"},
        status=201,
    )
    call("GET", "/api/v1/reception/sessions", "inspector")
    call("GET", "/api/v1/reception/compliance", "inspector", query={"year": 2026})
    for path in ("/api/v1/reports/annual", "/api/v1/reports/statistics"):
        call("GET", path, "inspector", query={"year": 2026, "unit": "HG"})
    call("GET", "/api/v1/reports/submissions", "inspector", query={"year": 2026})
    call("GET", "/api/v1/units")
    fmt = {"format": "json"}
    call("GET", "/open311/v2/services.{format}", path_parameters=fmt)
    [filed] = call(
        "POST",
        "/open311/v2/requests.{format}",
        path_parameters=fmt,
        body=request_form(),
        media_type="application/x-www-form-urlencoded",
        status=201,
    )
    call("GET", "/open311/v2/requests.{format}", path_parameters=fmt)
    call(
        "GET",
        "/open311/v2/requests/{service_request_id}.{format}",
        path_parameters={**fmt, "service_request_id": filed["service_request_id"]},
    )
