"""The local SMTP server of the notification tests, and quick password hashing."""

import pytest

from tests.notifications.conftest import mail, smtp_server  # noqa: F401  (fixtures)
from tests.oversight.conftest import hash_each_password_once, province  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _fast_passwords(hash_each_password_once):  # noqa: F811
    return None
