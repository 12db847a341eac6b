"""Many citizens at once: every acknowledged submission is committed and retrievable."""

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from petitions import create_app
from petitions.cases.models import Case
from petitions.extensions import db
from tests.conftest import _base_config
from tests.intake.helpers import person, petition

SUBMISSIONS = 100


@pytest.fixture
def live_url(app, database_url, tmp_path):
    """A real threaded HTTP server on the test database (a file on SQLite, or PostgreSQL)."""
    server_app = create_app(_base_config(database_url, tmp_path / "server"))
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    with server_app.app_context():
        db.engine.dispose()


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _get(url: str, key: str) -> int:
    request = urllib.request.Request(url, headers={"X-Access-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_hundred_concurrent_submissions_get_a_hundred_distinct_retrievable_codes(
    live_url, province
):
    start = threading.Barrier(SUBMISSIONS)

    def submit(number: int) -> tuple[int, dict]:
        body = petition(
            title=f"Đơn số {number}",
            petitioner=person(full_name=f"Công dân số {number}", id_number=f"002{number:09d}"),
        )
        start.wait(timeout=60)
        return _post(f"{live_url}/api/v1/petitions", body)

    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        results = list(pool.map(submit, range(SUBMISSIONS)))

    assert [status for status, _ in results] == [201] * SUBMISSIONS, results[:3]
    codes = {body["tracking_code"] for _, body in results}
    assert len(codes) == SUBMISSIONS
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Case.id))) == SUBMISSIONS
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(
            pool.map(
                lambda body: _get(
                    f"{live_url}/api/v1/petitions/{body['tracking_code']}", body["access_key"]
                ),
                [body for _, body in results],
            )
        )
    assert statuses == [200] * SUBMISSIONS
