# Shared by backup.sh and restore.sh (sourced, not run): PostgreSQL client tools and row counts.

# The client tool matching the server major version: PG_BIN, then PostgreSQL 15's, then PATH.
pg_tool() {
  local dir
  for dir in ${PG_BIN:-} /usr/lib/postgresql/15/bin; do
    [[ -n $dir && -x $dir/$1 ]] && { echo "$dir/$1"; return 0; }
  done
  command -v "$1" || { echo "$1 not found: install postgresql-client-15 or set PG_BIN" >&2; return 1; }
}

# "rows <table> <count>" for every table of the public schema, sorted: a restore check.
row_counts() {
  "$(pg_tool psql)" -X -At -v ON_ERROR_STOP=1 --dbname="$1" <<'SQL'
SELECT format('SELECT %L || '' '' || count(*) FROM %I;', 'rows ' || tablename, tablename)
FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename
\gexec
SQL
}
