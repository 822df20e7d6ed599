#!/usr/bin/env bash
# Backs up the portal's database and uploaded files into one directory.
# Usage: scripts/backup.sh OUTDIR      (DATABASE_URL: postgres://…; DJANGO_MEDIA_ROOT: default ./media)
# Writes OUTDIR/database.dump (pg_dump custom format: consistent snapshot, restorable table by
# table), OUTDIR/media.tar.gz (local media storage; with S3 storage use the bucket's versioning
# and replication instead) and OUTDIR/MANIFEST (what, when, row counts for a check after restore).
# Safe while the portal runs: pg_dump reads one snapshot; uploads are written once, never changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/pg.sh

out=${1:?usage: scripts/backup.sh OUTDIR}
: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:5432/portal)}"
[[ $DATABASE_URL == postgres* ]] || { echo "backup.sh: DATABASE_URL is not PostgreSQL" >&2; exit 2; }
media=${DJANGO_MEDIA_ROOT:-$(pwd)/media}
mkdir -p "$out"

"$(pg_tool pg_dump)" --format=custom --no-owner --no-privileges --file="$out/database.dump" "$DATABASE_URL"
if [[ -d $media ]]; then
  tar -czf "$out/media.tar.gz" -C "$media" .
else
  tar -czf "$out/media.tar.gz" --files-from /dev/null
fi
{
  echo "created: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "database: ${DATABASE_URL%%\?*}" | sed -E 's#//([^:@/]+):[^@]*@#//\1:***@#'
  echo "media files: $(tar -tzf "$out/media.tar.gz" | grep -vc '/$' || true)"
  row_counts "$DATABASE_URL"
} >"$out/MANIFEST"
echo "backup.sh: wrote $out ($(du -sh "$out" | cut -f1))"
