"""Workflow tests run on a fixed "today" so that deadlines can be worked out by hand."""

from datetime import date

import pytest

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The pages and the API read today from petitions.clock; pin it for every test."""
    import petitions.cases.api
    import petitions.cases.views

    monkeypatch.setattr(petitions.cases.api, "today", lambda: TODAY)
    monkeypatch.setattr(petitions.cases.views, "today", lambda: TODAY)
    return TODAY
