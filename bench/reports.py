"""Benchmark: the province's annual report statistics, and the xlsx export's peak memory.

    python bench/reports.py                 # 10k and 100k cases
    python bench/reports.py --big           # and 1M

Times GET /api/v1/reports/annual (JSON and xlsx) and the service functions directly, for the
last complete inspection year and the current one; then measures the peak Python memory
(tracemalloc) of writing the province's workbook, which must not grow with the data.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import (  # noqa: E402
    BIG_SIZE,
    DEFAULT_SIZES,
    Timing,
    bearer_for,
    ensure_database,
    label,
    make_app,
    median_ms,
    queries_of,
    ratio_line,
    sqlite_url,
)


def measure(cases: int, repeats: int) -> tuple[dict[str, Timing], dict[str, float]]:
    from sqlalchemy import select

    from petitions.extensions import db
    from petitions.reports import exports
    from petitions.reports.figures import figures_by_unit, figures_for
    from petitions.reports.lines import annual_period, current_year
    from petitions.units.models import Unit

    facts = ensure_database(cases)
    today = facts["today"]
    app = make_app(sqlite_url(cases))
    with app.app_context():
        headers = bearer_for("thanhtra")
        current = current_year(today)
        full = current - 1
        period = annual_period(full)
    client = app.test_client()
    results: dict[str, Timing] = {}

    def api(path: str, expect: str = "application/json"):
        def call():
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            assert response.mimetype.startswith(expect.split(";")[0]), response.mimetype
            response.get_data()
            return response

        return call

    def service(function, *args, **kwargs):
        def call():
            with app.app_context():
                units = [
                    db.session.scalar(select(Unit).where(Unit.code == code)) for code in ["HG"]
                ]
                return function(units, *args, **kwargs)

        return call

    for year in (full, current):
        path = f"/api/v1/reports/annual?year={year}&unit=HG"
        results[f"annual API {year} province (JSON)"] = median_ms(api(path), repeats=repeats)
        body = api(path)().get_json()
        summary = body["summary"]
        print(
            f"{label(cases)}: {year} ({body['period']['from']}..{body['period']['to']}) received"
            f" {summary['received']:,}, resolved {summary['resolved']:,}, open overdue"
            f" {summary['open_overdue']:,}, on-time rate {summary['on_time_rate']};"
            f" {queries_of(app, api(path))} SQL statements per request"
        )
    results[f"annual API {full} HG-BQ (JSON)"] = median_ms(
        api(f"/api/v1/reports/annual?year={full}&unit=HG-BQ"), repeats=repeats
    )
    results[f"figures_for(HG, {full})"] = median_ms(
        service(figures_for, period, today=today), repeats=repeats
    )

    def by_unit():
        with app.app_context():
            root = db.session.scalar(select(Unit).where(Unit.code == "HG"))
            return figures_by_unit(root, period, today=today)

    results[f"figures_by_unit(HG, {full})"] = median_ms(by_unit, repeats=repeats)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    xlsx_path = f"/api/v1/reports/annual?year={full}&unit=HG&format=xlsx"
    results[f"annual API {full} province (xlsx)"] = median_ms(
        api(xlsx_path, xlsx), repeats=max(3, repeats // 2), warmup=1
    )

    def write_workbook():
        with app.app_context(), tempfile.TemporaryFile() as handle:
            units = [db.session.scalar(select(Unit).where(Unit.code == "HG"))]
            doc = exports.live_document(units, period, today=today, by_unit=True)
            exports.write_xlsx(doc, handle)
            return handle.tell()

    write_workbook()  # warm: imports, catalogues, caches
    tracemalloc.start()
    size = write_workbook()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    memory = {"xlsx peak MiB": peak / 2**20, "xlsx KiB": size / 1024}
    print(f"{label(cases)}: province workbook {size / 1024:,.0f} KiB, peak {peak / 2**20:.1f} MiB")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return results, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--big", action="store_true", help=f"add {BIG_SIZE:,} cases")
    parser.add_argument("--repeats", type=int, default=5, help="timed calls; the median counts")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + ([BIG_SIZE] if args.big else [])))
    measured = [measure(n, args.repeats) for n in sizes]
    print()
    # The years differ between sizes only if the databases were generated on different days.
    for position, name in enumerate(measured[0][0]):
        values = [list(m[0].values())[position] for m in measured]
        print(ratio_line(name, sizes, values))
    peaks = [m[1]["xlsx peak MiB"] for m in measured]
    files = [m[1]["xlsx KiB"] for m in measured]
    line = ", ".join(
        f"{label(n)} {p:.1f} MiB ({f:,.0f} KiB file)"
        for n, p, f in zip(sizes, peaks, files, strict=True)
    )
    ratio = f", ratio {peaks[-1] / peaks[0]:.2f} (data ratio {sizes[-1] / sizes[0]:.0f})"
    print(f"xlsx export peak memory (tracemalloc): {line}" + (ratio if len(sizes) > 1 else ""))


if __name__ == "__main__":
    main()
