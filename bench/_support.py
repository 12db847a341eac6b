"""Shared by the benchmark scripts: the app on a generated database, timing, and output lines."""

from __future__ import annotations

import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
# Sealing keys and the digest key of the generated data live apart from a developer's instance.
os.environ.setdefault("PETITIONS_INSTANCE_PATH", str(OUT / "instance"))

DEFAULT_SIZES = (10_000, 100_000)
BIG_SIZE = 1_000_000


def label(cases: int) -> str:
    """10000 -> "10k", 1000000 -> "1M"."""
    if cases >= 1_000_000 and cases % 1_000_000 == 0:
        return f"{cases // 1_000_000}M"
    if cases >= 1000 and cases % 1000 == 0:
        return f"{cases // 1000}k"
    return str(cases)


def sqlite_path(cases: int) -> Path:
    return OUT / f"bench-{cases}.sqlite3"


def sqlite_url(cases: int) -> str:
    return "sqlite:///" + str(sqlite_path(cases))


def metadata_path(cases: int) -> Path:
    return OUT / f"bench-{cases}.json"


def app_config(url: str, **extra) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "bench-secret",
        "SEAL_DIGEST_KEY": "bench-digest-key",
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": False,
        "SCHEDULER_ENABLED": False,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 1,
        **extra,
    }


def make_app(url: str, **extra):
    from petitions import create_app

    app = create_app(app_config(url, **extra))
    # create_app logs every request at INFO outside tests; the figures are what we print.
    logging.getLogger().setLevel(logging.WARNING)
    return app


def ensure_database(cases: int, *, seed: int = 2026) -> dict:
    """The generated SQLite database of `cases` cases (generated now if missing) and its facts."""
    if not sqlite_path(cases).exists() or not metadata_path(cases).exists():
        print(f"generating {label(cases)} cases (once; kept in {OUT}) ...", flush=True)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "--cases", str(cases)]
            + ["--seed", str(seed)],
            check=True,
        )
    facts = json.loads(metadata_path(cases).read_text())
    facts["today"] = date.fromisoformat(facts["today"])
    return facts


def bearer_for(username: str) -> dict:
    """Headers with a fresh API token for `username` (inside an app context; commits)."""
    from sqlalchemy import select

    from petitions.accounts.models import User
    from petitions.accounts.services import create_token
    from petitions.extensions import db

    user = db.session.scalar(select(User).where(User.username == username))
    token = create_token(user, "bench")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def median_ms(call: Callable[[], object], *, repeats: int, warmup: int = 2) -> float:
    """Median wall time of `call` in milliseconds, after `warmup` untimed calls."""
    for _ in range(warmup):
        call()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def ratio_line(name: str, sizes: Sequence[int], values: Sequence[float], unit: str = "ms") -> str:
    """E.g. `overdue API: 10k 4.1 ms, 100k 6.3 ms, ratio 1.5 (data ratio 10)`."""
    parts = [f"{label(n)} {v:.1f} {unit}" for n, v in zip(sizes, values, strict=True)]
    line = f"{name}: " + ", ".join(parts)
    if len(sizes) >= 2 and values[0] > 0:
        line += f", ratio {values[-1] / values[0]:.1f} (data ratio {sizes[-1] / sizes[0]:.0f})"
    return line


def explain_sqlite(session, statement) -> list[str]:
    """EXPLAIN QUERY PLAN of a SQLAlchemy statement on SQLite, one line per step."""
    compiled = statement.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return [f"  {'  ' * (0 if row[1] == 0 else 1)}{row[-1]}" for row in rows]
