# Shared by bench/run.sh and bench/profile.sh (sourced, not run): tools, the bench's PostgreSQL and
# Redis, production-like settings, the scale data (generated once; BENCH_KEEP=1 keeps it), and
# $thread / $member_cookie for the member pages. The caller sets $repo and a `cleanup` trap that calls
# bench_cleanup; servers it starts go in $bench_pids.
bench_pids=()
bench_cleanup() {
  for pid in "${bench_pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  scripts/redis.sh stop >/dev/null 2>&1 || true
  if [[ ${BENCH_KEEP:-0} != 1 ]]; then scripts/postgres.sh stop >/dev/null 2>&1 || true; fi
}
free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Waits until URL answers "ok".
wait_ok() { for _ in $(seq 1 60); do [[ $(curl -s "$1") == ok ]] && return 0; sleep 0.5; done; echo "bench: $1 did not answer" >&2; return 1; }

scripts/bootstrap.sh
py=.venv/bin/python
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1
  fi
fi

export PORTAL_PG_STATE=${BENCH_PG_STATE:-$repo/.pgdata-bench} PG_PORT=${PG_PORT:-54410}
export REDIS_STATE=$repo/.redis-bench REDIS_PORT=${REDIS_PORT:-63810}
BENCH_CACHE=${BENCH_CACHE:-redis}
out=$(mktemp -d "${TMPDIR:-/tmp}/portal-bench.XXXXXX")
trap bench_cleanup EXIT
if ! scripts/postgres.sh status >/dev/null 2>&1; then PG_REUSE=${BENCH_KEEP:-0} scripts/postgres.sh start; fi
if [[ $BENCH_CACHE == redis ]]; then
  scripts/redis.sh start
  export DJANGO_CACHE_URL=$(scripts/redis.sh url 0)
fi

export DJANGO_DEBUG=off DJANGO_SECRET_KEY=bench-$($py -c 'import secrets; print(secrets.token_urlsafe(40))')
export DATABASE_URL=$(scripts/postgres.sh url portal) DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_COOKIES=off DJANGO_SECURE_SSL_REDIRECT=off DJANGO_EMAIL_URL=dummymail://
export DJANGO_STATIC_ROOT=$out/static DJANGO_MEDIA_ROOT=$out/media PORTAL_BENCH=1 DJANGO_PAGE_CACHE=on
export DJANGO_TASKS_BACKEND=django_tasks.backends.dummy.DummyBackend

$py manage.py migrate --noinput -v 0
$py manage.py collectstatic --noinput -v 0
if ! $py manage.py shell -c "from portal.models import User; raise SystemExit(0 if User.objects.filter(email__startswith='scale-').exists() else 1)" 2>/dev/null; then
  $py manage.py load_seed >/dev/null
  $py manage.py load_demo_accounts --force >/dev/null
  $py manage.py load_demo_board --force >/dev/null
  echo "bench: generating scale data"
  # shellcheck disable=SC2086 # BENCH_SCALE holds several options
  $py manage.py generate_scale_data ${BENCH_SCALE:-}
  $py manage.py shell -c "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')" 2>/dev/null || true
fi
thread=$($py bench/prepare.py thread)
# A member's browser: the session and the CSRF cookie it keeps after its first page.
member_cookie=$($py bench/prepare.py cookie sakai@example.jp)

