"""A case from a logged reception visit: every citizen, the representatives, the group size,
the log's number and the links both ways, through the API and the desk."""

from datetime import date
from html.parser import HTMLParser

from sqlalchemy import select

from petitions.cases.models import Case
from petitions.extensions import db
from petitions.reception.models import Visit
from tests.reception.factories import citizen, log_visit

NAMES = [
    "Lò Văn An",
    "Lò Thị Bích",
    "Vàng Văn Chư",
    "Giàng A Dính",
    "Sùng Thị Dợ",
    "Thào Văn Giàng",
    "Ly Thị Hoa",
    "Mua A Khánh",
    "Hầu Văn Lử",
    "Sình Thị Mỷ",
    "Cứ A Nhè",
    "Vừ Thị Pà",
]


def _group_visit(unit, officer, *, numbered_after: int = 0):
    """Twelve citizens, the 2nd, 4th, 6th, 8th and 10th their representatives."""
    for _ in range(numbered_after):
        log_visit(unit=unit, officer=officer, citizens=[citizen("Người khác")])
    return log_visit(
        unit=unit,
        officer=officer,
        people=12,
        visited_on=date(2026, 3, 5),
        citizens=[
            citizen(name, representative=position in (1, 3, 5, 7, 9), id_number="")
            for position, name in enumerate(NAMES)
        ],
        content="Đề nghị bồi thường đất làm đường tỉnh 176\nChi tiết ...",
    )


def test_the_api_makes_a_case_of_a_group_visit_with_all_twelve_and_five_representatives(
    api, officer, district
):
    visit = _group_visit(district, officer, numbered_after=20)
    assert (visit.sequence, visit.year) == (21, 2026)

    response = api(officer).post("/api/v1/cases", json={"visit": visit.id})

    assert response.status_code == 201, response.get_json()
    case = db.session.get(Case, response.get_json()["id"])
    people = sorted(case.petitioners, key=lambda p: p.position)
    assert sorted(p.full_name for p in people) == sorted(NAMES)
    assert {p.full_name for p in people if p.representative} == {
        "Lò Thị Bích",
        "Giàng A Dính",
        "Thào Văn Giàng",
        "Mua A Khánh",
        "Sình Thị Mỷ",
    }
    assert people[0].representative  # a representative signs first
    assert case.group_size == 12
    assert case.kind.value == "complaint"
    assert case.title == "Đề nghị bồi thường đất làm đường tỉnh 176"
    assert case.received_on == date(2026, 3, 5)
    assert case.channel.value == "reception"
    # The links both ways, and the log's number rather than the row id.
    assert db.session.get(Visit, visit.id).case_id == case.id
    assert case.events[0].details["visit"] == visit.id
    assert case.events[0].details["visit_number"] == "21/2026"
    shown = api(officer).get(f"/api/v1/cases/{case.id}").get_json()
    assert shown["group_size"] == 12 and shown["representatives"] == 5
    assert shown["visit"] == {"id": visit.id, "number": "21/2026"}
    assert len(shown["co_petitioners"]) == 11
    assert sum(p["representative"] for p in shown["co_petitioners"]) == 4


def test_a_visit_already_made_a_case_is_refused_with_409_naming_the_log_number(
    api, officer, district
):
    visit = _group_visit(district, officer)
    first = api(officer).post("/api/v1/cases", json={"visit": visit.id})
    assert first.status_code == 201

    again = api(officer).post("/api/v1/cases", json={"visit": visit.id})

    assert again.status_code == 409
    error = again.get_json()["error"]
    assert error["code"] == "visit_has_case"
    assert "1/2026" in error["message"]


def test_an_unknown_or_foreign_visit_answers_422_on_the_visit_field(
    api, officer, district, province
):
    from tests.factories import create_user

    other = create_user(role="reception_officer", unit=province)
    foreign = log_visit(unit=province, officer=other, citizens=[citizen()])

    for value in (999999, foreign.id, "7", True):
        response = api(officer).post("/api/v1/cases", json={"visit": value})
        assert response.status_code == 422, value
        assert "visit" in response.get_json()["error"]["fields"]


def test_the_payload_wins_over_the_visit_where_it_gives_a_field(api, officer, district):
    visit = _group_visit(district, officer)

    response = api(officer).post(
        "/api/v1/cases",
        json={"visit": visit.id, "title": "Bồi thường đường 176", "kind": "feedback"},
    )

    case = db.session.get(Case, response.get_json()["id"])
    assert (case.title, case.kind.value) == ("Bồi thường đường 176", "feedback")
    assert len(case.petitioners) == 12


def test_more_representatives_than_the_decree_allows_are_refused(api, officer, district):
    people = [citizen(name, id_number="", representative=True) for name in NAMES[:6]]

    response = api(officer).post(
        "/api/v1/cases",
        json={
            "kind": "complaint",
            "title": "Đất",
            "content": "Đất",
            "channel": "reception",
            "petitioner": people[0],
            "co_petitioners": people[1:],
            "group_size": 12,
        },
    )

    assert response.status_code == 422
    assert "6" in response.get_json()["error"]["fields"]["co_petitioners"][0]


def test_a_group_may_name_everyone_when_it_marks_its_representatives(api, officer, district):
    people = [citizen(name, id_number="", representative=i < 2) for i, name in enumerate(NAMES)]

    response = api(officer).post(
        "/api/v1/cases",
        json={
            "kind": "complaint",
            "title": "Đất",
            "content": "Đất",
            "channel": "reception",
            "petitioner": people[0],
            "co_petitioners": people[1:],
            "group_size": 30,
        },
    )

    assert response.status_code == 201, response.get_json()
    case = db.session.get(Case, response.get_json()["id"])
    assert [p.representative for p in sorted(case.petitioners, key=lambda p: p.position)] == [
        True,
        True,
    ] + [False] * 10


class _Inputs(HTMLParser):
    """The values a browser would send from the page's first POST form with a file field."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def _form_values(html: str) -> dict:
    parser = _Inputs()
    parser.feed(html.split('class="intake-form"', 1)[1].split("</form>", 1)[0])
    return parser.values


def test_the_desk_is_filled_from_the_visit_on_the_server_and_keeps_all_twelve(
    client, login, officer, district
):
    visit = _group_visit(district, officer, numbered_after=20)
    login(officer)

    response = client.get(f"/intake/desk?visit={visit.id}")

    html = response.get_data(as_text=True)
    assert "lượt tiếp công dân số 21/2026" in html
    values = _form_values(html)
    named = [values[k] for k in values if k.endswith("full_name") and values[k]]
    assert sorted(named) == sorted(NAMES)  # eleven co-petitioner rows grew for the group
    assert values["group_size"] == "12"
    assert values["received_on"] == "2026-03-05"
    assert sum(1 for k in values if k.endswith("representative")) == 5

    sent = client.post("/intake/desk", data=values, content_type="multipart/form-data")

    assert sent.status_code == 302, sent.get_data(as_text=True)[:3000]
    case = db.session.scalar(select(Case))
    assert len(case.petitioners) == 12
    assert sum(p.representative for p in case.petitioners) == 5
    assert db.session.get(Visit, visit.id).case_id == case.id
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "21/2026" in page


def test_the_desk_grows_a_row_without_script_and_sends_nothing(client, login, officer):
    login(officer)
    values = _form_values(client.get("/intake/desk").get_data(as_text=True))
    rows = sum(1 for k in values if k.startswith("co_petitioners-") and k.endswith("-full_name"))

    response = client.post(
        "/intake/desk", data={**values, "add_row": "1"}, content_type="multipart/form-data"
    )

    assert response.status_code == 200
    again = _form_values(response.get_data(as_text=True))
    assert sum(1 for k in again if k.endswith("-full_name")) == rows + 1
    assert db.session.scalar(select(Case)) is None
