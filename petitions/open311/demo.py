"""Demo Open311 requests, so that /open311/v2/requests.json shows something on a demo."""

from datetime import timedelta

from flask import current_app

from petitions import clock
from petitions.open311.services import Submission, file_request

# (days ago, service, unit, description, place, lat, long, identified)
REQUESTS = (
    (
        12,
        "feedback",
        "HG-BQ",
        "Ổ gà lớn trên Quốc lộ 2 gần cầu Việt Quang, xe máy đi ban đêm rất dễ ngã.",
        "Quốc lộ 2, gần cầu Việt Quang, huyện Bắc Quang",
        "22.4952",
        "104.8123",
        True,
    ),
    (
        5,
        "feedback",
        "HG",
        "Rác thải sinh hoạt không được thu gom hơn hai tuần tại tổ 8, mùi hôi ảnh hưởng "
        "cả khu dân cư.",
        "Tổ 8, phường Minh Khai, thành phố Hà Giang",
        None,
        None,
        False,
    ),
    (
        2,
        "recommendation",
        "HG",
        "Đề nghị công bố lịch tiếp công dân của lãnh đạo tỉnh trên cổng thông tin sớm hơn, ít "
        "nhất một tuần trước ngày tiếp.",
        None,
        None,
        None,
        True,
    ),
)


def load() -> None:
    today = clock.today()
    # The receipt text links to the tracking page, which url_for builds in a request.
    with current_app.test_request_context():
        for days, service, unit, description, place, lat, long, identified in REQUESTS:
            identity = (
                {
                    "first_name": "Thị Mai",
                    "last_name": "Hoàng",
                    "phone": "0915000111",
                    "attributes": {
                        "unit": unit,
                        "id_number": "002190000111",
                        "address": "Tổ 3, phường Nguyễn Trãi, thành phố Hà Giang",
                    },
                }
                if identified
                else {"attributes": {"unit": unit}}
            )
            file_request(
                submission=Submission(
                    service_code=service,
                    description=description,
                    address_string=place,
                    lat=lat,
                    long=long,
                    **identity,
                ),
                today=today - timedelta(days=days),
            )
