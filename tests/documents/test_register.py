"""The document register: numbers per unit per calendar year from 01, the symbol of the type
and the issuer, typed numbers kept exactly, and no gap or reuse under concurrent approvals."""

import threading
from datetime import date

import pytest
from sqlalchemy import select

from petitions.documents.models import DocumentIssuer, OfficialDocument
from petitions.documents.register import take_number
from petitions.errors import Refused
from petitions.extensions import db
from petitions.units.models import Unit
from tests.factories import create_unit


@pytest.fixture
def province(app):
    return create_unit(code="TQ", name="Ủy ban nhân dân tỉnh Tuyên Quang", level="province")


@pytest.fixture
def commune(province):
    return create_unit(code="TQ-BQ", name="Xã Bắc Quang", level="commune", parent=province)


def test_numbers_run_from_01_per_unit_and_per_year_with_the_type_and_issuer_symbol(
    province, commune
):
    first = take_number(commune, "QĐ", on=date(2026, 3, 2))
    second = take_number(commune, "TB", on=date(2026, 3, 3))
    elsewhere = take_number(province, "QĐ", on=date(2026, 3, 3))
    next_year = take_number(commune, "QĐ", on=date(2027, 1, 4))
    assert (first.number, second.number) == ("01/QĐ-UBND", "02/TB-UBND")
    assert elsewhere.number == "01/QĐ-UBND"
    assert next_year.number == "01/QĐ-UBND" and next_year.year == 2027


def test_the_issuer_abbreviation_comes_from_the_unit_or_its_settings(province):
    inspectorate = create_unit(
        code="TQ-TTR", name="Thanh tra tỉnh", level="department", parent=province
    )
    assert take_number(inspectorate, "TB", on=date(2026, 5, 4)).number == "01/TB-TTr"
    assert take_number(inspectorate, "CV", on=date(2026, 5, 4)).number == "02/TTr"
    db.session.add(
        DocumentIssuer(unit_id=province.id, abbreviation="UBND-TCD", numbers_per_type=True)
    )
    db.session.flush()
    assert take_number(province, "QĐ", on=date(2026, 5, 4)).number == "01/QĐ-UBND-TCD"
    # Numbered per type: the notice's register starts at 01 too.
    assert take_number(province, "TB", on=date(2026, 5, 4)).number == "01/TB-UBND-TCD"


def test_a_typed_number_is_kept_exactly_and_takes_no_number_from_the_register(commune):
    typed = take_number(commune, "QĐ", on=date(2026, 3, 2), typed="45/QĐ-UBND")
    assert typed.number == "45/QĐ-UBND" and typed.typed and typed.sequence is None
    assert take_number(commune, "QĐ", on=date(2026, 3, 2)).number == "01/QĐ-UBND"
    with pytest.raises(Refused) as refused:
        take_number(commune, "QĐ", on=date(2026, 4, 2), typed="45/QĐ-UBND")
    assert "45/QĐ-UBND" in str(refused.value.fields["decision_number"])


def test_concurrent_approvals_take_every_number_once_without_gaps(app, commune):
    unit_id, threads_count, each = commune.id, 6, 5
    # Committed and closed: this session holds no transaction (nor SQLite's write lock).
    db.session.commit()
    db.session.close()
    start = threading.Barrier(threads_count)
    errors = []

    def approve():
        try:
            with app.app_context():
                start.wait(timeout=30)
                unit = db.session.get(Unit, unit_id)
                for _ in range(each):
                    take_number(unit, "QĐ", on=date(2026, 6, 1))
                    db.session.commit()
                db.session.remove()
        except Exception as error:  # reported below: a thread's failure fails the test
            errors.append(error)

    workers = [threading.Thread(target=approve, daemon=True) for _ in range(threads_count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert errors == []
    db.session.expire_all()
    sequences = db.session.scalars(
        select(OfficialDocument.sequence).where(OfficialDocument.unit_id == unit_id)
    ).all()
    assert sorted(sequences) == list(range(1, threads_count * each + 1))
    numbers = db.session.scalars(select(OfficialDocument.number)).all()
    assert len(set(numbers)) == threads_count * each


def test_the_desk_receipt_has_its_own_register_and_keeps_its_number(app, commune):
    from petitions.documents.service import receipt_entry, take_receipt_number
    from tests.cases.factories import create_received_case

    take_number(commune, "QĐ", on=date(2026, 3, 2))
    case = create_received_case(unit=commune, received_on=date(2026, 3, 2))
    case.receiving_unit = commune
    first = take_receipt_number(case)
    assert first.number == "01/GBN-UBND" and first.register == "receipts"
    assert take_receipt_number(case).id == first.id == receipt_entry(case).id
