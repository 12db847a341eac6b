"""The demo data files a few requests, so that a demo's listing is not empty."""

from petitions.open311 import demo


def test_the_demo_files_three_public_requests(client, district):
    demo.load()

    items = client.get("/open311/v2/requests.json").get_json()

    assert sorted(item["service_code"] for item in items) == [
        "feedback",
        "feedback",
        "recommendation",
    ]
    assert all(item["expected_datetime"] for item in items)
