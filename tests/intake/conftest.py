"""Units and staff most intake tests need: the province, a district, a reception officer."""

import pytest

from tests.factories import create_unit, create_user


@pytest.fixture
def province(app):
    return create_unit(code="HG", name="Ủy ban nhân dân tỉnh Hà Giang", level="province")


@pytest.fixture
def district(province):
    return create_unit(code="HG-BQ", name="Huyện Bắc Quang", level="district", parent=province)


@pytest.fixture
def officer(district):
    return create_user(role="reception_officer", unit=district, full_name="Đỗ Thị Hoa")
