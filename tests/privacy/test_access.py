"""Every staff view of a case's personal data is recorded; the admin report says who read
whose data and flags a reader far beyond the others."""

from datetime import UTC, date, datetime

import sqlalchemy as sa

from petitions.audit.models import AuditEntry
from petitions.extensions import db
from petitions.privacy.access import VIEWED, readers
from tests.factories import create_case, create_token_for, create_user


def _views():
    return db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == VIEWED).order_by(AuditEntry.id)
    ).all()


def test_a_case_page_and_its_json_are_each_recorded_as_a_view(app, client, login, province):
    unit, _ = province
    case = create_case(unit=unit)
    handler = create_user(role="handler", unit=unit)
    login(handler)

    assert client.get(f"/cases/{case.id}").status_code == 200
    token = {"Authorization": f"Bearer {create_token_for(handler)}"}
    assert client.get(f"/api/v1/cases/{case.id}", headers=token).status_code == 200

    views = _views()
    assert [(v.actor_id, v.object_id, v.details["via"]) for v in views] == [
        (handler.id, case.id, "page"),
        (handler.id, case.id, "api"),
    ]


def _read(user, case_ids, day):
    for case_id in case_ids:
        db.session.add(
            AuditEntry(
                actor_id=user.id,
                action=VIEWED,
                object_type="case",
                object_id=case_id,
                at=datetime(day.year, day.month, day.day, 3, tzinfo=UTC),
                details={"via": "page"},
            )
        )
    db.session.commit()


def test_the_report_flags_a_reader_far_beyond_the_others(app, client, login, province):
    unit, admin = province
    day = date(2026, 12, 1)
    people = [create_user(role="handler", unit=unit) for _ in range(4)]
    for person in people[:3]:
        _read(person, range(1, 6), day)  # five cases each
    _read(people[3], range(1, 41), day)  # forty in one day

    found = {r.user.id: r for r in readers(since=date(2026, 11, 1), until=date(2026, 12, 6))}

    assert [found[p.id].flagged for p in people] == [False, False, False, True]
    assert found[people[3].id].cases == 40 and found[people[3].id].busiest_day_cases == 40
    login(admin)
    assert client.get("/admin/privacy/").status_code == 200
    page = client.get(f"/admin/privacy/access/{people[3].id}")
    assert page.status_code == 200


def test_the_notice_is_public_in_both_languages(app, client):
    vi = client.get("/privacy").get_data(as_text=True)
    en = client.get("/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Thông báo xử lý dữ liệu cá nhân" in vi and "91/2025/QH15" in vi
    assert "15" in vi  # the complaint files' period
    assert en
