"""Admin fixtures: the enterprise area's browser helpers and a signed-in administrator."""

import pytest

from tests.enterprises.conftest import new_client, sign_in  # noqa: F401


@pytest.fixture
def admin(factory):
    return factory.user("admin", email="admin@rumahdagang.id", display_name="Andi Admin")


@pytest.fixture
def as_admin(client, sign_in, admin):  # noqa: F811
    sign_in(admin)
    return client
