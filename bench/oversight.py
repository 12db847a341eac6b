"""Benchmark: the inspector's dashboard aggregates and the overdue API at two or three sizes.

    python bench/oversight.py                 # 10k and 100k cases
    python bench/oversight.py --big           # and 1M
    python bench/oversight.py --sizes 10000 50000 --repeats 9

Each database is generated once (bench/generate.py) and kept in bench/out/.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import (  # noqa: E402
    Timing,
    ensure_database,
    explain_sqlite,
    label,
    make_app,
    median_ms,
    run_sized,
    sqlite_url,
)


def measure(cases: int, repeats: int, show_plans: bool) -> dict[str, Timing]:
    from petitions.cases.models import Case
    from petitions.extensions import db
    from petitions.oversight.dashboard import (
        counts_by,
        counts_by_unit,
        dashboard,
        monthly_trend,
        on_time_by_unit,
        totals,
    )
    from petitions.oversight.lists import overdue_items, overdue_query
    from petitions.oversight.scope import Filters, open_cases

    facts = ensure_database(cases)
    as_of = facts["today"]
    app = make_app(sqlite_url(cases))
    with app.app_context():
        headers = _bearer("thanhtra")
        province = Filters(as_of=as_of)
        unit_id = db.session.execute(db.text("SELECT id FROM units WHERE code = 'HG-BQ'")).scalar()
        district = Filters(as_of=as_of, unit_id=unit_id)
    client = app.test_client()
    results: dict[str, Timing] = {}

    def api(path: str):
        def call():
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            return response

        return call

    def service(function, *args, **kwargs):
        def call():
            with app.app_context():
                return function(*args, **kwargs)

        return call

    overdue_path = f"/api/v1/oversight/overdue?as_of={as_of.isoformat()}"
    results["overdue API (province)"] = median_ms(api(overdue_path), repeats=repeats)
    results["overdue API (unit=HG-BQ)"] = median_ms(
        api(overdue_path + "&unit=HG-BQ"), repeats=repeats
    )
    results["overdue_items()"] = median_ms(service(overdue_items, province), repeats=repeats)
    results["overdue_items(limit=20)"] = median_ms(
        service(overdue_items, province, limit=20), repeats=repeats
    )
    results["totals()"] = median_ms(service(totals, province), repeats=repeats)
    results["counts_by_unit()"] = median_ms(service(counts_by_unit, province), repeats=repeats)
    results["counts_by(kind)"] = median_ms(
        service(counts_by, _kind_column(), province), repeats=repeats
    )
    results["monthly_trend()"] = median_ms(service(monthly_trend, province), repeats=repeats)
    results["on_time_by_unit()"] = median_ms(service(on_time_by_unit, province), repeats=repeats)
    results["dashboard() province"] = median_ms(
        service(dashboard, province), repeats=max(3, repeats // 2)
    )
    results["dashboard() district HG-BQ"] = median_ms(
        service(dashboard, district), repeats=max(3, repeats // 2)
    )
    results["dashboard page (HTML)"] = _page_ms(app, repeats)
    results["reference: open past-due deadlines by index"] = median_ms(
        service(_open_past_due, as_of), repeats=repeats
    )

    with app.app_context():
        body = api(overdue_path)().get_json()
        print(
            f"{label(cases)}: as of {as_of}, overdue API lists {body['total']:,} deadlines "
            f"({len(api(overdue_path)().data) / 1024:,.0f} KiB of JSON)"
        )
        if show_plans:
            print(f"{label(cases)}: EXPLAIN QUERY PLAN of overdue_query (the overdue API):")
            print("\n".join(explain_sqlite(db.session, overdue_query(province))))
            opened = open_cases(as_of)
            print(f"{label(cases)}: EXPLAIN QUERY PLAN of open_cases (totals, by unit, by kind):")
            query = (
                db.select(db.func.count())
                .select_from(opened)
                .join(Case, Case.id == opened.c.case_id)
            )
            print("\n".join(explain_sqlite(db.session, query)))
        db.session.remove()
        db.engine.dispose()
    return results


def _open_past_due(as_of) -> list:
    """What the overdue API's rows cost when only open deadlines are read (met_on IS NULL, the
    shape ix_case_deadlines_open_due serves), with the same joins and order: the yardstick for
    overdue_query, whose `met_on IS NULL OR met_on > as_of` makes SQLite walk every deadline
    due before as_of instead."""
    from sqlalchemy import select

    from petitions.cases.models import Case, CaseDeadline
    from petitions.domain.workflow import PASSIVE_RULES
    from petitions.extensions import db
    from petitions.units.models import Unit

    query = (
        select(Case.id, Case.tracking_code, Unit.code, CaseDeadline.rule, CaseDeadline.due_on)
        .select_from(CaseDeadline)
        .join(Case, Case.id == CaseDeadline.case_id)
        .join(Unit, Unit.id == Case.unit_id)
        .where(
            CaseDeadline.met_on.is_(None),
            CaseDeadline.cancelled.is_(False),
            CaseDeadline.due_on < as_of,
            CaseDeadline.suspended_on.is_(None),
            CaseDeadline.rule.not_in(PASSIVE_RULES),
        )
        .order_by(CaseDeadline.due_on, Case.id, CaseDeadline.id)
    )
    return db.session.execute(query).all()


def _kind_column():
    from petitions.cases.models import Case

    return Case.kind


def _bearer(username: str) -> dict:
    from _support import bearer_for

    return bearer_for(username)


def _page_ms(app, repeats: int) -> Timing:
    """The dashboard page as the inspector sees it, signed in through the login form."""
    from petitions.demo import DEMO_PASSWORD

    client = app.test_client()
    response = client.post("/login", data={"username": "thanhtra", "password": DEMO_PASSWORD})
    if response.status_code != 302:
        return Timing(float("nan"), float("nan"))

    def call():
        page = client.get("/oversight/")
        assert page.status_code == 200, page.status_code

    return median_ms(call, repeats=max(3, repeats // 2))


def main() -> None:
    run_sized(__doc__.splitlines()[0], measure)


if __name__ == "__main__":
    main()
