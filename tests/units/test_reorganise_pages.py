"""The reorganisation pages: merge, split and move from a unit's page, a split's review list,
the list of changes and the unit tree with its ended units."""

from datetime import date

import pytest
from sqlalchemy import select

from petitions.cases.models import Case, CaseEvent
from petitions.extensions import db
from petitions.units import reorganise
from petitions.units.models import ChangeStatus, PlannedMove, Unit, UnitChange
from tests.cases.factories import create_office, create_received_case, create_sealed_case
from tests.factories import create_user

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    import petitions.units.views

    monkeypatch.setattr(petitions.units.views, "today", lambda: TODAY)


@pytest.fixture
def district(app):
    """A district under the province, and two communes that may take over from it."""
    province, _ = create_office(code="HGV", name="Tỉnh Hà Giang", staff=())
    district, _ = create_office(code="HGV-BM", name="Huyện Bắc Mê", parent=province, staff=())
    first, first_staff = create_office(
        code="HGV-YP", name="Xã Yên Phong", parent=province, staff=("unit_head",)
    )
    second, second_staff = create_office(
        code="HGV-MN", name="Xã Minh Ngọc", parent=province, staff=("unit_head",)
    )
    return {
        "province": province,
        "district": district,
        "first": first,
        "second": second,
        "first_head": first_staff["unit_head"],
        "second_head": second_staff["unit_head"],
    }


@pytest.fixture
def admin(login):
    return login(create_user(role="admin"))


def _act(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}-act": "Nghị quyết về sắp xếp đơn vị hành chính cấp xã",
        f"{prefix}-act_number": "1683/NQ-UBTVQH15",
        f"{prefix}-act_date": "2026-04-16",
        f"{prefix}-act_issuer": "Ủy ban Thường vụ Quốc hội",
    }


def _plan_split(client, district) -> UnitChange:
    response = client.post(
        f"/admin/units/{district['district'].id}/split",
        data={
            "split-into-0": "HGV-YP",
            "split-into-1": "HGV-MN",
            "split-into-2": "",
            "split-on": "2026-06-01",
            **_act("split"),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    change = db.session.scalar(select(UnitChange).where(UnitChange.status == ChangeStatus.DRAFT))
    assert response.headers["Location"].endswith(f"/admin/units/changes/{change.id}")
    return change


def test_the_unit_page_offers_merge_split_and_move_with_a_day_and_an_act(client, admin, district):
    page = client.get(f"/admin/units/{district['district'].id}").get_data(as_text=True)
    for heading in (
        "Sáp nhập vào đơn vị khác",
        "Chia tách thành nhiều đơn vị",
        "Chuyển sang đơn vị cấp trên khác",
    ):
        assert f"<legend><h3>{heading}</h3></legend>" in page
    assert 'name="merge-on" type="date" value="2026-06-01"' in page
    assert 'name="split-into-2"' in page and 'name="move-act_issuer"' in page


def test_an_admin_merges_on_a_past_day_with_its_act(client, admin, district):
    case = create_received_case(unit=district["district"], received_on=date(2026, 3, 2))
    response = client.post(
        f"/admin/units/{district['district'].id}/merge",
        data={"merge-successor": "HGV-YP", "merge-on": "2026-05-15", **_act("merge")},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Đã sáp nhập Huyện Bắc Mê. Chuyển 1 hồ sơ" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, case.id).unit.code == "HGV-YP"
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.action == "unit_merged"))
    assert event.details["act"] == "Nghị quyết về sắp xếp đơn vị hành chính cấp xã 1683/NQ-UBTVQH15"
    [change] = reorganise.history(db.session.get(Unit, district["district"].id))
    assert change.effective_on == date(2026, 5, 15)
    assert (change.act_number, change.act_date, change.act_issuer) == (
        "1683/NQ-UBTVQH15",
        date(2026, 4, 16),
        "Ủy ban Thường vụ Quốc hội",
    )


def test_an_unreadable_day_is_told_next_to_its_input_and_nothing_moves(client, admin, district):
    case = create_received_case(unit=district["district"])
    response = client.post(
        f"/admin/units/{district['district'].id}/merge",
        data={"merge-successor": "HGV-YP", "merge-on": "2026-13-45"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="merge-on-error"' in page and "Ngày không hợp lệ" in page
    db.session.expire_all()
    assert db.session.get(Case, case.id).unit.code == "HGV-BM"


def test_a_day_after_today_is_refused_by_the_rule_and_shown_on_the_day(client, admin, district):
    response = client.post(
        f"/admin/units/{district['district'].id}/move",
        data={"move-parent": "HGV-YP", "move-on": "2026-06-02"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="move-on-error"' in page and "chưa đến" in page
    db.session.expire_all()
    assert db.session.get(Unit, district["district"].id).parent.code == "HGV"


def test_an_admin_moves_a_unit_under_another_parent(client, admin, district):
    response = client.post(
        f"/admin/units/{district['second'].id}/move",
        data={"move-parent": "HGV-BM", "move-on": "2026-05-01"},
        follow_redirects=True,
    )
    assert "Từ ngày 01/05/2026, Xã Minh Ngọc trực thuộc Huyện Bắc Mê." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(Unit, district["second"].id).parent.code == "HGV-BM"


def test_a_split_is_reviewed_a_case_sent_elsewhere_and_confirmed(client, admin, district):
    by_address = create_received_case(unit=district["district"])
    by_address.petitioners[0].address = "Thôn Nà Khương, xã Minh Ngọc, huyện Bắc Mê"
    db.session.commit()
    other = create_received_case(unit=district["district"], title="Đơn về đường liên thôn")
    change = _plan_split(client, district)

    page = client.get(f"/admin/units/changes/{change.id}").get_data(as_text=True)
    assert f'href="/cases/{other.id}">{other.tracking_code}</a>' in page
    assert "Đơn về đường liên thôn" in page and "02/03/2026" in page
    assert "địa chỉ người gửi ghi đơn vị này" in page and "đơn vị đầu tiên" in page

    response = client.post(
        f"/admin/units/changes/{change.id}",
        data={f"to-{by_address.id}": "HGV-MN", f"to-{other.id}": "HGV-MN"},
    )
    assert response.status_code == 302
    assert "đã chọn" in client.get(f"/admin/units/changes/{change.id}").get_data(as_text=True)

    response = client.post(f"/admin/units/changes/{change.id}/confirm", follow_redirects=True)
    assert "Đã chia tách Huyện Bắc Mê. Chuyển 2 hồ sơ" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, other.id).unit.code == "HGV-MN"
    assert db.session.get(Case, by_address.id).unit.code == "HGV-MN"
    assert db.session.get(UnitChange, change.id).status == ChangeStatus.APPLIED
    assert [u.code for u in db.session.get(Unit, district["district"].id).successors] == [
        "HGV-YP",
        "HGV-MN",
    ]


def test_the_choices_still_on_the_page_are_kept_when_the_admin_confirms(client, admin, district):
    case = create_received_case(unit=district["district"])
    change = _plan_split(client, district)
    client.post(f"/admin/units/changes/{change.id}/confirm", data={f"to-{case.id}": "HGV-MN"})
    db.session.expire_all()
    assert db.session.get(Case, case.id).unit.code == "HGV-MN"


def test_a_successors_head_may_change_a_proposal_but_not_confirm(client, login, district):
    case = create_received_case(unit=district["district"])
    change = reorganise.plan_split(
        old_code="HGV-BM", into=["HGV-YP", "HGV-MN"], on=TODAY, today=TODAY
    )
    db.session.commit()
    login(district["second_head"])
    page = client.get(f"/admin/units/changes/{change.id}").get_data(as_text=True)
    assert f'name="to-{case.id}"' in page and "Xác nhận chia tách" not in page
    response = client.post(f"/admin/units/changes/{change.id}", data={f"to-{case.id}": "HGV-MN"})
    assert response.status_code == 302
    planned = db.session.scalar(select(PlannedMove).where(PlannedMove.case_id == case.id))
    db.session.refresh(planned)
    assert planned.to_unit.code == "HGV-MN" and planned.reason == "chosen"
    assert client.post(f"/admin/units/changes/{change.id}/confirm").status_code == 403
    assert client.post(f"/admin/units/changes/{change.id}/cancel").status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_units_head_may_not_open_the_review(client, login, district, method):
    case = create_received_case(unit=district["district"])
    change = reorganise.plan_split(
        old_code="HGV-BM", into=["HGV-YP", "HGV-MN"], on=TODAY, today=TODAY
    )
    db.session.commit()
    outsider, staff = create_office(code="HGV-XM", staff=("unit_head",))
    login(staff["unit_head"])
    response = getattr(client, method)(
        f"/admin/units/changes/{change.id}", data={f"to-{case.id}": "HGV-MN"}
    )
    assert response.status_code == 403
    planned = db.session.scalar(select(PlannedMove).where(PlannedMove.case_id == case.id))
    db.session.refresh(planned)
    assert planned.to_unit.code == "HGV-YP"


def test_a_sealed_case_shows_only_its_code_on_the_review_list(client, admin, district):
    sealed = create_sealed_case(unit=district["district"])
    change = _plan_split(client, district)
    page = client.get(f"/admin/units/changes/{change.id}").get_data(as_text=True)
    assert sealed.tracking_code in page and "Hồ sơ bảo mật" in page
    assert sealed.title not in page and "Lò Thị Mai" not in page


def test_a_split_into_the_same_unit_twice_is_told_next_to_the_successors(client, admin, district):
    response = client.post(
        f"/admin/units/{district['district'].id}/split",
        data={"split-into-0": "HGV-YP", "split-into-1": "HGV-YP", "split-on": "2026-06-01"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="split-into-error">Một đơn vị kế thừa được nêu hai lần.' in page
    assert db.session.scalar(select(UnitChange)) is None


def test_one_more_successor_row_is_added_without_javascript(client, admin, district):
    response = client.post(
        f"/admin/units/{district['district'].id}/split",
        data={"split-into-0": "HGV-YP", "split-more": "1"},
    )
    page = response.get_data(as_text=True)
    assert 'name="split-into-3"' in page and "Đơn vị kế thừa thứ 4" in page
    assert db.session.scalar(select(UnitChange)) is None


def test_a_cancelled_draft_leaves_the_unit_as_it_was(client, admin, district):
    create_received_case(unit=district["district"])
    change = _plan_split(client, district)
    response = client.post(f"/admin/units/changes/{change.id}/cancel")
    assert response.status_code == 302
    assert db.session.scalar(select(UnitChange)) is None
    assert db.session.get(Unit, district["district"].id).valid_to is None


def test_the_changes_list_shows_drafts_first_and_each_change_with_its_act(client, admin, district):
    merged, _ = create_office(
        code="HGV-NS", name="Xã Nà Sơn", parent=district["province"], staff=()
    )
    client.post(
        f"/admin/units/{merged.id}/merge",
        data={"merge-successor": "HGV-MN", "merge-on": "2026-05-15", **_act("merge")},
    )
    _plan_split(client, district)
    page = client.get("/admin/units/changes").get_data(as_text=True)
    drafts = page.index("Phương án chia tách chờ xác nhận")
    done = page.index("Các lần sắp xếp đã thực hiện")
    assert drafts < page.index("Huyện Bắc Mê (HGV-BM)") < done
    history = page[done:]
    assert "15/05/2026" in history and "Sáp nhập" in history and "Xã Nà Sơn (HGV-NS)" in history
    assert "Kế thừa: Xã Minh Ngọc (HGV-MN)" in history
    assert (
        "Nghị quyết về sắp xếp đơn vị hành chính cấp xã 1683/NQ-UBTVQH15 ngày 16/04/2026 "
        "của Ủy ban Thường vụ Quốc hội" in history
    )
    assert 'href="/admin/units/changes"' in client.get("/admin/units/").get_data(as_text=True)


def test_the_tree_greys_an_ended_unit_and_names_its_successors(client, admin, district):
    reorganise.split(old_code="HGV-BM", into=["HGV-YP", "HGV-MN"], on=TODAY, today=TODAY)
    db.session.commit()
    page = client.get("/admin/units/").get_data(as_text=True)
    row = page[page.index('<tr class="unit--ended">') :]
    row = row[: row.index("</tr>")]
    assert "HGV-BM" in row and "31/05/2026" in row
    assert "Đã chấm dứt từ 01/06/2026, kế thừa: Xã Yên Phong, Xã Minh Ngọc" in row
