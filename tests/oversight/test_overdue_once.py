"""A case past two deadlines is one overdue case: in the list, its API, the workbook and the
dashboard's number alike."""

import re
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from petitions.extensions import db
from tests.factories import create_case


def past_two_deadlines(province):
    """Received Mon 05/01/2026 at the commune: classifying (10 working days: due 19/01) and
    accepting (10 days: due 15/01) both lapse unmet."""
    case = create_case(
        unit=province.commune,
        received_on=date(2026, 1, 5),
        rules=("petition.classify", "complaint.accept"),
        title="Hai thời hạn đã quá",
    )
    db.session.commit()
    return case


def test_the_api_lists_a_case_past_two_deadlines_once_with_its_earliest(province, api):
    case = past_two_deadlines(province)
    body = api(province.inspector).get("/api/v1/oversight/overdue?as_of=2026-03-03").get_json()

    mine = [item for item in body["items"] if item["id"] == case.id]
    assert len(mine) == 1
    assert mine[0]["rule"] == "complaint.accept" and mine[0]["due_on"] == "2026-01-15"
    assert mine[0]["overdue_deadlines"] == 2
    # C, A (tests/oversight/conftest.py) and this one: three cases, not four deadlines.
    assert body["total"] == 3 == len(body["items"])


def test_the_api_pages_with_limit_and_page(province, api):
    past_two_deadlines(province)
    client = api(province.inspector)
    first = client.get("/api/v1/oversight/overdue?as_of=2026-03-03&limit=2").get_json()
    second = client.get("/api/v1/oversight/overdue?as_of=2026-03-03&limit=2&page=2").get_json()

    assert (first["total"], first["limit"], first["page"]) == (3, 2, 1)
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])
    bad = client.get("/api/v1/oversight/overdue?limit=0")
    assert bad.status_code == 422 and "limit" in bad.get_json()["error"]["fields"]


def test_the_dashboard_number_the_list_and_the_workbook_agree(province, client, login):
    case = past_two_deadlines(province)
    login(province.inspector)

    board = client.get("/oversight/?as_of=2026-03-03").get_data(as_text=True)
    listed = client.get("/oversight/overdue?as_of=2026-03-03").get_data(as_text=True)
    book = load_workbook(
        BytesIO(client.get("/oversight/export.xlsx?as_of=2026-03-03").data), read_only=True
    )

    assert re.search(r'state=overdue[^"]*"><span class="stat__number">3<', board)
    assert listed.count(f">{case.tracking_code}</a>") == 1
    assert "3 hồ sơ" in listed and "(và 1 thời hạn khác đã quá)" in listed
    rows = list(book["Quá hạn"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    assert [row[0] for row in rows].count(case.tracking_code) == 1
