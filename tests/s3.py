"""A real S3 protocol endpoint for the tests: moto's standalone server on 127.0.0.1.

With ``TEST_S3=1`` the session's ``app`` stores files in two buckets on it
(``STORAGE_BACKEND=s3``); the tests talk to it over HTTP with boto3, nothing is mocked.
"""

import os
import uuid

import pytest

TEST_S3 = os.environ.get("TEST_S3") == "1"
needs_s3 = pytest.mark.skipif(
    not TEST_S3, reason="needs the S3 test server: run with TEST_S3=1 (moto[server] installed)"
)
#: moto accepts any key pair; these only have to be the same everywhere.
ACCESS_KEY = "testing-access-key"
SECRET_KEY = "testing-secret-key"

_server = None


def endpoint() -> str:
    """Start moto's server once per test process (each xdist worker has its own)."""
    global _server
    if _server is None:
        import logging

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        _server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        _server.start()
    host, port = _server.get_host_and_port()
    return f"http://{host}:{port}"


def s3_settings(**overrides) -> dict:
    """Config for the S3 back end on a fresh pair of buckets (created here)."""

    url = endpoint()
    tag = uuid.uuid4().hex[:10]
    settings = {
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": url,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "S3_PUBLIC_BUCKET": f"rd-public-{tag}",
        "S3_PRIVATE_BUCKET": f"rd-private-{tag}",
        "S3_PUBLIC_BASE_URL": None,
        "S3_PUBLIC_VIA_APP": False,  # pages link the bucket
        "S3_TIMEOUT": 2,
    }
    settings.update(overrides)
    client = raw_client(url)
    for name in ("S3_PUBLIC_BUCKET", "S3_PRIVATE_BUCKET"):
        if settings.get(name):
            client.create_bucket(Bucket=settings[name])
    return settings


def raw_client(url: str | None = None):
    """A plain boto3 client on the test server, for looking at buckets from outside the app."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=url or endpoint(),
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def env_for(settings: dict) -> dict[str, str]:
    """The same settings as environment variables, for child processes."""
    return {k: str(v) for k, v in settings.items() if v is not None}
