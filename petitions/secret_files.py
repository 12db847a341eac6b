"""Secret files (keys, persistent secrets): written whole, mode 0600, created once across processes.

Several web workers start together on a fresh deployment, so "if missing, write" must never
let a second process overwrite what the first one wrote and already used. A new file is written
to a private temporary file and hard-linked into place: the link fails if the name exists, so
exactly one writer wins and every reader sees the file complete or not at all.
"""

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SECRET_MODE = 0o600


def _temporary_copy(path: Path, data: bytes, mode: int) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def create_new(path: Path, data: bytes, *, mode: int = SECRET_MODE) -> bool:
    """Create `path` holding `data` unless it exists; True when this call created it."""
    temporary = _temporary_copy(path, data, mode)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    finally:
        os.unlink(temporary)
    _sync_folder(path.parent)
    return True


def replace(path: Path, data: bytes, *, mode: int = SECRET_MODE) -> None:
    """Write `path` whole, replacing any previous content in one rename."""
    temporary = _temporary_copy(path, data, mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    _sync_folder(path.parent)


@contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive flock on `lock_file` (created if needed) across processes."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, SECRET_MODE)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
