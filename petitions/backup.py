"""Backups that restore: one archive with the database, the seal keys and the uploaded files.

The archive is a tar.gz, mode 0600:

    database/petitions.sqlite3   SQLite's online backup  (or database/petitions.dump: pg_dump -Fc)
    keys/…                       seal private and public keys, dated private-key backups, the
                                 digest key and the secret_key file; with a passphrase every one
                                 but the public key is encrypted (scrypt, then AES-256-GCM with
                                 the member's name as associated data) and named *.enc
    uploads/…                    UPLOAD_FOLDER as it is
    manifest.json                written last: when, which backend and schema, the Alembic
                                 revision, and the role, size and SHA-256 of every member

The database is copied before the keys, so every identity sealed in the copy finds its key in
the archive even if a rotation runs meanwhile (the old key stays as a dated .bak).

PostgreSQL tools get the password through PGPASSWORD, never on their command line, where every
user of the machine could read it.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from glob import glob
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from flask import current_app
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from petitions import secret_files
from petitions.audit.chain import verify as verify_trail
from petitions.extensions import db
from petitions.sealing import key_files

FORMAT = "petitions-backup/1"
MANIFEST = "manifest.json"
DIGEST_KEY = "seal_digest_key"
SECRET_KEY = "secret_key"
ENCRYPTED_SUFFIX = ".enc"
SCRYPT_COST = {"n": 2**15, "r": 8, "p": 1}
NONCE_LENGTH = 12
KEY_ROLES = {"seal_private", "seal_public", "seal_backup", "digest_key", "secret_key"}
# Alembic's bookkeeping row says nothing about whether a database holds data.
BOOKKEEPING_TABLES = {"alembic_version"}


class BackupError(RuntimeError):
    pass


class RestoreRefused(BackupError):
    """The target already holds data or keys, and --force was not given."""


# --- where things are ----------------------------------------------------------------------


def _database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _backend(url: URL) -> str:
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"backup is not supported for {backend}")
    return backend


def search_schema(url: URL) -> str | None:
    """The schema a search_path in the URL's libpq options names (`options=-csearch_path=s`,
    as the test suite connects), or None for the default, public."""
    options = url.query.get("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    match = re.search(r"(?:-c\s*|--)search_path\s*=\s*([^\s,]+)", options)
    return match.group(1).strip('"') if match else None


def libpq_connection(url: URL) -> tuple[str, dict]:
    """A conninfo URI for pg_dump/pg_restore without the password, and the environment that
    carries it."""
    # URL.set() reads password=None as "unchanged"; the named tuple's _replace drops it.
    conninfo = url._replace(drivername="postgresql", password=None)
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return conninfo.render_as_string(hide_password=False), environment


def _postgres_tool(name: str) -> str:
    installed = glob(f"/usr/lib/postgresql/*/bin/{name}")
    newest = max(installed, key=lambda path: float(Path(path).parts[-3]), default=None)
    found = shutil.which(name) or newest
    if found is None:
        raise BackupError(f"{name} not found on PATH nor under /usr/lib/postgresql")
    return found


def _run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{Path(command[0]).name} failed")


def _instance() -> Path:
    return Path(current_app.instance_path)


def _upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def _key_files() -> list[tuple[str, Path]]:
    """(role, path) of every key file of this deployment that exists."""
    files = key_files()
    found = [("seal_private", files.private), ("seal_public", files.public)]
    found += [
        ("seal_backup", path) for path in files.private.parent.glob(files.private.name + ".*.bak")
    ]
    found.append(("seal_backup", files.private.with_name(files.private.name + ".new")))
    if not current_app.config["SEAL_DIGEST_KEY"]:
        found.append(("digest_key", _instance() / DIGEST_KEY))
    found.append(("secret_key", _instance() / SECRET_KEY))
    return [(role, path) for role, path in found if path.is_file()]


def _key_destination(role: str, name: str, archived_private: str) -> Path:
    """Where a key file of the archive goes here. Dated backups follow this deployment's name
    for the private key, so the keyring finds them."""
    files = key_files()
    if archived_private and name.startswith(archived_private):
        name = files.private.name + name.removeprefix(archived_private)
    return {
        "seal_private": files.private,
        "seal_public": files.public,
        "seal_backup": files.private.parent / name,
        "digest_key": _instance() / DIGEST_KEY,
        "secret_key": _instance() / SECRET_KEY,
    }[role]


def _upload_files() -> list[Path]:
    folder = _upload_folder()
    found = []
    for root, _folders, names in os.walk(folder):
        found += [Path(root, name) for name in names if Path(root, name).is_file()]
    return sorted(found)


# --- the passphrase ------------------------------------------------------------------------


def _key_from(passphrase: str, salt: bytes, cost: dict) -> AESGCM:
    derived = Scrypt(salt=salt, length=32, n=cost["n"], r=cost["r"], p=cost["p"])
    return AESGCM(derived.derive(passphrase.encode()))


def _encrypt(cipher: AESGCM, name: str, data: bytes) -> bytes:
    nonce = os.urandom(NONCE_LENGTH)
    return nonce + cipher.encrypt(nonce, data, name.encode())


def _decrypt(cipher: AESGCM, name: str, blob: bytes) -> bytes:
    try:
        return cipher.decrypt(blob[:NONCE_LENGTH], blob[NONCE_LENGTH:], name.encode())
    except InvalidTag:
        raise BackupError("wrong passphrase for the keys in this archive") from None


# --- writing -------------------------------------------------------------------------------


@dataclass
class Written:
    path: Path
    backend: str
    keys: int = 0
    uploads: int = 0
    keys_in_clear: bool = False

    def summary(self) -> str:
        keys = f"{self.keys} key files"
        if self.keys:
            keys += " (in clear)" if self.keys_in_clear else " (encrypted)"
        return (
            f"{self.path} ({self.path.stat().st_size} bytes): {self.backend} database, "
            f"{keys}, {self.uploads} uploads"
        )


class _HashingReader:
    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


@dataclass
class _ArchiveWriter:
    archive: tarfile.TarFile
    mtime: float
    files: list = field(default_factory=list)

    def _info(self, name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, self.mtime, 0o600
        return info

    def add_bytes(self, name: str, data: bytes, role: str | None, encrypted: bool = False) -> None:
        """Add a member; one without a role (the manifest) is not listed in the manifest."""
        self.archive.addfile(self._info(name, len(data)), io.BytesIO(data))
        if role is not None:
            self._record(name, role, len(data), hashlib.sha256(data).hexdigest(), encrypted)

    def add_file(self, name: str, path: Path, role: str) -> None:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            reader = _HashingReader(handle)
            self.archive.addfile(self._info(name, size), reader)
        self._record(name, role, size, reader.sha256.hexdigest(), False)

    def _record(self, name: str, role: str, size: int, sha256: str, encrypted: bool) -> None:
        self.files.append(
            {"name": name, "role": role, "size": size, "sha256": sha256, "encrypted": encrypted}
        )


def _alembic_revision(backend: str, copy: Path) -> str | None:
    """The schema revision of the copy (SQLite) or of the live database (PostgreSQL)."""
    query = "SELECT version_num FROM alembic_version"
    try:
        if backend == "sqlite":
            connection = sqlite3.connect(copy)
            try:
                return connection.execute(query).fetchone()[0]
            finally:
                connection.close()
        with db.engine.connect() as connection:
            return connection.execute(text(query)).scalar()
    except (sqlite3.Error, SQLAlchemyError, TypeError):
        return None


def _trail_heads(backend: str, copy: Path | None) -> dict:
    """Each hash chain's last place and hash (petitions.audit.chain), from the SQLite copy or the
    live database; empty for a database from before the chain."""
    query = "SELECT name, seq, hash FROM chain_heads"
    try:
        if copy is not None:
            connection = sqlite3.connect(copy)
            try:
                rows = connection.execute(query).fetchall()
            finally:
                connection.close()
        else:
            with db.engine.connect() as connection:
                rows = connection.execute(text(query)).all()
    except (sqlite3.Error, SQLAlchemyError):
        return {}
    return {name: {"seq": seq, "hash": digest} for name, seq, digest in rows}


def _copy_database(url: URL, scratch: Path) -> Path:
    if _backend(url) == "sqlite":
        if not url.database or not Path(url.database).is_file():
            raise BackupError(f"no SQLite database at {url.database}")
        copy = scratch / "petitions.sqlite3"
        source = sqlite3.connect(url.database, timeout=30)
        try:
            destination = sqlite3.connect(copy)
            with destination:
                source.backup(destination)
            destination.close()
        finally:
            source.close()
        return copy
    copy = scratch / "petitions.dump"
    conninfo, environment = libpq_connection(url)
    schema = search_schema(url)
    command = [_postgres_tool("pg_dump"), "--format=custom", "--file", str(copy)]
    if schema:
        command.append(f'--schema="{schema}"')
    _run([*command, conninfo], environment)
    return copy


def write_archive(target: Path, *, passphrase: str | None, now: datetime) -> Written:
    """Write the archive to `target` (replaced whole, only once complete)."""
    url = _database_url()
    backend = _backend(url)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    salt = os.urandom(16)
    cipher = _key_from(passphrase, salt, SCRYPT_COST) if passphrase else None
    written = Written(path=target, backend=backend)
    descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with (
            tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as scratch,
            os.fdopen(descriptor, "wb") as raw,
        ):
            with tarfile.open(fileobj=raw, mode="w:gz") as archive:
                writer = _ArchiveWriter(archive, now.timestamp())
                # Read before a PostgreSQL dump starts, so the dump holds at least these rows.
                heads = _trail_heads(backend, None)
                copy = _copy_database(url, Path(scratch))
                if backend == "sqlite":
                    heads = _trail_heads(backend, copy)
                writer.add_file(f"database/{copy.name}", copy, "database")
                for role, path in _key_files():
                    data = path.read_bytes()
                    name = f"keys/{path.name}"
                    if role == "seal_public":
                        writer.add_bytes(name, data, role)
                    elif cipher is not None:
                        name += ENCRYPTED_SUFFIX
                        writer.add_bytes(name, _encrypt(cipher, name, data), role, encrypted=True)
                    else:
                        writer.add_bytes(name, data, role)
                        written.keys_in_clear = True
                    written.keys += 1
                folder = _upload_folder()
                for path in _upload_files():
                    writer.add_file(
                        f"uploads/{path.relative_to(folder).as_posix()}", path, "upload"
                    )
                    written.uploads += 1
                manifest = {
                    "format": FORMAT,
                    "created_at": now.isoformat(),
                    "database_backend": backend,
                    "database_schema": search_schema(url) if backend == "postgresql" else None,
                    "database_extensions": _extensions(backend),
                    "alembic_revision": _alembic_revision(backend, copy),
                    "digest_key": "config SEAL_DIGEST_KEY"
                    if current_app.config["SEAL_DIGEST_KEY"]
                    else DIGEST_KEY,
                    "trail_heads": heads,
                    "keys_encrypted": cipher is not None,
                    "scrypt": {**SCRYPT_COST, "salt": salt.hex()} if cipher else None,
                    "files": writer.files,
                }
                writer.add_bytes(MANIFEST, json.dumps(manifest, indent=2).encode(), role=None)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return written


# --- restoring -----------------------------------------------------------------------------


def _check_trail(recorded: dict) -> list[str]:
    """Verify the restored chains and that each holds the head the backup recorded."""
    try:
        report = verify_trail(db.session)
    except SQLAlchemyError:
        db.session.rollback()
        return ["Audit trail not checked: the restored schema predates it (petitions db upgrade)."]
    notes = [f"Audit trail broken after restore: {b.describe()}" for b in report.breaks]
    for name, head in recorded.items():
        table = {"audit": "audit_entries", "events": "case_events"}.get(name)
        if table is None or not head["seq"]:
            continue
        found = db.session.execute(
            text(f"SELECT hash FROM {table} WHERE seq = :seq"), {"seq": head["seq"]}
        ).scalar()
        if found != head["hash"]:
            notes.append(
                f"Audit trail: the restored {name} chain does not hold the head the backup "
                f"recorded (place {head['seq']})."
            )
    db.session.rollback()
    if not notes and recorded:
        notes.append("Audit trail verified: it holds the heads the backup recorded.")
    return notes


@dataclass
class Restored:
    backend: str
    revision: str | None
    keys: int = 0
    uploads: int = 0
    notes: list = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Restored the {self.backend} database (revision {self.revision}), "
            f"{self.keys} key files, {self.uploads} uploads"
        )


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables_with_rows(url: URL) -> list[str]:
    if _backend(url) == "sqlite":
        if not url.database or not Path(url.database).is_file():
            return []
        read_only = Path(url.database).resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(read_only, uri=True, timeout=30)
        try:
            names = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            return [
                name
                for name in names
                if name not in BOOKKEEPING_TABLES
                and connection.execute(f"SELECT 1 FROM {_quoted(name)} LIMIT 1").fetchone()
            ]
        finally:
            connection.close()
    schema = search_schema(url) or "public"
    quote = db.engine.dialect.identifier_preparer.quote
    with db.engine.connect() as connection:
        names = connection.scalars(
            text(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = :schema "
                "AND table_type = 'BASE TABLE' ORDER BY table_name"
            ),
            {"schema": schema},
        ).all()
        return [
            name
            for name in names
            if name not in BOOKKEEPING_TABLES
            and connection.scalar(
                text(f"SELECT EXISTS (SELECT 1 FROM {quote(schema)}.{quote(name)})")
            )
        ]


def what_is_in_the_way(url: URL) -> list[str]:
    """Why restoring here would overwrite something: rows, keys, uploads already present.
    The secret_key file does not count: every start of the app creates one."""
    reasons = []
    tables = _tables_with_rows(url)
    if tables:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        reasons.append(f"the database has rows in {len(tables)} tables ({shown})")
    keys = [str(path) for role, path in _key_files() if role != "secret_key"]
    if keys:
        reasons.append(f"keys exist: {', '.join(keys)}")
    uploads = _upload_files()
    if uploads:
        reasons.append(f"{_upload_folder()} holds {len(uploads)} files")
    return reasons


def _safe_member(name: str) -> bool:
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return False
    if name == MANIFEST:
        return True
    return (parts[0] in ("database", "keys") and len(parts) == 2) or (
        parts[0] == "uploads" and len(parts) >= 2
    )


def _unpack(source: Path, scratch: Path) -> dict:
    """Extract every member into `scratch` and check it against the manifest."""
    digests = {}
    try:
        with tarfile.open(source, mode="r:gz") as archive:
            for member in archive:
                if not member.isfile() or not _safe_member(member.name):
                    raise BackupError(f"unexpected member in the archive: {member.name!r}")
                if member.name in digests:
                    raise BackupError(f"member twice in the archive: {member.name!r}")
                destination = scratch / member.name
                destination.parent.mkdir(parents=True, exist_ok=True)
                reader = _HashingReader(archive.extractfile(member))
                descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "wb") as handle:
                    shutil.copyfileobj(reader, handle)
                digests[member.name] = reader.sha256.hexdigest()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(f"cannot read the archive {source}: {error}") from None
    if MANIFEST not in digests:
        raise BackupError(f"{source} has no {MANIFEST}: not a petitions backup")
    try:
        manifest = json.loads((scratch / MANIFEST).read_text())
        listed = {entry["name"]: entry for entry in manifest["files"]}
    except (ValueError, KeyError, TypeError):
        raise BackupError(f"{source}: unreadable {MANIFEST}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not a {FORMAT} archive")
    extra = set(digests) - set(listed) - {MANIFEST}
    missing = set(listed) - set(digests)
    if extra or missing:
        raise BackupError(
            f"archive damaged: members {sorted(extra | missing)} differ from the manifest"
        )
    for name, entry in listed.items():
        if digests[name] != entry["sha256"]:
            raise BackupError(f"archive damaged: {name} does not match its SHA-256")
    return manifest


def _open_keys(
    manifest: dict, scratch: Path, passphrase: str | None
) -> list[tuple[str, str, bytes]]:
    """(role, file name, clear bytes) of every key in the archive."""
    cipher = None
    if manifest["keys_encrypted"]:
        if not passphrase:
            raise BackupError(
                "the keys in this archive are encrypted: set PETITIONS_BACKUP_PASSPHRASE "
                "or give --passphrase-stdin"
            )
        cost = manifest["scrypt"]
        cipher = _key_from(passphrase, bytes.fromhex(cost["salt"]), cost)
    keys = []
    for entry in manifest["files"]:
        if not entry["name"].startswith("keys/"):
            continue
        if entry["role"] not in KEY_ROLES:
            raise BackupError(f"{entry['name']}: unknown role {entry['role']!r}")
        data = (scratch / entry["name"]).read_bytes()
        name = entry["name"].removeprefix("keys/")
        if entry["encrypted"]:
            if cipher is None:
                raise BackupError(f"{entry['name']} is encrypted but the manifest says otherwise")
            data = _decrypt(cipher, entry["name"], data)
            name = name.removesuffix(ENCRYPTED_SUFFIX)
        keys.append((entry["role"], name, data))
    return keys


def _restore_sqlite(url: URL, copy: Path) -> None:
    # SQLite copies the pages into the configured file, WAL and all, as its backup would.
    database = Path(url.database)
    database.parent.mkdir(parents=True, exist_ok=True)
    if not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    source = sqlite3.connect(copy)
    try:
        destination = sqlite3.connect(database, timeout=30)
        try:
            source.backup(destination)
        finally:
            destination.close()
    except sqlite3.Error as error:
        raise BackupError(f"cannot restore into {database}: {error}") from None
    finally:
        source.close()


def _extensions(backend: str) -> list[dict]:
    """The PostgreSQL extensions the database uses (pg_trgm for case search): a dump of one
    schema leaves them out, so a restore into a fresh database creates them first."""
    if backend != "postgresql":
        return []
    query = (
        "SELECT e.extname, n.nspname FROM pg_extension e "
        "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' "
        "ORDER BY e.extname"
    )
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(text(query)).all()
    except SQLAlchemyError:
        return []
    return [{"name": name, "schema": schema} for name, schema in rows]


def _create_extensions(url: URL, extensions: list[dict]) -> None:
    if not extensions:
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            for extension in extensions:
                name, schema = extension["name"], extension["schema"]
                connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
                connection.execute(
                    text(f'CREATE EXTENSION IF NOT EXISTS "{name}" SCHEMA "{schema}"')
                )
    except DBAPIError as error:
        raise BackupError(
            f"the archive's database uses the extensions "
            f"{', '.join(e['name'] for e in extensions)}, which cannot be created here: "
            f"{error.orig}"
        ) from None
    finally:
        engine.dispose()


def _restore_postgres(url: URL, dump: Path, manifest: dict) -> None:
    archived = manifest["database_schema"] or "public"
    configured = search_schema(url) or "public"
    if archived != configured:
        raise BackupError(
            f"the archive holds schema {archived} but the configured database searches "
            f"{configured}; pg_restore cannot rename a schema: restore into a database whose URL "
            f"has options=-csearch_path={archived}"
        )
    _create_extensions(url, manifest.get("database_extensions") or [])
    conninfo, environment = libpq_connection(url)
    command = [
        _postgres_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        f"--dbname={conninfo}",
        str(dump),
    ]
    _run(command, environment)
    # A restored database has no planner statistics until autovacuum comes round: without them
    # the report queries take minutes instead of seconds.
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


def _restore_keys(keys: list[tuple[str, str, bytes]], *, now: datetime) -> None:
    private = key_files().private
    archived = {data for role, _name, data in keys if role in ("seal_private", "seal_backup")}
    if private.exists() and private.read_bytes() not in archived:
        # Only with --force: a key this deployment sealed with is kept, never overwritten.
        private.replace(private.with_name(f"{private.name}.{now:%Y%m%d%H%M%S}.bak"))
    archived_private = next((name for role, name, _data in keys if role == "seal_private"), "")
    order = {"seal_backup": 0, "seal_private": 1, "seal_public": 2}
    for role, name, data in sorted(keys, key=lambda key: order.get(key[0], 3)):
        mode = 0o644 if role == "seal_public" else secret_files.SECRET_MODE
        destination = _key_destination(role, name, archived_private)
        secret_files.replace(destination, data, mode=mode)


def restore_archive(
    source: Path, *, passphrase: str | None, force: bool, now: datetime
) -> Restored:
    """Restore the archive into the configured database, key files and upload folder."""
    url = _database_url()
    backend = _backend(url)
    if not force:
        reasons = what_is_in_the_way(url)
        if reasons:
            raise RestoreRefused(
                "refusing to restore over existing data: "
                + "; ".join(reasons)
                + ". Give --force to overwrite."
            )
    instance = _instance()
    instance.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=instance, prefix=".restore-") as folder:
        scratch = Path(folder)
        manifest = _unpack(Path(source), scratch)
        if manifest["database_backend"] != backend:
            raise BackupError(
                f"the archive holds a {manifest['database_backend']} database; "
                f"the configured one is {backend}"
            )
        keys = _open_keys(manifest, scratch, passphrase)
        restored = Restored(backend=backend, revision=manifest["alembic_revision"])
        (database,) = [e["name"] for e in manifest["files"] if e["role"] == "database"]
        # Our own connections would hold locks pg_restore waits for, or stale SQLite pages.
        db.session.remove()
        db.engine.dispose()
        if backend == "sqlite":
            _restore_sqlite(url, scratch / database)
        else:
            _restore_postgres(url, scratch / database, manifest)
        db.engine.dispose()
        _restore_keys(keys, now=now)
        restored.keys = len(keys)
        folder_for_uploads = _upload_folder()
        for entry in manifest["files"]:
            if entry["role"] == "upload":
                destination = folder_for_uploads / entry["name"].removeprefix("uploads/")
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(scratch / entry["name"], destination)
                restored.uploads += 1
    restored.notes.extend(_check_trail(manifest.get("trail_heads") or {}))
    if manifest["digest_key"] != DIGEST_KEY:
        restored.notes.append(
            "The digest key came from the setting SEAL_DIGEST_KEY: set it here to the same value."
        )
    elif current_app.config["SEAL_DIGEST_KEY"]:
        restored.notes.append(
            f"SEAL_DIGEST_KEY is set here, so the restored {DIGEST_KEY} file is not used: "
            "unset it, or repeats sealed before the backup will not be found."
        )
    return restored
