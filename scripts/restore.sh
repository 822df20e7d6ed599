#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into DATABASE_URL and DJANGO_MEDIA_ROOT.
# Usage: scripts/restore.sh BACKUPDIR
# The target database must exist (it may be empty or hold an older copy: objects are replaced).
# Stop the app servers and the task worker first. Afterwards the row counts are compared with the
# MANIFEST; a difference fails the restore.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/pg.sh

dir=${1:?usage: scripts/restore.sh BACKUPDIR}
: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:5432/portal)}"
[[ -f $dir/database.dump && -f $dir/media.tar.gz && -f $dir/MANIFEST ]] || { echo "restore.sh: $dir is not a backup" >&2; exit 2; }
media=${DJANGO_MEDIA_ROOT:-$(pwd)/media}

"$(pg_tool pg_restore)" --clean --if-exists --no-owner --no-privileges --single-transaction \
  --dbname="$DATABASE_URL" "$dir/database.dump"
mkdir -p "$media"
tar -xzf "$dir/media.tar.gz" -C "$media"

expected=$(sed -n '/^rows /p' "$dir/MANIFEST")
actual=$(row_counts "$DATABASE_URL")
if [[ $expected != "$actual" ]]; then
  echo "restore.sh: row counts differ from the MANIFEST:" >&2
  diff <(echo "$expected") <(echo "$actual") >&2 || true
  exit 1
fi
echo "restore.sh: restored $dir ($(echo "$actual" | wc -l) tables, row counts match; $(
  tar -tzf "$dir/media.tar.gz" | grep -vc '/$' || true) media files)"
