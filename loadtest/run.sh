#!/usr/bin/env bash
# Load and fault test: gunicorn (production settings) against PostgreSQL with the demo data;
# 100 concurrent users (anonymous visitors and members posting/replying) for 2 minutes, loopback
# only; PostgreSQL is restarted mid-run. Prints requests served, errors, p95, posts attempted vs
# stored, how long the portal answered 5xx during the restart, and whether an acknowledged post
# or reply was lost. Not part of `make test` (it takes ~3 minutes and the whole machine).
# Usage: loadtest/run.sh   (LOADTEST_USERS=100 LOADTEST_DURATION=120 LOADTEST_RESTART_AT=60)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

USERS=${LOADTEST_USERS:-100}
DURATION=${LOADTEST_DURATION:-120}
RESTART_AT=${LOADTEST_RESTART_AT:-60}
export LOADTEST_MEMBERS=${LOADTEST_MEMBERS:-100} LOADTEST_PASSWORD=load-test-2026
export LOADTEST_OUT=$(mktemp -d "${TMPDIR:-/tmp}/portal-loadtest.XXXXXX")

scripts/bootstrap.sh
UV_PROJECT_ENVIRONMENT=.venv UV_PYTHON_DOWNLOADS=never .venv/bin/python -m uv sync --frozen --inexact --quiet --group loadtest
py=.venv/bin/python

# Its own durable PostgreSQL, beside any test server of this checkout.
export PORTAL_PG_STATE=$repo/.pgdata-loadtest PG_PORT=${PG_PORT:-54400} PG_DURABLE=1
server=
cleanup() {
  [[ -n $server ]] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  scripts/postgres.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
scripts/postgres.sh start

export DJANGO_DEBUG=off DJANGO_SECRET_KEY=$($py -c 'import secrets; print(secrets.token_urlsafe(50))')
export DATABASE_URL=$(scripts/postgres.sh url portal) DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_COOKIES=off DJANGO_SECURE_SSL_REDIRECT=off DJANGO_EMAIL_URL=dummymail://
export DJANGO_STATIC_ROOT=$LOADTEST_OUT/static DJANGO_MEDIA_ROOT=$LOADTEST_OUT/media
# Sign-in throttling stays on: ~20 members sign in from 127.0.0.1, under its 30 per minute.
port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port

$py manage.py migrate --noinput -v 0
$py manage.py collectstatic --noinput -v 0
$py manage.py load_seed >/dev/null
$py manage.py load_demo_accounts --force >/dev/null
if $py manage.py help load_demo_board >/dev/null 2>&1; then $py manage.py load_demo_board --force >/dev/null; fi
$py loadtest/prepare.py

workers=${GUNICORN_WORKERS:-$((2 * $(nproc) + 1))}
$py -m gunicorn config.wsgi:application --bind "127.0.0.1:$port" --workers "$workers" --worker-class sync \
  --timeout 30 --log-level warning >"$LOADTEST_OUT/gunicorn.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do [[ $(curl -s "$base/healthz") == ok ]] && break; sleep 0.5; done

echo "loadtest: $USERS users for ${DURATION}s against $base ($workers gunicorn workers), PostgreSQL restart at ${RESTART_AT}s"
.venv/bin/locust -f loadtest/locustfile.py --headless --host "$base" -u "$USERS" -r 20 -t "${DURATION}s" \
  --csv "$LOADTEST_OUT/locust" --only-summary >"$LOADTEST_OUT/locust.log" 2>&1 &
locust=$!

sleep "$RESTART_AT"
restart_started=$(date +%s.%N)
scripts/postgres.sh restart
restart_done=$(date +%s.%N)
# How long until the portal answers again without anyone doing anything.
healthy_again=
for _ in $(seq 1 600); do
  if [[ $(curl -s -m 2 "$base/healthz") == ok ]]; then healthy_again=$(date +%s.%N); break; fi
  sleep 0.1
done
wait "$locust" || true

$py loadtest/report.py "$restart_started" "$restart_done" "${healthy_again:-}"
