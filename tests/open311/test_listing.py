"""The public listing: filters of GeoReport, and never a petitioner's personal data."""

from datetime import date
from xml.etree import ElementTree

import pytest

from petitions.open311 import services
from tests.factories import create_case
from tests.open311.conftest import DAY, IDENTITY


def _codes(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["service_request_id"] for item in response.get_json()]


def test_the_listing_never_shows_the_petitioners_personal_data(client, file_request):
    file_request()
    file_request(service_code="recommendation")

    for path in ("/open311/v2/requests.json", "/open311/v2/requests.xml"):
        body = client.get(path).get_data(as_text=True)
        text = body if path.endswith(".xml") else str(client.get(path).get_json())
        for secret in (*IDENTITY.values(), "Đức", "Minh Khai"):
            assert secret not in text, (path, secret)
        # Only the title is published, never the rest of the description.
        assert "Đề nghị sửa sớm" not in text


def test_a_confidential_request_is_not_listed_and_opens_only_with_its_key(client, file_request):
    receipt = file_request(**{"attribute[confidential]": "true"})
    code = receipt["service_request_id"]

    assert client.get("/open311/v2/requests.json").get_json() == []
    assert _codes(client.get(f"/open311/v2/requests.json?service_request_id={code}")) == []
    assert client.get(f"/open311/v2/requests/{code}.json").status_code == 404
    wrong = client.get(f"/open311/v2/requests/{code}.json", headers={"X-Access-Key": "AAAA"})
    assert wrong.status_code == 404

    response = client.get(
        f"/open311/v2/requests/{code}.json", headers={"X-Access-Key": receipt["access_key"]}
    )
    assert response.status_code == 200
    [item] = response.get_json()
    assert item["expected_datetime"] == "2026-03-16T17:00:00+07:00"
    assert item["description"] is None
    assert item["address"] is None
    assert item["lat"] is None
    assert "Nguyễn" not in response.get_data(as_text=True)


def test_a_feedback_from_the_desk_is_listed_without_its_text(client, province, on_day):
    case = create_case(
        kind="feedback",
        unit=province,
        received_on=DAY,
        channel="reception",
        title="Ông Lê Văn Tám phản ánh hàng xóm lấn chiếm lối đi",
        full_name="Lê Văn Tám",
    )

    [item] = client.get("/open311/v2/requests.json").get_json()

    assert item["service_request_id"] == case.tracking_code
    assert item["description"] is None
    assert item["address"] is None
    assert "Tám" not in client.get("/open311/v2/requests.json").get_data(as_text=True)


def test_a_sealed_case_is_never_listed(client, province, on_day):
    create_case(kind="feedback", unit=province, received_on=DAY, sealed=True)

    assert client.get("/open311/v2/requests.json").get_json() == []


def test_the_listing_filters_by_service_and_status(client, province, on_day):
    feedback = create_case(kind="feedback", unit=province, received_on=DAY)
    closed = create_case(kind="feedback", unit=province, received_on=DAY, status="filed")
    recommendation = create_case(kind="recommendation", unit=province, received_on=DAY)

    def listed(query: str) -> set[str]:
        return set(_codes(client.get(f"/open311/v2/requests.json?{query}")))

    everything = {feedback.tracking_code, closed.tracking_code, recommendation.tracking_code}
    assert listed("") == everything
    assert listed("service_code=recommendation") == {recommendation.tracking_code}
    assert listed("service_code=feedback,recommendation") == everything
    assert listed("status=open") == {feedback.tracking_code, recommendation.tracking_code}
    assert listed("status=closed") == {closed.tracking_code}
    assert listed("status=open,closed") == everything
    assert listed("service_code=feedback&status=open") == {feedback.tracking_code}


def test_service_request_ids_override_every_other_filter(client, province, on_day):
    old = create_case(kind="feedback", unit=province, received_on=date(2025, 1, 6))
    new = create_case(kind="recommendation", unit=province, received_on=DAY, status="closed")
    ignored = create_case(kind="feedback", unit=province, received_on=DAY)

    codes = _codes(
        client.get(
            "/open311/v2/requests.json?status=open&service_code=feedback&start_date=bad"
            f"&service_request_id={old.tracking_code.lower()}, {new.tracking_code}"
        )
    )

    assert set(codes) == {old.tracking_code, new.tracking_code}
    assert ignored.tracking_code not in codes


def test_the_listing_defaults_to_the_most_recent_90_days(client, province, on_day):
    recent = create_case(kind="feedback", unit=province, received_on=date(2026, 1, 5))
    create_case(kind="feedback", unit=province, received_on=date(2025, 11, 3))

    assert _codes(client.get("/open311/v2/requests.json")) == [recent.tracking_code]


def test_the_listing_takes_a_date_range_by_day_in_viet_nam(client, province, on_day):
    first = create_case(kind="feedback", unit=province, received_on=date(2026, 2, 1))
    second = create_case(kind="feedback", unit=province, received_on=date(2026, 2, 2))

    # 2026-02-01T18:00Z is already 2 February in Hà Giang.
    codes = _codes(
        client.get(
            "/open311/v2/requests.json?start_date=2026-02-01T18:00:00Z"
            "&end_date=2026-02-02T23:59:59+07:00"
        )
    )
    assert codes == [second.tracking_code]
    codes = _codes(
        client.get("/open311/v2/requests.json?start_date=2026-01-20&end_date=2026-02-01")
    )
    assert codes == [first.tracking_code]


@pytest.mark.parametrize(
    "query",
    [
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
        "start_date=2026-02-10&end_date=2026-02-01",
        "start_date=yesterday",
        "status=pending",
        "service_code=complaint",
    ],
)
def test_bad_filters_answer_400(client, province, on_day, query):
    response = client.get(f"/open311/v2/requests.json?{query}")

    assert response.status_code == 400
    assert response.get_json()[0]["code"] == 400


def test_a_jurisdiction_lists_its_own_and_its_sub_units_requests(client, district, on_day):
    province = district.parent
    in_district = create_case(kind="feedback", unit=district, received_on=DAY)
    in_province = create_case(kind="feedback", unit=province, received_on=DAY)

    assert _codes(client.get("/open311/v2/requests.json?jurisdiction_id=HG-BQ")) == [
        in_district.tracking_code
    ]
    assert set(_codes(client.get("/open311/v2/requests.json?jurisdiction_id=HG"))) == {
        in_district.tracking_code,
        in_province.tracking_code,
    }
    assert client.get("/open311/v2/requests.json?jurisdiction_id=NOPE").status_code == 404


def test_the_listing_is_newest_first_and_capped(client, province, on_day, monkeypatch):
    monkeypatch.setattr(services, "MAX_ROWS", 2)
    cases = [
        create_case(kind="feedback", unit=province, received_on=date(2026, 2, day))
        for day in (2, 3, 4)
    ]

    codes = _codes(client.get("/open311/v2/requests.json"))

    assert codes == [cases[2].tracking_code, cases[1].tracking_code]


def test_the_listing_in_xml_has_one_request_element_per_request(client, file_request):
    file_request()
    file_request()

    root = ElementTree.fromstring(client.get("/open311/v2/requests.xml").data)

    assert root.tag == "service_requests"
    assert len(root.findall("request")) == 2
    assert root.find("request/media_url").text is None
    assert root.findtext("request/expected_datetime") == "2026-03-16T17:00:00+07:00"
