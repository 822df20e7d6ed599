#!/usr/bin/env bash
# Tests the backup/restore procedure of the README on the throwaway PostgreSQL (scripts/postgres.sh
# start): a database with the seed and an uploaded file is backed up with scripts/backup.sh,
# restored with scripts/restore.sh into another database and media directory, and compared.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
work=$(mktemp -d "${TMPDIR:-/tmp}/portal-backup.XXXXXX")
trap 'rm -rf "$work"' EXIT

scripts/postgres.sh createdb portal_backup
scripts/postgres.sh createdb portal_restored
export DJANGO_DEBUG=1 DJANGO_EMAIL_URL=consolemail://
export DATABASE_URL=$(scripts/postgres.sh url portal_backup)
export DJANGO_MEDIA_ROOT=$work/media
$py manage.py migrate --noinput -v 0
$py manage.py load_seed >/dev/null
$py manage.py load_demo_accounts >/dev/null
mkdir -p "$DJANGO_MEDIA_ROOT/board/attachments"
printf '%%PDF-1.4 backup check\n' >"$DJANGO_MEDIA_ROOT/board/attachments/check.pdf"

scripts/backup.sh "$work/backup"

export DATABASE_URL=$(scripts/postgres.sh url portal_restored)
export DJANGO_MEDIA_ROOT=$work/restored-media
scripts/restore.sh "$work/backup"
cmp "$work/media/board/attachments/check.pdf" "$work/restored-media/board/attachments/check.pdf"
# The restored copy is a working portal: no migration left to apply, and the demo login is there.
$py manage.py migrate --check --noinput -v 0
$py manage.py shell -c "from portal.models import User; assert User.objects.filter(email='sakai@example.jp').exists()"
echo "backup-restore-check: PASS (database and media restored, row counts equal, migrations current)"
