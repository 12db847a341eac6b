"""Case search through the text index answers exactly what a scan would: every folded word of
the query occurs in the case's folded text; the index follows every change of that text."""

import random

import sqlalchemy as sa

from petitions.cases.models import Case
from petitions.cases.search import search_condition
from petitions.extensions import db
from petitions.text import fold
from tests.factories import create_case, create_unit

WORDS = ["cầu", "treo", "Nậm", "Khòn", "đất", "Đức", "hà", "giang", "50%", "a_b", "thu", "hồi"]


def _found(query):
    return set(db.session.scalars(sa.select(Case.id).where(search_condition(query))))


def test_the_index_finds_what_a_scan_finds_for_random_texts_and_queries(app):
    unit = create_unit()
    rng = random.Random(20261206)
    texts = {}
    for _ in range(40):
        title = " ".join(rng.choices(WORDS, k=rng.randint(1, 6)))
        case = create_case(unit=unit, title=title, content=" ".join(rng.choices(WORDS, k=3)))
        texts[case.id] = case.search_text
    assert all(texts.values())
    matched = 0
    for _ in range(60):
        words = rng.choices(
            WORDS + ["nam khon", "ha giang", "du", "zz", "%", "_"], k=rng.randint(1, 3)
        )
        query = " ".join(words)
        expected = {
            cid for cid, text in texts.items() if all(w in text for w in fold(query).split())
        }
        assert _found(query) == expected, query
        matched += bool(expected)
    assert matched >= 10  # the queries do find cases, not only nothing


def test_a_changed_title_is_found_by_its_new_words_only(app):
    case = create_case(title="Cầu treo thôn Nậm Khòn")
    assert _found("nam khon") == {case.id}

    case.title = "Đường vào bản Phìn Hồ"
    case.search_text = fold(f"{case.tracking_code} {case.title} {case.content}")
    db.session.commit()

    assert _found("nam khon") == set()
    assert _found("phin ho") == {case.id}


def test_the_search_uses_the_index(app):
    query = sa.select(Case.id).where(search_condition("nam khon"))
    if db.engine.dialect.name == "sqlite":
        sql = query.compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {sql}")).all()
        assert any("cases_fts VIRTUAL TABLE" in row[-1] for row in plan), plan
    else:
        indexes = db.session.scalars(
            sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'cases'")
        ).all()
        assert "ix_cases_search_text_trgm" in indexes


def test_a_search_page_counts_what_it_lists_and_reads_operators_as_text(app, client, login):
    """On a page the list and its counts by status share one answer of the index; quotes and
    the index's own operators (AND, NOT, *) in the words are searched as text."""
    from tests.cases.factories import create_office

    unit, staff = create_office(code="S", staff=("unit_head",))
    for title in ('Cầu treo "Nậm Khòn" AND NOT*', "Cầu treo Nậm Khòn", "Đường thôn Khuổi"):
        create_case(unit=unit, title=title)
    db.session.commit()
    login(staff["unit_head"])

    page = client.get("/cases/?q=cau+treo").get_data(as_text=True)
    assert page.count("Cầu treo") >= 2 and "Đường thôn Khuổi" not in page
    quoted = client.get('/cases/?q="nam+khon"+and+not*')
    assert quoted.status_code == 200
    text = quoted.get_data(as_text=True)
    assert "AND NOT*" in text and "Cầu treo Nậm Khòn<" not in text


def test_a_case_written_between_two_searches_is_found_by_the_second(app, client, login):
    from tests.cases.factories import create_office

    unit, staff = create_office(code="S", staff=("unit_head",))
    create_case(unit=unit, title="Cầu treo Nậm Khòn")
    db.session.commit()
    login(staff["unit_head"])
    assert client.get("/cases/?q=khuoi").get_data(as_text=True).count("Khuổi") == 0
    create_case(unit=unit, title="Đường thôn Khuổi")
    db.session.commit()
    assert "Đường thôn Khuổi" in client.get("/cases/?q=khuoi").get_data(as_text=True)
