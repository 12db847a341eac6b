"""Bad input on every field gets a clear message for that field, in Vietnamese and English."""

import io
import json

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from petitions.cases.models import Case
from petitions.extensions import db
from tests.intake.helpers import JPEG, PDF, PNG, docx_bytes, person, petition

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def fields_of(response) -> dict:
    """The field messages of a 422 answer."""
    assert response.status_code == 422, response.get_data(as_text=True)
    body = response.get_json()["error"]
    assert body["code"] == "invalid"
    return body["fields"]


BAD_PETITIONS = [
    # (what, payload changes, field, words the message must contain)
    ("no kind", {"kind": None}, "kind", "loại đơn"),
    ("unknown kind", {"kind": "praise"}, "kind", "complaint"),
    ("kind of wrong type", {"kind": 3}, "kind", "complaint"),
    ("empty title", {"title": ""}, "title", "Vui lòng nhập tiêu đề"),
    ("blank title", {"title": "   \n "}, "title", "Vui lòng nhập tiêu đề"),
    ("title too long", {"title": "Đ" * 301}, "title", "vượt quá giới hạn 300"),
    ("title of wrong type", {"title": 12}, "title", "chuỗi ký tự"),
    ("title as a list", {"title": ["a"]}, "title", "chuỗi ký tự"),
    ("empty content", {"content": None}, "content", "Vui lòng nhập nội dung"),
    ("content too long", {"content": "x" * 20001}, "content", "vượt quá giới hạn 20000"),
    ("unknown unit", {"unit": "XX-99"}, "unit", "XX-99"),
    ("unit of wrong type", {"unit": {"code": "HG"}}, "unit", "chuỗi ký tự"),
    ("anonymous of wrong type", {"anonymous": "maybe"}, "anonymous", "true hoặc false"),
    ("anonymous complaint", {"anonymous": True}, "anonymous", "không thể gửi ẩn danh"),
    ("no petitioner", {"petitioner": None}, "petitioner.full_name", "họ và tên"),
    ("petitioner not an object", {"petitioner": "Nguyễn Văn A"}, "petitioner", "đối tượng"),
]

BAD_PEOPLE = [
    ("empty name", {"full_name": ""}, "full_name", "Vui lòng nhập họ và tên"),
    ("name too long", {"full_name": "A" * 201}, "full_name", "vượt quá giới hạn 200"),
    ("name without letters", {"full_name": "12345"}, "full_name", "chữ cái"),
    ("no ID number", {"id_number": None}, "id_number", "căn cước"),
    ("ID number too short", {"id_number": "00208500123"}, "id_number", "đúng 12 chữ số"),
    ("ID number too long", {"id_number": "0020850012345"}, "id_number", "đúng 12 chữ số"),
    ("ID number with letters", {"id_number": "00208500123A"}, "id_number", "đúng 12 chữ số"),
    ("ID number of no province", {"id_number": "003085001234"}, "id_number", "003"),
    ("ID number beyond 096", {"id_number": "097085001234"}, "id_number", "097"),
    ("ID number as a number", {"id_number": 2085001234}, "id_number", "chuỗi ký tự"),
    ("no address", {"address": ""}, "address", "địa chỉ"),
    ("address too long", {"address": "a" * 501}, "address", "vượt quá giới hạn 500"),
    ("no phone", {"phone": None}, "phone", "số điện thoại"),
    ("phone too short", {"phone": "091234567"}, "phone", "không đúng dạng"),
    ("foreign phone", {"phone": "+33612345678"}, "phone", "không đúng dạng"),
    ("phone with letters", {"phone": "09123abc78"}, "phone", "không đúng dạng"),
    ("phone starting 01", {"phone": "0112345678"}, "phone", "không đúng dạng"),
    ("malformed email", {"email": "ten@"}, "email", "không hợp lệ"),
    ("email without at", {"email": "ten.example.com"}, "email", "không hợp lệ"),
    ("email too long", {"email": "a" * 250 + "@x.vn"}, "email", "vượt quá giới hạn 254"),
]


# Each table below runs in one test (one app and database set-up for dozens of requests);
# a failure lists every case that went wrong.


def _unclear(response, field: str, words: str) -> str | None:
    """None if the response is a 422 naming `field` with a message containing `words`."""
    if response.status_code != 422:
        return f"status {response.status_code}"
    fields = response.get_json()["error"]["fields"]
    if field not in fields:
        return f"no message for {field}: {fields}"
    if words.lower() not in " ".join(fields[field]).lower():
        return f"unclear message {fields[field]}"
    return None


def test_every_bad_petition_field_is_named_with_a_clear_message(client, province):
    failures = {}
    for what, changes, field, words in BAD_PETITIONS:
        response = client.post("/api/v1/petitions", json=petition(**changes))
        problem = _unclear(response, field, words)
        if problem:
            failures[what] = problem

    assert failures == {}
    assert db.session.scalar(select(func.count(Case.id))) == 0


def test_every_bad_identity_field_is_named_with_a_clear_message(client, province):
    failures = {}
    for what, changes, field, words in BAD_PEOPLE:
        response = client.post("/api/v1/petitions", json=petition(petitioner=person(**changes)))
        problem = _unclear(response, f"petitioner.{field}", words)
        if problem:
            failures[what] = problem

    assert failures == {}
    assert db.session.scalar(select(func.count(Case.id))) == 0


def test_every_problem_is_reported_at_once(client, province):
    response = client.post(
        "/api/v1/petitions",
        json=petition(title="", petitioner=person(phone="123", id_number="1")),
    )

    assert set(fields_of(response)) == {"title", "petitioner.phone", "petitioner.id_number"}


def test_messages_are_in_english_for_an_english_client(client, province):
    response = client.post(
        "/api/v1/petitions",
        json=petition(title="", petitioner=person(id_number="12")),
        headers={"Accept-Language": "en"},
    )

    fields = fields_of(response)
    assert fields["title"] == ["Please enter the title."]
    assert "exactly 12 digits" in fields["petitioner.id_number"][0]


def test_vietnamese_phone_numbers_in_their_usual_spellings_are_accepted(client, province):
    spellings = [
        "0912345678",
        "091 234 5678",
        "0912.345.678",
        "+84912345678",
        "84912345678",
        "02193812345",
    ]
    statuses = {
        phone: client.post(
            "/api/v1/petitions", json=petition(petitioner=person(phone=phone))
        ).status_code
        for phone in spellings
    }

    assert statuses == dict.fromkeys(spellings, 201)


def test_the_phone_and_id_number_are_stored_in_one_canonical_form(client, province):
    client.post(
        "/api/v1/petitions",
        json=petition(petitioner=person(phone="+84 912 345 678", id_number="002 085 001 234")),
    )

    stored = db.session.scalar(select(Case)).petitioners[0]
    assert stored.phone == "0912345678"
    assert stored.id_number == "002085001234"


def test_html_and_script_in_text_are_kept_as_text_and_escaped_on_every_page(client, province):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    receipt = client.post(
        "/api/v1/petitions",
        json=petition(title=f"Tiêu đề {script}", content=f"Nội dung {script}"),
    ).get_json()

    case = db.session.scalar(select(Case))
    assert case.title == f"Tiêu đề {script}"
    page = client.post(
        "/intake/track", data={"code": receipt["tracking_code"], "key": receipt["access_key"]}
    )
    html = page.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "onerror=alert" not in html or "&lt;img" in html


def test_control_characters_are_dropped_rather_than_breaking_the_database(client, province):
    response = client.post(
        "/api/v1/petitions", json=petition(title="Tiêu đề\x07", content="Dòng 1\nDòng\x1b 2")
    )

    assert response.status_code == 201
    case = db.session.scalar(select(Case))
    assert case.title == "Tiêu đề"
    assert case.content == "Dòng 1\nDòng 2"


def test_a_nul_character_is_refused_before_it_reaches_the_database(client, province):
    response = client.post("/api/v1/petitions", json=petition(title="Tiêu\x00 đề"))

    assert response.status_code == 400
    assert db.session.scalar(select(Case)) is None


def test_text_is_stored_in_nfc(client, province):
    decomposed = "Nguye\u0302\u0303n Va\u0306n Đu\u031b\u0301c"
    client.post("/api/v1/petitions", json=petition(petitioner=person(full_name=decomposed)))

    assert db.session.scalar(select(Case)).petitioners[0].full_name == "Nguyễn Văn Đức"


def _multipart(client, files, payload=None):
    # Encoded here in memory: the test client would spool a large body to a temporary file
    # that it never closes.
    boundary, body = encode_multipart(
        MultiDict([("payload", json.dumps(payload or petition())), *(("files", f) for f in files)])
    )
    return client.post(
        "/api/v1/petitions",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


ACCEPTED_FILES = [
    ("đơn.pdf", PDF, "application/pdf"),
    ("ảnh.jpg", JPEG, "image/jpeg"),
    ("ảnh.png", PNG, "image/png"),
    ("đơn.docx", docx_bytes(), DOCX_TYPE),
    ("không đuôi", PDF, "application/pdf"),
    ("ảnh-thật-ra-là-pdf.png", PDF, "application/pdf"),
]

DISGUISED_FILES = [
    ("hoa-don.pdf", b"MZ\x90\x00 this is a Windows program"),
    ("anh.jpg", b"<html><script>alert(1)</script></html>"),
    ("tai-lieu.docx", b"PK\x03\x04 not really a zip"),
    ("macro.docx", docx_bytes(macro=True)),
    ("bang.xlsx", b"PK\x03\x04" + b"\x00" * 30),
    ("rong.pdf", b""),
]


def test_accepted_file_types_are_recognised_from_their_bytes(client, province):
    found = {}
    for name, data, _expected in ACCEPTED_FILES:
        response = _multipart(client, [FileStorage(io.BytesIO(data), name)])
        assert response.status_code == 201, (name, response.get_json())
        case = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
        found[name] = case.attachments[0].content_type

    assert found == {name: expected for name, _data, expected in ACCEPTED_FILES}


def test_a_disguised_or_empty_file_is_refused_with_its_name(client, province):
    failures = {}
    for name, data in DISGUISED_FILES:
        response = _multipart(client, [FileStorage(io.BytesIO(data), name)])
        problem = _unclear(response, "files", name)
        if problem:
            failures[name] = problem

    assert failures == {}
    assert db.session.scalar(select(func.count(Case.id))) == 0


def test_an_oversized_upload_is_refused_with_the_limit(client, province):
    too_big = PDF + b"0" * (10 * 1024 * 1024)

    response = _multipart(client, [FileStorage(io.BytesIO(too_big), "lớn.pdf")])

    message = " ".join(fields_of(response)["files"])
    assert "lớn.pdf" in message
    assert "10 MB" in message


def test_more_than_five_files_are_refused(client, province):
    files = [FileStorage(io.BytesIO(PDF), f"tep-{n}.pdf") for n in range(6)]

    response = _multipart(client, files)

    assert "tối đa 5 tệp" in " ".join(fields_of(response)["files"])


def test_file_problems_and_field_problems_come_back_together(client, province):
    response = _multipart(client, [FileStorage(io.BytesIO(b"GIF89a"), "a.gif")], petition(title=""))

    assert {"files", "title"} <= set(fields_of(response))


BAD_DESK_FIELDS = [
    ({"channel": "fax"}, "channel", "reception"),
    ({"channel": None}, "channel", "hình thức tiếp nhận"),
    ({"received_on": "29/11/2026"}, "received_on", "YYYY-MM-DD"),
    ({"received_on": 20261129}, "received_on", "YYYY-MM-DD"),
    ({"group_size": "many"}, "group_size", "số nguyên"),
    ({"group_size": 0}, "group_size", "từ 1"),
    ({"group_size": True}, "group_size", "số nguyên"),
    ({"co_petitioners": "Lò Văn Tùng"}, "co_petitioners", "mảng"),
    ({"co_petitioners": [{"full_name": ""}]}, "co_petitioners.0.full_name", "họ và tên"),
    ({"co_petitioners": [{"full_name": "A B", "phone": "12"}]}, "co_petitioners.0.phone", "dạng"),
    ({"receiving_unit": "NOPE"}, "receiving_unit", "mã"),
    ({"repeat_of": 999999}, "repeat_of", "999999"),
    ({"duplicate_of": "abc"}, "duplicate_of", "số nguyên"),
    ({"visit": "x"}, "visit", "số nguyên"),
]


def test_bad_desk_fields_are_named_with_a_clear_message(api, officer):
    client = api(officer)
    failures = {}
    for changes, field, words in BAD_DESK_FIELDS:
        payload = petition(channel="reception")
        payload.update(changes)
        problem = _unclear(client.post("/api/v1/cases", json=payload), field, words)
        if problem:
            failures[str(changes)] = problem

    assert failures == {}


def test_at_the_desk_only_the_name_is_required(api, officer):
    payload = petition(channel="mail", petitioner={"full_name": "Hoàng Thị Mai"})

    response = api(officer).post("/api/v1/cases", json=payload)

    assert response.status_code == 201, response.get_json()
