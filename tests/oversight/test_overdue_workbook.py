"""The oversight workbooks list every overdue case: they used to stop silently at 5,000."""

from datetime import date
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import insert, select

from petitions.cases.models import Case, CaseDeadline
from petitions.extensions import db
from tests.factories import create_case, create_unit, create_user

MANY = 5_200


def _copies_of(case, *, count: int) -> None:
    """`count` more cases like `case`, each with its deadlines, inserted in bulk (the
    factory takes a few milliseconds a case; what is tested here is the workbook)."""
    row = {
        c.name: v
        for c, v in zip(
            Case.__table__.c,
            db.session.execute(select(*Case.__table__.c).where(Case.id == case.id)).one(),
            strict=True,
        )
    }
    deadlines = [
        {c.name: v for c, v in zip(CaseDeadline.__table__.c, values, strict=True)}
        for values in db.session.execute(
            select(*CaseDeadline.__table__.c).where(CaseDeadline.case_id == case.id)
        )
    ]
    del row["id"]
    ids = db.session.scalars(
        insert(Case.__table__).returning(Case.__table__.c.id),
        [{**row, "tracking_code": f"B{n:07d}"} for n in range(count)],
    ).all()
    for deadline in deadlines:
        del deadline["id"]
    db.session.execute(
        insert(CaseDeadline.__table__),
        [{**deadline, "case_id": case_id} for case_id in ids for deadline in deadlines],
    )
    db.session.commit()


def test_the_workbooks_hold_every_one_of_5200_overdue_cases(client, login):
    province = create_unit(code="P", name="Tỉnh thử nghiệm", level="province")
    # Received Mon 05/01/2026, never classified.
    model = create_case(unit=province, received_on=date(2026, 1, 5), title="Đơn quá hạn")
    _copies_of(model, count=MANY - 1)
    login(create_user(role="inspector", unit=province))

    response = client.get("/oversight/export.xlsx?as_of=2026-03-03")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="giam-sat-2026-03-03.xlsx"'
    )
    book = load_workbook(BytesIO(response.get_data()), read_only=True)
    summary = dict(book["Tổng hợp"].iter_rows(values_only=True))
    rows = list(book["Quá hạn"].iter_rows(min_row=2, values_only=True))
    assert summary["Quá hạn"] == MANY
    assert len(rows) == MANY
    assert len({row[0] for row in rows}) == MANY
    assert rows[0][0] == model.tracking_code  # most overdue first, then by id
    # Every copy shares the model's deadline (classifying, due Fri 16/01/2026: 10 working
    # days counting the day received): 15 days left in January, 28 in February, 3 in March.
    assert {(row[1], row[6].date(), row[7]) for row in rows} == {
        ("Đơn quá hạn", date(2026, 1, 16), 46)
    }

    drill_down = client.get("/oversight/cases.xlsx?state=overdue&as_of=2026-03-03")

    assert drill_down.status_code == 200
    book = load_workbook(BytesIO(drill_down.get_data()), read_only=True)
    summary = dict(book["Tổng hợp"].iter_rows(values_only=True))
    rows = list(book["Hồ sơ"].iter_rows(min_row=2, values_only=True))
    assert summary["Số hồ sơ"] == MANY == len(rows) == len({row[0] for row in rows})
    assert rows[-1][3] == "Tỉnh thử nghiệm"
