"""The public list of rules and the admin list grouped by period: generated from the rule table."""

import re

import pytest

from petitions.domain.reception import reception_rule_rows
from petitions.domain.rules import RULE_VERSIONS
from tests.factories import create_user


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_public_rules_page_lists_every_version_of_every_rule(client):
    response = client.get("/deadlines/rules")

    assert response.status_code == 200
    page = text_of(response)
    for key, versions in RULE_VERSIONS.items():
        assert page.count(f">{key}<") == len(versions), key
    # Written out by hand: LKN art. 9 before and after Law 136/2025, with their days in force.
    assert "Luật Khiếu nại 2011, Điều 9" in page
    assert "Luật Khiếu nại 2011, sửa đổi bởi Luật 136/2025/QH15, Điều 9" in page
    assert "từ 01/07/2012" in page and "đến 30/06/2026" in page and "từ 01/07/2026" in page
    assert "90 ngày" in page
    assert "Luật Tố cáo 2018, sửa đổi bởi Luật 136/2025/QH15, Điều 37" in page


def test_the_public_rules_page_includes_the_reception_minimums(client):
    page = text_of(client.get("/deadlines/rules"))
    rows = reception_rule_rows()
    assert rows
    for row in rows:
        assert row["key"] in page


def test_the_calculator_links_to_the_rules_page(client):
    page = client.get("/deadlines/calculator").get_data(as_text=True)
    assert 'href="/deadlines/rules"' in page


def test_the_calculator_counts_complaint_file_under_article_9(client):
    page = text_of(
        client.get(
            "/deadlines/calculator", query_string={"rule": "complaint.file", "start": "2026-03-02"}
        )
    )
    assert "Thứ Hai, 01/06/2026" in page
    assert "Luật Khiếu nại 2011, Điều 9" in page


@pytest.fixture
def admin(login):
    return login(create_user(role="admin"))


def test_the_admin_list_groups_the_rules_by_period_of_validity(client, admin):
    response = client.get("/admin/calendar/rules/by-period")

    assert response.status_code == 200
    page = text_of(response)
    until = page.index("Từ 01/07/2012 đến 30/06/2026")
    since = page.index("Từ 01/07/2026")
    assert until < since
    # The amended Law on Complaints' art. 33 is listed under the period from 1/7/2026.
    assert page.index("sửa đổi bởi Luật 136/2025/QH15, Điều 33") > since


def test_the_admin_list_is_for_admins_only(client, login):
    login(create_user(role="handler"))
    assert client.get("/admin/calendar/rules/by-period").status_code == 403
