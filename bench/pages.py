"""Benchmark: every staff page and API over HTTP against `petitions serve`, each next to its
bare-SQL floor (a plain query fetching what the page shows), interleaved, at several sizes.

    python bench/pages.py                          # 10k and 100k cases (SQLite)
    python bench/pages.py --sizes 10000 --big      # and 1M
    python bench/pages.py --sizes 100000 --database-url postgresql+psycopg://postgres@127.0.0.1/bench100k

Each SQLite database is generated once (bench/generate.py) into bench/out/; a PostgreSQL one
must be generated beforehand with generate.py --database-url. The server runs in its own
process (waitress, 8 threads, scheduler off) on a free port; the client signs in through the
login form for the HTML pages and uses API tokens for the JSON ones. Printed per page and size:
the first request (for pages that store their figures, the cost after a change: it computes
them), median and p95 of the repeats, median of the floor, their ratio; then growth from the
smallest to the largest size next to the data ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import bearer_for, ensure_database, label, make_app, sqlite_url  # noqa: E402

PASSWORD = "HaGiang@2026"  # petitions.demo.DEMO_PASSWORD, which generate.py gives every user


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    user: str
    api: bool
    floor: str  # SQL with :today, :year_start, :year_end, :month_start, :month_end, :case_id


def pages(year: int) -> list[Page]:
    open_states = "('received','accepted','verifying','suspended','concluded')"
    return [
        Page(
            "/oversight/ dashboard",
            "/oversight/",
            "thanhtra",
            False,
            f"SELECT unit_id, kind, status, count(*), sum(due_on < :today) FROM cases "
            f"WHERE status IN {open_states} OR closed_on >= :year_start "
            "GROUP BY unit_id, kind, status",
        ),
        Page(
            "GET /api/v1/oversight/overdue",
            "/api/v1/oversight/overdue?limit=50",
            "thanhtra",
            True,
            f"SELECT id, tracking_code, unit_id, kind, status, due_rule, due_on FROM cases "
            f"WHERE status IN {open_states} AND due_on < :today ORDER BY due_on, id LIMIT 50",
        ),
        Page(
            f"GET /api/v1/reports/annual?year={year}&unit=HG",
            f"/api/v1/reports/annual?year={year}&unit=HG",
            "thanhtra",
            True,
            "SELECT kind, status, channel, count(*) FROM cases "
            "WHERE received_on BETWEEN :year_start AND :year_end GROUP BY kind, status, channel",
        ),
        Page(
            f"GET /api/v1/reports/annual?year={year + 1}&unit=HG (running)",
            f"/api/v1/reports/annual?year={year + 1}&unit=HG",
            "thanhtra",
            True,
            "SELECT kind, status, channel, count(*) FROM cases "
            "WHERE received_on BETWEEN :year_end AND :today GROUP BY kind, status, channel",
        ),
        Page(
            "/reports/public statistics",
            "/reports/public",
            "thanhtra",
            False,
            "SELECT unit_id, count(*), count(closed_on) FROM cases "
            "WHERE received_on BETWEEN :year_start AND :today GROUP BY unit_id",
        ),
        Page(
            "/reception/log?unit=HG",
            "/reception/log?unit=HG",
            "thanhtra",
            False,
            "SELECT * FROM reception_visits WHERE visited_on BETWEEN :month_start AND :month_end "
            "ORDER BY visited_on DESC, id DESC LIMIT 100",
        ),
        Page(
            "/cases/?q=nguyen van phuc",
            "/cases/?q=nguyen+van+phuc",
            "thanhtra",
            False,
            "SELECT id FROM cases WHERE search_text LIKE '%nguyen%' AND search_text LIKE '%van%' "
            "AND search_text LIKE '%phuc%' ORDER BY received_on DESC LIMIT 50",
        ),
        Page(
            "/cases/ list",
            "/cases/",
            "thanhtra",
            False,
            "SELECT * FROM cases ORDER BY received_on DESC, id DESC LIMIT 50",
        ),
        Page(
            "/cases/<id> detail",
            "/cases/{case_id}",
            "thanhtra",
            False,
            "SELECT * FROM cases WHERE id = :case_id",
        ),
        Page(
            "/work/ start page (head)",
            "/work/",
            "chutich.bq",
            False,
            f"SELECT count(*) FROM cases WHERE status IN {open_states} AND due_on < :today",
        ),
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`petitions serve` on the given database, in a process of its own."""

    def __init__(self, url: str):
        self.port = free_port()
        env = {
            **os.environ,
            "PETITIONS_DATABASE_URL": url,
            "PETITIONS_SECRET_KEY": "bench-secret",
            "PETITIONS_SEAL_DIGEST_KEY": "bench-digest-key",
            "PETITIONS_SCHEDULER_ENABLED": "false",
            "PETITIONS_RATELIMIT_ENABLED": "false",
            "PETITIONS_SMTP_PORT": "1",
        }
        self.process = subprocess.Popen(
            ["petitions", "serve", "--port", str(self.port), "--threads", "8"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("petitions serve did not come up")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class Client:
    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def login(self, username: str) -> None:
        page = self.opener.open(self.base + "/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        fields = {"username": username, "password": PASSWORD}
        if token:
            fields["csrf_token"] = token.group(1)
        self.opener.open(self.base + "/login", urllib.parse.urlencode(fields).encode()).read()

    def get(self, path: str, headers: dict | None = None) -> float:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        started = time.perf_counter()
        with self.opener.open(request) as response:
            response.read()
            assert response.status == 200, (path, response.status)
        return (time.perf_counter() - started) * 1000


def floor_runner(url: str) -> Callable[[str, dict], float]:
    """A bare connection (sqlite3 or psycopg) timing one query and fetching every row."""
    if url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(url.split("///", 1)[1])

        def run(sql: str, params: dict) -> float:
            started = time.perf_counter()
            connection.execute(sql, params).fetchall()
            return (time.perf_counter() - started) * 1000

        return run
    import psycopg

    connection = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True)

    def run(sql: str, params: dict) -> float:
        query = re.sub(r":(\w+)", r"%(\1)s", sql).replace("'%", "'%%").replace("%'", "%%'")
        query = query.replace("sum(due_on < %(today)s)", "sum((due_on < %(today)s)::int)")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    return run


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(url: str, today: str, repeats: int) -> dict[str, dict]:
    year = int(today[:4]) - 1
    params = {
        "today": today,
        "year_start": f"{year - 1}-12-15",
        "year_end": f"{year}-12-14",
        "month_start": f"{today[:7]}-01",
        "month_end": today,
    }
    app = make_app(url)
    with app.app_context():
        from petitions.extensions import db

        params["case_id"] = db.session.execute(db.text("SELECT max(id) FROM cases")).scalar()
        # Figures stored by an earlier run would hide the cost after a change: start cold.
        db.session.execute(db.text("DELETE FROM frozen_figures"))
        db.session.commit()
        tokens = {"thanhtra": bearer_for("thanhtra")}
    server = Server(url)
    try:
        clients: dict[str, Client] = {}
        floor = floor_runner(url)
        found: dict[str, dict] = {}
        for page in pages(year):
            path = page.path.format(case_id=params["case_id"])
            if not page.api and page.user not in clients:
                clients[page.user] = Client(server.base)
                clients[page.user].login(page.user)
            client = clients.get(page.user) or Client(server.base)
            headers = tokens.get(page.user) if page.api else None
            # The first request after a change: pages that store figures compute them here.
            first = client.get(path, headers)
            floor(page.floor, params)
            times, floors = [], []
            for _ in range(repeats):  # interleaved: page, floor, page, floor …
                times.append(client.get(path, headers))
                floors.append(floor(page.floor, params))
            found[page.name] = {
                "first": first,
                "median": statistics.median(times),
                "p95": p95(times),
                "floor": statistics.median(floors),
            }
    finally:
        server.stop()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--big", action="store_true", help="add 1,000,000 cases")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--database-url", help="a generated PostgreSQL database (one size)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    sizes = [*args.sizes, *([1_000_000] if args.big else [])]
    results: dict[int, dict] = {}
    for size in sizes:
        if args.database_url:
            url = args.database_url
            with make_app(url).app_context():
                from petitions.extensions import db

                last = db.session.execute(db.text("SELECT max(received_on) FROM cases")).scalar()
                today = str(last)
        else:
            facts = ensure_database(size)
            url, today = sqlite_url(size), str(facts["today"])
        results[size] = measure(url, today, args.repeats)
        print(f"\n{label(size)} cases ({url.split(':')[0]})")
        print(f"{'page':<50} {'first':>9} {'median':>9} {'p95':>9} {'floor':>9} {'ratio':>7}")
        for name, row in results[size].items():
            print(
                f"{name:<50} {row['first']:>7.1f}ms {row['median']:>7.1f}ms {row['p95']:>7.1f}ms "
                f"{row['floor']:>7.1f}ms {row['median'] / max(row['floor'], 0.01):>6.1f}×"
            )
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        print(f"\ngrowth {label(small)} → {label(big)} (data ratio {big // small})")
        for name in results[small]:
            growth = results[big][name]["median"] / max(results[small][name]["median"], 0.01)
            print(f"{name:<50} {growth:>6.1f}×")
    if args.json:
        args.json.write_text(json.dumps({label(k): v for k, v in results.items()}, indent=2))


if __name__ == "__main__":
    main()
