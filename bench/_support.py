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
from typing import NamedTuple

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


class Timing(NamedTuple):
    """Median milliseconds of wall clock, and of this process's CPU.

    SQLite runs inside the process, so on a machine shared with other work the CPU figure is
    the steadier one; the wall figure is what a user waits.
    """

    wall: float
    cpu: float


def median_ms(call: Callable[[], object], *, repeats: int, warmup: int = 2) -> Timing:
    """Median time of `call` in milliseconds, after `warmup` untimed calls."""
    for _ in range(warmup):
        call()
    walls, cpus = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        call()
        cpus.append(time.process_time() - cpu_started)
        walls.append(time.perf_counter() - started)
    return Timing(statistics.median(walls) * 1000, statistics.median(cpus) * 1000)


def ratio_line(name: str, sizes: Sequence[int], values: Sequence[Timing]) -> str:
    """E.g. `overdue API: 10k 4.1 ms, 100k 6.3 ms, ratio 1.5 (data ratio 10); cpu ...`."""
    parts = [f"{label(n)} {v.wall:.1f} ms" for n, v in zip(sizes, values, strict=True)]
    line = f"{name}: " + ", ".join(parts)
    if len(sizes) >= 2 and values[0].wall > 0 and values[0].cpu > 0:
        line += (
            f", ratio {values[-1].wall / values[0].wall:.1f}"
            f" (data ratio {sizes[-1] / sizes[0]:.0f});"
            f" cpu {' / '.join(f'{v.cpu:.1f}' for v in values)} ms,"
            f" ratio {values[-1].cpu / values[0].cpu:.1f}"
        )
    elif values:
        line += f" (cpu {values[0].cpu:.1f} ms)"
    return line


def explain_sqlite(session, statement) -> list[str]:
    """EXPLAIN QUERY PLAN of a SQLAlchemy statement on SQLite, one line per step."""
    compiled = statement.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return [f"  {'  ' * (0 if row[1] == 0 else 1)}{row[-1]}" for row in rows]


class QueryCounter:
    """Counts the SQL statements an engine runs (to spot N+1 queries): `with counter: ...`."""

    def __init__(self, engine):
        self.engine = engine
        self.count = 0

    def _count(self, *_args, **_kwargs) -> None:
        self.count += 1

    def __enter__(self) -> QueryCounter:
        from sqlalchemy import event

        self.count = 0
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._count)


def queries_of(app, call: Callable[[], object]) -> int:
    """How many SQL statements one call runs (its own BEGIN/COMMIT excluded by SQLite)."""
    from petitions.extensions import db

    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as counter:
        call()
    return counter.count


def run_sized(description: str, measure: Callable[[int, int, bool], dict]) -> None:
    """The command line every sized benchmark shares: --sizes, --big, --repeats, --no-plans;
    measures each size, then prints one ratio line per figure."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--big", action="store_true", help=f"add {BIG_SIZE:,} cases")
    parser.add_argument("--repeats", type=int, default=7, help="timed calls; the median counts")
    parser.add_argument("--no-plans", action="store_true", help="skip EXPLAIN QUERY PLAN")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + ([BIG_SIZE] if args.big else [])))
    measured = [measure(n, args.repeats, not args.no_plans) for n in sizes]
    print()
    for name in measured[0]:
        print(ratio_line(name, sizes, [m[name] for m in measured]))
