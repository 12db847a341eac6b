"""The report workflow over the JSON API: a unit's report sent and accepted, a backdated case
entered afterwards, the consolidated report that keeps what was sent and flags the difference."""

from datetime import date

import pytest

from petitions.reports.lines import HOME_AFFAIRS_LINE
from tests.factories import create_user
from tests.reports.factories import known_dataset, report_case

AFTER = date(2027, 1, 10)


@pytest.fixture
def province(app, monkeypatch):
    monkeypatch.setattr("petitions.reports.workflow_api.today", lambda: AFTER)
    app.config["REPORT_RECIPIENTS"] = {HOME_AFFAIRS_LINE: {"recipient": "P-B"}}
    units, _cases = known_dataset()
    return {
        **units,
        "head": create_user(role="unit_head", unit=units["A"]),
        "home_affairs": create_user(role="home_affairs", unit=units["B"]),
    }


def test_a_report_goes_through_the_api_and_the_province_keeps_what_was_sent(province, api):
    head, home = api(province["head"]), api(province["home_affairs"])
    started = head.post("/api/v1/reports", json={"year": 2026})
    assert started.status_code == 201
    report = started.get_json()
    assert report["status"] == "draft" and report["period"]["code"] == "Y"
    assert report["summary"]["received"] == 9  # worked out in tests/reports/test_statistics.py
    url = f"/api/v1/reports/{report['id']}/actions"
    early = head.post(url, json={"action": "submit"})
    assert early.status_code == 409
    assert head.post(url, json={"action": "save", "results": "Đạt."}).status_code == 200
    assert head.post(url, json={"action": "approve"}).get_json()["status"] == "approved"
    assert head.post(url, json={"action": "submit"}).get_json()["submitted_on"] == "2027-01-10"
    assert home.post(url, json={"action": "accept"}).get_json()["status"] == "accepted"

    report_case(unit=province["A"], received_on=date(2026, 6, 1))  # entered later, backdated

    sent = head.get(f"/api/v1/reports/{report['id']}").get_json()
    received = {"form": "summary", "key": "received", "submitted": 9, "live": 10}
    assert received in sent["differences"]
    total = home.post("/api/v1/reports/consolidated", json={"year": 2026})
    assert total.status_code == 201
    body = total.get_json()
    units = {row["unit"]: row for row in body["units"]}
    assert units["P-A"]["source"] == "submission" and units["P-A"]["summary"]["received"] == 9
    assert units["P-A"]["submitted_on"] == "2027-01-10" and units["P-A"]["differs"]
    assert body["summary"]["received"] == 12  # A's 9 as sent, B's 2, the province's own 1
    assert units["P-B"]["source"] == "live" and not units["P-B"]["differs"]


def test_the_api_refuses_bad_input_clearly(province, api):
    head = api(province["head"])
    assert head.post("/api/v1/reports", json={"year": "x"}).status_code == 422
    bad_period = head.post("/api/v1/reports", json={"year": 2026, "period": "Q1"})
    assert bad_period.status_code == 422
    report = head.post("/api/v1/reports", json={"year": 2026}).get_json()
    wrong = head.post(f"/api/v1/reports/{report['id']}/actions", json={"action": "fly"})
    assert wrong.status_code == 422 and "action" in wrong.get_json()["error"]["fields"]
    assert head.get("/api/v1/reports/999999").status_code == 404
    consolidate = head.post("/api/v1/reports/consolidated", json={"year": 2026})
    assert consolidate.status_code == 403
