#!/usr/bin/env bash
# `make test`: the whole pytest suite on SQLite, then (unless SKIP_POSTGRES=1) on a throwaway
# PostgreSQL 15 server, followed by the production smoke test against that server. A throwaway Redis
# (scripts/redis.sh) serves tests/core/test_redis.py in both phases and the smoke test.
# Usage: scripts/test.sh [all|lint|sqlite|postgres|smoke] [pytest arguments…]
# `all` starts with scripts/lint.sh (ruff, import contracts, makemigrations --check, check --deploy).
# Extra pytest arguments also come from $PYTEST_ARGS (e.g. PYTEST_ARGS="tests/board -x");
# PYTEST_WORKERS=N runs N pytest-xdist workers (default: none below 4 cores, else up to 4).
set -euo pipefail
cd "$(dirname "$0")/.."

phase=${1:-all}
[[ $# -gt 0 ]] && shift
PYTEST_ARGS=${PYTEST_ARGS:-}
pytest_args=(-q)
# pytest-xdist: each worker gets its own test database and loads the seed once, which pays off
# only with several cores (measured on 2 cores: no gain). PYTEST_WORKERS=N overrides, 0 = serial.
cores=$(nproc 2>/dev/null || echo 1)
workers=${PYTEST_WORKERS:-$((cores >= 4 ? (cores > 8 ? 4 : cores / 2) : 0))}
((workers > 1)) && pytest_args+=(-n "$workers")
# shellcheck disable=SC2206 # word splitting of PYTEST_ARGS is intended
[[ -n $PYTEST_ARGS ]] && pytest_args+=($PYTEST_ARGS)
pytest_args+=("$@")

timings=()
run_timed() {
  local label=$1; shift
  local start=$SECONDS
  echo "=== $label"
  if "$@"; then
    timings+=("$label: ok in $((SECONDS - start)) s")
  else
    timings+=("$label: FAILED after $((SECONDS - start)) s")
    summary
    exit 1
  fi
}
summary() { printf '%s\n' "--- summary" "${timings[@]}"; }

# The browser tests' tools (Chromium, CJK fonts, axe-core, vnu.jar): installed when missing.
browser_deps() {
  if [[ -x scripts/e2e-deps.sh ]]; then scripts/e2e-deps.sh; fi
}
# Redis for tests/core/test_redis.py (production's shared cache); stopped when the script ends.
stop_services() {
  scripts/redis.sh stop >/dev/null 2>&1 || true
  if [[ ${pg_started:-0} == 1 ]]; then scripts/postgres.sh stop; fi
}
with_redis() {
  trap stop_services EXIT
  trap 'exit 130' INT TERM
  scripts/redis.sh start
  PORTAL_TEST_REDIS_URL=$(scripts/redis.sh url 0)
  export PORTAL_TEST_REDIS_URL
}
sqlite() {
  browser_deps
  DATABASE_URL="sqlite:///$(pwd)/db.sqlite3" .venv/bin/pytest "${pytest_args[@]}"
}
# The browser tests run once, in the SQLite phase: they check pages, not the database.
postgres_suite() {
  DATABASE_URL=$(scripts/postgres.sh url portal) .venv/bin/pytest "${pytest_args[@]}" -m "not e2e"
}
with_postgres() {
  trap stop_services EXIT  # always stop it, whatever fails afterwards
  trap 'exit 130' INT TERM
  pg_started=1
  scripts/postgres.sh start
}

case $phase in
  all)
    run_timed "lint, import contracts, migrations, deploy checks" scripts/lint.sh
    run_timed "start Redis" with_redis
    run_timed "pytest on SQLite" sqlite
    if [[ ${SKIP_POSTGRES:-0} == 1 ]]; then
      timings+=("PostgreSQL phase skipped (SKIP_POSTGRES=1)")
    else
      run_timed "start PostgreSQL" with_postgres
      run_timed "pytest on PostgreSQL" postgres_suite
      run_timed "production smoke test on PostgreSQL" scripts/smoke-production.sh
      run_timed "backup and restore on PostgreSQL" scripts/backup-restore-check.sh
    fi ;;
  sqlite)
    run_timed "start Redis" with_redis
    run_timed "pytest on SQLite" sqlite ;;
  lint) run_timed "lint, import contracts, migrations, deploy checks" scripts/lint.sh ;;
  postgres)
    run_timed "start Redis" with_redis
    run_timed "start PostgreSQL" with_postgres
    run_timed "pytest on PostgreSQL" postgres_suite ;;
  smoke)
    run_timed "start Redis" with_redis
    run_timed "start PostgreSQL" with_postgres
    run_timed "production smoke test on PostgreSQL" scripts/smoke-production.sh
    run_timed "backup and restore on PostgreSQL" scripts/backup-restore-check.sh ;;
  *) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
summary
