"""record_petition: one service for every channel, with its deadlines, history and links."""

import logging
from datetime import date

import pytest
from sqlalchemy import select

from petitions.audit.models import AuditEntry
from petitions.cases.models import Case, Channel
from petitions.errors import Refused
from petitions.extensions import db
from petitions.intake import services
from tests.intake.helpers import person, petition

MONDAY = date(2026, 3, 2)


def record(**kwargs):
    arguments = {
        "data": petition(),
        "channel": "online",
        "receiving_unit": None,
        "received_on": MONDAY,
        "today": MONDAY,
    }
    arguments.update(kwargs)
    receipt = services.record_petition(**arguments)
    db.session.commit()
    return receipt


def test_the_deadlines_opened_depend_on_kind_and_channel(province, officer):
    expected = [
        ("complaint", "online", {"petition.classify", "complaint.accept"}),
        ("denunciation", "online", {"petition.classify", "denunciation.initial"}),
        ("recommendation", "online", {"petition.classify"}),
        ("feedback", "reception", {"petition.classify", "reception.notify"}),
        ("complaint", "reception", {"petition.classify", "complaint.accept", "reception.notify"}),
    ]
    for kind, channel, rules in expected:
        receipt = record(data=petition(kind=kind), channel=channel, actor=officer)

        assert {row.rule for row in receipt.case.deadlines} == rules, (kind, channel)


def test_the_classification_deadline_counts_ten_working_days_from_receipt(province):
    receipt = record()

    classify = next(d for d in receipt.case.deadlines if d.rule == "petition.classify")
    assert classify.start_on == MONDAY
    assert classify.due_on == date(2026, 3, 16)
    assert receipt.case.due_on == min(d.due_on for d in receipt.case.deadlines)


def test_tracking_codes_look_official_and_keys_are_long(province):
    receipt = record()

    code = receipt.case.tracking_code
    assert code.startswith("HG-26-") and len(code) == 15
    assert len(receipt.access_key) == 19
    assert set(code[6:].replace("-", "")) <= set(services.ALPHABET)
    assert not set("01OILU") & set(receipt.access_key.replace("-", ""))


def test_the_access_key_is_stored_only_as_a_hash(province):
    receipt = record()

    assert receipt.case.access_key_hash.startswith("sha256$")
    assert receipt.access_key not in receipt.case.access_key_hash
    assert services.find_case_for_citizen(receipt.case.tracking_code, receipt.access_key)
    assert services.find_case_for_citizen(receipt.case.tracking_code.lower(), receipt.access_key)
    assert (
        services.find_case_for_citizen(receipt.case.tracking_code, "X" + receipt.access_key) is None
    )


def test_a_colliding_tracking_code_is_replaced_by_a_fresh_one(province, monkeypatch):
    first = record().case.tracking_code
    codes = iter([first, first, "HG-26-AAAA-BBBB"])
    monkeypatch.setattr(services, "new_tracking_code", lambda received_on: next(codes))

    second = record().case.tracking_code

    assert second == "HG-26-AAAA-BBBB"


def test_the_received_event_is_public_and_carries_the_effective_date(province, officer):
    receipt = record(channel="mail", actor=officer, received_on=date(2026, 2, 27))

    event = receipt.case.events[0]
    assert (event.action, event.to_status, event.public) == ("received", "received", True)
    assert event.effective_on == date(2026, 2, 27)
    assert event.backdated is True
    assert event.actor_id == officer.id
    assert event.details["channel"] == "mail"
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.receive"))
    assert audit.object_id == receipt.case.id


def test_an_online_petition_goes_to_the_unit_addressed(province, district):
    receipt = record(data=petition(unit="hg-bq"))

    assert receipt.case.unit == district
    assert receipt.case.receiving_unit == district


def test_a_petition_to_a_merged_unit_goes_to_its_successor(province, district):
    from petitions.units import reorganise
    from tests.factories import create_unit

    create_unit(code="HG-OLD", name="Huyện cũ", parent=province)
    reorganise.merge(old_code="HG-OLD", new_code=district.code, on=MONDAY, today=MONDAY)
    db.session.commit()

    receipt = record(data=petition(unit="HG-OLD"))

    assert receipt.case.unit == district


def test_a_petition_addressed_elsewhere_at_the_desk_stays_with_the_receiving_unit(
    province, district, officer
):
    receipt = record(
        data=petition(unit="HG"), channel="reception", receiving_unit=district, actor=officer
    )

    assert receipt.case.unit == district
    assert receipt.case.events[0].details["addressed_to"] == "HG"


def test_an_anonymous_denunciation_is_recorded_as_an_inspection_lead(province):
    receipt = record(data=petition(kind="denunciation", anonymous=True, petitioner=None))

    case = receipt.case
    assert case.anonymous is True
    assert case.petitioners == []
    assert case.sealed is False
    assert case.events[0].details["inspection_lead"] is True


@pytest.mark.parametrize("kind", ["recommendation", "feedback"])
def test_anonymous_recommendations_and_feedback_are_accepted(province, kind):
    receipt = record(data=petition(kind=kind, anonymous=True))

    assert receipt.case.anonymous is True
    assert receipt.case.petitioners == []


def test_an_anonymous_complaint_is_refused_online_but_recorded_from_the_mail(province, officer):
    with pytest.raises(Refused) as refused:
        record(data=petition(anonymous=True))
    assert "anonymous" in refused.value.fields
    db.session.rollback()

    receipt = record(data=petition(anonymous=True), channel="mail", actor=officer)

    assert receipt.case.anonymous is True


def test_denunciations_and_confidential_petitions_are_sealed(province):
    for kind, confidential, sealed in [
        ("denunciation", False, True),
        ("complaint", True, True),
        ("feedback", True, True),
        ("complaint", False, False),
    ]:
        receipt = record(data=petition(kind=kind, confidential=confidential))

        row = receipt.case.petitioners[0]
        assert receipt.case.sealed is sealed, kind
        assert (row.sealed_identity is not None) is sealed
        assert (row.full_name is None) is sealed
        assert row.id_number_digest is not None


def test_the_search_index_holds_names_only_when_not_sealed(province):
    clear = record(data=petition(petitioner=person(full_name="Hoàng Văn Đức"))).case
    sealed = record(
        data=petition(kind="denunciation", petitioner=person(full_name="Hoàng Văn Đức"))
    ).case

    assert "hoang van duc" in clear.search_text
    assert "hoang" not in sealed.search_text
    assert sealed.tracking_code.lower() in sealed.search_text


def test_nothing_of_an_identity_is_logged_while_recording(app, province, caplog):
    caplog.set_level(logging.DEBUG)
    who = person(full_name="Sùng Thị Mỷ", id_number="002190009999", email="my@example.vn")

    record(data=petition(kind="denunciation", petitioner=who))

    for value in ("Sùng Thị Mỷ", "002190009999", "my@example.vn", who["phone"], who["address"]):
        assert value not in caplog.text


def test_a_receipt_email_is_queued_when_an_email_is_given(province):
    from petitions.notifications.models import Outbox

    receipt = record(data=petition(petitioner=person(email="duc@example.vn")))

    from petitions.sealing import unseal_identity

    mail = db.session.scalar(select(Outbox))
    # The body holds the access key, so the row is stored sealed, never in clear.
    assert mail.ephemeral and mail.sealed
    assert receipt.access_key not in mail.body
    message = unseal_identity(mail.sealed_payload)
    assert message["email"] == "duc@example.vn"
    assert receipt.case.tracking_code in mail.subject
    assert receipt.access_key in message["body"]
    assert "/intake/track" in message["body"]
    assert receipt.case.notify_email == "duc@example.vn"


def test_no_email_is_queued_without_an_address(province):
    from petitions.notifications.models import Outbox

    record()

    assert db.session.scalar(select(Outbox)) is None


def test_a_forwarded_case_keeps_the_petitioners_sealed_and_the_citizens_key(
    province, district, officer
):
    from tests.factories import create_user

    original = record(
        data=petition(kind="denunciation", group_size=7), channel="mail", actor=officer
    )
    head = create_user(role="unit_head", unit=province)

    linked = record(
        data={},
        channel="transferred",
        receiving_unit=district,
        actor=head,
        forwarded_from=original.case,
    )

    case = linked.case
    assert linked.access_key is None
    assert case.forwarded_from == original.case
    assert case.channel == Channel.TRANSFERRED
    assert (case.kind, case.title, case.sealed) == (
        original.case.kind,
        original.case.title,
        True,
    )
    assert case.petitioners[0].sealed_identity == original.case.petitioners[0].sealed_identity
    assert case.group_size == 7
    assert services.find_case_for_citizen(case.tracking_code, original.access_key) == case
    assert case.events[0].details["forwarded_from"] == original.case.tracking_code


def test_a_visit_id_links_the_case_to_the_reception_log_when_it_is_installed(
    province, officer, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        services,
        "attach_case_to_visit",
        lambda *, visit_id, case, actor: calls.append((visit_id, case.id, actor)),
    )

    receipt = record(channel="reception", actor=officer, visit_id=41)

    assert calls == [(41, receipt.case.id, officer)]
    assert receipt.case.events[0].details["visit"] == 41


def test_repeat_and_duplicate_links_are_recorded(province, officer, district):
    first = record(channel="mail", actor=officer, receiving_unit=district).case
    second = record(
        data=petition(repeat_of=first.id), channel="mail", actor=officer, receiving_unit=district
    ).case
    third = record(
        data=petition(repeat_of=second.id), channel="mail", actor=officer, receiving_unit=district
    ).case
    copy = record(
        data=petition(duplicate_of=first.id), channel="mail", actor=officer, receiving_unit=district
    ).case

    assert (second.repeat_of, second.repeat_number) == (first, 2)
    assert (third.repeat_of, third.repeat_number) == (second, 3)
    assert copy.duplicate_of == first
    assert copy.repeat_number == 1


def test_an_officer_cannot_link_to_a_case_of_another_branch(province, officer):
    from tests.factories import create_unit

    other = create_unit(code="HG-VX", name="Huyện Vị Xuyên", parent=province)
    elsewhere = record(data=petition(unit=other.code)).case

    with pytest.raises(Refused) as refused:
        record(data=petition(repeat_of=elsewhere.id), channel="mail", actor=officer)

    assert "repeat_of" in refused.value.fields


def test_cases_list_the_earlier_ones_by_id_number_or_name_and_content(province, district):
    complaint = petition(content="Đề nghị bồi thường đất nông nghiệp bị thu hồi làm đường tỉnh lộ")
    same_id = record(data=complaint).case
    sealed = record(data=petition(kind="denunciation")).case
    namesake = record(
        data=petition(
            content="Đề nghị bồi thường thỏa đáng đất nông nghiệp bị thu hồi làm đường",
            petitioner=person(id_number="001090005555"),
        )
    ).case
    unrelated = record(
        data=petition(
            content="Phản ánh tiếng ồn của quán karaoke ban đêm",
            petitioner=person(full_name="Nguyễn Văn Đức", id_number="001090007777"),
        )
    ).case

    by_id = services.similar_cases(id_number="002085001234")
    by_name = services.similar_cases(
        full_name="nguyen van duc", content="bồi thường đất nông nghiệp bị thu hồi"
    )

    assert {entry.case for entry in by_id} == {same_id, sealed}
    assert sealed in {entry.case for entry in by_id}
    assert namesake in {entry.case for entry in by_name}
    assert unrelated not in {entry.case for entry in by_name}


def test_similar_cases_stay_within_the_units_given(province, district):
    record(data=petition(unit="HG"))

    assert services.similar_cases(id_number="002085001234", visible_unit_ids={district.id}) == []


def test_search_ignores_accents_and_case(province):
    case = record(
        data=petition(
            title="Khiếu nại thu hồi đất ở Hà Giang",
            petitioner=person(full_name="Lê Minh Đức"),
        )
    ).case
    expected = {
        "duc": True,
        "ĐỨC": True,
        "ha giang": True,
        "Hà Giang": True,
        "le minh duc": True,
        "thu hoi dat": True,
        "minh khai": False,
        "50%": False,
        "_": False,
        "": True,
    }

    found = {
        query: case in db.session.scalars(select(Case).where(services.search_condition(query)))
        for query in expected
    }

    assert found == expected


def test_search_finds_a_case_by_its_tracking_code(province):
    case = record().case

    condition = services.search_condition(case.tracking_code.lower())

    assert db.session.scalars(select(Case).where(condition)).all() == [case]


def test_a_new_tracking_prefix_after_a_merger_keeps_earlier_codes_working(app, province):
    before = record()
    app.config["TRACKING_PREFIX"] = "TQ"
    after = record()

    assert before.case.tracking_code.startswith("HG-26-")
    assert after.case.tracking_code.startswith("TQ-26-")
    for receipt in (before, after):
        found = services.find_case_for_citizen(receipt.case.tracking_code, receipt.access_key)
        assert found is not None and found.id == receipt.case.id


def test_the_province_name_is_a_setting(app, client, province):
    app.config["PROVINCE_NAME"] = "Tuyên Quang"

    page = client.get("/").get_data(as_text=True)

    assert "Tỉnh Tuyên Quang" in page and "Hà Giang" not in page
