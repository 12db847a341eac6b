"""The reception log page shows a month (the latest with visits unless asked), reads its
related rows once per kind, and its workbook holds every row of a long period."""

from contextlib import contextmanager
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from petitions import clock
from petitions.extensions import db
from petitions.reception.models import Classification, Visit, VisitCitizen
from tests.factories import create_user
from tests.reception.factories import citizen, create_office, create_session, log_visit


@pytest.fixture
def today(monkeypatch):
    day = date(2026, 7, 10)
    monkeypatch.setattr(clock, "today", lambda: day)
    return day


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _bulk_visits(unit, *, count: int, start_sequence: int = 1, day: date, sessions=()):
    """`count` visits on `day`, each with two citizens, written directly (the service's
    numbering and checks are not what these tests are about)."""
    for n in range(count):
        visit = Visit(
            unit_id=unit.id,
            year=day.year,
            sequence=start_sequence + n,
            visited_on=day,
            content=f"Nội dung {start_sequence + n}",
            classification=Classification.COMPLAINT,
            session_id=sessions[n % len(sessions)].id if sessions else None,
        )
        visit.citizens = [
            VisitCitizen(position=0, full_name=f"Công dân {start_sequence + n}"),
            VisitCitizen(position=1, full_name="Người đi cùng"),
        ]
        db.session.add(visit)
    db.session.commit()


def test_the_log_opens_on_the_latest_month_with_visits_and_links_its_neighbours(
    client, login, today
):
    unit, _head, officer = create_office()
    log_visit(unit=unit, officer=officer, visited_on=date(2026, 2, 3), content="Việc tháng hai")
    log_visit(unit=unit, officer=officer, visited_on=date(2026, 5, 20), content="Việc tháng năm")
    login(officer)

    page = client.get("/reception/log").get_data(as_text=True)

    # 10/07/2026 has no visit in July or June: the page opens on May.
    assert 'value="2026-05"' in page
    assert "1 lượt tiếp từ 01/05/2026 đến 31/05/2026" in page
    assert "month=2026-02" in page  # the previous month with visits, skipping March and April
    assert 'rel="next"' not in page
    assert "month=2026-05" in page  # print and workbook of the month shown

    february = client.get("/reception/log?month=2026-02").get_data(as_text=True)
    assert "1 lượt tiếp từ 01/02/2026 đến 28/02/2026" in february
    assert 'rel="prev"' not in february and "month=2026-05" in february


def test_an_empty_or_unreadable_month_falls_back_without_an_error(client, login, today):
    unit, _head, officer = create_office()
    login(officer)

    empty = client.get("/reception/log")
    wrong = client.get("/reception/log?month=2026-13")

    assert empty.status_code == 200 and 'value="2026-07"' in empty.get_data(as_text=True)
    assert "Không có lượt tiếp nào trong tháng này." in empty.get_data(as_text=True)
    assert wrong.status_code == 200


def test_an_older_address_with_from_and_to_opens_that_month(client, login, today):
    unit, _head, officer = create_office()
    log_visit(unit=unit, officer=officer, visited_on=date(2026, 3, 5))
    log_visit(unit=unit, officer=officer, visited_on=date(2026, 6, 5))
    login(officer)

    page = client.get("/reception/log?from=2026-03-01&to=2026-03-31").get_data(as_text=True)

    assert "1 lượt tiếp từ 01/03/2026 đến 31/03/2026" in page


def test_the_page_and_the_print_read_the_same_number_of_statements_for_3_or_40_visits(
    client, login, today
):
    unit, head, officer = create_office()
    session = create_session(unit=unit, head=head, day=date(2026, 6, 4), status="held")
    _bulk_visits(unit, count=3, day=date(2026, 6, 4), sessions=[session])
    other, other_head, _ = create_office(level="commune")
    other_sessions = [
        create_session(unit=other, head=other_head, day=date(2026, 6, day), status="held")
        for day in (4, 11, 18)
    ]
    _bulk_visits(other, count=40, day=date(2026, 6, 4), sessions=other_sessions)
    login(create_user(role="inspector"))

    def statements(path):
        client.get(path)  # warm: the sign-in's own reads
        with counted_statements() as seen:
            assert client.get(path).status_code == 200
        return len(seen)

    few = statements(f"/reception/log?unit={unit.code}&month=2026-06")
    many = statements(f"/reception/log?unit={other.code}&month=2026-06")
    printed_few = statements(f"/reception/log/print?unit={unit.code}&month=2026-06")
    printed_many = statements(f"/reception/log/print?unit={other.code}&month=2026-06")

    assert few == many
    assert printed_few == printed_many


def test_the_workbook_of_a_month_holds_its_rows_in_order(client, login, today):
    unit, _head, officer = create_office()
    log_visit(unit=unit, officer=officer, visited_on=date(2026, 6, 1), citizens=[citizen("An")])
    log_visit(unit=unit, officer=officer, visited_on=date(2026, 6, 30), citizens=[citizen("Bé")])
    log_visit(unit=unit, officer=officer, visited_on=date(2026, 7, 1), citizens=[citizen("Cư")])
    login(officer)

    response = client.get("/reception/log.xlsx?month=2026-06")

    assert response.status_code == 200
    assert (
        f"so-tiep-cong-dan-{unit.code}-2026-06-01-2026-06-30.xlsx"
        in (response.headers["Content-Disposition"])
    )
    sheet = load_workbook(BytesIO(response.get_data())).active
    assert sheet["A1"].value == "SỔ TIẾP CÔNG DÂN"
    assert sheet["A3"].value == "Từ ngày 01/06/2026 đến ngày 30/06/2026"
    assert [c.value for c in sheet[5]][:2] == ["STT", "Ngày tiếp"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert [(r[0], r[1].date()) for r in rows] == [(1, date(2026, 6, 1)), (2, date(2026, 6, 30))]
    assert rows[0][2].startswith("An, ") and rows[1][2].startswith("Bé, ")
    assert sheet.freeze_panes == "A6"


def test_the_workbook_of_a_year_holds_every_one_of_2500_visits(client, login, today):
    unit, head, officer = create_office()
    session = create_session(unit=unit, head=head, day=date(2026, 3, 5), status="held")
    _bulk_visits(unit, count=1200, day=date(2026, 3, 5), sessions=[session])
    _bulk_visits(unit, count=1300, start_sequence=1201, day=date(2026, 5, 6))
    login(officer)

    response = client.get("/reception/log.xlsx?from=2026-01-01&to=2026-12-31")

    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.get_data())).active.iter_rows(min_row=6))
    assert len(rows) == 2500
    assert [row[0].value for row in rows] == list(range(1, 2501))
    assert rows[0][2].value == "Công dân 1; Người đi cùng"
    assert rows[0][10].value.endswith(f"của {head.display_name}")
    assert rows[-1][2].value == "Công dân 2500; Người đi cùng"
