"""Two schedulers started together send each email exactly once.

Separate processes (real `petitions` commands) and separate engines in threads, against the
test database: a file SQLite database, or PostgreSQL when PETITIONS_TEST_DATABASE_URL is set.
"""

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from petitions import create_app
from petitions.clock import now
from petitions.extensions import db
from petitions.notifications.models import Outbox, OutboxStatus
from petitions.notifications.services import queue_email, send_pending
from tests.conftest import _base_config

MESSAGES = 40


def queue_many(n: int = MESSAGES) -> set[str]:
    addresses = {f"nguoinhan{i}@example.vn" for i in range(n)}
    for address in sorted(addresses):
        queue_email(to=address, subject="Thông báo", body="Nội dung")
    db.session.commit()
    return addresses


def command_env(app, mail, tmp_path, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        PETITIONS_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        PETITIONS_INSTANCE_PATH=str(tmp_path / "instance"),
        PETITIONS_SECRET_KEY="test-secret",
        PETITIONS_SMTP_HOST="127.0.0.1",
        PETITIONS_SMTP_PORT=str(mail.port),
        **extra,
    )
    return env


def petitions_command(*args) -> list[str]:
    return [sys.executable, "-c", "from petitions.cli import main; main()", *args]


def assert_each_sent_once(mail, addresses: set[str]) -> None:
    counts = Counter(mail.recipients())
    assert set(counts) == addresses
    assert set(counts.values()) == {1}, [a for a, n in counts.items() if n > 1]
    db.session.expire_all()
    statuses = set(db.session.scalars(select(Outbox.status).where(Outbox.recipient.in_(addresses))))
    assert statuses == {OutboxStatus.SENT}


def test_two_senders_with_their_own_engines_send_each_message_once(app, mail, tmp_path):
    addresses = queue_many()
    config = _base_config(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    config.update(SMTP_PORT=mail.port)
    start = threading.Barrier(2)
    sent_by: list[int] = []
    errors: list[BaseException] = []

    # Apps are built before the threads start: building one compiles its URL rules with ast,
    # which CPython 3.11 does not make safe across threads.
    apps = [create_app(config) for _ in range(2)]

    def sender(other):
        try:
            with other.app_context():
                start.wait()
                total = 0
                while (sent := send_pending(now=now(), limit=3)) > 0:
                    total += sent
                sent_by.append(total)
                db.session.remove()
                db.engine.dispose()
        except BaseException as error:  # reported below, a thread cannot fail the test
            errors.append(error)

    threads = [threading.Thread(target=sender, args=(other,), daemon=True) for other in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not errors, errors
    assert sum(sent_by) == MESSAGES
    assert_each_sent_once(mail, addresses)


def test_two_jobs_run_processes_started_together_send_each_email_once(app, mail, tmp_path):
    addresses = queue_many()
    env = command_env(app, mail, tmp_path, PETITIONS_OUTBOX_BATCH_SIZE="3")
    processes = [
        subprocess.Popen(
            petitions_command("jobs", "run", "send_outbox"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180) for p in processes]

    assert [p.returncode for p in processes] == [0, 0], outputs
    assert all("send_outbox [latest]: done" in out for out, _err in outputs)
    assert_each_sent_once(mail, addresses)


def test_two_scheduler_processes_started_together_send_each_email_once(app, mail, tmp_path):
    addresses = queue_many()
    env = command_env(app, mail, tmp_path, PETITIONS_OUTBOX_BATCH_SIZE="2")
    processes = [
        subprocess.Popen(
            petitions_command("scheduler"),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 120
        while len(mail.messages) < MESSAGES and time.monotonic() < deadline:
            if any(p.poll() is not None for p in processes):
                break
            time.sleep(0.2)
        # Give a duplicate, if there were one, the time to arrive.
        time.sleep(1)
    finally:
        for process in processes:
            process.terminate()
        errors = [process.communicate(timeout=30)[1] for process in processes]

    assert len(mail.messages) >= MESSAGES, errors
    assert_each_sent_once(mail, addresses)


@pytest.mark.parametrize("job", ["deadline_digest", "annual_report_reminders"])
def test_two_threads_claiming_the_same_period_run_it_once(app, province, tmp_path, job):
    from tests.factories import create_user

    create_user(role="unit_head", unit=province.other, email="chutich.e@example.vn")
    config = _base_config(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    day = date(2026, 11, 2) if job == "annual_report_reminders" else date(2026, 3, 3)
    start = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []
    # Both apps are built here, one after the other: building an app compiles its URL rules
    # with ast, which CPython 3.11 does not make safe across threads (a SystemError now and
    # then). What races below is the claim of the period, as two schedulers would.
    apps = [create_app(config) for _ in range(2)]

    def scheduler(other):
        with other.app_context():
            start.wait()
            outcomes.append(jobs_run(job, day))
            db.session.remove()
            db.engine.dispose()

    threads = [threading.Thread(target=scheduler, args=(other,), daemon=True) for other in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert sorted(outcomes) == ["done", "skipped"]
    db.session.expire_all()
    recipients = list(db.session.scalars(select(Outbox.recipient)))
    assert len(recipients) == len(set(recipients)) > 0


def jobs_run(job: str, day: date) -> str:
    from petitions.jobs import run_job

    return run_job(job, today=day).status
