#!/usr/bin/env bash
# Benchmark at 100× today's scale (issue 6): gunicorn with production settings against PostgreSQL with
# the seeds + demo data + generate_scale_data (5,000 members, 100,000 posts, 300,000 replies, 10,000
# events), measured with wrk (16 connections, BENCH_SECONDS per page, loopback only). Prints req/s, p50,
# p95 and errors per page, each page's ratio to a minimal baseline view of the same app, and the number
# of queries an uncached render costs; then search latency one request at a time (bench/search.py).
# Not a test: it prints figures. ~12 minutes on 2 cores (the data generation is most of it;
# BENCH_KEEP=1 keeps the database for the next run, even across a machine restart).
# Usage: bench/run.sh   (BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_SCALE="--posts 100000 …")
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
SECONDS_PER_URL=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-16}

scripts/bootstrap.sh
py=.venv/bin/python
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1
  fi
fi

export PORTAL_PG_STATE=$repo/.pgdata-bench PG_PORT=${PG_PORT:-54410}
out=$(mktemp -d "${TMPDIR:-/tmp}/portal-bench.XXXXXX")
server=
cleanup() {
  [[ -n $server ]] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  if [[ ${BENCH_KEEP:-0} != 1 ]]; then scripts/postgres.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if ! scripts/postgres.sh status >/dev/null 2>&1; then PG_REUSE=${BENCH_KEEP:-0} scripts/postgres.sh start; fi

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
sessionid=$($py bench/prepare.py session sakai@example.jp)

port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
workers=${GUNICORN_WORKERS:-$((2 * $(nproc)))}
$py -m gunicorn config.wsgi:application --bind "127.0.0.1:$port" --workers "$workers" --worker-class sync \
  --timeout 30 --log-level warning >"$out/gunicorn.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do [[ $(curl -s "$base/healthz") == ok ]] && break; sleep 0.5; done

pages=(
  "baseline|/bench/baseline/|anon"
  "/|/|anon"
  "/events/|/events/|anon"
  "/municipalities/|/municipalities/|anon"
  "/board/ (member)|/board/|member"
  "200-reply thread (member)|/board/$thread/|member"
  "/search/?q=連携|/search/?q=%E9%80%A3%E6%90%BA|anon"
  "/board/?q=連携 (member)|/board/?q=%E9%80%A3%E6%90%BA|member"
)
declare -A queries
while read -r url count status; do queries[$url]="$count"; done < <(
  $py bench/prepare.py queries / /events/ /municipalities/ /board/ "/board/$thread/" "/search/?q=連携" "/board/?q=連携" 2>/dev/null)

echo "bench: $(nproc) cores, $workers gunicorn sync workers, wrk $CONNECTIONS connections × ${SECONDS_PER_URL}s per page"
printf '%-28s %9s %9s %9s %7s %8s %8s\n' page "req/s" "p50 ms" "p95 ms" errors "×base" queries
baseline_rps=
for entry in "${pages[@]}"; do
  IFS='|' read -r label path who <<<"$entry"
  headers=()
  [[ $who == member ]] && headers=(-H "Cookie: sessionid=$sessionid")
  curl -s -o /dev/null "${headers[@]}" "$base$path"  # warm the cache and the worker
  result=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_URL}s" --latency -s bench/report.lua "${headers[@]}" "$base$path" | tail -1)
  rps=$($py -c "import json,sys; print(json.loads(sys.argv[1])['rps'])" "$result")
  [[ -z $baseline_rps ]] && baseline_rps=$rps
  decoded=$($py -c "import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))" "$path")
  $py - "$label" "$result" "$baseline_rps" "${queries[$decoded]:--}" <<'PY'
import json, sys
label, result, base, q = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
print(f"{label:<28} {result['rps']:>9.1f} {result['p50']:>9.1f} {result['p95']:>9.1f} {result['errors']:>7} {result['rps'] / base:>7.0%} {q:>8}")
PY
done
echo
$py bench/search.py "${BENCH_SEARCH_ROUNDS:-5}"
