#!/usr/bin/env bash
# A throwaway Redis server for the tests and the bench: 127.0.0.1 only, nothing written to disk.
# Usage: scripts/redis.sh start | stop | restart | status | url [DB]
#   start    installs redis-server (Debian) if missing (apt-get, as root) and starts it on a free
#            port (from $REDIS_PORT, default 63790); a server left running is reused
#   stop     stops the server and deletes its state
#   restart  a real restart: every key is gone afterwards (tests/core/test_redis.py checks that
#            nobody is logged out by it)
#   url      prints redis://127.0.0.1:PORT/DB (default 0)
# State lives in .redis/ (git-ignored; REDIS_STATE lets the bench run its own beside the tests').
set -euo pipefail
cd "$(dirname "$0")/.."
state=${REDIS_STATE:-$(pwd)/.redis}

log() { echo "redis.sh: $*" >&2; }

install_redis() {
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    log "redis-server not found; install Debian's redis-server (or put redis-server on PATH)"
    exit 1
  fi
  log "installing redis-server with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q redis-server >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q redis-server >/dev/null; }
  # Debian starts a system-wide server on 6379 after installing; ours runs on its own port.
}

port() { cat "$state/port" 2>/dev/null || { log "not running (no $state/port); run: scripts/redis.sh start"; exit 1; }; }
running() { [[ -f $state/port ]] && redis-cli -p "$(cat "$state/port")" ping 2>/dev/null | grep -q PONG; }
port_free() {
  python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}

serve() {
  # No persistence (a cache and a session cache: the sessions themselves are in the database);
  # allkeys-lru so a full memory drops the least used entries instead of refusing writes.
  redis-server --bind 127.0.0.1 --port "$1" --daemonize yes --dir "$state" \
    --pidfile "$state/redis.pid" --logfile "$state/redis.log" \
    --save "" --appendonly no --maxmemory "${REDIS_MAXMEMORY:-256mb}" --maxmemory-policy allkeys-lru
  for _ in $(seq 1 50); do redis-cli -p "$1" ping 2>/dev/null | grep -q PONG && return 0; sleep 0.1; done
  log "server did not start; log:"; tail -n 20 "$state/redis.log" >&2; exit 1
}

stop_server() {
  [[ -f $state/port ]] && redis-cli -p "$(cat "$state/port")" shutdown nosave >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do running || return 0; sleep 0.1; done
}

start() {
  command -v redis-server >/dev/null || install_redis
  if running; then log "already running on 127.0.0.1:$(port)"; return 0; fi
  mkdir -p "$state"
  local p=${REDIS_PORT:-63790}
  until port_free "$p"; do p=$((p + 1)); done
  echo "$p" >"$state/port"
  serve "$p"
  log "$(redis-server --version | awk '{print $1, $2, $3}') on 127.0.0.1:$p"
}

case ${1:-} in
  start) start ;;
  stop) stop_server; rm -rf "$state"; log "stopped" ;;
  restart) p=$(port); stop_server; serve "$p"; log "restarted on 127.0.0.1:$p (empty)" ;;
  status) if running; then echo "running on 127.0.0.1:$(port)"; else echo "not running"; exit 3; fi ;;
  url) echo "redis://127.0.0.1:$(port)/${2:-0}" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
