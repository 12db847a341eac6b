"""Sealed identities: sealing needs only the public key, unsealing the private key file."""

import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from petitions import sealing
from petitions.cases.models import Petitioner
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
