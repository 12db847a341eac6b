"""Benchmark: statutory due dates per second against bare date + timedelta arithmetic.

Also the application path: timing.compute() as open_deadline() and recompute() call it (the
calendar and rule periods from the database, read once per request), against the same bare
arithmetic; the target is at most 10 times slower.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from petitions.domain.calendar import WorkingCalendar  # noqa: E402
from petitions.domain.deadlines import RULES, due_date  # noqa: E402

# Case traits each rule can take, so the mix exercises variants and extensions too.
OPTIONS: dict[str, list[dict]] = {
    "complaint.resolve.first": [{}, {"complexity": "complex"}, {"remote": True}],
    "complaint.resolve.second": [{}, {"remote": True, "complexity": "very"}],
    "complaint.second_window": [{}, {"remote": True}],
    "denunciation.initial": [{}, {"multi_site": True}],
    "denunciation.resolve": [{}, {"complexity": "complex", "extensions": 1}],
    "feedback.resolve": [{}, {"period": 15}],
}


def make_jobs(n: int, seed: int) -> list[tuple[str, date, dict]]:
    rng = random.Random(seed)
    keys = sorted(RULES)
    first = date(2024, 1, 1)
    span = (date(2027, 12, 31) - first).days
    return [
        (
            key := rng.choice(keys),
            first + timedelta(days=rng.randrange(span + 1)),
            rng.choice(OPTIONS.get(key, [{}])),
        )
        for _ in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200_000, help="due dates per round")
    parser.add_argument("--repeats", type=int, default=7, help="rounds; the fastest counts")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--no-app", action="store_true", help="skip the application path (timing.compute)"
    )
    args = parser.parse_args()

    jobs = make_jobs(args.n, args.seed)
    # The bare baseline adds the same rule's period to the same start, no calendar involved.
    bare_jobs = [(start, RULES[key].period) for key, start, _ in jobs]
    build_started = time.perf_counter()
    calendar = WorkingCalendar(years=range(2024, 2029))
    build_seconds = time.perf_counter() - build_started

    def engine() -> float:
        started = time.perf_counter()
        for key, start, options in jobs:
            due_date(key, start, calendar, **options)
        return time.perf_counter() - started

    def bare() -> float:
        started = time.perf_counter()
        for start, days in bare_jobs:
            start + timedelta(days=days)
        return time.perf_counter() - started

    engine()  # warm the variant cache
    # Alternate the two and keep each one's fastest round, so a burst of load on a shared
    # machine cannot favour either side.
    rounds = [(engine(), bare()) for _ in range(args.repeats)]
    engine_seconds = min(r[0] for r in rounds)
    bare_seconds = min(r[1] for r in rounds)
    engine_rate = args.n / engine_seconds
    bare_rate = args.n / bare_seconds
    print(f"calendar 2024-2028 indexed in {build_seconds * 1000:.0f} ms")
    print(f"due_date():          {engine_rate:>12,.0f} per second")
    print(f"date + timedelta:    {bare_rate:>12,.0f} per second")
    print(f"ratio (slower by):   {bare_rate / engine_rate:>12.2f}x")
    if not args.no_app:
        app_seconds = application_path(jobs, args.repeats)
        app_rate = args.n / app_seconds
        print(f"timing.compute():    {app_rate:>12,.0f} per second (in a request, settings from")
        print("                     the database read once per request)")
        print(f"application ratio:   {bare_rate / app_rate:>12.2f}x (target: at most 10x)")


def application_path(jobs: list[tuple[str, date, dict]], repeats: int) -> float:
    """The fastest round of timing.compute() over the jobs, as open_deadline() and recompute()
    call it (no settings passed), inside one request on a fresh SQLite database."""
    import tempfile

    from bench._support import make_app
    from petitions.cases import timing
    from petitions.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        app = make_app(f"sqlite:///{folder}/bench-deadlines.sqlite3")
        with app.app_context():
            db.create_all()
        with app.test_request_context("/"):
            timing.compute(*jobs[0])  # the settings are read here, once for the request

            def round_() -> float:
                started = time.perf_counter()
                for key, start, options in jobs:
                    timing.compute(key, start, options)
                return time.perf_counter() - started

            round_()
            return min(round_() for _ in range(repeats))


if __name__ == "__main__":
    main()
