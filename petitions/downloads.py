"""Files written to a temporary file and streamed from it: a large workbook never sits in
memory whole, and the file is deleted once sent (or once the server lets the response go)."""

import tempfile
from collections.abc import Callable, Iterator
from typing import BinaryIO

from flask import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Chunks:
    """A file's bytes as a response body; closing it (the server does, read or not) closes
    and so deletes the file."""

    def __init__(self, spool: BinaryIO, size: int = 64 * 1024):
        self.spool = spool
        self.size = size

    def __iter__(self) -> Iterator[bytes]:
        try:
            while chunk := self.spool.read(self.size):
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        self.spool.close()


def spooled(write: Callable[[BinaryIO], None], *, name: str, mimetype: str = XLSX) -> Response:
    """The response carrying what `write` writes, as an attachment named `name`."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _Chunks
    try:
        write(spool)
        length = spool.tell()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return Response(
        _Chunks(spool),
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Length": str(length),
        },
        direct_passthrough=True,
    )
