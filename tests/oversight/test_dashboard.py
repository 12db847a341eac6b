"""The dashboard page: numbers, links to the lists behind them, the past, the export."""

import re
from io import BytesIO

from openpyxl import load_workbook

from tests.factories import create_user


def test_the_inspector_sees_the_province_numbers_as_of_a_past_day(province, client, login):
    login(province.inspector)

    page = client.get("/oversight/?as_of=2026-03-03").get_data(as_text=True)

    assert "03/03/2026" in page
    assert "một ngày trong quá khứ" in page
    assert re.search(r'state=overdue[^"]*"><span class="stat__number">2<', page)
    assert province.cases["C"].tracking_code in page
    assert "Huyện Đông" in page and "Xã Cao" in page


def test_every_number_links_to_a_list_with_as_many_cases(province, client, login):
    login(province.inspector)
    page = client.get("/oversight/?as_of=2026-03-03").get_data(as_text=True)

    links = re.findall(
        r'href="(/oversight/cases\?[^"]+)">(?:<span class="stat__number">)?(\d+)<', page
    )
    assert len(links) > 10
    for href, number in links:
        listed = client.get(href.replace("&amp;", "&")).get_data(as_text=True)
        assert f"{number} hồ sơ" in listed, href


def test_a_head_sees_their_unit_and_the_units_below_only(province, client, login):
    login(province.head)

    page = client.get("/oversight/?as_of=2026-03-03").get_data(as_text=True)

    assert "Huyện Đông" in page and "Xã Cao" in page
    assert province.cases["C"].tracking_code not in page
    assert client.get("/oversight/?unit=P-E").status_code == 403
    assert client.get("/oversight/cases?unit=P-E").status_code == 403


def test_handlers_have_no_dashboard(province, client, login):
    login(create_user(role="handler", unit=province.commune))

    assert client.get("/oversight/").status_code == 403


def test_bad_filters_do_not_break_the_page(province, client, login):
    login(province.inspector)

    assert client.get("/oversight/?as_of=not-a-day").status_code == 200
    assert client.get("/oversight/?as_of=2999-01-01").status_code == 200
    assert client.get("/oversight/cases?state=nonsense").status_code == 404
    assert client.get("/oversight/?unit=NOPE").status_code == 404


def test_the_overdue_list_pages_through_every_overdue_deadline(province, client, login):
    login(province.inspector)

    page = client.get("/oversight/overdue?as_of=2026-03-03").get_data(as_text=True)

    assert province.cases["A"].tracking_code in page
    assert province.cases["C"].tracking_code in page
    assert "8 ngày" in page


def test_the_dashboard_exports_to_excel(province, client, login):
    login(province.inspector)

    response = client.get("/oversight/export.xlsx?as_of=2026-03-03")

    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Quá hạn"] == 2 and summary["Đang giải quyết"] == 3
    overdue = list(book["Quá hạn"].iter_rows(values_only=True))
    assert overdue[1][0] == province.cases["C"].tracking_code and overdue[1][-2:] == (8, 1)


def test_a_head_is_offered_reminders_only_for_the_units_below(province, client, login):
    login(province.head)

    page = client.get("/oversight/?as_of=2026-03-03").get_data(as_text=True)

    assert f"remind?case={province.cases['A'].id}" in page
    assert f"remind?case={province.cases['B'].id}" not in page
    assert "remind?unit=P-D-C" in page and "remind?unit=P-D&" not in page


def test_on_time_rates_cover_the_top_of_the_scope_and_the_units_below(province):
    from datetime import date

    from petitions.oversight.dashboard import on_time_by_unit
    from petitions.oversight.scope import Filters

    rows = on_time_by_unit(Filters(as_of=date(2026, 3, 3), root_id=province.district.id))

    # Counting cases: nothing resolved yet; A (Xã Cao) is open past its deadline; B (the
    # district's own) still runs on time and D met its one deadline. 0 / (0 + 1) for both.
    assert [
        (r.unit.code, r.resolved_on_time, r.resolved, r.open_overdue, r.rate) for r in rows
    ] == [
        ("P-D", 0, 0, 1, 0.0),
        ("P-D-C", 0, 0, 1, 0.0),
    ]
