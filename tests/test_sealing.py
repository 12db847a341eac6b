"""Sealed identities: sealing needs only the public key, unsealing the private key file."""

import hashlib
import hmac
import json
import logging
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from petitions import sealing
from petitions.cases.models import Petitioner
from petitions.config import persistent_secret
from petitions.extensions import db

IDENTITY = {
    "full_name": "Vàng Mí Dũng",
    "id_number": "002090001111",
    "address": "Xã Lũng Cú, huyện Đồng Văn",
    "phone": "0987654321",
    "email": "dung@example.vn",
}


def test_a_sealed_identity_opens_again_with_the_private_key(app):
    blob = sealing.seal_identity(IDENTITY)

    assert sealing.unseal_identity(blob) == IDENTITY
    for value in IDENTITY.values():
        assert value.encode() not in blob


def test_the_key_pair_is_created_on_first_use_with_a_private_file_only_the_owner_reads(app):
    files = sealing.ensure_keys()

    assert files.private.exists() and files.public.exists()
    assert files.private.stat().st_mode & 0o077 == 0
    assert files.private.parent == files.public.parent


def test_sealing_twice_gives_different_blobs(app):
    assert sealing.seal_identity(IDENTITY) != sealing.seal_identity(IDENTITY)


def test_a_process_with_only_the_public_key_can_seal_but_never_unseal(app, tmp_path):
    sealing.ensure_keys()
    files = sealing.key_files()
    public_only = tmp_path / "public-only"
    public_only.mkdir()
    (public_only / "seal_public.pem").write_bytes(files.public.read_bytes())
    app.config["SEAL_PUBLIC_KEY_FILE"] = str(public_only / "seal_public.pem")
    app.config["SEAL_PRIVATE_KEY_FILE"] = str(public_only / "seal_private.pem")

    blob = sealing.seal_identity(IDENTITY)

    assert not sealing.can_unseal()
    assert not (public_only / "seal_private.pem").exists()
    with pytest.raises(sealing.SealError):
        sealing.unseal_identity(blob)
    app.config["SEAL_PUBLIC_KEY_FILE"] = str(files.public)
    app.config["SEAL_PRIVATE_KEY_FILE"] = str(files.private)
    assert sealing.unseal_identity(blob) == IDENTITY


def test_a_tampered_blob_is_refused(app):
    blob = bytearray(sealing.seal_identity(IDENTITY))
    blob[-1] ^= 1

    with pytest.raises(sealing.SealError):
        sealing.unseal_identity(bytes(blob))


def test_the_id_number_digest_matches_repeats_without_revealing_the_number(app):
    first = sealing.id_number_digest("002090001111")

    assert first == sealing.id_number_digest("002 090 001 111")
    assert first != sealing.id_number_digest("002090001112")
    assert "002090001111" not in first
    assert sealing.id_number_digest(None) is None


def test_the_digest_is_keyed_by_the_instance_secret(app):
    before = sealing.id_number_digest("002090001111")
    app.config["SEAL_DIGEST_KEY"] = "another secret"

    assert sealing.id_number_digest("002090001111") != before


def _sealed_case(client):
    from tests.factories import create_unit
    from tests.intake.helpers import person, petition

    create_unit(code="HG", name="Tỉnh Hà Giang", level="province")
    response = client.post(
        "/api/v1/petitions",
        json=petition(kind="denunciation", petitioner=person(**IDENTITY)),
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_rotate_command_reencrypts_every_identity_and_keeps_a_dated_backup(app, client, runner):
    _sealed_case(client)
    before = db.session.scalar(select(Petitioner.sealed_identity))
    old_private = sealing.key_files().private.read_bytes()

    result = runner.invoke(args=["seal", "rotate-key"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    after = db.session.scalar(select(Petitioner.sealed_identity))
    assert after != before
    assert sealing.blob_key_id(after) != sealing.blob_key_id(before)
    assert sealing.unseal_identity(after)["full_name"] == IDENTITY["full_name"]
    backups = list(sealing.key_files().private.parent.glob("seal_private.pem.*.bak"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == old_private
    assert sealing.key_files().private.read_bytes() != old_private
    assert "1" in result.output


def test_a_blob_sealed_with_the_old_key_during_a_rotation_stays_readable(app):
    old_blob = sealing.seal_identity(IDENTITY)

    sealing.rotate_keys(lambda open_blob, seal_again: None, now=datetime.now(UTC))

    assert sealing.unseal_identity(old_blob) == IDENTITY
    new_blob = sealing.seal_identity(IDENTITY)
    assert sealing.blob_key_id(new_blob) != sealing.blob_key_id(old_blob)


def test_a_sealed_identity_is_never_in_the_search_index_logs_or_clear_columns(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    app.logger.setLevel(logging.DEBUG)

    _sealed_case(client)

    from petitions.cases.models import Case

    case = db.session.scalar(select(Case))
    row = case.petitioners[0]
    assert case.sealed is True
    assert (row.full_name, row.id_number, row.address, row.phone, row.email) == (None,) * 5
    assert row.name_folded is None
    assert case.notify_email == "sealed"
    searchable = case.search_text
    logged = caplog.text
    for value in IDENTITY.values():
        assert value.lower() not in searchable
        assert value not in logged
    assert "vang mi dung" not in searchable
    assert "dung" not in searchable.split()


def test_the_receipt_email_of_a_sealed_case_is_stored_only_sealed(app, client):
    from petitions.notifications.models import Outbox

    _sealed_case(client)

    row = db.session.scalar(select(Outbox))
    assert row.sealed is True
    assert row.recipient in (None, "")
    assert IDENTITY["email"].encode() not in row.sealed_payload
    opened = sealing.unseal_identity(row.sealed_payload)
    assert opened["email"] == IDENTITY["email"]
    assert IDENTITY["full_name"] not in opened["body"]


# Each worker builds the app on the shared instance folder, waits until every worker is ready,
# then seals at once: the first use of a fresh deployment under `gunicorn -w N`.
SEALING_WORKER = """
import json, os, sys, time
from pathlib import Path
from petitions import create_app, sealing

app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": sys.argv[1]})
Path(sys.argv[2]).touch()
while not Path(sys.argv[3]).exists():
    time.sleep(0.0005)
with app.app_context():
    blob = sealing.seal_identity({"full_name": "Người " + str(os.getpid())})
    digest = sealing.id_number_digest("002090001111")
print(json.dumps({"blob": blob.hex(), "digest": digest, "secret": app.config["SECRET_KEY"]}))
"""


def test_workers_starting_together_on_a_fresh_deployment_share_one_key_pair(app, tmp_path):
    instance = tmp_path / "instance"
    environment = {**os.environ, "PETITIONS_INSTANCE_PATH": str(instance)}
    database = "sqlite:///" + str(tmp_path / "petitions.sqlite3")
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", SEALING_WORKER, database, tmp_path / f"ready-{n}", go],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(6)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < len(workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        results.append(json.loads(out.splitlines()[-1]))

    app.config["SEAL_PRIVATE_KEY_FILE"] = str(instance / "seal_private.pem")
    app.config["SEAL_PUBLIC_KEY_FILE"] = str(instance / "seal_public.pem")
    for result in results:
        assert sealing.unseal_identity(bytes.fromhex(result["blob"]))["full_name"].startswith(
            "Người"
        )
    assert sorted(p.name for p in instance.iterdir() if ".pem" in p.name or "tmp" in p.name) == [
        "seal_private.pem",
        "seal_public.pem",
    ]
    digest_key = (instance / "seal_digest_key").read_text().strip().encode()
    expected = hmac.new(digest_key, b"002090001111", hashlib.sha256).hexdigest()
    assert {r["digest"] for r in results} == {expected}
    assert {r["secret"] for r in results} == {(instance / "secret_key").read_text()}
    for name in ("seal_private.pem", "seal_digest_key", "secret_key"):
        assert (instance / name).stat().st_mode & 0o777 == 0o600, name


def test_workers_creating_the_digest_key_together_all_use_the_one_on_disk(tmp_path):
    def create(folder, barrier):
        barrier.wait()
        return persistent_secret(str(folder), "seal_digest_key")

    with ThreadPoolExecutor(8) as pool:
        for attempt in range(20):
            folder = tmp_path / str(attempt)
            barrier = threading.Barrier(8)
            values = set(pool.map(create, [folder] * 8, [barrier] * 8))

            assert values == {(folder / "seal_digest_key").read_text()}
            assert (folder / "seal_digest_key").stat().st_mode & 0o777 == 0o600


def _keys_in(app, folder):
    app.config["SEAL_PRIVATE_KEY_FILE"] = str(folder / "seal_private.pem")
    app.config["SEAL_PUBLIC_KEY_FILE"] = str(folder / "seal_public.pem")
    return folder / "seal_private.pem", folder / "seal_public.pem"


def test_seal_init_creates_the_key_pair_once_and_changes_nothing_when_rerun(app, runner, tmp_path):
    private, public = _keys_in(app, tmp_path)

    first = runner.invoke(args=["seal", "init"])
    keys = (private.read_bytes(), public.read_bytes())
    again = runner.invoke(args=["seal", "init"])

    assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
    assert (private.read_bytes(), public.read_bytes()) == keys
    assert private.stat().st_mode & 0o777 == 0o600
    assert (Path(app.instance_path) / "seal_digest_key").exists()


def test_seal_init_refuses_a_public_key_that_belongs_to_another_private_key(app, runner, tmp_path):
    private, public = _keys_in(app, tmp_path)
    runner.invoke(args=["seal", "init"])
    other = tmp_path / "other"
    _keys_in(app, other)
    sealing.ensure_keys()
    public.write_bytes((other / "seal_public.pem").read_bytes())
    _keys_in(app, tmp_path)

    result = runner.invoke(args=["seal", "init"])

    assert result.exit_code == 2
    assert "seal_public.pem does not belong to" in result.output


def test_serve_creates_the_seal_keys_before_it_serves(app, runner, tmp_path, monkeypatch):
    private, public = _keys_in(app, tmp_path)
    app.config["SCHEDULER_ENABLED"] = False
    keys_when_serving = []
    monkeypatch.setattr(
        "waitress.serve", lambda *args, **kwargs: keys_when_serving.append(public.exists())
    )

    result = runner.invoke(args=["serve"])

    assert result.exit_code == 0, result.output
    assert keys_when_serving == [True]
    assert private.exists()
