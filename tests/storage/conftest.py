"""Fixtures for the storage tests: apps on the S3 test server (``TEST_S3=1``) or on a dead one."""

import pytest

from tests.production.conftest import closed_port, make_app  # noqa: F401 - fixtures
from tests.s3 import s3_settings


@pytest.fixture
def s3_app(make_app):  # noqa: F811
    """``s3_app(**overrides)``: an app on the test database storing files in two new buckets."""

    def _make(**overrides):
        from tests.clients import FreshContextClient

        new = make_app(**s3_settings(**overrides))
        new.test_client_class = FreshContextClient
        return new

    return _make


@pytest.fixture
def dead_s3_app(make_app):  # noqa: F811
    """An app whose object store does not answer (nothing listens on its port)."""
    from tests.clients import FreshContextClient

    new = make_app(
        STORAGE_BACKEND="s3",
        S3_ENDPOINT_URL=f"http://127.0.0.1:{closed_port()}",
        S3_ACCESS_KEY_ID="k",
        S3_SECRET_ACCESS_KEY="s",
        S3_PUBLIC_BUCKET="rd-public",
        S3_PRIVATE_BUCKET="rd-private",
        S3_PUBLIC_BASE_URL=None,
        S3_PUBLIC_VIA_APP=True,
        S3_TIMEOUT=1,
    )
    new.test_client_class = FreshContextClient
    return new
