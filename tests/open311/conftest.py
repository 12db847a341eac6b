"""Units, a fixed day and a helper to file a request as a civic client would."""

from datetime import date

import pytest

from tests.factories import create_unit

# A Monday with no holiday for two weeks either side: deadlines are easy to count by hand.
DAY = date(2026, 3, 2)


@pytest.fixture
def province(app):
    return create_unit(code="HG", name="Ủy ban nhân dân tỉnh Hà Giang", level="province")


@pytest.fixture
def district(province):
    return create_unit(code="HG-BQ", name="Huyện Bắc Quang", level="district", parent=province)


@pytest.fixture
def on_day(monkeypatch):
    """The API's today is DAY."""
    monkeypatch.setattr("petitions.open311.api.today", lambda: DAY)
    return DAY


IDENTITY = {
    "first_name": "Văn Đức",
    "last_name": "Nguyễn",
    "email": "duc@example.com",
    "phone": "0912345678",
    "attribute[id_number]": "002085001234",
    "attribute[address]": "Tổ 5, phường Minh Khai, thành phố Hà Giang",
}


def request_form(**overrides) -> dict:
    data = {
        "service_code": "feedback",
        "description": "Đèn đường ở ngã ba Km 5 bị hỏng hơn một tháng nay, buổi tối rất tối và "
        "nguy hiểm cho người đi xe máy.\nĐề nghị sửa sớm.",
        "address_string": "Ngã ba Km 5, thị trấn Việt Quang, huyện Bắc Quang",
        "lat": "22.4952",
        "long": "104.8123",
        **IDENTITY,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def file_request(client, province, on_day):
    """POST a request (form-encoded, as GeoReport says) and return the parsed JSON."""

    def post(**overrides):
        response = client.post("/open311/v2/requests.json", data=request_form(**overrides))
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()[0]

    return post
