#!/usr/bin/env bash
# The gates `make test` runs before the suite (so CI enforces them): ruff, the import-linter layer
# contracts (pyproject.toml [tool.importlinter]), missing migrations, and Django's deploy checks
# with production settings (DEBUG off), warnings included.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

echo "--- ruff"
.venv/bin/ruff check .
echo "--- import contracts"
.venv/bin/lint-imports --no-cache
echo "--- migrations"
DJANGO_DEBUG=1 $py manage.py makemigrations --check --dry-run
echo "--- check --deploy (production defaults: no DJANGO_SECURE_* variable)"
env -u DJANGO_SECURE_SSL_REDIRECT -u DJANGO_SECURE_COOKIES \
  DJANGO_DEBUG=off DJANGO_SECRET_KEY=$($py -c 'import secrets; print(secrets.token_urlsafe(50))') \
  DJANGO_ALLOWED_HOSTS=portal.example.jp \
  $py manage.py check --deploy --fail-level WARNING
