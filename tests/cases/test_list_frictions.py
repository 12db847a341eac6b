"""Frictions found walking the staff pages: the case list's units, counts and plurals, a case
opened by its tracking code, the history's recomputed deadlines, a step's address on reload."""

import re

from petitions.cases.models import CaseEvent
from petitions.extensions import db
from tests.cases.factories import create_office, create_received_case


def _english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


def test_the_list_names_units_and_its_counts_follow_the_search(client, login):
    unit, people = create_office(code="HG-BQ", name="Huyện Bắc Quang")
    create_received_case(unit=unit, title="Đất rừng thôn Nà Thác")
    create_received_case(unit=unit, title="Đất rừng xã Việt Vinh", status="accepted")
    create_received_case(unit=unit, title="Cầu treo Nậm Khòn")
    login(people["unit_head"])

    html = client.get("/cases/?q=dat+rung").get_data(as_text=True)

    counts = html.split('class="status-counts"', 1)[1].split("</ul>", 1)[0]
    numbers = dict(re.findall(r"status=(\w+)[^>]*>[^<]*: <strong>(\d+)</strong>", counts))
    assert numbers == {"received": "1", "accepted": "1"}
    assert "q=dat+rung" in counts  # a count keeps the search
    table = html.split("<table", 1)[1]
    assert "Huyện Bắc Quang" in table
    assert "<td>HG-BQ</td>" not in table


def test_a_single_match_is_one_case_in_english(client, login):
    unit, people = create_office(code="HG-BQ")
    create_received_case(unit=unit, title="Cầu treo Nậm Khòn")
    login(people["unit_head"])
    _english(client)

    html = client.get("/cases/?q=cau+treo").get_data(as_text=True)

    assert "1 matching case<" in html
    assert "1 matching cases" not in html


def test_a_case_opens_by_its_tracking_code(client, login):
    unit, people = create_office(code="HG-BQ")
    case = create_received_case(unit=unit)
    other_unit, others = create_office(code="HG-VX")
    login(people["handler"])

    found = client.get(f"/cases/{case.tracking_code.lower()}")
    missing = client.get("/cases/HG-26-ZZZZ-ZZZZ")

    assert found.status_code == 302
    assert found.headers["Location"].endswith(f"/cases/{case.id}")
    assert missing.status_code == 404
    login(others["handler"])
    # Not theirs: the same answer as the case page's address.
    assert (
        client.get(f"/cases/{case.tracking_code}").status_code
        == client.get(f"/cases/{case.id}").status_code
    )


def test_the_history_shows_a_recomputed_deadline_in_words_in_english(client, login):
    unit, people = create_office(code="HG-BQ")
    case = create_received_case(unit=unit)
    case.events.append(
        CaseEvent(
            effective_on=case.received_on,
            action="deadline_recomputed",
            basis="Thông tư 05/2021/TT-TTCP",
            note="Điều chỉnh lịch làm việc: 10/03/2026 là ngày nghỉ (bão).",
            details={"rule": "petition.classify", "old": "2026-03-16", "new": "2026-03-17"},
        )
    )
    db.session.commit()
    login(people["handler"])
    _english(client)

    html = client.get(f"/cases/{case.id}").get_data(as_text=True)

    assert "deadline_recomputed" not in html
    assert "Deadline recomputed" in html
    assert "last day 16/03/2026 → 17/03/2026" in html
    assert not re.search(r"\s:\s", re.sub(r"<[^>]+>", "", html.split('id="history"', 1)[1]))


def test_a_step_sent_back_with_an_error_names_the_field_and_reloads(client, login):
    unit, people = create_office(code="HG-BQ")
    case = create_received_case(unit=unit)
    login(people["unit_head"])

    answer = client.post(f"/cases/{case.id}/steps/reject", data={"reason": ""})
    reload = client.get(f"/cases/{case.id}/steps/reject")

    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert 'id="reject-reason-error"' in html
    assert reload.status_code == 200
    assert re.search(
        r'<details class="step"\s+open\s+id="step-reject"', reload.get_data(as_text=True)
    )
