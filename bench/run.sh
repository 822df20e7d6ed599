#!/usr/bin/env bash
# Benchmark at 100× today's scale (issue 6): gunicorn with production settings against PostgreSQL with
# the seeds + demo data + generate_scale_data (5,000 members, 100,000 posts, 300,000 replies, 10,000
# events), measured with wrk (16 connections, BENCH_SECONDS per page, loopback only). Prints req/s, p50,
# p95 and errors per page, each page's ratio to a minimal baseline view of the same app, and the number
# of queries an uncached render costs; then search latency one request at a time (bench/search.py).
# The yardstick is a bare Django view (bench/bare/: no apps, no middleware, no database) served by the
# same number of gunicorn workers in the same run; the app's own /bench/baseline/ (every middleware)
# is printed beside it. The shared cache is Redis, as in production (BENCH_CACHE=db: the database
# table, the embedded default).
# Not a test: it prints figures. ~12 minutes on 2 cores (the data generation is most of it;
# BENCH_KEEP=1 keeps the database for the next run, even across a machine restart).
# Usage: bench/run.sh   (BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_SCALE="--posts 100000 …"
#                       BENCH_ONLY='events|board' BENCH_SEARCH_ROUNDS=0 for a quick look at some pages)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
SECONDS_PER_URL=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-16}

# shellcheck source=bench/lib.sh
source bench/lib.sh
port=$(free_port)
base=http://127.0.0.1:$port
workers=${GUNICORN_WORKERS:-$((2 * $(nproc)))}
$py -m gunicorn config.wsgi:application --bind "127.0.0.1:$port" --workers "$workers" --worker-class sync \
  --timeout 30 --log-level warning >"$out/gunicorn.log" 2>&1 &
bench_pids+=($!)
bare_port=$(free_port)
"$repo/$py" -m gunicorn wsgi:application --chdir bench/bare --bind "127.0.0.1:$bare_port" --workers "$workers" \
  --worker-class sync --timeout 30 --log-level warning >"$out/bare.log" 2>&1 &
bench_pids+=($!)
wait_ok "$base/healthz"
wait_ok "http://127.0.0.1:$bare_port/"

pages=(
  "bare Django view|http://127.0.0.1:$bare_port/|anon"
  "app baseline (middleware)|/bench/baseline/|anon"
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

echo "bench: $(nproc) cores, $workers gunicorn sync workers, wrk $CONNECTIONS connections × ${SECONDS_PER_URL}s per page, shared cache: $BENCH_CACHE, commit $(git rev-parse --short HEAD)"
printf '%-28s %9s %9s %9s %7s %8s %8s\n' page "req/s" "p50 ms" "p95 ms" errors "×bare" queries
baseline_rps=
for entry in "${pages[@]}"; do
  IFS='|' read -r label path who <<<"$entry"
  # BENCH_ONLY=REGEX measures only the matching pages (the bare view always: it is the yardstick).
  if [[ -n ${BENCH_ONLY:-} && $label != bare* && ! $label =~ $BENCH_ONLY ]]; then continue; fi
  headers=()
  [[ $who == member ]] && headers=(-H "Cookie: $member_cookie")
  url=$base$path
  [[ $path == http* ]] && url=$path
  curl -s -o /dev/null "${headers[@]}" "$url"  # warm the cache and the worker
  result=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_URL}s" --latency -s bench/report.lua "${headers[@]}" "$url" | tail -1)
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
# BENCH_SEARCH_ROUNDS=0 skips the search latency part.
if [[ ${BENCH_SEARCH_ROUNDS:-5} != 0 ]]; then $py bench/search.py "${BENCH_SEARCH_ROUNDS:-5}"; fi
