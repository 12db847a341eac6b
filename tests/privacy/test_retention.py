"""The retention schedule, worked out by hand, and the removal of personal data: nothing of
the people left anywhere, every report for every past period unchanged."""

import random
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from petitions import attachments as files
from petitions.audit.chain import verify
from petitions.cases.models import Case, Petitioner
from petitions.cases.search import search_condition
from petitions.domain.retention import CaseFacts, expires_on
from petitions.extensions import db
from petitions.privacy import retention
from tests.factories import create_token_for
from tests.privacy.conftest import TODAY

PEOPLE = {
    "a": ["Lò Thị Mây", "002080000001", "may@example.vn", "0911000001", "Vàng Seo Páo"],
    "b": ["Hoàng Văn Khải", "002080000003"],
    "c": ["Giàng A Tủa", "002080000004"],
}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # Filed in 2021, kept one year counted from the year it ended: through 2022.
        (CaseFacts("complaint", "filed", date(2021, 3, 1), None), date(2023, 1, 1)),
        # A resolved complaint closed in 2009, kept 15 years: through 2024.
        (CaseFacts("complaint", "closed", date(2009, 6, 1), date(2009, 3, 5)), date(2025, 1, 1)),
        # A forwarded denunciation counts as not handled here: one year.
        (CaseFacts("denunciation", "forwarded", date(2025, 12, 31), None), date(2027, 1, 1)),
        # Feedback answered in 2026: five years, through 2031.
        (CaseFacts("feedback", "closed", date(2026, 4, 2), date(2026, 3, 1)), date(2032, 1, 1)),
        # Still open: no end.
        (CaseFacts("complaint", "accepted", None, date(2026, 3, 1)), None),
    ],
)
def test_the_day_personal_data_expire(facts, expected):
    assert expires_on(facts) == expected


def test_the_dry_run_lists_exactly_the_cases_past_their_period(aged):
    review = retention.review(today=TODAY)

    assert sorted(review.case_ids) == sorted(aged[k].id for k in "abc")
    assert review.by_rule == {"petition.not_handled": 2, "complaint.file": 1}


def _reports(client, admin):
    headers = {"Authorization": f"Bearer {create_token_for(admin)}"}
    return {
        year: client.get(f"/api/v1/reports/annual?year={year}&unit=HG", headers=headers).get_json()
        for year in range(2008, 2027)
    }


def _everything_stored() -> str:
    """Every row of every table, as text: where a personal field could hide."""
    chunks = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            chunks.append(repr(tuple(row)))
    if db.engine.dialect.name == "sqlite":
        chunks += [repr(r) for r in db.session.execute(sa.text("SELECT * FROM cases_fts"))]
    return "\n".join(chunks)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_anonymising_any_expired_cases_reports_stay_and_no_personal_field_remains(
    aged, client, province, seed
):
    _, admin = province
    due = retention.review(today=TODAY).case_ids
    chosen = random.Random(seed).sample(due, k=random.Random(seed).randint(1, len(due)))
    keys = [k for k in "abc" if aged[k].id in chosen]
    stored_files = [
        files.path_of(a) for k in keys for a in db.session.get(Case, aged[k].id).attachments
    ]
    before = _reports(client, admin)

    done = retention.anonymise(chosen, actor=admin, today=TODAY)
    db.session.commit()

    assert done == len(chosen)
    assert _reports(client, admin) == before
    everything = _everything_stored()
    for key in keys:
        for value in PEOPLE[key]:
            assert value not in everything, (key, value)
        case = db.session.get(Case, aged[key].id)
        assert case.anonymised_on == TODAY
        assert all(p.sealed_identity is None for p in case.petitioners)
        assert not db.session.scalars(
            sa.select(Case.id).where(search_condition(PEOPLE[key][0]))
        ).all()
    assert all(not Path(path).exists() for path in stored_files)
    # The kept cases keep their people.
    assert db.session.scalar(
        sa.select(Petitioner.full_name).where(Petitioner.case_id == aged["d"].id)
    )
    assert verify(db.session).ok


def test_the_command_lists_then_applies(aged, runner):
    listed = runner.invoke(args=["privacy", "retention", "--today", "2026-12-06"])
    assert listed.exit_code == 0, listed.output
    assert "3 case(s) due on 2026-12-06" in listed.output
    assert db.session.scalar(sa.select(sa.func.count()).where(Case.anonymised_on.is_not(None))) == 0

    applied = runner.invoke(args=["privacy", "retention", "--today", "2026-12-06", "--apply"])

    assert "anonymised 3" in applied.output
    again = runner.invoke(args=["privacy", "retention", "--today", "2026-12-06"])
    assert "0 case(s) due" in again.output


def test_the_reports_compared_above_hold_the_aged_cases(aged, client, province):
    _, admin = province
    reports = _reports(client, admin)
    assert reports[2021]["summary"]["received"] >= 1
    assert reports[2009]["summary"]["received"] >= 1
