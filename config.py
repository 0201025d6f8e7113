"""Configuration classes. Every setting comes from an environment variable."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'rumah_dagang.db'}"
    # psycopg 3 is the driver; accept the usual postgres:// spellings.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    INSTANCE_PATH = str(INSTANCE_DIR)
    MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or str(INSTANCE_DIR / "media")
    PRIVATE_ROOT = os.environ.get("PRIVATE_ROOT") or str(INSTANCE_DIR / "private")
    REDIS_URL = os.environ.get("REDIS_URL")
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 21 * 1024 * 1024))
    MAX_IMAGE_BYTES = 20 * 1024 * 1024

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

    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
    STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET")
    # Orders: unpaid cart orders are cancelled (stock released) after this many hours;
    # orders from quotations get this many days. The trading house's account for transfers.
    ORDER_PAYMENT_HOURS = int(os.environ.get("ORDER_PAYMENT_HOURS", 48))
    ORDER_QUOTATION_PAYMENT_DAYS = int(os.environ.get("ORDER_QUOTATION_PAYMENT_DAYS", 14))
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
    BANK_TRANSFER_ACCOUNT_NUMBER = os.environ.get("BANK_TRANSFER_ACCOUNT_NUMBER", "001-02-000123-4")
    BANK_TRANSFER_SWIFT = os.environ.get("BANK_TRANSFER_SWIFT", "PDWSIDJ1")

    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

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


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[os.environ.get("APP_ENV", "development")]
