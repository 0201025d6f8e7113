"""Gunicorn settings for Rumah Dagang: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Sync workers (DESIGN §6): each handles one request at a time, so a slow request never stalls
others in the same process and database sessions are never shared between threads. Every
value can be overridden from the environment (the systemd unit reads the ``.env`` file).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # nginx in front; never public
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))  # a stuck worker is replaced
graceful_timeout = 30  # on restart, requests in flight get this long to finish
keepalive = 5
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# Build the app once in the master: a bad setting (no SECRET_KEY) stops the start at once.
# create_app() never touches the database, so no connection is shared across the fork.
preload_app = True
# Trust X-Forwarded-* only from nginx on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
limit_request_line = 8190
# gunicorn's control socket (~/.gunicorn/gunicorn.ctl) is not needed: systemd reloads with HUP,
# and two servers on one machine (web + a load test) would fight over the same path.
control_socket_disable = True

# --- logging: one format for gunicorn's and the app's lines ----------------------------------
_json = (os.environ.get("LOG_FORMAT") or "json").lower() == "json"
_level = os.environ.get("LOG_LEVEL", "INFO")
accesslog = "-"
errorlog = "-"
# The request id nginx sends (or the app made) is echoed in the X-Request-ID response header.
access_log_format = (
    '%(h)s for=%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s bytes %(M)sms '
    'request_id=%({x-request-id}o)s "%(a)s"'
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "app": {
            "()": "trading_house.core.logging.JsonFormatter"
            if _json
            else "trading_house.core.logging.TextFormatter"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "app",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": _level, "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": _level, "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}


def post_fork(server, worker):
    """Each worker opens its own database connections (none are made before the fork, but a
    pool inherited from the master must never be shared)."""
    import wsgi
    from trading_house.extensions import db

    with wsgi.app.app_context():
        db.engine.dispose(close=False)


# --- metrics: prometheus_client multi-process mode (trading_house/core/metrics.py) ----------


def on_starting(server):
    """Start from empty counters: files of the previous run's processes would be added in."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def child_exit(server, worker):
    """A worker that ended (recycled, killed): its live gauges no longer count."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
