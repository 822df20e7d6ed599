#!/usr/bin/env bash
# Where a page's time goes under load: the bench's gunicorn (production settings, the scale data,
# Redis) under wrk. Prints the CPU time per request of the app, PostgreSQL, Redis and wrk (bench/cpu.py),
# then, with every worker sampled by py-spy (--gil: only while running Python, not waiting on the
# database or Redis), the functions with the most samples, by
# own time and by time including what they call, then writes the collapsed stacks (for a flame graph)
# next to the figures. Not a test; ~1 minute once bench/run.sh has generated the data (BENCH_KEEP=1).
# Usage: bench/profile.sh [PATH] [member|anon]   e.g. bench/profile.sh /board/ member
#        PATH may contain THREAD (the 200-reply thread's pk): bench/profile.sh /board/THREAD/ member
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
target=${1:-/board/}
who=${2:-member}
SECONDS_PER_URL=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
# shellcheck source=bench/lib.sh
source bench/lib.sh
target=${target//THREAD/$thread}

port=$(free_port)
workers=${GUNICORN_WORKERS:-$((2 * $(nproc)))}
$py -m gunicorn config.wsgi:application --bind "127.0.0.1:$port" --workers "$workers" --worker-class sync \
  --timeout 30 --log-level warning >"$out/gunicorn.log" 2>&1 &
master=$!
bench_pids+=("$master")
wait_ok "http://127.0.0.1:$port/healthz"
headers=()
[[ $who == member ]] && headers=(-H "Cookie: $member_cookie")
url=http://127.0.0.1:$port$target
status=$(curl -s -o /dev/null -w '%{http_code}' "${headers[@]}" "$url")
[[ $status == 200 ]] || { echo "profile: $target answered $status" >&2; exit 1; }
wrk -t2 -c"$CONNECTIONS" -d2s "${headers[@]}" "$url" >/dev/null  # warm every worker

# First without the profiler: where the machine's CPU goes per request.
echo "profile: $target ($who), $workers workers, $CONNECTIONS connections"
$py bench/cpu.py "$out/cpu.json" -- \
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_URL}s" --latency -s bench/report.lua "${headers[@]}" "$url"

wrk -t2 -c"$CONNECTIONS" -d"$((SECONDS_PER_URL + 2))s" --latency -s bench/report.lua "${headers[@]}" "$url" \
  | tail -1 >"$out/wrk.json" &
wrk_pid=$!
sleep 1
.venv/bin/py-spy record --subprocesses --rate 200 --gil --format raw --nonblocking -d "$SECONDS_PER_URL" \
  -o "$out/stacks.txt" -p "$master" >/dev/null 2>&1
wait "$wrk_pid"
echo "under py-spy: $(cat "$out/wrk.json")"
$py bench/stacks.py "$out/stacks.txt" "${PROFILE_TOP:-25}"
echo "collapsed stacks: $out/stacks.txt"
