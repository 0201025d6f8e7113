"""A web node as production runs it, for the two-node test: ``create()`` reads ``RD_TEST_*``.

Unlike ``subprocess_app`` it keeps the state a real node shares with its peers switched on:
CSRF tokens, rate limits and the cache in Redis, files in the object store (``STORAGE_BACKEND``
and ``S3_*`` from the environment). Jobs run inline after the commit (no worker in the test).
"""

import os

from config import TestingConfig
from trading_house import create_app


def create():
    env = os.environ
    redis_url = env["RD_TEST_REDIS_URL"]

    class NodeConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = env["RD_TEST_DATABASE_URL"]
        INSTANCE_PATH = env["RD_TEST_INSTANCE"]  # each node its own: nothing shared on disk
        MEDIA_ROOT = os.path.join(env["RD_TEST_INSTANCE"], "media")
        PRIVATE_ROOT = os.path.join(env["RD_TEST_INSTANCE"], "private")
        SECRET_KEY = env["RD_TEST_SECRET_KEY"]  # the same on every node
        REDIS_URL = redis_url
        WTF_CSRF_ENABLED = True
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = redis_url
        CACHE_BACKEND = "redis"
        CACHE_KEY_PREFIX = env["RD_TEST_PREFIX"]
        RATELIMIT_KEY_PREFIX = env["RD_TEST_PREFIX"]
        JOBS_INLINE = True
        ACCOUNTS_LOGIN_LIMIT_IP = "6 per minute"  # small, so the test can reach it

    return create_app(NodeConfig)
