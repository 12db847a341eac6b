"""Reception tests create many staff users: hash their passwords cheaply."""

import pytest
from argon2 import PasswordHasher

from petitions.accounts import services as accounts


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    # The production parameters cost most of a second per hash on a busy test machine.
    monkeypatch.setattr(
        accounts, "hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
