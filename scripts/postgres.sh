#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests: trust auth, 127.0.0.1 only, no durability.
# Usage: scripts/postgres.sh start | stop | restart | status | url [DBNAME] | createdb DBNAME
#   start     installs PostgreSQL 15 if missing (apt-get, as root), initdb's a fresh cluster
#             (UTF8, C.UTF-8) and starts it on a free port (from $PG_PORT, default 54329);
#             PG_REUSE=1 restarts a cluster left behind with its data instead
#   stop      stops the server and deletes the cluster
#   url       prints postgres://postgres@127.0.0.1:PORT/DBNAME (default portal)
#   createdb  drops and re-creates DBNAME (empty)
# State lives in .pgdata/ (git-ignored). initdb and postgres refuse to run as root, so as root
# the server runs as the `postgres` system user (created when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
# PORTAL_PG_STATE lets a second server run beside the test one (the load test and bench use it).
state=${PORTAL_PG_STATE:-$repo/.pgdata}
PG_VERSION=15

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local dir
  for dir in ${PG_BIN:-} /usr/lib/postgresql/$PG_VERSION/bin; do
    [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]] && { echo "$dir"; return 0; }
  done
  return 1
}

install_postgres() {
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    log "PostgreSQL $PG_VERSION not found in /usr/lib/postgresql/$PG_VERSION/bin; install postgresql-$PG_VERSION or set PG_BIN"
    exit 1
  fi
  log "installing PostgreSQL $PG_VERSION with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  local pkgs=("postgresql-$PG_VERSION" postgresql-contrib)
  apt-get install -y -q "${pkgs[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q "${pkgs[@]}" >/dev/null; }
}

# Runs a command as the unprivileged server user when we are root, directly otherwise.
as_pg() {
  if [[ $(id -u) == 0 ]]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}

# fsync etc. off: a test cluster is thrown away after the run, speed matters more than durability.
# PG_DURABLE=1 keeps PostgreSQL's defaults (the load test checks that no acknowledged post is lost).
speed_flags() {
  [[ ${PG_DURABLE:-0} == 1 ]] || echo "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
}

port_free() {
  python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}

cluster_dir() { cat "$state/cluster" 2>/dev/null || true; }
port() { cat "$state/port" 2>/dev/null || { log "not running (no $state/port); run: scripts/postgres.sh start"; exit 1; }; }

pg_user=postgres
if [[ $(id -u) == 0 ]]; then
  pg_user=${PG_OS_USER:-postgres}
fi

start() {
  local bin cluster p
  bin=$(find_bin) || { install_postgres; bin=$(find_bin) || { log "PostgreSQL $PG_VERSION binaries still missing after install"; exit 1; }; }
  if [[ $(id -u) == 0 ]] && ! id "$pg_user" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$pg_user"
  fi
  cluster=$(cluster_dir)
  # PG_REUSE=1 (the bench with BENCH_KEEP=1): a cluster left behind, e.g. by a machine restart, is
  # started again with its data instead of being thrown away.
  if [[ ${PG_REUSE:-0} == 1 && -n $cluster && -f $cluster/data/PG_VERSION ]]; then
    p=$(cat "$state/port")
    if as_pg "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $p -k $cluster $(speed_flags)" start >/dev/null; then
      log "PostgreSQL restarted with its data on 127.0.0.1:$p, data in $cluster"
      return 0
    fi
    log "could not restart the cluster left in $cluster; starting a fresh one"; tail -n 5 "$cluster/server.log" >&2
  fi
  [[ -n $cluster ]] && stop  # a server left behind by an interrupted run
  mkdir -p "$state"
  # The server user must reach the cluster; a clone in a private directory (mktemp -d is 0700)
  # is not reachable, so the cluster then goes to a temporary directory of its own.
  cluster=$state/cluster.d
  mkdir -p "$cluster"
  if [[ $(id -u) == 0 ]]; then
    chown "$pg_user" "$cluster"
    if ! runuser -u "$pg_user" -- test -w "$cluster"; then
      rmdir "$cluster"
      cluster=$(mktemp -d "${TMPDIR:-/tmp}/portal-pgdata.XXXXXX")
      chown "$pg_user" "$cluster"
    fi
  fi
  echo "$cluster" >"$state/cluster"

  p=${PG_PORT:-54329}
  until port_free "$p"; do p=$((p + 1)); done
  echo "$p" >"$state/port"

  if ! as_pg "$bin/initdb" -D "$cluster/data" --locale=C.UTF-8 --encoding=UTF8 -U postgres --auth=trust \
      >"$state/initdb.log" 2>&1; then
    log "initdb failed:"; tail -n 20 "$state/initdb.log" >&2; exit 1
  fi
  if ! as_pg "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $p -k $cluster $(speed_flags)" \
      start >/dev/null; then
    log "server did not start; log:"; tail -n 20 "$cluster/server.log" >&2; exit 1
  fi
  "$bin/psql" -X -q -h 127.0.0.1 -p "$p" -U postgres -d postgres -c "CREATE DATABASE portal" >/dev/null
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$p ($(
    "$bin/psql" -X -At -h 127.0.0.1 -p "$p" -U postgres -d postgres \
      -c "SELECT pg_encoding_to_char(encoding) || ' ' || datcollate FROM pg_database WHERE datname = 'template1'"
  )), data in $cluster"
}

stop() {
  local bin cluster
  cluster=$(cluster_dir)
  [[ -z $cluster ]] && { log "not running"; return 0; }
  if [[ -f $cluster/data/postmaster.pid ]] && bin=$(find_bin); then
    as_pg "$bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$cluster" "$state/cluster" "$state/port" "$state/initdb.log"
  log "stopped and removed $cluster"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  restart)
    # A real server restart (fast shutdown: open connections are cut), for the fault test.
    cluster=$(cluster_dir); bin=$(find_bin); p=$(port)
    as_pg "$bin/pg_ctl" -D "$cluster/data" -m fast -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $p -k $cluster $(speed_flags)" \
      restart >/dev/null
    log "restarted on 127.0.0.1:$p" ;;
  status)
    cluster=$(cluster_dir)
    if [[ -n $cluster && -f $cluster/data/postmaster.pid ]]; then echo "running on 127.0.0.1:$(port), data in $cluster"
    else echo "not running"; exit 3; fi ;;
  url) echo "postgres://postgres@127.0.0.1:$(port)/${2:-portal}" ;;
  createdb)
    [[ -n ${2:-} ]] || { log "usage: $0 createdb DBNAME"; exit 2; }
    bin=$(find_bin); p=$(port)
    PGOPTIONS="-c client_min_messages=warning" "$bin/dropdb" -h 127.0.0.1 -p "$p" -U postgres --if-exists "$2"
    "$bin/createdb" -h 127.0.0.1 -p "$p" -U postgres "$2" ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
