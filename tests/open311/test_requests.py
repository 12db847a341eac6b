"""Filing a request as a civic client and following it: deadlines, states, errors."""

from datetime import date
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select

from petitions.cases.models import Case, CaseEvent, Kind, Status
from petitions.cases.timing import meet_deadline, open_deadline, pause_deadlines
from petitions.extensions import db
from petitions.intake.services import record_petition
from petitions.open311.models import Open311Request
from tests.factories import create_case
from tests.open311.conftest import DAY, request_form


def _case(code: str) -> Case:
    return db.session.scalar(select(Case).where(Case.tracking_code == code))


def _count_cases() -> int:
    return db.session.scalar(select(func.count(Case.id)))


def _accept(case: Case, on: date) -> None:
    """What the workflow's `accept` does to a feedback's clocks (cases.services is not
    needed to see how Open311 reports them)."""
    case.status = Status.ACCEPTED
    case.accepted_on = on
    meet_deadline(case, "petition.classify", on)
    open_deadline(case, "feedback.resolve", on)
    case.events.append(
        CaseEvent(effective_on=on, action="accepted", to_status="accepted", public=True)
    )
    db.session.commit()


def test_a_filed_feedback_reads_back_with_the_classification_deadline(client, file_request):
    receipt = file_request()

    assert receipt["service_request_id"].startswith("HG-26-")
    assert receipt["account_id"] is None
    assert len(receipt["access_key"].replace("-", "")) == 16
    assert "16/03/2026" in receipt["service_notice"]
    response = client.get(f"/open311/v2/requests/{receipt['service_request_id']}.json")
    assert response.status_code == 200
    [item] = response.get_json()
    assert item["service_request_id"] == receipt["service_request_id"]
    assert item["status"] == "open"
    assert item["service_code"] == "feedback"
    assert item["service_name"] == "Phản ánh"
    assert item["agency_responsible"] == "Ủy ban nhân dân tỉnh Hà Giang"
    # petition.classify: 10 working days from Monday 02/03/2026, the start day not counted:
    # 3, 4, 5, 6 (Fri), 9, 10, 11, 12, 13 (Fri), 16/03 -> Monday 16/03/2026, 17:00 in Hà Giang.
    assert item["expected_datetime"] == "2026-03-16T17:00:00+07:00"
    assert item["requested_datetime"].startswith("2026-03-02T")
    assert item["requested_datetime"].endswith("+07:00")
    assert item["status_notes"] == "Đã tiếp nhận, đang phân loại, xử lý đơn"
    assert item["address"] == "Ngã ba Km 5, thị trấn Việt Quang, huyện Bắc Quang"
    assert (item["lat"], item["long"]) == (22.4952, 104.8123)
    assert item["description"].startswith("Đèn đường ở ngã ba Km 5")


def test_the_case_behind_the_request_is_an_online_feedback_with_the_place_in_its_content(
    file_request,
):
    receipt = file_request(media_url="https://example.com/photo.jpg")

    case = _case(receipt["service_request_id"])
    assert case.kind == Kind.FEEDBACK
    assert case.channel.value == "online"
    assert case.received_on == DAY
    assert case.petitioners[0].full_name == "Nguyễn Văn Đức"
    assert case.petitioners[0].id_number == "002085001234"
    assert "Đề nghị sửa sớm." in case.content
    assert "Địa điểm: Ngã ba Km 5" in case.content
    assert "Tọa độ (WGS84): 22.4952, 104.8123" in case.content
    assert "https://example.com/photo.jpg" in case.content
    assert len(case.title) <= 80
    origin = db.session.scalar(select(Open311Request).where(Open311Request.case_id == case.id))
    assert origin.service_code == "feedback"
    assert origin.latitude == 22.4952


def test_after_acceptance_expected_datetime_is_the_feedback_resolution_deadline(
    client, file_request
):
    receipt = file_request()
    case = _case(receipt["service_request_id"])

    _accept(case, date(2026, 3, 5))

    [item] = client.get(f"/open311/v2/requests/{receipt['service_request_id']}.json").get_json()
    assert item["status"] == "open"
    # feedback.resolve: 30 days from 05/03/2026 -> Saturday 04/04/2026; Saturday and Sunday
    # are days off, so the period ends on Monday 06/04/2026 (Civil Code art. 148).
    assert item["expected_datetime"] == "2026-04-06T17:00:00+07:00"
    assert "06/04/2026" in item["service_notice"]


def test_a_unit_with_its_own_feedback_period_sets_the_expected_date(client, file_request):
    receipt = file_request()
    case = _case(receipt["service_request_id"])
    case.unit.feedback_period_days = 15
    db.session.commit()

    _accept(case, date(2026, 3, 5))

    [item] = client.get(f"/open311/v2/requests/{receipt['service_request_id']}.json").get_json()
    # 15 days from Thursday 05/03/2026 -> Friday 20/03/2026, a working day.
    assert item["expected_datetime"] == "2026-03-20T17:00:00+07:00"


def test_a_recommendation_goes_to_the_unit_named_by_jurisdiction_id(client, district, on_day):
    response = client.post(
        "/open311/v2/requests.json",
        data=request_form(service_code="recommendation", jurisdiction_id="HG-BQ"),
    )

    assert response.status_code == 201
    case = _case(response.get_json()[0]["service_request_id"])
    assert case.kind == Kind.RECOMMENDATION
    assert case.unit.code == "HG-BQ"


def test_the_unit_attribute_chooses_the_unit_too(client, district, on_day):
    response = client.post(
        "/open311/v2/requests.json", data=request_form(**{"attribute[unit]": "HG-BQ"})
    )

    assert _case(response.get_json()[0]["service_request_id"]).unit.code == "HG-BQ"


def test_a_request_without_any_identity_is_filed_anonymously(client, file_request):
    receipt = file_request(
        first_name=None,
        last_name=None,
        email=None,
        phone=None,
        **{"attribute[id_number]": None, "attribute[address]": None},
    )

    case = _case(receipt["service_request_id"])
    assert case.anonymous is True
    assert case.petitioners == []
    assert "lưu đơn" in receipt["service_notice"]


def test_a_json_body_with_an_attribute_object_is_accepted(client, province, on_day):
    form = request_form()
    payload = {k: v for k, v in form.items() if not k.startswith("attribute[")}
    payload["lat"], payload["long"] = 22.5, 104.8
    payload["attribute"] = {"id_number": "002085001234", "address": "Tổ 5, Minh Khai"}

    response = client.post("/open311/v2/requests.json", json=payload)

    assert response.status_code == 201, response.get_data(as_text=True)
    case = _case(response.get_json()[0]["service_request_id"])
    assert case.petitioners[0].address == "Tổ 5, Minh Khai"


def test_filing_in_xml_answers_georeport_xml_with_the_access_key(client, province, on_day):
    response = client.post("/open311/v2/requests.xml", data=request_form())

    assert response.status_code == 201
    root = ElementTree.fromstring(response.data)
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request.findtext("service_request_id").startswith("HG-26-")
    assert request.find("account_id").text is None
    assert request.findtext("access_key")
    code = request.findtext("service_request_id")
    item = ElementTree.fromstring(client.get(f"/open311/v2/requests/{code}.xml").data)
    assert item.findtext("request/expected_datetime") == "2026-03-16T17:00:00+07:00"
    assert item.findtext("request/status") == "open"


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "parameters"),
    [
        ({"description": None}, ["description"]),
        ({"description": "   "}, ["description"]),
        (
            {"attribute[id_number]": None, "attribute[address]": None, "phone": None},
            ["attribute[id_number]", "attribute[address]", "phone"],
        ),
        ({"attribute[id_number]": "12345"}, ["attribute[id_number]"]),
        ({"phone": "12345"}, ["phone"]),
        ({"email": "not-an-address"}, ["email"]),
        ({"long": None}, ["lat"]),
        ({"lat": "95"}, ["lat"]),
        ({"lat": "nan"}, ["lat"]),
        ({"media_url": "ftp://example.com/x.jpg"}, ["media_url"]),
        ({"attribute[unit]": "XX-NOWHERE"}, ["attribute[unit]"]),
        ({"attribute[confidential]": "maybe"}, ["attribute[confidential]"]),
        ({"description": None, "phone": "1"}, ["description", "phone"]),
    ],
)
def test_invalid_parameters_answer_400_with_one_georeport_error_each(
    client, province, on_day, overrides, parameters
):
    response = client.post("/open311/v2/requests.json", data=request_form(**overrides))

    assert response.status_code == 400
    errors = response.get_json()
    assert all(error["code"] == 400 for error in errors)
    named = [error["description"].split(":", 1)[0] for error in errors]
    assert sorted(set(named)) == sorted(parameters)
    assert all(error["description"].split(":", 1)[1].strip() for error in errors)
    assert _count_cases() == 0


def test_errors_in_xml_use_the_georeport_errors_element(client, province, on_day):
    response = client.post("/open311/v2/requests.xml", data=request_form(description=None))

    assert response.status_code == 400
    root = ElementTree.fromstring(response.data)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "400"
    assert root.findtext("error/description").startswith("description: ")


def test_a_missing_service_code_is_a_400(client, province, on_day):
    response = client.post("/open311/v2/requests.json", data=request_form(service_code=None))

    assert response.status_code == 400
    assert response.get_json()[0]["description"].startswith("service_code: ")


def test_an_unknown_jurisdiction_is_a_404_and_records_nothing(client, province, on_day):
    response = client.post(
        "/open311/v2/requests.json", data=request_form(jurisdiction_id="XX-NOWHERE")
    )

    assert response.status_code == 404
    assert _count_cases() == 0


def test_an_english_client_reads_errors_in_english(client, province, on_day):
    response = client.post(
        "/open311/v2/requests.json",
        data=request_form(lat="95"),
        headers={"Accept-Language": "en"},
    )

    assert "WGS84" in response.get_json()[0]["description"]
    assert "Phải" not in response.get_json()[0]["description"]


@pytest.mark.parametrize("kind", ["complaint", "denunciation"])
def test_a_complaint_or_denunciation_cannot_be_filed_through_open311(
    client, province, on_day, kind
):
    response = client.post("/open311/v2/requests.json", data=request_form(service_code=kind))

    assert response.status_code == 404
    [error] = response.get_json()
    assert error["description"].startswith("service_code: ")
    assert "/api/v1/petitions" in error["description"]
    assert _count_cases() == 0


def test_a_kind_slipped_into_the_parameters_is_ignored(client, province, on_day):
    response = client.post(
        "/open311/v2/requests.json",
        data=request_form(kind="denunciation", **{"attribute[kind]": "complaint"}),
    )

    assert _case(response.get_json()[0]["service_request_id"]).kind == Kind.FEEDBACK


@pytest.mark.parametrize("kind", ["complaint", "denunciation"])
def test_a_complaint_or_denunciation_is_never_shown(client, province, on_day, kind):
    case = create_case(kind=kind, unit=province, received_on=DAY)

    assert client.get(f"/open311/v2/requests/{case.tracking_code}.json").status_code == 404
    assert client.get("/open311/v2/requests.json").get_json() == []
    listed = client.get(f"/open311/v2/requests.json?service_request_id={case.tracking_code}")
    assert listed.get_json() == []


def test_an_unknown_request_answers_404_in_georeport_shape(client, province):
    response = client.get("/open311/v2/requests/HG-26-ZZZZ-ZZZZ.json")

    assert response.status_code == 404
    [error] = response.get_json()
    assert error["code"] == 404
    assert error["description"].startswith("service_request_id: ")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/open311/v2/no-such-thing.json", 404),
        ("GET", "/open311/v2/services.csv", 404),
        ("DELETE", "/open311/v2/requests.json", 405),
        ("PUT", "/open311/v2/services.xml", 405),
    ],
)
def test_anything_else_under_open311_answers_in_georeport_shape(client, method, path, status):
    response = client.open(path, method=method)

    assert response.status_code == status
    if path.endswith(".xml"):
        assert ElementTree.fromstring(response.data).findtext("error/code") == str(status)
    else:
        assert response.get_json()[0]["code"] == status


@pytest.fixture
def throttled(database_url, tmp_path, monkeypatch):
    from petitions import create_app
    from tests.conftest import _base_config, _empty_all_tables

    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(tmp_path / "instance"))
    config = _base_config(database_url, tmp_path)
    config.update(RATELIMIT_ENABLED=True, OPEN311_SUBMIT_RATE_LIMIT="2 per minute")
    app = create_app(config)
    with app.app_context():
        yield app.test_client()
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def test_filing_is_rate_limited_with_a_georeport_error(throttled):
    for _ in range(2):
        throttled.post("/open311/v2/requests.json", data=request_form(description=None))

    response = throttled.post("/open311/v2/requests.json", data=request_form())

    assert response.status_code == 429
    assert response.get_json()[0]["code"] == 429


# -- states ------------------------------------------------------------------------------------


PUBLIC_STATES = {
    "received": "open",
    "accepted": "open",
    "verifying": "open",
    "suspended": "open",
    "concluded": "closed",
    "closed": "closed",
    "forwarded": "closed",
    "guided": "closed",
    "filed": "closed",
    "rejected": "closed",
    "withdrawn": "closed",
    "terminated": "closed",
}


def test_every_case_state_maps_to_open_or_closed(client, province, on_day):
    assert set(PUBLIC_STATES) == {status.value for status in Status}
    codes = {
        create_case(kind="feedback", unit=province, received_on=DAY, status=status).tracking_code: (
            status
        )
        for status in PUBLIC_STATES
    }

    items = client.get("/open311/v2/requests.json").get_json()

    assert {item["service_request_id"] for item in items} == set(codes)
    for item in items:
        status = codes[item["service_request_id"]]
        assert item["status"] == PUBLIC_STATES[status], status
        assert item["status_notes"], status
        if item["status"] == "closed":
            assert item["expected_datetime"] is None, status
            assert item["service_notice"] is None, status
        else:
            assert item["expected_datetime"] == "2026-03-16T17:00:00+07:00", status


def test_a_suspended_request_has_no_expected_date_while_its_clock_is_stopped(
    client, province, on_day
):
    case = create_case(kind="feedback", unit=province, received_on=DAY)
    case.status = Status.SUSPENDED
    pause_deadlines(case, date(2026, 3, 4))
    db.session.commit()

    [item] = client.get(f"/open311/v2/requests/{case.tracking_code}.json").get_json()

    assert item["status"] == "open"
    assert item["expected_datetime"] is None


def test_a_forwarded_request_tells_where_it_went_and_keeps_its_title(
    client, district, file_request
):
    receipt = file_request()
    original = _case(receipt["service_request_id"])
    original.status = Status.FORWARDED
    forwarded = record_petition(
        data={},
        channel="transferred",
        receiving_unit=district,
        received_on=DAY,
        today=DAY,
        forwarded_from=original,
    ).case
    db.session.commit()

    [item] = client.get(f"/open311/v2/requests/{original.tracking_code}.json").get_json()
    assert item["status"] == "closed"
    assert forwarded.tracking_code in item["status_notes"]
    assert "Huyện Bắc Quang" in item["status_notes"]
    [moved] = client.get(f"/open311/v2/requests/{forwarded.tracking_code}.json").get_json()
    assert moved["status"] == "open"
    assert moved["agency_responsible"] == "Huyện Bắc Quang"
    assert moved["description"] == item["description"]
    assert moved["address"] == item["address"]


def test_a_forwarded_request_retitled_by_staff_publishes_no_text(client, district, file_request):
    receipt = file_request()
    original = _case(receipt["service_request_id"])
    original.status = Status.FORWARDED
    forwarded = record_petition(
        data={"title": "Đèn đường hỏng tại Km 5 (chuyển từ tỉnh)"},
        channel="transferred",
        receiving_unit=district,
        received_on=DAY,
        today=DAY,
        forwarded_from=original,
    ).case
    db.session.commit()

    [moved] = client.get(f"/open311/v2/requests/{forwarded.tracking_code}.json").get_json()

    assert moved["description"] is None
    assert moved["address"] is None
