"""The unit tree: CLI, admin pages, API."""

from petitions.extensions import db
from petitions.units.models import Unit
from petitions.units.services import subtree_ids
from tests.factories import create_unit, create_user


def test_the_cli_creates_a_unit_under_its_parent(app, runner):
    assert (
        runner.invoke(
            args=["unit", "create", "HG", "Tỉnh Hà Giang", "--level", "province"]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        args=[
            "unit",
            "create",
            "HG-DV",
            "Huyện Đồng Văn",
            "--level",
            "district",
            "--parent",
            "HG",
            "--remote",
        ]
    )
    assert result.exit_code == 0, result.output
    unit = db.session.scalars(db.select(Unit).where(Unit.code == "HG-DV")).one()
    assert unit.parent.code == "HG" and unit.remote is True


def test_the_cli_refuses_a_duplicate_code_with_exit_2(app, runner):
    create_unit(code="HG", level="province")
    result = runner.invoke(args=["unit", "create", "HG", "Trùng", "--level", "province"])
    assert result.exit_code == 2
    assert "đã tồn tại" in result.output


def test_the_unit_tree_is_public_json(client):
    province = create_unit(code="HG", name="Tỉnh Hà Giang", level="province")
    create_unit(code="HG-MV", name="Huyện Mèo Vạc", parent=province, remote=True)
    units = {u["code"]: u for u in client.get("/api/v1/units").get_json()}
    assert units["HG-MV"] == {
        "code": "HG-MV",
        "name": "Huyện Mèo Vạc",
        "level": "district",
        "parent": "HG",
        "remote": True,
        "active": True,
        "valid_from": None,
        "valid_to": None,
        "successors": [],
        "predecessors": [],
    }
    assert units["HG"]["parent"] is None


def test_an_admin_marks_a_unit_remote(client, login):
    unit = create_unit(code="HG-XM")
    login(create_user(role="admin"))
    response = client.post(
        f"/admin/units/{unit.id}",
        data={"code": "HG-XM", "name": "Huyện Xín Mần", "parent": "", "remote": "y", "active": "y"},
    )
    assert response.status_code == 302
    db.session.refresh(unit)
    assert unit.remote is True and unit.name == "Huyện Xín Mần"


def test_a_unit_cannot_be_placed_under_its_own_child(client, login):
    parent = create_unit(code="P")
    child = create_unit(code="C", parent=parent)
    login(create_user(role="admin"))
    response = client.post(
        f"/admin/units/{parent.id}",
        data={"code": "P", "name": "P", "parent": child.code, "active": "y"},
    )
    assert response.status_code == 200
    assert "cấp dưới" in response.get_data(as_text=True)


def test_the_subtree_includes_every_descendant(app):
    root = create_unit(level="province")
    district = create_unit(parent=root)
    commune = create_unit(parent=district, level="commune")
    other = create_unit(level="province")
    assert subtree_ids(root) == {root.id, district.id, commune.id}
    assert other.id not in subtree_ids(root)
