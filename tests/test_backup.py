"""Backups restore: one archive brings the database, the seal keys and the uploads to a fresh
deployment, where sealed identities open again. Runs on SQLite, and on PostgreSQL with
PETITIONS_TEST_DATABASE_URL (the fresh deployment then gets a database of its own)."""

import hashlib
import io
import json
import tarfile
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from petitions import create_app, jobs, sealing
from petitions.audit.chain import heads as trail_heads
from petitions.backup import what_is_in_the_way
from petitions.cases.models import Petitioner
from petitions.extensions import db
from petitions.units.models import Unit
from tests.conftest import POSTGRES_URL
from tests.factories import create_unit
from tests.intake.helpers import person, petition

IDENTITY = {"full_name": "Vàng Mí Dũng", "id_number": "002090001111", "phone": "0987654321"}
UPLOAD = ("3f/3f0a9c.pdf", b"%PDF-1.4 evidence\n%%EOF\n")


def _sealed_petition(client):
    create_unit(code="HG", name="Tỉnh Hà Giang", level="province")
    response = client.post(
        "/api/v1/petitions", json=petition(kind="denunciation", petitioner=person(**IDENTITY))
    )
    assert response.status_code == 201, response.get_json()


def _deployment_with_data(app, client):
    """Deployment A: a sealed petition in the database, an identity sealed apart, an upload."""
    _sealed_petition(client)
    upload = Path(app.config["UPLOAD_FOLDER"]) / UPLOAD[0]
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(UPLOAD[1])
    return sealing.seal_identity(IDENTITY)


@pytest.fixture
def fresh_database_url(database_url, tmp_path):
    """An empty database of the same backend: a new SQLite file, or a new PostgreSQL database
    searched with the same schema name (pg_restore cannot rename a schema)."""
    if not POSTGRES_URL:
        yield "sqlite:///" + str(tmp_path / "fresh" / "petitions.sqlite3")
        return
    name = f"restore_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def fresh(app, fresh_database_url, tmp_path, monkeypatch):
    """Deployment B: a new instance folder and an empty database."""
    instance = tmp_path / "b"
    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(instance))
    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "b",
            "SQLALCHEMY_DATABASE_URI": fresh_database_url,
            "UPLOAD_FOLDER": str(instance / "uploads"),
            "RATELIMIT_ENABLED": False,
        }
    )
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _backup(runner, target, *args, **kwargs):
    result = runner.invoke(args=["backup", str(target), *args], **kwargs)
    assert result.exit_code == 0, result.output
    return result


def _restore(deployment, source, *args, **kwargs):
    return deployment.test_cli_runner().invoke(args=["restore", str(source), *args], **kwargs)


def _members(archive) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar}


def test_a_restored_backup_opens_its_sealed_identities_on_a_fresh_deployment(
    app, client, runner, fresh, tmp_path
):
    blob = _deployment_with_data(app, client)
    digest = sealing.id_number_digest(IDENTITY["id_number"])
    archive = tmp_path / "backup.tar.gz"
    _backup(runner, archive)

    with fresh.app_context():
        result = _restore(fresh, archive)

        assert result.exit_code == 0, result.output
        assert "Audit trail verified" in result.output
        assert db.session.scalar(sa.select(Unit.name).where(Unit.code == "HG")) == "Tỉnh Hà Giang"
        sealed = db.session.scalar(sa.select(Petitioner.sealed_identity))
        assert sealing.unseal_identity(sealed)["full_name"] == IDENTITY["full_name"]
        assert sealing.unseal_identity(blob) == IDENTITY
        assert sealing.id_number_digest(IDENTITY["id_number"]) == digest
        assert (Path(fresh.config["UPLOAD_FOLDER"]) / UPLOAD[0]).read_bytes() == UPLOAD[1]
        private = [sealing.key_files().private, Path(fresh.instance_path) / "seal_digest_key"]
        url = make_url(fresh.config["SQLALCHEMY_DATABASE_URI"])
        if url.get_backend_name() == "sqlite":
            private.append(Path(url.database))
        for path in private:
            assert path.stat().st_mode & 0o777 == 0o600, path


def test_the_archive_holds_database_keys_uploads_and_a_manifest_of_their_sha256(
    app, client, runner, tmp_path
):
    _deployment_with_data(app, client)
    archive = tmp_path / "backup.tar.gz"

    result = _backup(runner, archive)

    members = _members(archive)
    manifest = json.loads(members.pop("manifest.json"))
    assert manifest["database_backend"] == db.engine.dialect.name
    assert manifest["alembic_revision"] == db.session.scalar(
        sa.text("SELECT version_num FROM alembic_version")
    )
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    assert manifest["trail_heads"] == trail_heads(db.session)
    assert manifest["trail_heads"]["events"]["seq"] >= 1
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert set(listed) == set(members)
    for name, data in members.items():
        assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest()
    roles = {entry["role"] for entry in manifest["files"]}
    assert {"database", "seal_private", "seal_public", "digest_key", "upload"} <= roles
    assert members["uploads/" + UPLOAD[0]] == UPLOAD[1]
    assert members["keys/seal_private.pem"] == sealing.key_files().private.read_bytes()
    assert result.stdout.startswith(f"{archive} (")
    assert len(result.stdout.splitlines()) == 1


def test_without_a_passphrase_the_archive_is_private_to_its_owner_and_the_command_warns(
    app, client, runner, tmp_path
):
    _deployment_with_data(app, client)
    archive = tmp_path / "backup.tar.gz"

    result = _backup(runner, archive)

    assert archive.stat().st_mode & 0o777 == 0o600
    assert "WARNING" in result.stderr and "IN CLEAR" in result.stderr


def test_with_a_passphrase_the_keys_are_encrypted_and_restore_needs_it(
    app, client, runner, fresh, tmp_path
):
    blob = _deployment_with_data(app, client)
    app.config["BACKUP_PASSPHRASE"] = "đúng mật khẩu"
    archive = tmp_path / "backup.tar.gz"

    result = _backup(runner, archive)

    assert "WARNING" not in result.stderr
    members = _members(archive)
    secrets = [
        sealing.key_files().private.read_bytes(),
        (Path(app.instance_path) / "seal_digest_key").read_bytes(),
    ]
    for data in members.values():
        assert not any(secret in data for secret in secrets)
    assert "keys/seal_private.pem.enc" in members and "keys/seal_public.pem" in members
    with fresh.app_context():
        without = _restore(fresh, archive)
        wrong = _restore(fresh, archive, "--passphrase-stdin", input="sai mật khẩu\n")
        assert (without.exit_code, wrong.exit_code) == (2, 2)
        assert "PETITIONS_BACKUP_PASSPHRASE" in without.output
        assert "wrong passphrase" in wrong.output
        assert not sealing.key_files().private.exists()

        right = _restore(fresh, archive, "--passphrase-stdin", input="đúng mật khẩu\n")

        assert right.exit_code == 0, right.output
        assert sealing.unseal_identity(blob) == IDENTITY


def test_restore_refuses_a_database_that_already_has_rows(app, client, runner, tmp_path):
    _deployment_with_data(app, client)
    archive = tmp_path / "backup.tar.gz"
    _backup(runner, archive)

    result = runner.invoke(args=["restore", str(archive)])

    assert result.exit_code == 2
    assert "the database has rows" in result.output and "--force" in result.output


def test_restore_refuses_where_seal_keys_exist_even_with_an_empty_database(
    app, client, runner, fresh, tmp_path
):
    _deployment_with_data(app, client)
    archive = tmp_path / "backup.tar.gz"
    _backup(runner, archive)
    with fresh.app_context():
        fresh.test_cli_runner().invoke(args=["seal", "init"])
        own_key = sealing.key_files().private.read_bytes()

        result = _restore(fresh, archive)

        assert result.exit_code == 2
        assert "keys exist" in result.output and "seal_private.pem" in result.output
        assert sealing.key_files().private.read_bytes() == own_key
        url = make_url(fresh.config["SQLALCHEMY_DATABASE_URI"])
        assert not any("rows" in reason for reason in what_is_in_the_way(url))


def test_a_forced_restore_replaces_the_data_but_keeps_the_key_it_replaces(
    app, client, runner, fresh, tmp_path
):
    blob = _deployment_with_data(app, client)
    archive = tmp_path / "backup.tar.gz"
    _backup(runner, archive)
    with fresh.app_context():
        fresh.test_cli_runner().invoke(args=["seal", "init"])
        sealed_before = sealing.seal_identity({"full_name": "Lò Thị Mai"})

        result = _restore(fresh, archive, "--force")

        assert result.exit_code == 0, result.output
        assert sealing.unseal_identity(blob) == IDENTITY
        assert sealing.unseal_identity(sealed_before) == {"full_name": "Lò Thị Mai"}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Petitioner)) == 1


def test_a_damaged_archive_is_refused_before_anything_is_restored(
    app, client, runner, fresh, tmp_path
):
    _deployment_with_data(app, client)
    archive = tmp_path / "backup.tar.gz"
    _backup(runner, archive)
    members = _members(archive)
    members["uploads/" + UPLOAD[0]] = b"%PDF-1.4 altered\n%%EOF\n"
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

    with fresh.app_context():
        result = _restore(fresh, damaged)

        assert result.exit_code == 2
        assert "does not match its SHA-256" in result.output
        assert not sealing.key_files().private.exists()
        assert not (Path(fresh.config["UPLOAD_FOLDER"]) / UPLOAD[0]).exists()


def test_postgres_tools_get_the_password_from_the_environment_not_the_command_line(
    app, tmp_path, monkeypatch
):
    from petitions import backup

    calls = []

    def run(command, **kwargs):
        calls.append((command, kwargs["env"]))
        Path(command[command.index("--file") + 1]).write_bytes(b"PGDMP")
        return backup.subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(backup.subprocess, "run", run)
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        "postgresql+psycopg://petitions:s3cr%40t@db.example/petitions?options=-csearch_path%3Dtinh"
    )

    backup.write_archive(tmp_path / "backup.tar.gz", passphrase=None, now=datetime.now(UTC))

    ((command, environment),) = calls
    assert not any("s3cr" in argument for argument in command)
    assert environment["PGPASSWORD"] == "s3cr@t"
    assert command[-1] == "postgresql://petitions@db.example/petitions?options=-csearch_path%3Dtinh"
    assert '--schema="tinh"' in command


def test_the_nightly_backup_writes_the_same_archive_and_keeps_the_newest(app, client, tmp_path):
    _deployment_with_data(app, client)
    app.config.update(
        BACKUP_FOLDER=str(tmp_path / "backups"), BACKUP_KEEP=2, BACKUP_PASSPHRASE="mật khẩu"
    )

    for day in (1, 2, 3):
        assert jobs.run_job("nightly_backup", today=date(2026, 3, day)).status == "done"

    archives = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert archives == ["2026-03-02.tar.gz", "2026-03-03.tar.gz"]
    members = _members(tmp_path / "backups" / "2026-03-03.tar.gz")
    assert "keys/seal_private.pem.enc" in members
    assert "uploads/" + UPLOAD[0] in members
    assert json.loads(members["manifest.json"])["keys_encrypted"] is True


@pytest.mark.skipif(not POSTGRES_URL, reason="a PostgreSQL schema")
def test_restore_into_a_postgresql_schema_of_another_name_is_refused_saying_why(
    app, client, runner, fresh, tmp_path
):
    _deployment_with_data(app, client)
    archive = tmp_path / "backup.tar.gz"
    _backup(runner, archive)
    url = make_url(fresh.config["SQLALCHEMY_DATABASE_URI"])
    fresh.config["SQLALCHEMY_DATABASE_URI"] = url.update_query_dict(
        {"options": "-csearch_path=elsewhere"}
    ).render_as_string(hide_password=False)

    with fresh.app_context():
        result = _restore(fresh, archive)

    assert result.exit_code == 2
    assert "cannot rename a schema" in result.output


def test_identities_sealed_before_a_key_rotation_open_after_restore_under_other_key_names(
    app, client, runner, fresh, tmp_path
):
    app.config["SEAL_PRIVATE_KEY_FILE"] = str(tmp_path / "a" / "seal_private.pem")
    app.config["SEAL_PUBLIC_KEY_FILE"] = str(tmp_path / "a" / "seal_public.pem")
    before_rotation = _deployment_with_data(app, client)
    sealing.rotate_keys(lambda open_blob, seal_again: None, now=datetime(2026, 3, 1, tzinfo=UTC))
    archive = tmp_path / "backup.tar.gz"
    _backup(runner, archive)
    fresh.config["SEAL_PRIVATE_KEY_FILE"] = str(tmp_path / "keys" / "private.pem")
    fresh.config["SEAL_PUBLIC_KEY_FILE"] = str(tmp_path / "keys" / "public.pem")

    with fresh.app_context():
        result = _restore(fresh, archive)

        assert result.exit_code == 0, result.output
        assert sealing.unseal_identity(before_rotation) == IDENTITY
    assert sorted(p.name for p in (tmp_path / "keys").glob("*.pem*")) == [
        "private.pem",
        "private.pem.20260301000000.bak",
        "public.pem",
    ]
