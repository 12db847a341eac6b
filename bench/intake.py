"""Benchmark: citizens' online submissions per second through the WSGI app, against bare INSERTs.

    python bench/intake.py                      # on copies of the 10k and 100k databases
    python bench/intake.py --sizes 10000 --submissions 400 --threads 8

POST /api/v1/petitions through the Flask test client (the whole WSGI app: validation, sealing
of denouncers, tracking code, deadlines from the engine, history, audit, receipt email queued,
commit) with PETITIONS_RATELIMIT_ENABLED off, one thread and then several threads at once, on
a file SQLite database in WAL mode as served. The baseline, in the same run on another copy,
is one bare INSERT of a similar cases row per transaction with the same pragmas.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import (  # noqa: E402
    BIG_SIZE,
    OUT,
    ensure_database,
    label,
    make_app,
    queries_of,
    sqlite_path,
)

KINDS = ("complaint", "denunciation", "recommendation", "feedback")


def payload(number: int) -> dict:
    kind = KINDS[number % len(KINDS)]
    return {
        "kind": kind,
        "title": f"Phản ánh việc thu hồi đất tại thôn {number % 17 + 1}, xã Minh Ngọc",
        "content": (
            "Gia đình tôi đã nhiều lần đề nghị nhưng chưa được xem xét, giải quyết. "
            "Đề nghị cơ quan có thẩm quyền kiểm tra, xác minh và trả lời bằng văn bản."
        ),
        "unit": "HG-BQ",
        "anonymous": False,
        "petitioner": {
            "full_name": "Nguyễn Văn Phúc",
            "id_number": f"002085{number % 10**6:06d}",
            "address": "Thôn 3, xã Minh Ngọc, huyện Bắc Mê, Hà Giang",
            "phone": "0912345678",
            "email": f"cong.dan{number}@example.vn",
        },
    }


def copy_database(cases: int, name: str) -> Path:
    """A private copy (the online backup API, so the WAL's pages come along)."""
    target = OUT / f"{name}-{cases}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    source = sqlite3.connect(sqlite_path(cases))
    copy = sqlite3.connect(target)
    source.backup(copy)
    copy.close()
    source.close()
    return target


def app_rates(path: Path, *, submissions: int, threads: int, rounds: int) -> dict[str, float]:
    app = make_app("sqlite:///" + str(path))
    counter = iter(range(10**9))
    lock = threading.Lock()

    def submit(client) -> None:
        with lock:
            number = next(counter)
        response = client.post("/api/v1/petitions", json=payload(number))
        assert response.status_code == 201, response.get_data(as_text=True)[:300]

    cpu_rates = []

    def run(workers: int) -> float:
        per_worker = submissions // workers
        clients = [app.test_client() for _ in range(workers)]

        def work(client) -> None:
            for _ in range(per_worker):
                submit(client)

        pool = [threading.Thread(target=work, args=(c,)) for c in clients]
        started, cpu_started = time.perf_counter(), time.process_time()
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        if workers == 1:
            cpu_rates.append(per_worker / (time.process_time() - cpu_started))
        return per_worker * workers / (time.perf_counter() - started)

    client = app.test_client()
    for _ in range(20):  # warm: imports, catalogues, the calendar cache, the sealing key
        submit(client)
    statements = queries_of(app, lambda: submit(client))
    single = statistics.median(run(1) for _ in range(rounds))
    several = statistics.median(run(threads) for _ in range(rounds))
    return {
        "single": single,
        "threads": several,
        "statements": statements,
        "cpu": statistics.median(cpu_rates),
    }


def bare_rate(path: Path, *, inserts: int, rounds: int) -> float:
    """One INSERT of a cases row per transaction, pragmas as petitions.database sets them."""
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "foreign_keys=ON",
        "busy_timeout=30000",
        "synchronous=NORMAL",
    ):
        connection.execute(f"PRAGMA {pragma}")
    unit_id = connection.execute("SELECT id FROM units WHERE code = 'HG-BQ'").fetchone()[0]
    start = connection.execute("SELECT max(id) FROM cases").fetchone()[0] + 1_000_000
    sql = (
        "INSERT INTO cases (id, tracking_code, access_key_hash, kind, channel, status, title,"
        " content, search_text, receiving_unit_id, unit_id, received_on, entered_at, backdated,"
        " anonymous, confidential, sealed, group_size, complaint_round, repeat_number,"
        " multi_site, extensions, public_interest, due_on, due_rule)"
        " VALUES (?, ?, ?, 'complaint', 'online', 'received', ?, ?, ?, ?, ?, '2026-11-30',"
        " '2026-11-30 02:00:00.000000', 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, '2026-12-14',"
        " 'petition.classify')"
    )
    body = payload(0)
    rates = []
    for round_number in range(rounds):
        started = time.perf_counter()
        for i in range(inserts):
            number = start + round_number * inserts + i
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                sql,
                (
                    number,
                    f"BENCH-{number}",
                    "sha256$" + "0" * 64,
                    body["title"],
                    body["content"],
                    body["title"].lower(),
                    unit_id,
                    unit_id,
                ),
            )
            connection.execute("COMMIT")
        rates.append(inserts / (time.perf_counter() - started))
    connection.close()
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--big", action="store_true", help=f"add {BIG_SIZE:,} cases")
    parser.add_argument("--submissions", type=int, default=200, help="per round")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the median counts")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + ([BIG_SIZE] if args.big else [])))
    lines = []
    for cases in sizes:
        ensure_database(cases)
        app_copy = copy_database(cases, "intake")
        rates = app_rates(
            app_copy, submissions=args.submissions, threads=args.threads, rounds=args.rounds
        )
        bare_copy = copy_database(cases, "bare")
        bare = bare_rate(bare_copy, inserts=args.submissions * 5, rounds=args.rounds)
        name = label(cases)
        lines += [
            f"{name}: POST /api/v1/petitions, 1 thread: {rates['single']:,.0f} submissions/s"
            f" ({1000 / rates['single']:.1f} ms each, {rates['statements']} SQL statements;"
            f" {1000 / rates['cpu']:.1f} ms of CPU each)",
            f"{name}: POST /api/v1/petitions, {args.threads} threads: "
            f"{rates['threads']:,.0f} submissions/s"
            f" (x{rates['threads'] / rates['single']:.2f} of one thread)",
            f"{name}: bare INSERT of a cases row, one per transaction: {bare:,.0f} rows/s",
            f"{name}: ratio bare / app: {bare / rates['single']:.0f}x (1 thread),"
            f" {bare / rates['threads']:.0f}x ({args.threads} threads)",
        ]
        for copy in (app_copy, bare_copy):
            for suffix in ("", "-wal", "-shm"):
                Path(str(copy) + suffix).unlink(missing_ok=True)
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
