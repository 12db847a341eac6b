"""A unit's issuer settings from its admin page (Decree 30/2020/NĐ-CP, Appendix I): the
abbreviation of its numbers, the governing body, the place of the date line, the head's title
and the chief who signs in person; the preview shows what a document prints, and the next
document issued uses them."""

from datetime import date

import pytest

from petitions.audit.models import AuditEntry
from petitions.documents.models import DocumentIssuer
from petitions.extensions import db
from tests.cases.factories import create_received_case
from tests.documents.conftest import flat, pdf_text
from tests.factories import create_unit, create_user

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    import petitions.units.views

    monkeypatch.setattr(petitions.units.views, "today", lambda: TODAY)


@pytest.fixture
def inspectorate(app):
    province = create_unit(code="TQ", name="Ủy ban nhân dân tỉnh Tuyên Quang", level="province")
    unit = create_unit(code="TQ-TTR", name="Thanh tra tỉnh", level="department", parent=province)
    chief = create_user(role="unit_head", unit=unit, full_name="Vũ Thị Lan")
    deputy = create_user(role="unit_head", unit=unit, full_name="Đỗ Minh Quân")
    return unit, chief, deputy


@pytest.fixture
def admin(login):
    user = create_user(role="admin", full_name="Quản trị")
    login(user)
    return user


def _form(**values):
    data = {
        "abbreviation": "",
        "governing_body": "",
        "place": "",
        "head_title": "",
        "chief": "",
    }
    data.update(values)
    return data


def test_the_page_previews_what_the_name_gives_before_anything_is_set(
    app, client, admin, inspectorate
):
    unit, _chief, _deputy = inspectorate
    page = client.get(f"/admin/units/{unit.id}/issuer").get_data(as_text=True)
    preview = flat(page[page.index("data-issuer-preview") :])
    assert "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG" in preview
    assert "THANH TRA TỈNH" in preview
    assert "Số: 01/QĐ-TTr" in preview
    assert "Tuyên Quang, ngày 10 tháng 3 năm 2026" in preview
    assert "CHÁNH THANH TRA" in preview
    assert f'href="/admin/units/{unit.id}/issuer"' in client.get(
        f"/admin/units/{unit.id}"
    ).get_data(as_text=True)


def test_saved_settings_are_printed_on_the_next_document_and_audited(
    app, client, api, admin, inspectorate
):
    unit, chief, deputy = inspectorate
    response = client.post(
        f"/admin/units/{unit.id}/issuer",
        data=_form(abbreviation="TTrT", place="Hà Giang", chief=str(chief.id)),
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    preview = flat(page[page.index("data-issuer-preview") :])
    assert "Số: 01/QĐ-TTrT" in preview and "Hà Giang, ngày 10 tháng 3 năm 2026" in preview
    assert "KT. CHÁNH THANH TRA<br>PHÓ CHÁNH THANH TRA<br>Đỗ Minh Quân" in preview
    [entry] = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "unit.issuer_settings")
    ).all()
    assert entry.details["changes"]["abbreviation"] == ["", "TTrT"]
    assert entry.details["changes"]["chief_id"] == [None, chief.id]

    # The deputy accepts a complaint: the notice is numbered with the new symbol, dated at
    # the new place, and signed for the chief.
    case = create_received_case(kind="complaint", unit=unit, received_on=date(2026, 3, 2))
    head = api(deputy)
    response = head.post(
        f"/api/v1/cases/{case.id}/actions", json={"action": "accept", "on": "2026-03-10"}
    )
    assert response.status_code == 200, response.get_json()
    [item] = head.get(f"/api/v1/cases/{case.id}/documents").get_json()
    assert item["number"] == "01/TB-TTrT"
    text = flat(pdf_text(head.get(item["pdf"]).get_data()))
    assert "Hà Giang, ngày 10 tháng 3 năm 2026" in text
    assert "KT. CHÁNH THANH TRA" in text and "Đỗ Minh Quân" in text


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"abbreviation": "TTr/T"}, "abbreviation", "không có dấu cách"),
        ({"abbreviation": "Thanh tra"}, "abbreviation", "không có dấu cách"),
        ({"head_title": "X" * 101}, "head_title", "100"),
    ],
)
def test_a_bad_value_is_refused_next_to_its_field_and_nothing_is_saved(
    app, client, admin, inspectorate, values, field, words
):
    unit, _chief, _deputy = inspectorate
    response = client.post(f"/admin/units/{unit.id}/issuer", data=_form(**values))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = page[page.index(f'id="{field}-error"') :]
    assert words in error[: error.index("</p>")]
    assert db.session.scalar(db.select(DocumentIssuer)) is None


def test_the_chief_must_be_one_of_the_unit_s_heads(app, client, admin, inspectorate):
    unit, _chief, _deputy = inspectorate
    stranger = create_user(role="unit_head", full_name="Người đơn vị khác")
    response = client.post(f"/admin/units/{unit.id}/issuer", data=_form(chief=str(stranger.id)))
    assert response.status_code == 422
    assert "phải là thủ trưởng của đơn vị" in response.get_data(as_text=True)


def test_numbering_by_type_cannot_change_once_the_year_has_numbers(
    app, client, api, admin, inspectorate
):
    unit, chief, _deputy = inspectorate
    assert (
        client.post(f"/admin/units/{unit.id}/issuer", data=_form(numbers_per_type="y")).status_code
        == 302
    )
    case = create_received_case(kind="complaint", unit=unit, received_on=date(2026, 3, 2))
    api(chief).post(
        f"/api/v1/cases/{case.id}/actions", json={"action": "accept", "on": "2026-03-10"}
    )
    response = client.post(f"/admin/units/{unit.id}/issuer", data=_form())
    assert response.status_code == 422
    assert "làm trùng số" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(DocumentIssuer)).numbers_per_type is True


def test_only_an_admin_may_open_the_page(app, client, login, inspectorate):
    unit, chief, _deputy = inspectorate
    login(chief)
    assert client.get(f"/admin/units/{unit.id}/issuer").status_code == 403
