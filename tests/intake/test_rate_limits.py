"""Submissions and look-ups are rate limited per address (on in production, off in tests)."""

import pytest

from petitions import create_app
from tests.conftest import _base_config
from tests.intake.helpers import petition


@pytest.fixture
def limited_client(app, database_url, tmp_path):
    config = _base_config(database_url, tmp_path / "limited")
    config.update(
        RATELIMIT_ENABLED=True,
        INTAKE_SUBMIT_RATE_LIMIT="2 per minute",
        INTAKE_TRACK_RATE_LIMIT="3 per minute",
    )
    limited = create_app(config)
    with limited.app_context():
        yield limited.test_client()
    from petitions.extensions import db

    with limited.app_context():
        db.engine.dispose()


def test_too_many_submissions_from_one_address_get_a_429_in_json(limited_client, province):
    statuses = [
        limited_client.post("/api/v1/petitions", json=petition()).status_code for _ in range(3)
    ]

    assert statuses == [201, 201, 429]
    refused = limited_client.post("/api/v1/petitions", json=petition())
    assert refused.get_json()["error"]["code"] == "rate_limited"


def test_the_online_form_shares_the_submission_limit_and_says_so_in_words(limited_client, province):
    for _ in range(2):
        limited_client.post("/intake/submit", data={"kind": "feedback"})

    response = limited_client.post("/intake/submit", data={"kind": "feedback"})

    assert response.status_code == 429
    assert "Vui lòng chờ một lát" in response.get_data(as_text=True)
    assert limited_client.get("/intake/submit").status_code == 200


def test_guessing_tracking_keys_is_rate_limited(limited_client, province):
    statuses = [
        limited_client.get(
            "/api/v1/petitions/HG-26-AAAA-AAAA", headers={"X-Access-Key": f"guess-{n}"}
        ).status_code
        for n in range(4)
    ]
    page = limited_client.post("/intake/track", data={"code": "HG-26-AAAA-AAAA", "key": "x"})

    assert statuses == [404, 404, 404, 429]
    assert page.status_code == 429
