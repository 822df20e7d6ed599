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

if [[ $# -gt 0 ]]; then
  exec "$@"
fi
exec "$py" -m gunicorn config.wsgi:application \
  --bind "0.0.0.0:${PORT:-8000}" \
  --workers "${GUNICORN_WORKERS:-2}" \
  --worker-class sync \
  --access-logfile -
