"""Open data: each unit's figures by statistical quarter, the same as the public statistics
page for that quarter, as JSON and CSV, with no personal data."""

import csv
import io
from datetime import date

from petitions.domain.periods import statistical_period
from petitions.extensions import db
from petitions.reports.figures import public_rows
from tests.factories import create_case, create_unit


def _units():
    province = create_unit(code="TQ", name="Ủy ban nhân dân tỉnh Tuyên Quang", level="province")
    commune = create_unit(code="TQ-BQ", name="Xã Bắc Quang", level="commune", parent=province)
    return province, commune


def test_each_quarter_holds_what_was_received_in_it(app, client):
    _, commune = _units()
    # Q1 2026 runs 15/12/2025-14/3/2026, Q2 15/3-14/6/2026.
    create_case(unit=commune, received_on=date(2025, 12, 20), full_name="Lò Văn Sáng")
    create_case(unit=commune, received_on=date(2026, 3, 14))
    create_case(unit=commune, received_on=date(2026, 3, 15))

    body = client.get("/open-data/statistics.json?year=2026").get_json()

    commune_rows = {r["quarter"]: r for r in body["rows"] if r["unit_code"] == "TQ-BQ"}
    assert commune_rows["Q1"]["received"] == 2
    assert commune_rows["Q2"]["received"] == 1
    assert (commune_rows["Q1"]["from"], commune_rows["Q1"]["to"]) == ("2025-12-15", "2026-03-14")
    assert set(body["fields"]) == set(commune_rows["Q1"])
    assert "Lò Văn Sáng" not in client.get("/open-data/statistics.json?year=2026").get_data(True)


def test_the_figures_are_those_of_the_public_page_for_the_quarter(app, client):
    _, commune = _units()
    create_case(unit=commune, received_on=date(2026, 4, 2), status="filed")
    period = statistical_period("Q2", 2026)
    _, expected = public_rows(2026, None, today=date(2026, 12, 6), period=period)
    db.session.commit()

    body = client.get("/open-data/statistics.json?year=2026").get_json()

    got = [r for r in body["rows"] if r["quarter"] == "Q2"]
    assert [(r["unit_code"], r["received"], r["on_time_rate"]) for r in got] == [
        (row["unit"].code, row["received"], row["on_time_rate"]) for row in expected
    ]
    assert [r["row"] for r in got] == ["own", "unit", "total"]


def test_the_csv_carries_the_same_rows_and_the_page_documents_them(app, client):
    _units()
    data = client.get("/open-data/statistics.json?year=2026").get_json()
    response = client.get("/open-data/statistics.csv?year=2026")

    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert response.mimetype == "text/csv"
    assert [r["unit_code"] for r in rows] == [r["unit_code"] for r in data["rows"]]
    assert list(rows[0]) == data["fields"]
    page = client.get("/open-data/").get_data(as_text=True)
    assert "reception_periods_met" in page and "statistics.csv" in page
