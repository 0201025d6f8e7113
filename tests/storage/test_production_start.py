"""Production refuses to start on an object store it cannot use, and says which setting."""

import pytest

from config import ProductionConfig
from tests.production.conftest import closed_port
from tests.s3 import needs_s3, s3_settings
from trading_house import create_app

GOOD = {
    "SECRET_KEY": "kZ3v9Qm2Lr8Tx1Wp6Yc4Hn7Bf5Dj0Sg-Ua_Ee",
    "TRUSTED_HOSTS": ["rumahdagang.example.id"],
    "PUBLIC_BASE_URL": "https://rumahdagang.example.id",
    "BANK_TRANSFER_ACCOUNT_NUMBER": "123-456-789",
    "MAIL_SERVER": "smtp.example.id",
    "SESSION_COOKIE_SECURE": True,
    "LOCAL_TRIAL": False,
}


def production(**settings):
    return type("Production", (ProductionConfig,), {**GOOD, **settings})


def refusal(**settings) -> str:
    with pytest.raises(RuntimeError) as refused:
        create_app(production(**settings))
    return str(refused.value)


def test_bucket_names_are_required():
    message = refusal(STORAGE_BACKEND="s3", S3_PUBLIC_BUCKET=None, S3_PRIVATE_BUCKET=None)
    assert "STORAGE_BACKEND=s3 needs S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET" in message


def test_an_unknown_backend_is_refused():
    assert "STORAGE_BACKEND='ftp' is not known" in refusal(STORAGE_BACKEND="ftp")


def test_a_store_that_does_not_answer_is_refused():
    message = refusal(
        STORAGE_BACKEND="s3",
        S3_ENDPOINT_URL=f"http://127.0.0.1:{closed_port()}",
        S3_PUBLIC_BUCKET="rd-public",
        S3_PRIVATE_BUCKET="rd-private",
        S3_TIMEOUT=1,
    )
    assert "file storage: S3_PUBLIC_BUCKET: bucket 'rd-public'" in message
    assert "file storage: S3_PRIVATE_BUCKET" in message


@needs_s3
def test_a_missing_bucket_is_named():
    settings = s3_settings()
    message = refusal(**{**settings, "S3_PRIVATE_BUCKET": "rd-no-such-bucket"})
    assert "S3_PRIVATE_BUCKET: bucket 'rd-no-such-bucket' does not exist" in message
    assert "S3_PUBLIC_BUCKET" not in message  # that one is fine


@needs_s3
def test_wrong_credentials_are_named():
    from moto import settings as moto_settings

    settings = s3_settings()  # buckets made while any key is accepted
    saved = moto_settings.INITIAL_NO_AUTH_ACTION_COUNT
    moto_settings.INITIAL_NO_AUTH_ACTION_COUNT = 0  # the test server now checks keys
    try:
        message = refusal(**{**settings, "S3_ACCESS_KEY_ID": "AKIAWRONGWRONG"})
    finally:
        moto_settings.INITIAL_NO_AUTH_ACTION_COUNT = saved
    assert "access to bucket" in message and "S3_SECRET_ACCESS_KEY" in message


@needs_s3
def test_a_working_store_starts():
    app = create_app(production(**s3_settings()))
    assert app.config["STORAGE_BACKEND"] == "s3"
