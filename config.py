"""Configuration classes. Every setting comes from an environment variable."""

import math
import os
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str) -> list[str] | None:
    """A comma-separated variable as a list; None when unset or empty."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or None


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'rumah_dagang.db'}"
    # psycopg 3 is the driver; accept the usual postgres:// spellings.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


#: The account number the demo shows; production refuses to ask buyers to pay into it.
DEMO_BANK_ACCOUNT_NUMBER = "001-02-000123-4"


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    INSTANCE_PATH = str(INSTANCE_DIR)
    MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or str(INSTANCE_DIR / "media")
    PRIVATE_ROOT = os.environ.get("PRIVATE_ROOT") or str(INSTANCE_DIR / "private")
    # Where files live (core/storage): "local" (MEDIA_ROOT / PRIVATE_ROOT) or "s3" (any
    # S3-compatible store: AWS S3, Cloudflare R2, MinIO, Ceph). docs/production.md "Scaling out".
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL")  # unset: AWS S3
    S3_REGION = os.environ.get("S3_REGION", "us-east-1")
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID")
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY")
    S3_PUBLIC_BUCKET = os.environ.get("S3_PUBLIC_BUCKET")
    S3_PRIVATE_BUCKET = os.environ.get("S3_PRIVATE_BUCKET")
    #: Where browsers fetch public variants (a CDN in front of the public bucket); unset: the
    #: bucket's own address on S3_ENDPOINT_URL.
    S3_PUBLIC_BASE_URL = os.environ.get("S3_PUBLIC_BASE_URL")
    #: Serve public variants through the app's /media/ route instead (no public bucket access).
    S3_PUBLIC_VIA_APP = _bool("S3_PUBLIC_VIA_APP", False)
    #: "public-read" on each public object; empty when a bucket policy makes the bucket public
    #: (R2 and some MinIO set-ups reject object ACLs).
    S3_PUBLIC_ACL = os.environ.get("S3_PUBLIC_ACL", "public-read")
    S3_ADDRESSING_STYLE = os.environ.get("S3_ADDRESSING_STYLE", "path")  # or "virtual"
    S3_TIMEOUT = float(os.environ.get("S3_TIMEOUT", 5))  # seconds to connect (reads: twice)
    #: Private documents leave as a stream through the app ("stream", keeps every security
    #: header) or as a redirect to a presigned URL valid S3_PRESIGN_SECONDS ("presign").
    S3_PRIVATE_DELIVERY = os.environ.get("S3_PRIVATE_DELIVERY", "stream")
    S3_PRESIGN_SECONDS = int(os.environ.get("S3_PRESIGN_SECONDS", 60))
    REDIS_URL = os.environ.get("REDIS_URL")
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 21 * 1024 * 1024))
    MAX_IMAGE_BYTES = 20 * 1024 * 1024
    # Private documents (core/uploads.py): what one enterprise may keep, what one user may send.
    UPLOAD_QUOTA_BYTES = int(os.environ.get("UPLOAD_QUOTA_MB", 200)) * 1024 * 1024
    UPLOAD_RATE_LIMIT = os.environ.get("UPLOAD_RATE_LIMIT", "60 per hour; 300 per day")

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Makassar"
    LANGUAGES = ("id", "en")
    CURRENCIES = ("IDR", "USD", "EUR", "SGD", "MYR", "JPY", "CNY", "AUD", "SAR")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    #: "Keep me signed in" lasts this long; the server also ends any session this old.
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    #: Host names the site answers to (Flask checks the Host header; others get 400).
    #: Unset outside production: any host. Production refuses to start without it.
    TRUSTED_HOSTS = _list("TRUSTED_HOSTS")
    #: ``make run-prod`` on one machine: production settings, but a local PUBLIC_BASE_URL, the
    #: demo bank account, e-mail to the log and cookies over plain http are allowed.
    LOCAL_TRIAL = _bool("LOCAL_TRIAL", False)
    #: Strict-Transport-Security max-age in production (not in a local trial).
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 365 * 24 * 3600))
    WTF_CSRF_TIME_LIMIT = None

    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 587))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Rumah Dagang <noreply@rumahdagang.id>"
    )
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", 8))
    # A claimed outbox row whose sender is silent this long is due again (core/outbox.py).
    OUTBOX_CLAIM_TIMEOUT = int(os.environ.get("OUTBOX_CLAIM_TIMEOUT", 900))
    # Outboxes that must be registered by their area (core/outbox.py); the app will not start
    # without one of them, so no message type is queued and never sent.
    OUTBOX_SENDERS = ("email", "whatsapp")
    # "auto": mail is sent after the commit by an RQ job (Redis) or a background thread, never in
    # the request; "off": only by the scheduled `outbox send` (core/jobs.dispatch).
    BACKGROUND_DISPATCH = os.environ.get("BACKGROUND_DISPATCH", "auto")

    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
    STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET")
    # WhatsApp Business Cloud API (trading_house/notifications). Without the token, the phone
    # number id and the app secret the channel is off: nothing is queued, the account page says so.
    WHATSAPP_TOKEN = os.environ.get("WHATSAPP_TOKEN")
    WHATSAPP_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID")
    WHATSAPP_APP_SECRET = os.environ.get("WHATSAPP_APP_SECRET")
    WHATSAPP_VERIFY_TOKEN = os.environ.get("WHATSAPP_VERIFY_TOKEN")
    WHATSAPP_API_BASE = os.environ.get("WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0")
    WHATSAPP_MAX_ATTEMPTS = int(os.environ.get("WHATSAPP_MAX_ATTEMPTS", 6))
    #: The version of the opt-in sentence people agree to (recorded with every opt-in).
    WHATSAPP_CONSENT_VERSION = os.environ.get("WHATSAPP_CONSENT_VERSION", "2026-12-v1")
    # Orders: unpaid cart orders are cancelled (stock released) after this many hours;
    # orders from quotations get this many days. The trading house's account for transfers.
    ORDER_PAYMENT_HOURS = int(os.environ.get("ORDER_PAYMENT_HOURS", 48))
    ORDER_QUOTATION_PAYMENT_DAYS = int(os.environ.get("ORDER_QUOTATION_PAYMENT_DAYS", 14))
    # The buyer is reminded this many days before a quotation's validity ends (0: no reminder).
    QUOTATION_REMINDER_DAYS = int(os.environ.get("QUOTATION_REMINDER_DAYS", 2))
    # Unpaid orders hold stock: a buyer may have at most this many, worth at most this many
    # rupiah together; checkout attempts are rate-limited per address and per account.
    ORDER_MAX_UNPAID = int(os.environ.get("ORDER_MAX_UNPAID", 3))
    ORDER_MAX_UNPAID_IDR = int(os.environ.get("ORDER_MAX_UNPAID_IDR", 50_000_000))
    ORDER_CHECKOUT_LIMIT_IP = os.environ.get(
        "ORDER_CHECKOUT_LIMIT_IP", "10 per minute; 60 per hour"
    )
    ORDER_CHECKOUT_LIMIT_USER = os.environ.get(
        "ORDER_CHECKOUT_LIMIT_USER", "5 per minute; 20 per hour"
    )
    BANK_TRANSFER_BANK = os.environ.get("BANK_TRANSFER_BANK", "Bank Sulselbar")
    BANK_TRANSFER_ACCOUNT_NAME = os.environ.get(
        "BANK_TRANSFER_ACCOUNT_NAME", "Koperasi Rumah Dagang Sulawesi Selatan"
    )
    BANK_TRANSFER_ACCOUNT_NUMBER = os.environ.get(
        "BANK_TRANSFER_ACCOUNT_NUMBER", DEMO_BANK_ACCOUNT_NUMBER
    )
    BANK_TRANSFER_SWIFT = os.environ.get("BANK_TRANSFER_SWIFT", "PDWSIDJ1")

    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    #: The trading house's own WhatsApp business number ("Chat with the trading house" on product
    #: and help pages); unset: the link is hidden. Any Indonesian form; stored in E.164 at start.
    TRADING_HOUSE_WHATSAPP = os.environ.get("TRADING_HOUSE_WHATSAPP")

    #: The supervising office on examination reports, minutes and health certificates (their
    #: letterhead and signature): the provincial office issues them, not the trading house.
    SUPERVISION_OFFICE_NAME = os.environ.get(
        "SUPERVISION_OFFICE_NAME", "Dinas Koperasi dan UKM Provinsi Sulawesi Selatan"
    )
    SUPERVISION_OFFICE_ADDRESS = os.environ.get(
        "SUPERVISION_OFFICE_ADDRESS", "Bidang Pengawasan Koperasi\nMakassar, Sulawesi Selatan"
    )
    SUPERVISION_OFFICE_EMAIL = os.environ.get("SUPERVISION_OFFICE_EMAIL", "")
    SUPERVISION_OFFICE_PHONE = os.environ.get("SUPERVISION_OFFICE_PHONE", "")
    SUPERVISION_OFFICE_CITY = os.environ.get("SUPERVISION_OFFICE_CITY", "Makassar")
    #: Who signs health certificates (title always printed; the name when set).
    SUPERVISION_SIGNATORY_TITLE = os.environ.get(
        "SUPERVISION_SIGNATORY_TITLE", "Kepala Bidang Pengawasan Koperasi"
    )
    SUPERVISION_SIGNATORY_NAME = os.environ.get("SUPERVISION_SIGNATORY_NAME", "")

    # Operations (trading_house/core: cache, logging, metrics, worker, backup; docs/production.md)
    LOG_FORMAT = os.environ.get("LOG_FORMAT")  # "json" | "text"; json in production
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN")
    CACHE_BACKEND = os.environ.get("CACHE_BACKEND")  # "redis" | "local" | "null"; auto if unset
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "rd:")
    RQ_QUEUE = os.environ.get("RQ_QUEUE", "default")
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0))  # proxies in front (nginx: 1)
    BACKUP_DIR = os.environ.get("BACKUP_DIR") or str(INSTANCE_DIR / "backups")

    BOOTSTRAP_SERVE_LOCAL = True
    SEND_FILE_MAX_AGE_DEFAULT = 3600


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    PASSWORD_HASH_FAST = True
    CACHE_BACKEND = "null"
    BACKGROUND_DISPATCH = "off"  # tests send the outbox themselves (tests/core/test_outbox*.py)


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    # No localhost fallback: e-mail links must point at the real site.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[os.environ.get("APP_ENV", "development")]


# --- production checks (create_app refuses to start on any of these) ----------------------------

#: Placeholders people leave in a key; none of these words turns up in a random key by chance.
_PLACEHOLDER_WORDS = ("change", "secret", "example", "default", "password", "replace", "insecure")
SECRET_KEY_MIN_LENGTH = 32
#: Estimated bits (character entropy × length): a 32-character hex key has about 115, a repeated
#: word like "changeme" × 4 about 88.
SECRET_KEY_MIN_BITS = 96
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104 - names, not a bind


def secret_key_problem(key: str | None) -> str | None:
    """Why ``key`` is not good enough to sign sessions and links, or None."""
    if not key:
        return "SECRET_KEY is not set"
    counts = Counter(key)
    bits = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values()) * len(key)
    lowered = key.lower()
    if (
        len(key) < SECRET_KEY_MIN_LENGTH
        or bits < SECRET_KEY_MIN_BITS
        or any(word in lowered for word in _PLACEHOLDER_WORDS)
    ):
        return f"SECRET_KEY is too weak (use at least {SECRET_KEY_MIN_LENGTH} random characters)"
    return None


def is_local_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in _LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127.")


def production_problems(config) -> list[str]:
    """Every setting production cannot run without, each as a sentence naming its variable."""
    problems = []
    key_problem = secret_key_problem(config.get("SECRET_KEY"))
    if key_problem:
        problems.append(
            f"{key_problem}: generate one with "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    if not config.get("TRUSTED_HOSTS"):
        problems.append(
            "TRUSTED_HOSTS is not set: list the host names of the site, comma-separated "
            "(e.g. rumahdagang.example.id); requests for any other Host get 400"
        )
    problems += _public_url_problems(config)
    if config.get("LOCAL_TRIAL"):
        return problems
    if config.get("BANK_TRANSFER_ACCOUNT_NUMBER") in (None, "", DEMO_BANK_ACCOUNT_NUMBER):
        problems.append(
            "BANK_TRANSFER_ACCOUNT_NUMBER is not set (buyers would be told to pay into the demo "
            "account): set it, and BANK_TRANSFER_BANK, BANK_TRANSFER_ACCOUNT_NAME and "
            "BANK_TRANSFER_SWIFT"
        )
    if not config.get("MAIL_SERVER"):
        problems.append(
            "MAIL_SERVER is not set: without it e-mails (verification, password reset, orders) "
            "are only written to the log"
        )
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append(
            "SESSION_COOKIE_SECURE is off: production cookies are sent over HTTPS only "
            "(only LOCAL_TRIAL allows plain http)"
        )
    return problems


def _public_url_problems(config) -> list[str]:
    url = config.get("PUBLIC_BASE_URL") or ""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        return [
            "PUBLIC_BASE_URL is not set: give the address people reach the site at "
            "(e.g. https://rumahdagang.example.id); e-mail links are built on it"
        ]
    if config.get("LOCAL_TRIAL") and not is_local_url(url):
        return [
            "LOCAL_TRIAL is set but PUBLIC_BASE_URL is not on this machine: LOCAL_TRIAL is only "
            "for trying production locally (make run-prod); unset it"
        ]
    if not config.get("LOCAL_TRIAL") and is_local_url(url):
        return [
            f"PUBLIC_BASE_URL points to this machine ({url}): give the public address of the "
            "site (e.g. https://rumahdagang.example.id)"
        ]
    return []
