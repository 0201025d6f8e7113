#!/usr/bin/env bash
# `make run-prod`: the production stack on one machine, for trying it out — gunicorn (sync
# workers), an RQ worker and the scheduler against local PostgreSQL and Redis, from the
# production virtualenv (.venv-prod: no dev extras). Creates the database if it is missing,
# upgrades the schema and loads the demo data on first run. Ctrl+C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv-prod/bin}

export APP_ENV=${APP_ENV:-production}
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/rumahdagang}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export FLASK_APP=wsgi:app
# Plain http on 127.0.0.1: secure-only cookies would never come back.
export SESSION_COOKIE_SECURE=${SESSION_COOKIE_SECURE:-false}
export LOG_FORMAT=${LOG_FORMAT:-json}
export GUNICORN_BIND=${GUNICORN_BIND:-127.0.0.1:${PORT:-8000}}
# A trial on this machine (LOCAL_TRIAL): production refuses to start without a public
# PUBLIC_BASE_URL, a real bank account (BANK_TRANSFER_ACCOUNT_NUMBER), a MAIL_SERVER and secure
# cookies; LOCAL_TRIAL allows links to this machine, the demo bank account, e-mail to the log and
# plain http instead. A strong SECRET_KEY and TRUSTED_HOSTS are still required. Never set
# LOCAL_TRIAL on a real site (it refuses a PUBLIC_BASE_URL that is not this machine anyway).
export LOCAL_TRIAL=${LOCAL_TRIAL:-true}
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://$GUNICORN_BIND}
export TRUSTED_HOSTS=${TRUSTED_HOSTS:-127.0.0.1,localhost}
export GUNICORN_WORKERS=${GUNICORN_WORKERS:-4}
# Metrics of all processes (gunicorn workers, RQ worker) added up; emptied at each start.
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-$PWD/instance/metrics}
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
rm -f "$PROMETHEUS_MULTIPROC_DIR"/*.db
if [ -z "${SECRET_KEY:-}" ]; then
  # Production refuses to start without a key; for a local trial keep one in instance/.
  mkdir -p instance
  [ -s instance/secret_key_prod ] || "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))' > instance/secret_key_prod
  chmod 600 instance/secret_key_prod
  SECRET_KEY=$(cat instance/secret_key_prod)
  export SECRET_KEY
fi

echo "== PostgreSQL: ${DATABASE_URL%%@*}@… (creating the database if missing)"
"$BIN/python" - <<'PY'
import os, sys
import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

url = make_url(os.environ["DATABASE_URL"])
params = dict(host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username,
              password=url.password, dbname="postgres", connect_timeout=5)
try:
    with psycopg.connect(**params, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.database)))
            print(f"created database {url.database}")
except psycopg.OperationalError as exc:
    sys.exit(f"PostgreSQL is not reachable ({exc}). Start it, or set DATABASE_URL.")
PY

echo "== Redis: $REDIS_URL"
"$BIN/python" -c "
import os, sys, redis
try:
    redis.Redis.from_url(os.environ['REDIS_URL'], socket_connect_timeout=3).ping()
except redis.RedisError as exc:
    sys.exit(f'Redis is not reachable ({exc}). Start it (redis-server), or set REDIS_URL.')
"

echo "== schema and demo data"
"$BIN/flask" db upgrade
"$BIN/flask" seed-demo

"$BIN/flask" worker --name "run-prod-$$" &
WORKER=$!
"$BIN/flask" schedule run &
SCHEDULER=$!
trap 'kill -TERM $WORKER $SCHEDULER 2>/dev/null; wait $WORKER $SCHEDULER 2>/dev/null || true' EXIT INT TERM

echo "== serving on http://$GUNICORN_BIND (gunicorn, $GUNICORN_WORKERS workers; RQ worker pid $WORKER; scheduler pid $SCHEDULER)"
"$BIN/gunicorn" -c deploy/gunicorn.conf.py wsgi:app
