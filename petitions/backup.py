"""Consistent database copies while the app runs: SQLite's online backup, or pg_dump."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def backup_database(target: str) -> str:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        temporary = path.with_suffix(path.suffix + ".part")
        source = sqlite3.connect(url.database, timeout=30)
        try:
            destination = sqlite3.connect(temporary)
            with destination:
                source.backup(destination)
            destination.close()
        finally:
            source.close()
        temporary.replace(path)
        return f"{path} ({path.stat().st_size} bytes)"
    if url.get_backend_name() == "postgresql":
        if shutil.which("pg_dump") is None:
            raise BackupError("pg_dump not found on PATH")
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--file", str(path), conninfo],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip())
        return f"{path} ({path.stat().st_size} bytes)"
    raise BackupError(f"backup is not supported for {url.get_backend_name()}")
