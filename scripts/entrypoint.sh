#!/usr/bin/env bash
# Production entry point (the Docker image's ENTRYPOINT; also run by scripts/smoke-production.sh).
# Applies migrations, collects static files for whitenoise, then replaces itself with gunicorn.
# With arguments, runs them instead of gunicorn after the same preparation, e.g.
#   scripts/entrypoint.sh python manage.py db_worker
# Needs DJANGO_SECRET_KEY, DATABASE_URL and DJANGO_ALLOWED_HOSTS; DEBUG stays off unless set.
set -euo pipefail
cd "$(dirname "$0")/.."

py=python
[[ -x .venv/bin/python ]] && py=.venv/bin/python

: "${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY}"
: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:5432/portal)}"
: "${DJANGO_ALLOWED_HOSTS:?set DJANGO_ALLOWED_HOSTS (comma-separated host names)}"

"$py" manage.py migrate --noinput
"$py" manage.py collectstatic --noinput --verbosity 0
# The daily tasks (orphaned files …) queued once; each run queues the next (core/scheduling.py).
"$py" manage.py schedule_tasks --verbosity 0

if [[ $# -gt 0 ]]; then
  exec "$@"
fi
# Request limits: gunicorn bounds the request line and headers (it has no body limit); the body is
# refused by its Content-Length in Django before it is read (DJANGO_REQUEST_MAX_MB, 413 page).
exec "$py" -m gunicorn config.wsgi:application \
  --bind "0.0.0.0:${PORT:-8000}" \
  --workers "${GUNICORN_WORKERS:-2}" \
  --worker-class sync \
  --limit-request-line "${GUNICORN_LIMIT_REQUEST_LINE:-4094}" \
  --limit-request-fields "${GUNICORN_LIMIT_REQUEST_FIELDS:-50}" \
  --limit-request-field_size "${GUNICORN_LIMIT_REQUEST_FIELD_SIZE:-8190}" \
  --access-logfile -
