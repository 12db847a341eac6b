"""A denouncer's identity and a citizen's access key: never in a URL, a cookie or clear text,
shown only to those entitled, each showing recorded."""

import base64
import json
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from sqlalchemy import select, text

from petitions.audit.models import AuditEntry
from petitions.cases.models import Case, CaseEvent
from petitions.extensions import db
from petitions.notifications.models import Outbox, OutboxStatus
from tests.cases.factories import create_sealed_case
from tests.factories import create_user
from tests.intake.helpers import person, petition
from tests.intake.test_pages import submit
from tests.notifications.conftest import mail, smtp_server  # noqa: F401 (fixtures)
from tests.reception.factories import citizen, log_visit

DENOUNCER = "Lò Thị Mai"
DENOUNCER_ID = "002190001234"


def _denunciation_visit(unit, officer):
    visit = log_visit(
        unit=unit,
        officer=officer,
        classification="denunciation",
        citizens=[citizen(DENOUNCER, id_number=DENOUNCER_ID)],
        visited_on=date(2026, 3, 5),
    )
    db.session.commit()
    return visit


# -- 2. the desk's pre-fill ------------------------------------------------------------------


def test_the_desk_fills_a_denouncer_only_for_those_entitled_and_records_it(
    client, login, officer, district
):
    visit = _denunciation_visit(district, officer)
    handler = create_user(role="handler", unit=district)
    parent_officer = create_user(role="reception_officer", unit=district.parent)

    for stranger in (handler, parent_officer):
        login(stranger)
        html = client.get(f"/intake/desk?visit={visit.id}").get_data(as_text=True)
        assert DENOUNCER not in html and DENOUNCER_ID not in html
        client.post("/logout")
    assert _reveals(visit) == []

    login(officer)
    html = client.get(f"/intake/desk?visit={visit.id}").get_data(as_text=True)

    assert f'value="{DENOUNCER}"' in html and f'value="{DENOUNCER_ID}"' in html
    assert [(e.actor_id, e.details["purpose"]) for e in _reveals(visit)] == [
        (officer.id, "intake desk")
    ]


def _reveals(visit):
    return db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "reception.visit.reveal", AuditEntry.object_id == visit.id
        )
    ).all()


# -- 3. no identity in any URL ---------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action", "data-similar-url") and value:
                self.urls.append(value)


def _crawl(client, starts, limit=120) -> dict[str, list[str]]:
    """Every URL that the pages reachable from `starts` render, by the page that rendered it."""
    seen, queue, found = set(), list(starts), {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        parser = _Links()
        parser.feed(response.get_data(as_text=True))
        found[path] = parser.urls
        for url in parser.urls:
            parts = urlsplit(url)
            local = not parts.netloc and parts.path.startswith("/")
            if local and not parts.path.startswith(("/static", "/logout", "/lang")):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_no_page_renders_a_link_that_carries_personal_data(client, login, officer, district):
    visit = _denunciation_visit(district, officer)
    plain = log_visit(
        unit=district,
        officer=officer,
        citizens=[citizen("Hoàng Văn Khánh", id_number="002088004321")],
        visited_on=date(2026, 3, 6),
    )
    db.session.commit()
    head = create_user(role="unit_head", unit=district)
    secrets = [DENOUNCER, DENOUNCER_ID, "Hoàng Văn Khánh", "002088004321", "Phường Minh Khai"]

    for user in (officer, head):
        login(user)
        pages = _crawl(
            client,
            [
                f"/reception/visits/{visit.id}",
                f"/reception/visits/{plain.id}",
                f"/reception/log?unit={district.code}",
                f"/intake/desk?visit={visit.id}",
                f"/intake/desk?visit={plain.id}",
            ],
        )
        assert len(pages) >= 5
        for page, urls in pages.items():
            for url in urls:
                decoded = unquote(unquote(url)).replace("+", " ")
                for secret in secrets:
                    assert secret not in decoded, (page, url)
        client.post("/logout")


def test_the_api_gives_the_intake_link_with_the_visit_id_only(client, api, officer, district):
    response = api(officer).post(
        "/api/v1/reception/visits",
        json={
            "visited_on": "2026-03-05",
            "people": 1,
            "citizens": [citizen(DENOUNCER, id_number=DENOUNCER_ID)],
            "content": "Tố cáo cán bộ",
            "classification": "denunciation",
        },
    )
    body = response.get_json()
    assert response.status_code == 201, body
    assert body["intake_url"] == f"/intake/desk?visit={body['id']}"


def test_the_similar_case_look_up_takes_names_only_by_post(client, login, officer):
    login(officer)
    assert client.get("/intake/similar?name=Nguyen").status_code == 405
    assert client.post("/intake/similar", data={"name": "Nguyen"}).status_code == 200
    desk = client.get("/intake/desk").get_data(as_text=True)
    assert 'data-similar-url="/intake/similar"' in desk


# -- 4. nothing of a denouncer in clear at rest ----------------------------------------------


def test_a_denunciation_visit_keeps_its_citizens_only_sealed(app, officer, district):
    from petitions.reception.models import VisitCitizen
    from petitions.sealing import unseal_identity

    visit = _denunciation_visit(district, officer)

    row = db.session.scalar(select(VisitCitizen).where(VisitCitizen.visit_id == visit.id))
    assert (row.full_name, row.id_number, row.address) == ("", "", "")
    assert unseal_identity(row.sealed_identity)["full_name"] == DENOUNCER
    assert row.id_number_digest and DENOUNCER_ID not in row.id_number_digest
    dump = repr(db.session.execute(text("SELECT * FROM reception_visit_citizens")).all())
    assert DENOUNCER not in dump and DENOUNCER_ID not in dump


def test_a_petition_reclassified_as_a_denunciation_seals_its_email_and_its_mail(
    app, api, province, district
):
    from tests.cases.factories import create_office

    unit, staff = create_office(code="HGX", staff=("handler",))
    officer = create_user(role="reception_officer", unit=unit)
    created = api(officer).post(
        "/api/v1/cases",
        json=petition(kind="feedback", channel="mail", petitioner=person(email="khanh@example.vn")),
    )
    assert created.status_code == 201, created.get_json()
    case = db.session.get(Case, created.get_json()["id"])
    receipt_mail = db.session.scalar(select(Outbox).where(Outbox.case_id == case.id))
    # A plain (non-receipt) message queued before the reclassification.
    from petitions.notifications.services import queue_email

    queue_email(
        to="khanh@example.vn", subject="Thông báo", body="Kính gửi ông Đức", case_id=case.id
    )
    db.session.commit()

    response = api(staff["handler"]).post(
        f"/api/v1/cases/{case.id}/actions", json={"action": "classify", "kind": "denunciation"}
    )

    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    assert case.sealed and case.notify_email == "sealed"
    for row in db.session.scalars(select(Outbox).where(Outbox.case_id == case.id)):
        assert row.sealed and row.recipient == "" and row.body == ""
    assert receipt_mail.sealed
    dump = "".join(
        repr(db.session.execute(text(f"SELECT * FROM {table}")).all())
        for table in ("outbox", "cases", "petitioners")
    )
    assert "khanh@example.vn" not in dump and "Nguyễn Văn Đức" not in dump


# -- 5. a look-up does not confirm a denouncer -----------------------------------------------


def test_a_sealed_match_is_named_only_to_those_entitled_and_its_head_is_told(
    client, login, province
):
    from tests.cases.factories import create_office

    unit, staff = create_office(code="HGS", parent=province, staff=("unit_head",))
    case = create_sealed_case(unit=unit)
    stranger = create_user(role="reception_officer", unit=unit)
    login(stranger)

    rows = client.post("/intake/similar", data={"id_number": DENOUNCER_ID}).get_json()

    assert rows == [{"sealed": True, "message": rows[0]["message"]}]
    assert case.tracking_code not in json.dumps(rows) and case.title not in json.dumps(rows)
    assert "Thủ trưởng" in rows[0]["message"]
    told = db.session.scalars(select(Outbox).where(Outbox.recipient == staff["unit_head"].email))
    assert [m.subject for m in told] == [
        f"Hồ sơ {case.tracking_code}: có đơn mới có thể cùng người"
    ]
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == "sealed_match")
    ).all()
    assert [e.actor_id for e in events] == [stranger.id]

    client.post("/intake/similar", data={"id_number": DENOUNCER_ID})
    assert db.session.scalar(select(db.func.count(Outbox.id))) == 1  # once a day per officer

    client.post("/logout")
    login(staff["unit_head"])
    rows = client.post("/intake/similar", data={"id_number": DENOUNCER_ID}).get_json()
    assert [row["tracking_code"] for row in rows] == [case.tracking_code]


def test_the_desk_form_shows_a_sealed_match_only_as_a_notice(client, login, province):
    from tests.cases.factories import create_office
    from tests.intake.test_pages import desk

    unit, _staff = create_office(code="HGS", parent=province, staff=("unit_head",))
    case = create_sealed_case(unit=unit)
    login(create_user(role="reception_officer", unit=unit))

    response = desk(client, id_number=DENOUNCER_ID, receiving_unit=unit.code)

    assert response.status_code == 302  # nothing to choose: recorded, with the notice
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert case.tracking_code not in html and case.title not in html
    assert "giữ bí mật có thể trùng" in html


# -- 6. the access key -----------------------------------------------------------------------


def _session_payload(client) -> str:
    return _session_payload_of(client.get_cookie("session").value)


def _session_payload_of(cookie: str) -> str:
    body = cookie.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    if cookie.startswith("."):
        import zlib

        raw = zlib.decompress(raw)
    return raw.decode()


def test_the_access_key_is_never_in_the_cookie_and_a_replayed_cookie_shows_nothing(
    app, client, province
):
    submit(client)
    saved = client.get_cookie("session").value
    assert "key" not in json.loads(_session_payload(client)).get("intake_receipt", {})

    first = client.get("/intake/receipt")
    key = re.search(r"data-access-key>([A-Z0-9-]+)<", first.get_data(as_text=True)).group(1)
    assert key not in saved and key not in _session_payload_of(saved)
    assert first.headers["Cache-Control"] == "no-store"

    replay = app.test_client()
    replay.set_cookie("session", saved)
    again = replay.get("/intake/receipt")
    assert again.status_code == 302 and key not in again.get_data(as_text=True)


def test_the_api_receipt_is_not_cached(client, province):
    response = client.post("/api/v1/petitions", json=petition())
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"


def test_a_sent_receipt_email_no_longer_holds_the_key(app, province, mail):  # noqa: F811
    from petitions.intake import services
    from petitions.notifications.services import send_pending
    from petitions.sealing import unseal_identity

    receipt = services.record_petition(
        data=petition(petitioner=person(email="duc@example.vn")),
        channel="online",
        receiving_unit=None,
        received_on=date(2026, 3, 2),
        today=date(2026, 3, 2),
    )
    db.session.commit()
    row = db.session.scalar(select(Outbox))
    assert receipt.access_key in unseal_identity(row.sealed_payload)["body"]

    from petitions.database import utcnow

    assert send_pending(now=utcnow()) == 1

    db.session.expire_all()
    row = db.session.scalar(select(Outbox))
    assert row.status == OutboxStatus.SENT
    assert row.sealed_payload is None and row.body == ""
    assert receipt.access_key in mail.messages[0]["data"]


# -- 7. the desk receipt follows the case's own read rule ------------------------------------


def test_a_parent_units_officer_cannot_open_a_sub_units_desk_receipt(
    client, login, officer, province
):
    from tests.intake.test_pages import desk

    login(officer)
    desk(client)
    case = db.session.scalar(select(Case))
    client.post("/logout")
    parent_officer = create_user(role="reception_officer", unit=province)
    login(parent_officer)

    assert client.get(f"/cases/{case.id}").status_code in (403, 404)
    assert client.get(f"/intake/desk/{case.id}/receipt").status_code == 404
