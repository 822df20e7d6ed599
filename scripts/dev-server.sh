#!/usr/bin/env bash
# `make run`: the development server with seed data and demo accounts, SQLite, mail on the console.
# Migrates, loads the seed and the demo accounts (all idempotent), starts the task worker that
# sends notification mail, then serves http://127.0.0.1:${PORT:-8000}/ until interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_DEBUG=1
export DATABASE_URL="sqlite:///$(pwd)/db.sqlite3"
export DJANGO_EMAIL_URL=consolemail://
# The demo Secretariat account has no authenticator app: on this local demo the admin does not ask
# for a second factor. Production keeps the default (required); DJANGO_STAFF_MFA_REQUIRED=on tries it here.
export DJANGO_STAFF_MFA_REQUIRED=${DJANGO_STAFF_MFA_REQUIRED:-off}
PORT=${PORT:-8000}
export PORTAL_SITE_URL=${PORTAL_SITE_URL:-http://127.0.0.1:$PORT}
py=.venv/bin/python

$py manage.py migrate --noinput
$py manage.py load_seed
$py manage.py load_demo_accounts
# Demo threads retelling the seeds' first success story (坂井市 → 品川区 → しながわ水族館).
if $py manage.py help load_demo_board >/dev/null 2>&1; then $py manage.py load_demo_board; fi

# Notifications are queued in the database and sent by this worker, as in production; so are the
# daily tasks (stored files no record points to …), queued here as by scripts/entrypoint.sh.
$py manage.py schedule_tasks --verbosity 0
$py manage.py db_worker --no-reload --interval 2 &
worker=$!
$py manage.py runserver "127.0.0.1:$PORT" &
server=$!
stop() {
  # runserver's autoreloader serves from a child process: stop it too, not only the parent.
  if command -v pkill >/dev/null; then pkill -TERM -P "$server" 2>/dev/null || true; fi
  kill -TERM "$worker" "$server" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT
echo "serving http://127.0.0.1:$PORT/ (Ctrl-C stops; demo accounts are listed in README.md)"
wait "$server"
