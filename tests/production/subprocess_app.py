"""The app as a child process of a test sees it: ``create()`` reads ``RD_TEST_*`` variables.

Used by ``flask --app tests.production.subprocess_app:create worker`` and the checkout killer.
"""

import os

from config import TestingConfig
from trading_house import create_app


def create():
    env = os.environ

    class ChildConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = env["RD_TEST_DATABASE_URL"]
        INSTANCE_PATH = env["RD_TEST_INSTANCE"]
        MEDIA_ROOT = env["RD_TEST_MEDIA"]
        PRIVATE_ROOT = env["RD_TEST_PRIVATE"]
        REDIS_URL = env.get("RD_TEST_REDIS_URL") or None
        RQ_QUEUE = env.get("RD_TEST_QUEUE", "default")
        CACHE_KEY_PREFIX = env.get("RD_TEST_PREFIX", "rd:")

    return create_app(ChildConfig)
