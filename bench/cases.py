"""Benchmark: the staff case list with filters and accent-insensitive search, at two sizes.

    python bench/cases.py                 # 10k and 100k cases
    python bench/cases.py --big           # and 1M

GET /api/v1/cases through the Flask test client with a bearer token, as the inspectorate
(every unit), a district head (the district's subtree) and a district handler (own unit).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import (  # noqa: E402
    Timing,
    bearer_for,
    ensure_database,
    explain_sqlite,
    label,
    make_app,
    median_ms,
    queries_of,
    run_sized,
    sqlite_url,
)

# (name, user, query string)
REQUESTS = (
    ("list, newest first (inspector)", "thanhtra", ""),
    ("list page 40 (inspector)", "thanhtra", "page=40"),
    ("unit=HG-BQ (inspector)", "thanhtra", "unit=HG-BQ"),
    ("overdue=true (inspector)", "thanhtra", "overdue=true"),
    ("q=thu hồi đất (common words)", "thanhtra", "q=thu+h%E1%BB%93i+%C4%91%E1%BA%A5t"),
    ("q=nguyen van phuc (a name, folded)", "thanhtra", "q=nguyen+van+phuc"),
    (
        "q=ô nhiễm&unit=HG-BQ&overdue=true",
        "thanhtra",
        "q=%C3%B4+nhi%E1%BB%85m&unit=HG-BQ&overdue=true",
    ),
    ("overdue=true (district head HG-BQ)", "chutich.bq", "overdue=true"),
    ("list (district handler HG-BQ)", "chuyenvien.bq", ""),
    ("q=dat (district handler HG-BQ)", "chuyenvien.bq", "q=dat"),
)


def measure(cases: int, repeats: int, show_plans: bool) -> dict[str, Timing]:
    from petitions.cases import queries
    from petitions.extensions import db

    facts = ensure_database(cases)
    app = make_app(sqlite_url(cases))
    with app.app_context():
        headers = {user: bearer_for(user) for user in {user for _n, user, _q in REQUESTS}}
    client = app.test_client()
    results: dict[str, Timing] = {}
    print(f"{label(cases)} cases (as of {facts['today']}):")
    for name, user, query in REQUESTS:

        def call(user=user, query=query):
            response = client.get(f"/api/v1/cases?{query}", headers=headers[user])
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            return response

        results[name] = median_ms(call, repeats=repeats)
        body = call().get_json()
        print(
            f"  {name}: {body['total']:,} match, {len(body['items'])} on the page, "
            f"{queries_of(app, call)} SQL statements per request"
        )
    if show_plans:
        with app.app_context():
            from petitions.accounts.models import User

            inspector = db.session.scalar(db.select(User).where(User.username == "thanhtra"))
            for title, filters in (
                ("overdue=true", queries.CaseFilters(overdue=True)),
                ("q=nguyen van phuc", queries.CaseFilters(q="nguyen van phuc")),
            ):
                query = queries.case_query(inspector, filters, today=facts["today"])
                print(f"  EXPLAIN QUERY PLAN of case_query({title}):")
                print("\n".join("  " + line for line in explain_sqlite(db.session, query)))
            db.session.remove()
    with app.app_context():
        db.engine.dispose()
    return results


def main() -> None:
    run_sized(__doc__.splitlines()[0], measure)


if __name__ == "__main__":
    main()
