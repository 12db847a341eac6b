"""A JSON body may be at most JSON_MAX_BYTES (1 MiB), whether it comes with a Content-Length or
chunked; uploads keep their own, larger limit."""

import http.client
import io
import json
import threading

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.factories import create_unit
from tests.intake.helpers import PDF, petition

LIMIT = 1024 * 1024


@pytest.fixture
def province(app):
    return create_unit(code="HG", name="Ủy ban nhân dân tỉnh Hà Giang", level="province")


def _body(size: int) -> bytes:
    """A petition of exactly `size` bytes of JSON."""
    empty = json.dumps(petition(content="")).encode()
    return json.dumps(petition(content="x" * (size - len(empty)))).encode()


def test_the_limit_is_a_setting_of_one_mebibyte(app):
    assert app.config["JSON_MAX_BYTES"] == LIMIT


def test_a_json_body_over_the_limit_answers_413_without_being_read(client, province):
    response = client.post(
        "/api/v1/petitions", data=_body(LIMIT + 1), content_type="application/json"
    )

    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "too_large"
    assert "1024 KB" in error["message"]


def test_a_json_body_at_the_limit_is_read(client, province):
    response = client.post("/api/v1/petitions", data=_body(LIMIT), content_type="application/json")

    # Read and judged: a 20 000-character content is too long, which is a 422.
    assert response.status_code == 422
    assert "content" in response.get_json()["error"]["fields"]


def test_the_setting_moves_the_limit(app, client, province):
    app.config["JSON_MAX_BYTES"] = 2000

    response = client.post("/api/v1/petitions", data=_body(2001), content_type="application/json")

    assert response.status_code == 413


def test_an_upload_larger_than_the_json_limit_is_still_accepted(client, province):
    attachment = FileStorage(io.BytesIO(PDF + b"0" * (3 * LIMIT)), "đơn.pdf")
    boundary, body = encode_multipart(
        MultiDict([("payload", json.dumps(petition())), ("files", attachment)])
    )

    response = client.post(
        "/api/v1/petitions", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )

    assert response.status_code == 201, response.get_json()


def test_a_chunked_json_body_over_the_limit_answers_413(client, province):
    # As a server that terminates chunked input (gunicorn, Werkzeug's) hands it over: no
    # Content-Length, wsgi.input_terminated set.
    response = client.post(
        "/api/v1/petitions",
        input_stream=io.BytesIO(_body(2 * LIMIT)),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


@pytest.fixture
def server(app):
    """The app served by waitress, as `petitions serve` does, on a free loopback port."""
    from waitress import wasyncore
    from waitress.server import create_server

    served = create_server(app, host="127.0.0.1", port=0, threads=1)
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=served._map, count=1)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield served.effective_host, served.effective_port
    stop.set()
    thread.join(timeout=10)
    served.task_dispatcher.shutdown()
    # The server and every connection it accepted: a socket left open fails a later test.
    wasyncore.close_all(map=served._map)


def _post_chunked(address, body: bytes) -> tuple[int, dict]:
    connection = http.client.HTTPConnection(*address, timeout=30)
    chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))
    try:
        connection.request(
            "POST",
            "/api/v1/petitions",
            body=chunks,
            headers={"Content-Type": "application/json"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_a_chunked_json_body_over_the_limit_answers_413_through_a_real_server(server, province):
    status, body = _post_chunked(server, _body(2 * LIMIT))

    assert status == 413
    assert body["error"]["code"] == "too_large"


def test_a_chunked_json_body_under_the_limit_is_read_through_a_real_server(server, province):
    status, body = _post_chunked(server, json.dumps(petition(kind="nonsense")).encode())

    assert status == 422
    assert "kind" in body["error"]["fields"]
