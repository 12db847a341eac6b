"""Sealed identities: public-key encryption so intake can seal what only key holders can open.

A petitioner's identity (name, ID number, address, phone, email) is sealed with a hybrid
scheme: an ephemeral X25519 key agreement with the recipient public key, HKDF-SHA256 to derive
a one-time AES-256-GCM key, then AES-GCM over the JSON of the identity. The web process that
takes submissions needs only the public key file; the private key file lives outside the
database (by default in the instance folder, `seal_private.pem`) and may be kept off the
intake servers entirely, in which case they can seal but never unseal.

Blob layout (all binary):  b"S1" | key id (8) | ephemeral public key (32) | nonce (12) |
ciphertext with GCM tag. The key id is the first 8 bytes of SHA-256 of the recipient public
key; `unseal_identity` picks the matching private key among the current file and its dated
backups, so blobs sealed while a rotation ran stay readable.

Repeats must be found without unsealing: `id_number_digest` is an HMAC-SHA256 of the ID
number under a secret kept in the instance folder (`seal_digest_key`), never the clear number.

Keys are made by `petitions seal init` (which `petitions serve` runs first) or, failing that,
on first need; either way exactly once for every process sharing the folder (see ensure_keys).
"""

import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from petitions import secret_files
from petitions.config import persistent_secret

MAGIC = b"S1"
KEY_ID_LENGTH = 8
NONCE_LENGTH = 12
PUBLIC_LENGTH = 32
HEADER_LENGTH = len(MAGIC) + KEY_ID_LENGTH + PUBLIC_LENGTH + NONCE_LENGTH
INFO = b"petitions sealed identity v1"
IDENTITY_FIELDS = ("full_name", "id_number", "address", "phone", "email")


class SealError(Exception):
    """The identity cannot be unsealed here (no private key, wrong key, damaged blob)."""


@dataclass(frozen=True)
class KeyFiles:
    private: Path
    public: Path


def key_files() -> KeyFiles:
    """Where the key pair lives: PETITIONS_SEAL_*_KEY_FILE or the instance folder."""
    instance = Path(current_app.instance_path)
    private = current_app.config["SEAL_PRIVATE_KEY_FILE"] or instance / "seal_private.pem"
    public = current_app.config["SEAL_PUBLIC_KEY_FILE"] or instance / "seal_public.pem"
    return KeyFiles(Path(private), Path(public))


def _public_bytes(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: X25519PublicKey) -> bytes:
    return hashlib.sha256(_public_bytes(public_key)).digest()[:KEY_ID_LENGTH]


def _private_pem(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_public(path: Path, key: X25519PublicKey) -> None:
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    secret_files.replace(path, pem, mode=0o644)


def _lock_file(files: KeyFiles) -> Path:
    return files.private.parent / "seal_keys.lock"


def _read_private(path: Path) -> X25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, X25519PrivateKey):
        raise SealError(f"{path} is not an X25519 private key")
    return key


def _read_public(path: Path) -> X25519PublicKey:
    key = serialization.load_pem_public_key(path.read_bytes())
    if not isinstance(key, X25519PublicKey):
        raise SealError(f"{path} is not an X25519 public key")
    return key


def ensure_keys() -> KeyFiles:
    """The key pair, created if missing. A public key without its private key is left alone:
    that is a seal-only deployment.

    Workers of a fresh deployment may all get here at once. An flock serialises them and the
    winner's files are re-read after waiting; the private key is hard-linked into place, so
    even without the lock (a file system where flock is not shared) no process overwrites a
    key another already sealed with, and the public key is always derived from the private
    key on disk.
    """
    files = key_files()
    if files.public.exists():
        return files
    with secret_files.locked(_lock_file(files)):
        if not files.public.exists():
            if not files.private.exists():
                secret_files.create_new(files.private, _private_pem(X25519PrivateKey.generate()))
            _write_public(files.public, _read_private(files.private).public_key())
    return files


def init_keys() -> KeyFiles:
    """`petitions seal init`: make the key pair and the digest key now, before any request.
    Idempotent. Refuses a public key that does not belong to the private key beside it."""
    files = ensure_keys()
    if files.private.exists():
        derived = _public_bytes(_read_private(files.private).public_key())
        if derived != _public_bytes(_read_public(files.public)):
            raise SealError(f"{files.public} does not belong to {files.private}")
    _digest_key()
    return files


def public_key() -> X25519PublicKey:
    return _read_public(ensure_keys().public)


def can_unseal() -> bool:
    return ensure_keys().private.exists()


def _derive(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=INFO).derive(
        shared
    )


def seal_bytes(plaintext: bytes, recipient: X25519PublicKey) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _public_bytes(ephemeral.public_key())
    key = _derive(ephemeral.exchange(recipient), ephemeral_public, _public_bytes(recipient))
    nonce = os.urandom(NONCE_LENGTH)
    header = MAGIC + key_id(recipient) + ephemeral_public + nonce
    return header + AESGCM(key).encrypt(nonce, plaintext, header)


def unseal_bytes(blob: bytes, private: X25519PrivateKey) -> bytes:
    if len(blob) <= HEADER_LENGTH or not blob.startswith(MAGIC):
        raise SealError("not a sealed identity")
    header = blob[:HEADER_LENGTH]
    start = len(MAGIC) + KEY_ID_LENGTH
    ephemeral_public = blob[start : start + PUBLIC_LENGTH]
    nonce = blob[start + PUBLIC_LENGTH : HEADER_LENGTH]
    recipient = _public_bytes(private.public_key())
    shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    key = _derive(shared, ephemeral_public, recipient)
    try:
        return AESGCM(key).decrypt(nonce, blob[HEADER_LENGTH:], header)
    except InvalidTag:
        raise SealError("sealed identity damaged or sealed for another key") from None


def blob_key_id(blob: bytes) -> bytes:
    return blob[len(MAGIC) : len(MAGIC) + KEY_ID_LENGTH]


def _identity_json(data: dict) -> bytes:
    identity = {name: data.get(name) for name in IDENTITY_FIELDS if data.get(name)}
    return json.dumps(identity, ensure_ascii=False, sort_keys=True).encode()


def seal_identity(data: dict) -> bytes:
    """Encrypt the identity fields of `data` for the current public key."""
    return seal_bytes(_identity_json(data), public_key())


def _private_keyring() -> dict[bytes, X25519PrivateKey]:
    """The current private key and its dated backups, by key id."""
    files = ensure_keys()
    backups = sorted(files.private.parent.glob(files.private.name + ".*.bak"), reverse=True)
    staged = files.private.with_name(files.private.name + ".new")
    candidates = [files.private, staged, *backups]
    ring: dict[bytes, X25519PrivateKey] = {}
    for path in candidates:
        if path.exists():
            key = _read_private(path)
            ring.setdefault(key_id(key.public_key()), key)
    return ring


def unseal_identity(blob: bytes) -> dict:
    """The identity sealed in `blob`. Raises SealError where no matching private key exists.

    Callers must check who asks and record an IdentityReveal; this function only decrypts.
    """
    ring = _private_keyring()
    if not ring:
        raise SealError("no private key in this deployment")
    private = ring.get(blob_key_id(bytes(blob)))
    if private is None:
        raise SealError("sealed for a key this deployment does not hold")
    return json.loads(unseal_bytes(bytes(blob), private))


def _digest_key() -> bytes:
    configured = current_app.config["SEAL_DIGEST_KEY"]
    if configured:
        return configured.encode()
    return persistent_secret(current_app.instance_path, "seal_digest_key").encode()


_NOT_DIGITS = re.compile(r"\D")


def id_number_digest(id_number: str | None) -> str | None:
    """A keyed digest of the ID number: equal numbers give equal digests, nothing else leaks."""
    digits = _NOT_DIGITS.sub("", id_number or "")
    if not digits:
        return None
    return hmac.new(_digest_key(), digits.encode(), hashlib.sha256).hexdigest()


def rotate_keys(reencrypt, *, now: datetime) -> Path:
    """Make a new key pair and let `reencrypt(open_blob, seal_again)` rewrite every blob.

    `open_blob(blob) -> bytes` opens a blob sealed for any key of the keyring and
    `seal_again(plaintext) -> bytes` seals for the new key. The new private key is written
    first (as `<private>.new`), the caller re-encrypts and commits, then the old private key
    becomes `<private>.<stamp>.bak` and the new pair takes its place. A crash at any point
    leaves every blob readable by some file of the keyring. Returns the backup's path.
    """
    files = ensure_keys()
    if not files.private.exists():
        raise SealError("the private key is not on this machine; rotate where it is kept")
    ring = _private_keyring()
    new_private = X25519PrivateKey.generate()
    staged = files.private.with_name(files.private.name + ".new")
    secret_files.replace(staged, _private_pem(new_private))

    def open_blob(blob: bytes) -> bytes:
        key = ring.get(blob_key_id(bytes(blob)))
        if key is None:
            raise SealError("sealed for a key this deployment does not hold")
        return unseal_bytes(bytes(blob), key)

    def seal_again(plaintext: bytes) -> bytes:
        return seal_bytes(plaintext, new_private.public_key())

    reencrypt(open_blob, seal_again)
    backup = files.private.with_name(f"{files.private.name}.{now:%Y%m%d%H%M%S}.bak")
    with secret_files.locked(_lock_file(files)):
        files.private.replace(backup)
        staged.replace(files.private)
        _write_public(files.public, new_private.public_key())
    return backup
