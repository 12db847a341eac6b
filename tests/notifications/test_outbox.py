"""The outbox: queued in the caller's transaction, sent after commit, retried with backoff."""

from datetime import timedelta
from email import message_from_string
from email.policy import default as default_policy

import pytest
from sqlalchemy import select

from petitions.clock import now as clock_now
from petitions.extensions import db
from petitions.notifications.models import Outbox, OutboxStatus
from petitions.notifications.services import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    InvalidRecipient,
    outbox_counts,
    queue_email,
    send_pending,
)


def parsed(message: dict):
    return message_from_string(message["data"], policy=default_policy)


def test_a_queued_email_is_sent_to_the_smtp_server_with_its_vietnamese_text(mail):
    queue_email(
        to="chutich@example.vn",
        subject="Nhắc việc: hồ sơ quá hạn",
        body="Kính gửi đồng chí Chủ tịch,\nHồ sơ T0000001 đã quá hạn.",
        html="<p>Hồ sơ <b>T0000001</b> đã quá hạn.</p>",
    )
    db.session.commit()

    assert send_pending(now=clock_now()) == 1

    assert mail.recipients() == ["chutich@example.vn"]
    message = parsed(mail.messages[0])
    assert message["Subject"] == "Nhắc việc: hồ sơ quá hạn"
    assert "tiepcongdan@localhost" in message["From"]
    assert "Hồ sơ T0000001 đã quá hạn." in message.get_body(("plain",)).get_content()
    assert "<b>T0000001</b>" in message.get_body(("html",)).get_content()
    row = db.session.scalars(select(Outbox)).one()
    assert row.status == OutboxStatus.SENT and row.attempts == 1 and row.sent_at is not None


def test_nothing_is_sent_when_the_transaction_that_queued_it_rolls_back(mail):
    queue_email(to="a@example.vn", subject="S", body="B")
    db.session.rollback()

    assert send_pending(now=clock_now()) == 0
    assert mail.messages == []


def test_a_message_is_sent_only_once_however_often_the_sender_runs(mail):
    queue_email(to="a@example.vn", subject="S", body="B")
    db.session.commit()

    sent = [send_pending(now=clock_now() + timedelta(minutes=m)) for m in range(3)]

    assert sent == [1, 0, 0]
    assert len(mail.messages) == 1


def test_a_refused_message_is_retried_with_growing_delays_then_given_up(mail):
    queue_email(to="a@example.vn", subject="S", body="B")
    db.session.commit()
    mail.refuse_next = 100
    moment = clock_now()
    waits = []

    for _attempt in range(MAX_ATTEMPTS):
        assert send_pending(now=moment) == 0
        row = db.session.scalars(select(Outbox)).one()
        if row.status == OutboxStatus.QUEUED:
            waits.append(row.next_attempt_at - moment)
            # Not due a moment before its next attempt.
            assert send_pending(now=row.next_attempt_at - timedelta(seconds=1)) == 0
            moment = row.next_attempt_at

    assert waits == list(RETRY_DELAYS)
    assert row.status == OutboxStatus.FAILED
    assert row.attempts == MAX_ATTEMPTS
    assert "451" in row.last_error
    assert send_pending(now=moment + timedelta(days=1)) == 0
    assert mail.messages == []


def test_a_temporary_refusal_is_followed_by_delivery_on_the_next_attempt(mail):
    queue_email(to="a@example.vn", subject="S", body="B")
    db.session.commit()
    mail.refuse_next = 1
    moment = clock_now()

    assert send_pending(now=moment) == 0
    assert send_pending(now=moment + RETRY_DELAYS[0]) == 1

    assert mail.recipients() == ["a@example.vn"]
    assert outbox_counts()["sent"] == 1


def test_an_unreachable_mail_server_leaves_messages_queued_and_uncharged(app):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1)
    for n in range(3):
        queue_email(to=f"u{n}@example.vn", subject="S", body="B")
    db.session.commit()

    assert send_pending(now=clock_now()) == 0

    rows = db.session.scalars(select(Outbox)).all()
    assert {row.status for row in rows} == {OutboxStatus.QUEUED}
    # The server was down, not the messages: none of their five tries is used up.
    assert all(row.attempts == 0 and row.last_error for row in rows)


def test_with_no_mail_server_the_sender_backs_off_and_warns_once(app, caplog):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=2)
    queue_email(to="u@example.vn", subject="S", body="B")
    db.session.commit()
    start = clock_now()
    tries = []

    # Twenty minutes of the every-minute job, and of wake-ups after each commit.
    with caplog.at_level("INFO", logger="petitions.notifications.services"):
        for second in range(0, 20 * 60, 20):
            before = len(caplog.records)
            send_pending(now=start + timedelta(seconds=second))
            if len(caplog.records) > before:
                tries.append(second)

    # Tried at 0 s, then after 1, 2, 4 and 8 minutes (60, 180, 420, 900 s; at the 20 s tick).
    assert tries == [0, 60, 180, 420, 900]
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1
    assert "unreachable" in warnings[0].getMessage()
    assert "u@example.vn" not in caplog.text


def test_the_back_off_is_capped_at_thirty_minutes(app):
    from petitions.notifications.services import SERVER_DOWN

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=3)
    queue_email(to="u@example.vn", subject="S", body="B")
    db.session.commit()
    moment = clock_now()
    delays = []
    for _ in range(9):
        send_pending(now=moment)
        delays.append(app.extensions[SERVER_DOWN]["delay"])
        moment = app.extensions[SERVER_DOWN]["until"]

    assert [d.total_seconds() // 60 for d in delays] == [1, 2, 4, 8, 16, 30, 30, 30, 30]


def test_mail_leaves_as_soon_as_the_server_is_back(app, smtp_server, monkeypatch):
    from petitions.notifications import services

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=4)
    queue_email(to="u@example.vn", subject="S", body="B")
    db.session.commit()
    moment = clock_now()
    send_pending(now=moment)

    # The same server back up: its address stays, its port forwards to the test server.
    real_smtp = services.smtplib.SMTP
    monkeypatch.setattr(
        services.smtplib, "SMTP", lambda host, port, timeout: real_smtp(host, smtp_server.port)
    )
    assert send_pending(now=moment + timedelta(seconds=30)) == 0  # still backing off
    assert send_pending(now=moment + timedelta(minutes=1)) == 1
    assert smtp_server.recipients() == ["u@example.vn"]
    assert db.session.scalar(select(Outbox)).attempts == 1


def test_the_file_backend_writes_each_message_where_start_up_says(app, tmp_path):
    from petitions.notifications.services import where_mail_goes

    app.config.update(MAIL_BACKEND="file", MAIL_FOLDER=str(tmp_path / "mail"))
    queue_email(to="u@example.vn", subject="Biên nhận đơn", body="Xin chào")
    db.session.commit()

    assert send_pending(now=clock_now()) == 1

    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1
    message = message_from_string(files[0].read_text(), policy=default_policy)
    assert message["Subject"] == "Biên nhận đơn"
    assert message.get_content().strip() == "Xin chào"
    assert str(tmp_path / "mail") in where_mail_goes(app.config)


def test_the_console_backend_prints_the_message(app, capsys):
    app.config.update(MAIL_BACKEND="console")
    queue_email(to="u@example.vn", subject="S", body="B")
    db.session.commit()

    assert send_pending(now=clock_now()) == 1
    assert "To: u@example.vn" in capsys.readouterr().out


def test_one_refused_message_does_not_hold_back_the_others(mail):
    for n in range(3):
        queue_email(to=f"u{n}@example.vn", subject="S", body="B")
    db.session.commit()
    mail.refuse_next = 1

    assert send_pending(now=clock_now()) == 2
    assert sorted(mail.recipients()) == ["u1@example.vn", "u2@example.vn"]


def test_a_sender_that_died_mid_batch_gives_its_messages_back_after_the_lease(mail):
    queue_email(to="a@example.vn", subject="S", body="B")
    db.session.commit()
    row = db.session.scalars(select(Outbox)).one()
    moment = clock_now()
    row.status, row.claim_token, row.claimed_at = OutboxStatus.SENDING, "dead", moment
    db.session.commit()

    assert send_pending(now=moment + timedelta(minutes=1)) == 0
    assert send_pending(now=moment + timedelta(hours=1)) == 1


def test_the_limit_caps_one_batch(mail):
    for n in range(5):
        queue_email(to=f"u{n}@example.vn", subject="S", body="B")
    db.session.commit()

    assert send_pending(now=clock_now(), limit=2) == 2
    assert send_pending(now=clock_now(), limit=10) == 3


@pytest.mark.parametrize(
    "address", ["", "not-an-address", "a@example.vn\r\nBcc: x@evil", "a@x.vn, b@y.vn"]
)
def test_queue_email_refuses_what_is_not_one_address(app, address):
    with pytest.raises(InvalidRecipient):
        queue_email(to=address, subject="S", body="B")


def test_a_subject_with_line_breaks_cannot_inject_headers(mail):
    queue_email(to="a@example.vn", subject="Nhắc việc\r\nBcc: x@evil.example", body="B")
    db.session.commit()

    send_pending(now=clock_now())

    assert mail.recipients() == ["a@example.vn"]
    assert parsed(mail.messages[0])["Subject"] == "Nhắc việc Bcc: x@evil.example"


def test_a_sealed_recipient_is_stored_only_encrypted_and_still_receives_the_mail(mail, caplog):
    pytest.importorskip("petitions.sealing")
    queue_email(
        to="nguoitocao@example.vn",
        subject="Thông báo thụ lý tố cáo",
        body="Kính gửi ông Trần Văn Kín",
        sealed=True,
    )
    db.session.commit()
    row = db.session.scalars(select(Outbox)).one()
    assert row.recipient == "" and row.body == ""
    assert b"nguoitocao" not in (row.sealed_payload or b"")

    with caplog.at_level("DEBUG"):
        assert send_pending(now=clock_now()) == 1

    assert mail.recipients() == ["nguoitocao@example.vn"]
    assert "Trần Văn Kín" in parsed(mail.messages[0]).get_body(("plain",)).get_content()
    assert "nguoitocao" not in caplog.text and "Kín" not in caplog.text


def test_a_failure_to_a_sealed_recipient_keeps_the_address_out_of_the_error(mail, caplog):
    pytest.importorskip("petitions.sealing")
    mail.refusal = "550 5.1.1 <nguoitocao@example.vn>: Recipient address rejected"
    mail.refuse_next = 1
    queue_email(to="nguoitocao@example.vn", subject="S", body="B", sealed=True)
    db.session.commit()

    with caplog.at_level("DEBUG"):
        send_pending(now=clock_now())

    row = db.session.scalars(select(Outbox)).one()
    assert "550" in row.last_error and "nguoitocao" not in row.last_error
    assert "nguoitocao" not in caplog.text


def test_a_sealed_message_that_cannot_be_opened_here_is_retried_not_lost(mail, monkeypatch):
    pytest.importorskip("petitions.sealing")
    from petitions import sealing

    queue_email(to="nguoitocao@example.vn", subject="S", body="B", sealed=True)
    queue_email(to="canbo@example.vn", subject="S", body="B")
    db.session.commit()

    def no_key(blob):
        raise sealing.SealError("no private key in this deployment")

    monkeypatch.setattr(sealing, "unseal_identity", no_key)
    assert send_pending(now=clock_now()) == 1

    sealed = db.session.scalars(select(Outbox).where(Outbox.sealed.is_(True))).one()
    assert sealed.status == OutboxStatus.QUEUED and sealed.last_error == "SealError"
    assert mail.recipients() == ["canbo@example.vn"]
